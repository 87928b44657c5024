"""Property: on random small projects, modlint's ML001, ML002 and ML003 findings are exactly those
of a small independent oracle (tests/oracle.py) written from the README's rules.

Each example is a project of 2-6 folder modules (regular and namespace packages, nested modules,
modules under a folder that is no module, a folder that is no identifier with `packages`, a
folder outside the source root), in the default tiers or custom ones, with random levels and
`depends-on` lists, beside code outside every module. Its files import each other, the standard
library and third-party names in every form the README lists (`import a.b as c`, `from a.b
import c, d`, relative, `import_module("a.b")`, `__import__("a")`), one-line or spread over
lines, inside functions, classes, `try`, `if`, `with`, loops and `if TYPE_CHECKING:` (counted
or not), with random `# noqa` and `# modlint: noqa` comments; files are UTF-8 (with or without
a BOM) or Latin-1 with a coding cookie, with LF or CRLF line ends. The renderer records where
it wrote each name, and the oracle says which diagnostics modlint must print there.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Union
from unittest import mock

from conftest import examples
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from oracle import (
    Codes,
    Layout,
    Module,
    Name,
    SourceFile,
    Written,
    dotted_names,
    expected_findings,
    module_graph,
    shortest_cycle_length,
)

import modlint.pipeline.facts as facts_stage
from modlint.cli import main
from modlint.pipeline.facts import EXTRACTOR

DEFAULT_TIERS = ("foundation", "framework", "business")
NAMES = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot")
FILE_CHOICES = ("a.py", "b.py", "models.py", "io.py", "sub/__init__.py", "sub/c.py", "ns/d.py")
STDLIB_IMPORTS = ("io", "os.path", "json", "collections.abc", "typing")
THIRD_PARTY = ("requests", "yaml.loader", "nothere_top")
SHADOWING = "colorsys"
"""A module folder named like a standard-library module that modlint never imports itself."""
STDLIB = frozenset(getattr(sys, "stdlib_module_names", ())) | frozenset(
    name.split(".")[0] for name in (*STDLIB_IMPORTS, "importlib", SHADOWING)
)
BACKSLASH = "\\"
"""A gap written as a backslash continuation onto the next line."""

for _name in (*NAMES, *THIRD_PARTY, "group", "shared", "scripts", "yaml", "runner", "kit_tool"):
    assert _name not in STDLIB, f"{_name} would be the standard library's"


# -- what a generated project holds ------------------------------------------------------------


@dataclass(frozen=True)
class Noqa:
    """A comment: its text, the codes it suppresses (None: all), and whether it is a valid
    directive at all (a malformed one suppresses nothing)."""

    text: str
    codes: Codes = None
    valid: bool = True

    @property
    def file_level(self) -> bool:
        return self.text.lower().startswith("# modlint")


LINE_NOQA = (
    Noqa("# noqa"),
    Noqa("# NOQA"),
    Noqa("#noqa"),
    Noqa("# noqa: ML001", ("ML001",)),
    Noqa("# noqa: ML002,ML003", ("ML002", "ML003")),
    Noqa("# noqa:ML003", ("ML003",)),
    Noqa("# noqa: ML001, ML002 the reason", ("ML001", "ML002")),
    Noqa("# NoQA: ML003 ML001", ("ML003", "ML001")),
    Noqa("# noqa: ML004", ("ML004",)),
    Noqa("# noqa: E501", ("E501",)),
    Noqa("# noqa: ml1", valid=False),
    Noqa("# type: ignore  # noqa: ML002", ("ML002",)),
)
FILE_NOQA = (
    Noqa("# modlint: noqa"),
    Noqa("# modlint: noqa: ML001", ("ML001",)),
    Noqa("# modlint: noqa: ML002, ML003", ("ML002", "ML003")),
)


@dataclass(frozen=True)
class Import:
    """``import a.b [as c], d``.

    Every statement has a ``gap`` after its first keyword (spaces, nothing, or BACKSLASH), a
    ``prefix`` (another statement before it on the line, ending in `;`) and maybe a ``noqa``
    comment at the end of its line number ``noqa_line`` (counted from 0, negative from the end;
    the last line when that line ends in a backslash).
    """

    names: tuple[tuple[str, str | None], ...]
    gap: str = " "
    prefix: str = ""
    noqa: Noqa | None = None
    noqa_line: int = 0


@dataclass(frozen=True)
class FromImport:
    """``from ..a import b [as c], d``, on one line or in parentheses over several."""

    module: str
    names: tuple[tuple[str, str | None], ...]
    gap: str = " "
    multiline: bool = False
    prefix: str = ""
    noqa: Noqa | None = None
    noqa_line: int = 0


@dataclass(frozen=True)
class Dynamic:
    """``importlib.import_module("a.b")`` and the like; ``literal`` None: a variable argument."""

    call: str
    literal: str | None
    quote: str = '"'
    extra: str = ""
    assign: bool = False
    multiline: bool = False
    noqa: Noqa | None = None
    noqa_line: int = 0
    prefix: str = ""


@dataclass(frozen=True)
class OwnLine:
    """A comment on a line of its own."""

    noqa: Noqa


@dataclass(frozen=True)
class Block:
    """A compound statement around ``body`` (and ``orelse``: its `except`, `finally` or `else`
    branch), one of BLOCKS: tc is `if TYPE_CHECKING:`, tc-typing `if typing.TYPE_CHECKING:`,
    not-tc `if not TYPE_CHECKING:`."""

    kind: str
    body: tuple[Item, ...]
    orelse: tuple[Item, ...] = ()


BLOCKS = {
    "def": ("def helper():", None),
    "async-def": ("async def helper():", None),
    "class": ("class Holder:", None),
    "try": ("try:", "except ImportError:"),
    "try-finally": ("try:", "finally:"),
    "if": ("if FLAG:", "else:"),
    "with": ("with CONTEXT:", None),
    "for": ("for item in ITEMS:", "else:"),
    "while": ("while FLAG:", "else:"),
    "tc": ("if TYPE_CHECKING:", "else:"),
    "tc-typing": ("if typing.TYPE_CHECKING:", "else:"),
    "not-tc": ("if not TYPE_CHECKING:", None),
}
"""Each block's first line, and the line that starts its second branch (None: it has none)."""
SCOPES = ("def", "async-def", "class")
"""Blocks in which `from x import *` is a syntax error."""

Statement = Union[Import, FromImport, Dynamic]
Item = Union[Import, FromImport, Dynamic, OwnLine, Block]


@dataclass(frozen=True)
class ModuleSpec:
    name: str
    folder: str
    tier: str
    level: str | None = None
    depends_on: tuple[str, ...] | None = None
    packages: tuple[str, ...] = ()


@dataclass(frozen=True)
class FileSpec:
    path: str
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class ProjectSpec:
    modules: tuple[ModuleSpec, ...]
    files: tuple[FileSpec, ...]
    tiers: tuple[str, ...] | None = None
    """None: the key is absent (the default tiers)."""
    type_checking_imports: bool | None = None
    source_root: str = "."
    config_file: str = "pyproject.toml"
    encoding: str = "utf-8"
    """How the Python files are stored: utf-8, utf-8-sig (with a BOM), or latin-1 (with a
    coding cookie)."""
    newline: str = "\n"

    @property
    def effective_tiers(self) -> tuple[str, ...]:
        return self.tiers or DEFAULT_TIERS


# -- rendering, with the position of every name ----------------------------------------------


@dataclass
class _Text:
    """Source text being assembled, with the offsets of the names the oracle needs."""

    text: str = ""

    def add(self, piece: str) -> int:
        """Append ``piece``; return the offset it starts at."""
        start = len(self.text)
        self.text += piece
        return start


def _gap(gap: str, indent: str) -> str:
    return f" {BACKSLASH}\n{indent}    " if gap == BACKSLASH else gap


def _position(text: str, offset: int, first_line: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``offset`` in ``text``."""
    line_start = text.rfind("\n", 0, offset) + 1
    return first_line + text.count("\n", 0, offset), offset - line_start + 1


def _statement_text(statement: Statement, indent: str) -> tuple[str, list[tuple[str, str, int]]]:
    """The statement's text (continuation lines indented) and (role, text, offset) of each
    name: role "import", "module" (of a from-import), "name" or "literal"."""
    out = _Text(indent + statement.prefix)
    names: list[tuple[str, str, int]] = []
    if isinstance(statement, Import):
        out.add("import" + _gap(statement.gap, indent))
        for index, (dotted, alias) in enumerate(statement.names):
            if index:
                out.add(", ")
            names.append(("import", dotted, out.add(dotted)))
            if alias:
                out.add(f" as {alias}")
    elif isinstance(statement, FromImport):
        out.add("from" + _gap(statement.gap, indent))
        names.append(("module", statement.module, out.add(statement.module)))
        out.add(" import ")
        if statement.multiline:
            out.add("(\n")
        for index, (name, alias) in enumerate(statement.names):
            if statement.multiline:
                out.add(indent + "    ")
            elif index:
                out.add(", ")
            names.append(("name", name, out.add(name)))
            if alias:
                out.add(f" as {alias}")
            if statement.multiline:
                out.add(",\n")
        if statement.multiline:
            out.add(indent + ")")
    else:
        out.add(("module = " if statement.assign else "") + statement.call + "(")
        if statement.multiline:
            out.add(f"\n{indent}    ")
        if statement.literal is None:
            out.add("NAME")
        else:
            at = out.add(statement.quote)
            out.add(statement.literal + statement.quote + statement.extra)
            names.append(("literal", statement.literal, at))
        if statement.multiline:
            out.add(f",\n{indent}")
        out.add(")")
    return out.text, names


class _FileWriter:
    """Renders a file's items and records what the oracle reads: imports, noqa comments."""

    def __init__(self, encoding: str) -> None:
        cookie = ["# -*- coding: latin-1 -*-"] if encoding == "latin-1" else []
        self.lines: list[str] = [
            *cookie,
            '"""A generated file."""',
            "from __future__ import annotations",
            "import importlib",
            "import typing",
            "from importlib import import_module",
            "from typing import TYPE_CHECKING",
        ]
        self.imports: list[Written] = []
        self.line_noqa: list[tuple[int, Codes]] = []
        self.file_noqa: list[Codes] = []

    def source(self) -> str:
        return "\n".join([*self.lines, "CONST = 1", "", "", "def func():", "    return CONST", ""])

    def items(self, items: Sequence[Item], indent: str, type_checking: bool) -> None:
        if all(isinstance(item, OwnLine) for item in items):
            self.lines.append(indent + "pass")  # a comment is no statement: the body needs one
        for item in items:
            if isinstance(item, Block):
                self.block(item, indent, type_checking)
            elif isinstance(item, OwnLine):
                self.lines.append(indent + item.noqa.text)
                self.noqa(item.noqa, len(self.lines))
            else:
                self.statement(item, indent, type_checking)

    def block(self, block: Block, indent: str, type_checking: bool) -> None:
        inner = indent + "    "
        head, second = BLOCKS[block.kind]
        self.lines.append(indent + head)
        self.items(block.body, inner, type_checking or block.kind in ("tc", "tc-typing"))
        if second is not None and (block.orelse or block.kind.startswith("try")):
            self.lines.append(indent + second)
            self.items(block.orelse, inner, type_checking)

    def noqa(self, noqa: Noqa, line: int) -> None:
        if not noqa.valid:
            return
        if noqa.file_level and not self.lines[line - 1].split("#")[0].strip():
            self.file_noqa.append(noqa.codes)
        else:
            self.line_noqa.append((line, noqa.codes))

    def statement(self, statement: Statement, indent: str, type_checking: bool) -> None:
        text, names = _statement_text(statement, indent)
        first = len(self.lines) + 1
        lines = text.split("\n")
        if statement.noqa is not None:
            at = statement.noqa_line % len(lines)
            if lines[at].endswith(BACKSLASH):
                at = len(lines) - 1
            lines[at] += "  " + statement.noqa.text
        self.lines.extend(lines)
        if statement.noqa is not None:
            self.noqa(statement.noqa, first + at)
        last = first + len(lines) - 1
        positions = [
            (role, value, Name(value, *_position(text, offset, first)))
            for role, value, offset in names
        ]
        if isinstance(statement, FromImport):
            module = positions[0][2]
            self.imports.append(
                Written(
                    "from",
                    statement.module,
                    module,
                    tuple(name for _, _, name in positions[1:]),
                    first,
                    last,
                    type_checking,
                )
            )
        elif isinstance(statement, Import):
            for _, value, name in positions:
                self.imports.append(Written("import", value, name, (), first, last, type_checking))
        elif positions:
            self.imports.append(
                Written(
                    "dynamic", statement.literal, positions[0][2], (), first, last, type_checking
                )
            )


def _config_text(project: ProjectSpec) -> str:
    prefix = "" if project.config_file == "modlint.toml" else "tool.modlint."
    lines = [] if project.config_file == "modlint.toml" else ["[tool.modlint]"]
    if project.source_root != ".":
        lines.append(f'source-roots = ["{project.source_root}"]')
    if project.tiers is not None:
        lines.append(f"tiers = {json.dumps(list(project.tiers))}")
    if project.type_checking_imports is not None:
        lines.append(f"type-checking-imports = {str(project.type_checking_imports).lower()}")
    for module in project.modules:
        lines += ["", f'[{prefix}modules."{module.name}"]', f'tier = "{module.tier}"']
        if module.folder != module.name:
            lines.append(f'path = "{module.folder}"')
        if module.packages:
            lines.append(f"packages = {json.dumps(list(module.packages))}")
        if module.level is not None:
            lines.append(f'level = "{module.level}"')
        if module.depends_on is not None:
            lines.append(f"depends-on = {json.dumps(list(module.depends_on))}")
    return "\n".join(lines) + "\n"


def render(project: ProjectSpec) -> tuple[dict[str, bytes], Layout]:
    """The project's files (path -> bytes) and what the oracle needs to know of them."""
    texts = {project.config_file: _config_text(project).encode()}
    sources = []
    for spec in project.files:
        writer = _FileWriter(project.encoding)
        writer.items(spec.items, "", False)
        text = writer.source().replace("\n", project.newline)
        texts[spec.path] = text.encode(project.encoding)
        sources.append(
            SourceFile(
                spec.path, tuple(writer.imports), tuple(writer.line_noqa), tuple(writer.file_noqa)
            )
        )
    layout = Layout(
        tiers=project.effective_tiers,
        source_roots=(project.source_root,),
        modules=tuple(
            Module(m.name, m.folder, m.tier, m.depends_on, m.packages) for m in project.modules
        ),
        files=tuple(sources),
        type_checking_imports=project.type_checking_imports is not False,
        stdlib=STDLIB,
    )
    return texts, layout


# -- strategies --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Folder:
    """A generated module's folder, its package folder and the package's dotted name."""

    spec: ModuleSpec
    package_folder: str
    package: str
    has_init: bool


@st.composite
def _folders(draw: st.DrawFn, base: str, tiers: tuple[str, ...]) -> list[_Folder]:
    folders: list[_Folder] = []
    for name in NAMES[: draw(st.integers(2, len(NAMES)))]:
        parents = [f for f in folders if not f.spec.packages]
        shadowing = any(f.package == SHADOWING for f in folders)
        kind = draw(
            st.sampled_from(
                ["package", "namespace", "dashed", "contained"]
                + (["nested"] if parents else [])
                + (["outside"] if base else [])
                + ([] if shadowing else ["shadowing"])
            )
        )
        has_init = kind == "package" or (kind != "namespace" and draw(st.booleans()))
        tier = draw(st.sampled_from(tiers))
        level = draw(st.sampled_from([None, "development", "stable", "locked"]))
        if kind == "dashed":
            folder, package = f"{base}{name}-kit", f"{name}_kit"
            spec = ModuleSpec(f"{name}-kit", folder, tier, level, packages=(package,))
            folders.append(_Folder(spec, f"{folder}/{package}", package, has_init))
            continue
        if kind == "nested":
            parent = draw(st.sampled_from(parents))
            folder, package = f"{parent.spec.folder}/{name}", f"{parent.package}.{name}"
        elif kind == "contained":
            folder, package = f"{base}group/{name}", f"group.{name}"
        elif kind == "outside":  # outside the source root: its files have no dotted name
            folder, package = name, name
        elif kind == "shadowing":  # `import colorsys` is the standard library's, never this
            folder, package = f"{base}{SHADOWING}", SHADOWING
        else:
            folder, package = f"{base}{name}", name
        folders.append(_Folder(ModuleSpec(name, folder, tier, level), folder, package, has_init))
    return folders


def _pools(paths: Sequence[str], project: ProjectSpec) -> dict:
    """Names worth importing: the project's dotted names and some that do not exist."""
    layout = Layout(
        project.effective_tiers,
        (project.source_root,),
        tuple(Module(m.name, m.folder, m.tier, None, m.packages) for m in project.modules),
        tuple(SourceFile(path, ()) for path in paths),
        True,
        STDLIB,
    )
    existing = sorted(
        {
            ".".join(parts[:depth])
            for parts in (name.split(".") for name in dotted_names(layout).values())
            for depth in range(1, len(parts) + 1)
        }
    )
    missing = [f"{existing[0]}.nothere", f"{existing[-1]}.func"] if existing else []
    last = sorted({name.rsplit(".", 1)[-1] for name in existing})
    return {
        "absolute": existing + missing + list(STDLIB_IMPORTS) + list(THIRD_PARTY),
        "names": last + ["func", "CONST", "nothere"],
        "relative": ["", "sub", "a", "models", "ns", "io", "nothere", "sub.c"] + last,
    }


_ALIASES = st.one_of(st.none(), st.sampled_from(["renamed", "other"]))
_NOQA = st.one_of(st.none(), st.none(), st.sampled_from(LINE_NOQA))
_PREFIXES = st.sampled_from(["", "", "", 'x = "é"; ', "pass; ", 's = "# noqa"; '])


@st.composite
def _statement(draw: st.DrawFn, pools: dict, star: bool) -> Statement:
    kind = draw(st.sampled_from(["import", "from", "from", "relative", "dynamic"]))
    noqa, noqa_line, prefix = draw(_NOQA), draw(st.integers(-1, 3)), draw(_PREFIXES)
    gaps = st.sampled_from([" ", " ", "  ", BACKSLASH])
    if kind == "import":
        names = draw(
            st.lists(
                st.tuples(st.sampled_from(pools["absolute"]), _ALIASES), min_size=1, max_size=2
            )
        )
        return Import(tuple(names), draw(gaps), prefix, noqa, noqa_line)
    if kind == "dynamic":
        call = draw(st.sampled_from(["importlib.import_module", "__import__", "import_module"]))
        literal = draw(st.one_of(st.sampled_from(pools["absolute"]), st.none(), st.just(".a")))
        extra = ", __package__" if literal == ".a" else ""
        return Dynamic(
            call,
            literal,
            draw(st.sampled_from(['"', "'"])),
            extra,
            draw(st.booleans()),
            draw(st.booleans()),
            noqa,
            noqa_line,
            prefix,
        )
    if kind == "relative":
        module = "." * draw(st.integers(1, 3)) + draw(st.sampled_from(pools["relative"]))
        gaps = st.sampled_from(["", " ", BACKSLASH])
    else:
        module = draw(st.sampled_from(pools["absolute"]))
    if star and draw(st.integers(0, 9)) == 0:
        return FromImport(module, (("*", None),), draw(gaps), False, prefix, noqa, noqa_line)
    names = draw(
        st.lists(
            st.tuples(st.sampled_from(pools["names"]), _ALIASES),
            min_size=1,
            max_size=3,
            unique_by=lambda pair: pair[0],
        )
    )
    return FromImport(
        module, tuple(names), draw(gaps), draw(st.booleans()), prefix, noqa, noqa_line
    )


@st.composite
def _items(draw: st.DrawFn, pools: dict, depth: int, star: bool, most: int) -> tuple[Item, ...]:
    items: list[Item] = []
    for _ in range(draw(st.integers(0, most))):
        kind = draw(
            st.sampled_from(["statement"] * 5 + ["block"] * (2 if depth else 0) + ["comment"])
        )
        if kind == "statement":
            items.append(draw(_statement(pools, star)))
        elif kind == "comment":
            items.append(OwnLine(draw(st.sampled_from(FILE_NOQA + LINE_NOQA[:3]))))
        else:
            block = draw(st.sampled_from(sorted(BLOCKS) + ["tc", "tc"]))
            inner = star and block not in SCOPES
            body = draw(_items(pools, depth - 1, inner, 2))
            orelse: tuple[Item, ...] = ()
            if BLOCKS[block][1] is not None:
                orelse = draw(_items(pools, depth - 1, inner, 1))
            items.append(Block(block, body, orelse))
    return tuple(items)


@st.composite
def projects(draw: st.DrawFn) -> ProjectSpec:
    """A random small project: modules, tiers, `depends-on` and files full of imports."""
    source_root = draw(st.sampled_from([".", ".", "src"]))
    base = "" if source_root == "." else "src/"
    tiers = draw(
        st.one_of(
            st.none(),
            st.lists(
                st.sampled_from(["base", "core", "domain", "app", "ui"]),
                min_size=1,
                max_size=4,
                unique=True,
            ).map(tuple),
        )
    )
    folders = draw(_folders(base, tiers or DEFAULT_TIERS))
    names = [f.spec.name for f in folders]
    modules = tuple(
        ModuleSpec(
            f.spec.name,
            f.spec.folder,
            f.spec.tier,
            f.spec.level,
            draw(
                st.one_of(
                    st.none(), st.lists(st.sampled_from(names), max_size=4, unique=True).map(tuple)
                )
            ),
            f.spec.packages,
        )
        for f in folders
    )
    paths: list[str] = []
    for folder in folders:
        chosen = draw(
            st.lists(
                st.sampled_from(FILE_CHOICES),
                min_size=0 if folder.has_init else 1,
                max_size=3,
                unique=True,
            )
        )
        paths += [f"{folder.package_folder}/__init__.py"] if folder.has_init else []
        paths += [f"{folder.package_folder}/{name}" for name in chosen]
        if folder.spec.packages and draw(st.booleans()):
            paths.append(f"{folder.spec.folder}/kit_tool.py")  # importable as `kit_tool`
    if draw(st.booleans()):
        paths += [f"{base}shared/__init__.py", f"{base}shared/tools.py"]
    if any(f.package.startswith("group.") for f in folders) and draw(st.booleans()):
        paths.append(f"{base}group/__init__.py")
    if base and draw(st.booleans()):
        paths.append("scripts/run.py")
    if base or draw(st.booleans()):  # the source root must exist, even when no module is in it
        paths.append(f"{base}runner.py")
    project = ProjectSpec(
        modules,
        (),
        tiers,
        draw(st.sampled_from([None, True, False])),
        source_root,
        draw(st.sampled_from(["pyproject.toml", "modlint.toml"])),
        draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "latin-1"])),
        draw(st.sampled_from(["\n", "\n", "\r\n"])),
    )
    pools = _pools(paths, project)
    files = tuple(FileSpec(path, draw(_items(pools, 2, True, 4))) for path in paths)
    return replace(project, files=files)


# -- running modlint and comparing -----------------------------------------------------------


@contextlib.contextmanager
def _inside(folder: Path) -> Iterator[None]:
    previous = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)


def _run(root: Path) -> tuple[int, str, str]:
    """modlint's command line, in-process, in ``root``: exit code, stdout, stderr. ML901 and
    ML902 are selected too, so that a file modlint cannot read shows (there must be none)."""
    out, err = io.StringIO(), io.StringIO()
    with _inside(root), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(
            [
                "--select",
                "ML001,ML002,ML003,ML901,ML902",
                "-q",
                "--output-format",
                "json",
                "--no-cache",
            ]
        )
    return code, out.getvalue(), err.getvalue()


def _normalized(found: dict, graph: dict) -> tuple[str, str, int, int, str]:
    """A reported diagnostic as the oracle words it: ML003's cycle is checked to be a shortest
    cycle through the import's edge, then left out."""
    message = found["message"]
    if found["code"] == "ML003":
        message, _, cycle = message.partition(", closing the cycle ")
        message += ", closing the cycle"
        nodes = cycle.split(" -> ")
        source, target = message.split("'")[1], message.split("'")[3]
        assert nodes[:2] == [source, target] and nodes[-1] == source, found
        assert all(b in graph.get(a, ()) for a, b in zip(nodes, nodes[1:])), found
        assert len(nodes) - 1 == shortest_cycle_length(graph, source, target), found
    return found["code"], found["path"], found["line"], found["column"], message


def _listing(texts: dict[str, bytes], encoding: str) -> str:
    """The project's files with line numbers, to read a failing example by."""
    return "\n".join(
        f"--- {name}\n"
        + "\n".join(
            f"{number:3} {line!r}"
            for number, line in enumerate(
                data.decode("utf-8" if name.endswith(".toml") else encoding).splitlines(), 1
            )
        )
        for name, data in texts.items()
    )


def check_against_oracle(project: ProjectSpec, extractor: str = EXTRACTOR) -> None:
    """modlint, reading facts with ``extractor``, finds exactly what the oracle expects."""
    texts, layout = render(project)
    expected = [(f.code, f.path, f.line, f.column, f.message) for f in expected_findings(layout)]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, data in texts.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
        with mock.patch.object(facts_stage, "EXTRACTOR", extractor):
            code, out, err = _run(root)
    shown = _listing(texts, project.encoding)
    assert (code, err) == (1 if expected else 0, ""), f"{out}\n{err}\n{shown}"
    graph = module_graph(layout)
    actual = sorted(_normalized(found, graph) for found in json.loads(out))
    missing = [finding for finding in expected if finding not in actual]
    unexpected = [finding for finding in actual if finding not in expected]
    assert actual == sorted(expected), f"missing: {missing}\nunexpected: {unexpected}\n{shown}"


# -- the property, and the tricky cases as explicit examples ---------------------------------


def _layered(*files: FileSpec, **changes: object) -> ProjectSpec:
    """alpha (foundation) < bravo (framework) < charlie (business), regular packages, holding
    ``files`` (plus an `__init__.py` each)."""
    modules = tuple(ModuleSpec(name, name, tier) for name, tier in zip(NAMES, DEFAULT_TIERS))
    inits = tuple(FileSpec(f"{m.folder}/__init__.py") for m in modules)
    return replace(ProjectSpec(modules, inits + files), **changes)


SUBMODULE_OR_NAME = _layered(
    FileSpec("charlie/models.py"),
    FileSpec("alpha/a.py", (FromImport("charlie", (("models", None), ("func", "f"))),)),
)
NESTED_AND_RELATIVE = ProjectSpec(
    modules=(
        ModuleSpec("alpha", "alpha", "business"),
        ModuleSpec("charlie", "alpha/charlie", "foundation", depends_on=()),
    ),
    files=(
        FileSpec("alpha/__init__.py"),
        FileSpec("alpha/charlie/__init__.py"),
        FileSpec(
            "alpha/charlie/x.py",
            (
                FromImport("..", (("func", None),)),
                FromImport(".", (("x", None),)),
                FromImport("...", (("func", None),)),
                FromImport(".x", (("y", None),), gap=""),
                Import((("alpha.charlie.x", None), ("alpha", "top"))),
            ),
        ),
    ),
)
STDLIB_NAMES_AND_DASHED = ProjectSpec(
    modules=(
        ModuleSpec("alpha", "alpha", "framework"),
        ModuleSpec("echo-kit", "echo-kit", "business", packages=("echo_kit",)),
    ),
    files=(
        FileSpec("alpha/io.py"),
        FileSpec("echo-kit/echo_kit/a.py"),
        FileSpec(
            "alpha/a.py",
            (
                Import((("io", None),)),
                FromImport(".", (("io", None),)),
                Import((("echo_kit.a", "kit"),)),
                FromImport("echo_kit", (("a", None),)),
                FromImport("echo_kit", (("*", None),)),
            ),
        ),
        FileSpec("echo-kit/echo_kit/b.py", (FromImport("alpha", (("io", None),)),)),
    ),
)
CYCLE_WITH_A_SUPPRESSED_EDGE = _layered(
    FileSpec("alpha/a.py", (Import((("bravo", None),), noqa=Noqa("# noqa")),)),
    FileSpec("bravo/b.py", (Block("def", (Import((("charlie", None),)),)),)),
    FileSpec("charlie/c.py", (Block("try", (FromImport("alpha", (("a", None),)),)),)),
)
TYPE_CHECKING_ONLY = _layered(
    FileSpec(
        "alpha/a.py",
        (
            Block("tc", (Import((("charlie", None),)),), (Import((("bravo", None),)),)),
            Block("not-tc", (Dynamic("__import__", "charlie"),)),
        ),
    ),
    FileSpec("bravo/b.py", (Block("tc-typing", (FromImport("alpha", (("a", None),)),)),)),
    type_checking_imports=False,
)
MULTILINE_AND_DYNAMIC = _layered(
    FileSpec("charlie/a.py"),
    FileSpec("charlie/b.py"),
    FileSpec(
        "alpha/x.py",
        (
            FromImport(
                "charlie",
                (("a", None), ("b", "bb"), ("func", None)),
                multiline=True,
                noqa=Noqa("# noqa: ML001", ("ML001",)),
                noqa_line=2,
            ),
            FromImport(
                "charlie", (("a", None),), multiline=True, noqa=Noqa("# noqa"), noqa_line=-1
            ),
            FromImport("charlie", (("b", None),), gap=BACKSLASH, noqa=Noqa("# noqa")),
            Dynamic("importlib.import_module", "charlie.a", noqa=Noqa("# noqa: ML001", ("ML001",))),
            Dynamic(
                "import_module",
                "charlie",
                quote="'",
                multiline=True,
                assign=True,
                noqa=Noqa("# noqa"),
            ),
            Dynamic("importlib.import_module", None),
            Dynamic("importlib.import_module", ".a", extra=", __package__"),
            Import((("charlie.a", None),), prefix='x = "é"; '),
        ),
    ),
)
FILE_LEVEL_NOQA = _layered(
    FileSpec(
        "alpha/a.py",
        (
            Import((("charlie", None),)),
            Block(
                "def",
                (OwnLine(Noqa("# modlint: noqa: ML001", ("ML001",))), Import((("bravo", None),))),
            ),
        ),
    ),
    FileSpec(
        "alpha/b.py",
        (
            Import((("charlie", None),), noqa=Noqa("# noqa: ml1", valid=False)),
            OwnLine(Noqa("# noqa")),
        ),
    ),
    FileSpec("bravo/a.py", (OwnLine(Noqa("# modlint: noqa")), Import((("charlie", None),)))),
)
SOURCE_ROOT_AND_CONTAINER = ProjectSpec(
    modules=(
        ModuleSpec("bravo", "src/group/bravo", "app", depends_on=("delta",)),
        ModuleSpec("delta", "src/group/delta", "base", level="locked"),
    ),
    files=(
        FileSpec("src/group/__init__.py", (Import((("group.bravo", None),)),)),
        FileSpec(
            "src/group/bravo/a.py",
            (
                FromImport("group", (("delta", None),)),
                FromImport("..", (("delta", None),)),
                Import((("group", None),)),
            ),
        ),
        FileSpec("src/group/delta/b.py", (FromImport("group.bravo", (("a", None),)),)),
        FileSpec("scripts/run.py", (Import((("group.delta", None),)),)),
    ),
    tiers=("base", "app"),
    source_root="src",
    config_file="modlint.toml",
)


@settings(
    max_examples=examples(150),
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(projects())
@example(SUBMODULE_OR_NAME)
@example(NESTED_AND_RELATIVE)
@example(STDLIB_NAMES_AND_DASHED)
@example(CYCLE_WITH_A_SUPPRESSED_EDGE)
@example(TYPE_CHECKING_ONLY)
@example(MULTILINE_AND_DYNAMIC)
@example(FILE_LEVEL_NOQA)
@example(SOURCE_ROOT_AND_CONTAINER)
def test_dependency_rules_agree_with_the_oracle(project: ProjectSpec) -> None:
    check_against_oracle(project)


@settings(
    max_examples=examples(40),
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(projects())
@example(NESTED_AND_RELATIVE)
@example(MULTILINE_AND_DYNAMIC)
@example(FILE_LEVEL_NOQA)
def test_the_reference_extractor_agrees_with_the_oracle_too(project: ProjectSpec) -> None:
    """libcst reads every file on Python 3.9 and code newer than the running Python."""
    check_against_oracle(project, "libcst")
