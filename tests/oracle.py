"""A small oracle for the dependency rules (ML001, ML002, ML003), written from the README and the
spec alone, to check modlint against in property-based tests.

It shares no code with modlint: it reads a description of what a generated project holds (its
configuration, its files and the imports written in them, with the positions a reader of the
README expects) and says which diagnostics modlint must print.
"""

from __future__ import annotations

import keyword
from collections import deque
from dataclasses import dataclass
from typing import Optional

Codes = Optional[tuple[str, ...]]
"""The codes of a `# noqa` directive; None for a blanket one."""


@dataclass(frozen=True)
class Module:
    """A configured module: its name, folder (posix, relative to the root) and rules."""

    name: str
    folder: str
    tier: str
    depends_on: tuple[str, ...] | None
    packages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Name:
    """A name as written, at its 1-based line and column."""

    text: str
    line: int
    column: int


@dataclass(frozen=True)
class Written:
    """One import as written in a file.

    ``kind`` is "import" (``import a.b`` / ``import a.b as c``: one per dotted name), "from"
    (``from ..a import b, c``) or "dynamic" (``import_module("a.b")``: ``module`` holds the
    literal, None when the argument is not a string literal). ``module`` is placed at ``at``
    (the first dot of a relative import, the opening quote of a literal); the statement spans
    ``first_line``..``last_line``.
    """

    kind: str
    module: str | None
    at: Name
    names: tuple[Name, ...]
    first_line: int
    last_line: int
    type_checking: bool


@dataclass(frozen=True)
class SourceFile:
    """A Python file: its posix path, its imports and its suppression comments."""

    path: str
    imports: tuple[Written, ...]
    line_noqa: tuple[tuple[int, Codes], ...] = ()
    """(line, codes) of each trailing or own-line `# noqa` that is not file-level."""
    file_noqa: tuple[Codes, ...] = ()
    """The codes of each `# modlint: noqa` on a line of its own."""


@dataclass(frozen=True)
class Layout:
    """What the oracle needs of a project."""

    tiers: tuple[str, ...]
    source_roots: tuple[str, ...]
    modules: tuple[Module, ...]
    files: tuple[SourceFile, ...]
    type_checking_imports: bool
    stdlib: frozenset
    """Top-level names of the standard library that the project may import."""


@dataclass(frozen=True)
class Finding:
    """A diagnostic modlint must print; ``edge`` is (source module, target module, target)."""

    code: str
    path: str
    line: int
    column: int
    message: str
    edge: tuple[str, str, str]


def _parent(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else "."


def _is_init(path: str) -> bool:
    return path.rsplit("/", 1)[-1] == "__init__.py"


def _is_under(path: str, folder: str) -> bool:
    return folder == "." or path == folder or path.startswith(folder + "/")


def _name_parts(relative: str) -> list[str] | None:
    """The dotted name parts of a file path below its root: folders are identifiers; a file
    inside a package may have any name without a dot (`0001_initial.py`), as grimp reads it."""
    parts = relative[: -len(".py")].split("/")
    stem = None if parts[-1] == "__init__" else parts[-1]
    parts.pop()
    if not all(p.isidentifier() and not keyword.iskeyword(p) for p in parts):
        return None
    if stem is None:
        return parts or None
    if (stem.isidentifier() and not keyword.iskeyword(stem)) or (
        parts and stem and "." not in stem
    ):
        return parts + [stem]
    return None


def dotted_names(layout: Layout) -> dict[str, str]:
    """The dotted name of each file that has one: its path below the deepest source root that
    holds it (a module's folder is a source root when the module names `packages`), when every
    folder is an identifier."""
    roots = list(layout.source_roots) + [m.folder for m in layout.modules if m.packages]
    names = {}
    for source in layout.files:
        holding = [root for root in roots if _is_under(_parent(source.path), root)]
        if not holding:
            continue
        root = max(holding, key=lambda r: 0 if r == "." else r.count("/") + 1)
        relative = source.path if root == "." else source.path[len(root) + 1 :]
        parts = _name_parts(relative)
        if parts:
            names[source.path] = ".".join(parts)
    return names


def outside_names(layout: Layout, top_level: set[str]) -> dict[str, str]:
    """The dotted name of each file outside every source root that lies in a package: its path
    below the folder above its outermost package (as pytest imports it), unless its top-level
    name is a first-party one."""
    inside = dotted_names(layout)
    package_folders = {_parent(s.path) for s in layout.files if _is_init(s.path)}
    names = {}
    for source in layout.files:
        if source.path in inside:
            continue
        roots = list(layout.source_roots) + [m.folder for m in layout.modules if m.packages]
        if any(_is_under(_parent(source.path), root) for root in roots):
            continue
        base = _parent(source.path)
        if base not in package_folders:
            continue
        while base in package_folders:
            base = _parent(base) if base != "." else ""
        relative = source.path if base in (".", "") else source.path[len(base) + 1 :]
        parts = _name_parts(relative)
        if parts and parts[0] not in top_level:
            names[source.path] = ".".join(parts)
    return names


class _Namespace:
    """Which dotted names exist, where each lies, and which module owns a place."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        inside = dotted_names(layout)
        self.top_level = {name.split(".")[0] for name in inside.values()}
        self.of_file = {**outside_names(layout, self.top_level), **inside}
        self.places: dict[str, str] = {}
        for path, name in self.of_file.items():
            self.places.setdefault(name, path)
        for path, name in self.of_file.items():
            parts = name.split(".")
            depth = len(parts) if _is_init(path) else len(parts) - 1
            # The folder holding the file is its innermost package; walk up from there.
            package_folder = _parent(path)
            for level in range(depth, 0, -1):
                self.places.setdefault(".".join(parts[:level]), package_folder)
                package_folder = _parent(package_folder)

    def module_owning(self, place: str) -> str | None:
        """The deepest module whose folder holds ``place`` (a file or a folder)."""
        owners = [m for m in self.layout.modules if _is_under(place, m.folder)]
        if not owners:
            return None
        return max(owners, key=lambda m: m.folder.count("/")).name

    def first_party(self, absolute: str) -> bool:
        top = absolute.split(".")[0]
        return top not in self.layout.stdlib and top in self.top_level


def _targets(
    written: Written, importer: str | None, is_package: bool, names: _Namespace
) -> list[tuple[str, Name]]:
    """The first-party dotted names one import depends on, each at the name that resolves to it."""
    if written.kind in ("import", "dynamic"):
        module = written.module
        if module is None or module.startswith(".") or not names.first_party(module):
            return []
        return [(module, written.at)] if module in names.places else []
    assert written.module is not None
    level = len(written.module) - len(written.module.lstrip("."))
    rest = written.module[level:]
    if level:
        if importer is None:
            return []
        package = importer.split(".") if is_package else importer.split(".")[:-1]
        if not package or level > len(package):
            return []
        base = package[: len(package) - level + 1]
        absolute = ".".join(base + [rest] if rest else base)
    else:
        absolute = rest
        if not names.first_party(absolute):
            return []
    found: list[tuple[str, Name]] = []
    falls_back = False
    for name in written.names:
        submodule = f"{absolute}.{name.text}"
        if name.text != "*" and submodule in names.places:
            found.append((submodule, name))
        else:
            falls_back = True
    if falls_back and absolute in names.places:
        found.insert(0, (absolute, written.at))
    return found


@dataclass(frozen=True)
class _Edge:
    source: str
    target: str
    dotted: str
    path: str
    at: Name
    statement: Written


def _edges(layout: Layout) -> list[_Edge]:
    names = _Namespace(layout)
    edges = []
    for source in layout.files:
        importer_module = names.module_owning(source.path)
        importer = names.of_file.get(source.path)
        for written in source.imports:
            if written.type_checking and not layout.type_checking_imports:
                continue
            for dotted, at in _targets(written, importer, _is_init(source.path), names):
                target_module = names.module_owning(names.places[dotted])
                if importer_module is None or target_module is None:
                    continue
                if importer_module != target_module:
                    edges.append(
                        _Edge(importer_module, target_module, dotted, source.path, at, written)
                    )
    return edges


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    """Every node reachable from ``start`` in one or more steps."""
    seen: set[str] = set()
    queue = deque(graph.get(start, ()))
    while queue:
        node = queue.popleft()
        if node not in seen:
            seen.add(node)
            queue.extend(graph.get(node, ()))
    return seen


def module_graph(layout: Layout) -> dict[str, set[str]]:
    """Module to the modules it imports (suppressed imports included: `noqa` hides a
    diagnostic, never an edge)."""
    graph: dict[str, set[str]] = {}
    for edge in _edges(layout):
        graph.setdefault(edge.source, set()).add(edge.target)
    return graph


def _suppressed(code: str, line: int, statement: Written, source: SourceFile) -> bool:
    covers = [codes for codes in source.file_noqa]
    covers += [codes for at, codes in source.line_noqa if at in (line, statement.first_line)]
    return any(codes is None or code in codes for codes in covers)


def expected_findings(layout: Layout) -> list[Finding]:
    """The ML001, ML002 and ML003 diagnostics of the project, suppression applied."""
    config = {m.name: m for m in layout.modules}
    files = {source.path: source for source in layout.files}
    graph = module_graph(layout)
    closing = {source: reachable(graph, source) for source in graph}
    findings = []
    for edge in _edges(layout):
        source, target = config[edge.source], config[edge.target]
        candidates = []
        if layout.tiers.index(source.tier) < layout.tiers.index(target.tier):
            candidates.append(
                (
                    "ML001",
                    f"{source.tier} module '{source.name}' imports "
                    f"{target.tier} module '{target.name}' ({edge.dotted})",
                )
            )
        if source.depends_on is not None and target.name not in source.depends_on:
            candidates.append(
                (
                    "ML002",
                    f"module '{source.name}' imports '{target.name}' "
                    f"({edge.dotted}), which is not in its depends-on",
                )
            )
        if edge.source in closing.get(edge.target, set()):
            candidates.append(
                (
                    "ML003",
                    f"module '{source.name}' imports '{target.name}' "
                    f"({edge.dotted}), closing the cycle",
                )
            )
        for code, message in candidates:
            if not _suppressed(code, edge.at.line, edge.statement, files[edge.path]):
                findings.append(
                    Finding(
                        code,
                        edge.path,
                        edge.at.line,
                        edge.at.column,
                        message,
                        (edge.source, edge.target, edge.dotted),
                    )
                )
    return sorted(findings, key=lambda f: (f.path, f.line, f.column, f.code))


def shortest_cycle_length(graph: dict[str, set[str]], source: str, target: str) -> int:
    """The number of edges of a shortest cycle through the edge source -> target."""
    distance = {target: 0}
    queue = deque([target])
    while queue:
        node = queue.popleft()
        if node == source:
            return distance[node] + 1
        for successor in graph.get(node, ()):
            if successor not in distance:
                distance[successor] = distance[node] + 1
                queue.append(successor)
    raise ValueError(f"no cycle through {source} -> {target}")
