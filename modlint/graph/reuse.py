"""What one file's imports resolved to, kept between runs: as JSON-ready lists for the cache,
and the digest of everything besides the file's own imports that resolution depends on."""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from modlint.graph.stdlib import STDLIB_MODULE_NAMES
from modlint.model import (
    Config,
    ExternalImport,
    ImportedName,
    Project,
    ResolvedImport,
    UnresolvedImport,
)

RESOLUTION_SCHEMA = 1
"""Bumped whenever resolution or the shape of what is kept changes."""


@dataclass(frozen=True)
class FileGraph:
    """What one file's imports resolved to."""

    imports: list[ResolvedImport] = field(default_factory=list)
    unresolved: list[UnresolvedImport] = field(default_factory=list)
    externals: list[ExternalImport] = field(default_factory=list)
    stdlib: list[ExternalImport] = field(default_factory=list)


def graphs_by_file(project: Project) -> dict[Path, FileGraph]:
    """The project's resolved imports, grouped by the file that holds them."""
    found: dict[Path, FileGraph] = {}
    for site in project.imports:
        found.setdefault(site.path, FileGraph()).imports.append(site)
    for failure in project.unresolved:
        found.setdefault(failure.path, FileGraph()).unresolved.append(failure)
    for outside in project.externals:
        found.setdefault(outside.path, FileGraph()).externals.append(outside)
    for outside in project.stdlib:
        found.setdefault(outside.path, FileGraph()).stdlib.append(outside)
    return found


def resolution_digest(config: Config, paths: Iterable[Path]) -> str:
    """A hash of everything of the configuration that ``build_project`` reads (source roots,
    modules, `type-checking-imports`, `ignore-imports`), of the standard library's names and
    of every project file's path (the names index), all relative to the project root, so that
    a file whose content is unchanged may keep its resolved imports only while this is too."""
    root = str(config.root)

    def relative(path: Path) -> str:
        text = str(path)
        if text == root:
            return "."
        return text[len(root) + 1 :] if text.startswith(root + os.sep) else text

    parts: list[str] = [
        f"schema {RESOLUTION_SCHEMA}",
        f"type-checking-imports {config.type_checking_imports}",
        *(f"root {relative(folder)}" for folder in config.source_roots),
        *(
            f"module {module.name}\0{relative(module.path)}\0{module.packages!r}"
            for module in config.modules
        ),
        *(
            f"ignore {entry.text}\0{entry.importer}\0{entry.imported}"
            for entry in config.ignore_imports
        ),
        "stdlib " + " ".join(sorted(STDLIB_MODULE_NAMES)),
        *(f"file {relative(path)}" for path in paths),
    ]
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part.encode("utf-8", "surrogateescape") + b"\n")
    return digest.hexdigest()


def encode_graph(graph: FileGraph) -> list[Any]:
    """The file's resolved imports as nested lists of plain values (its path and module are
    the caller's to remember)."""
    return [
        [
            [
                site.line,
                site.column,
                site.end_column,
                site.target,
                site.target_module,
                site.type_checking,
                [[name.name, name.line, name.column, name.alias] for name in site.names],
                site.ignored,
            ]
            for site in graph.imports
        ],
        [[f.line, f.column, f.end_column, f.message] for f in graph.unresolved],
        [[e.line, e.column, e.end_column, e.name, e.module, e.ignored] for e in graph.externals],
        [[e.line, e.column, e.end_column, e.name, e.module, e.ignored] for e in graph.stdlib],
    ]


_LIMIT = 2**31


def _position(value: Any) -> bool:
    return type(value) is int and 0 < value < _LIMIT


def _optional_text(value: Any) -> bool:
    return value is None or type(value) is str


def _valid_names(values: Any) -> bool:
    if type(values) is not list:
        return False
    for name in values:
        if not (
            type(name) is list
            and len(name) == 4
            and type(name[0]) is str
            and _position(name[1])
            and _position(name[2])
            and _optional_text(name[3])
        ):
            return False
    return True


def _valid_sites(values: Any) -> bool:
    if type(values) is not list:
        return False
    for value in values:
        if not (
            type(value) is list
            and len(value) == 8
            and _position(value[0])
            and _position(value[1])
            and _position(value[2])
            and type(value[3]) is str
            and _optional_text(value[4])
            and type(value[5]) is bool
            and _valid_names(value[6])
            and type(value[7]) is bool
        ):
            return False
    return True


def _valid_failures(values: Any) -> bool:
    if type(values) is not list:
        return False
    for value in values:
        if not (
            type(value) is list
            and len(value) == 4
            and _position(value[0])
            and _position(value[1])
            and _position(value[2])
            and type(value[3]) is str
        ):
            return False
    return True


def _valid_outside(values: Any) -> bool:
    if type(values) is not list:
        return False
    for value in values:
        if not (
            type(value) is list
            and len(value) == 6
            and _position(value[0])
            and _position(value[1])
            and _position(value[2])
            and type(value[3]) is str
            and type(value[4]) is str
            and type(value[5]) is bool
        ):
            return False
    return True


def _is_graph(value: Any) -> bool:
    return (
        type(value) is list
        and len(value) == 4
        and _valid_sites(value[0])
        and _valid_failures(value[1])
        and _valid_outside(value[2])
        and _valid_outside(value[3])
    )


_SITE_FIELDS = tuple(field.name for field in dataclasses.fields(ResolvedImport))
_OUTSIDE_FIELDS = tuple(field.name for field in dataclasses.fields(ExternalImport))
_NAME_FIELDS = tuple(field.name for field in dataclasses.fields(ImportedName))


def decode_graph(value: Any, path: Path, source_module: str | None) -> FileGraph | None:
    """The FileGraph ``encode_graph`` gave for the file at ``path`` in ``source_module``;
    None when ``value`` is not such a list (a cache folder may come from anyone)."""
    if not _is_graph(value):
        return None
    sites, failures, externals, stdlib = value
    return FileGraph(
        imports=[_site(path, source_module, site) for site in sites],
        unresolved=[UnresolvedImport(path, *failure) for failure in failures],
        externals=[_outside(path, source_module, entry) for entry in externals],
        stdlib=[_outside(path, source_module, entry) for entry in stdlib],
    )


# Every import of every unchanged file is decoded on each run after a change: the frozen
# instances' __dict__ is filled directly, as the fact codec does, at half the cost of __init__.


def _site(path: Path, source_module: str | None, value: list[Any]) -> ResolvedImport:
    line, column, end_column, target, target_module, type_checking, names, ignored = value
    site = object.__new__(ResolvedImport)
    site.__dict__.update(
        zip(
            _SITE_FIELDS,
            (
                path,
                line,
                column,
                end_column,
                target,
                source_module,
                target_module,
                type_checking,
                tuple([_name(name) for name in names]) if names else (),
                ignored,
            ),
        )
    )
    return site


def _name(value: list[Any]) -> ImportedName:
    name = object.__new__(ImportedName)
    name.__dict__.update(zip(_NAME_FIELDS, value))
    return name


def _outside(path: Path, source_module: str | None, value: list[Any]) -> ExternalImport:
    line, column, end_column, name, module, ignored = value
    outside = object.__new__(ExternalImport)
    outside.__dict__.update(
        zip(
            _OUTSIDE_FIELDS,
            (path, line, column, end_column, name, source_module, module, ignored),
        )
    )
    return outside
