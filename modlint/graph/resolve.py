"""Resolving one import statement to the first-party names it depends on.

Absolute names resolve against the project's source roots only (never the importing file's
folder, so `import io` inside `datastore/` is the standard library's, not `datastore/io.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

from modlint.graph.stdlib import STDLIB_MODULE_NAMES
from modlint.model import ImportedName, ImportStatement, NameIndex


@dataclass(frozen=True)
class Target:
    """A first-party dotted name an import depends on, at the position that names it."""

    name: str
    line: int
    column: int
    end_column: int
    names: tuple[ImportedName, ...] = ()
    """For ``from name import a, b``: the imported names that are not submodules."""


@dataclass(frozen=True)
class Failure:
    """A first-party import that names nothing, with a message saying why."""

    message: str
    line: int
    column: int
    end_column: int


def is_external(statement: ImportStatement, index: NameIndex) -> bool:
    """Whether the import names a third-party module: absolute, and neither first-party nor
    the standard library's."""
    if statement.level or not statement.module:
        return False
    top = statement.module.split(".")[0]
    return top not in STDLIB_MODULE_NAMES and top not in index.top_level


def is_stdlib(statement: ImportStatement) -> bool:
    """Whether the import names a module of the standard library (absolute imports only)."""
    return (
        not statement.level
        and bool(statement.module)
        and statement.module.split(".")[0] in STDLIB_MODULE_NAMES
    )


def resolve_statement(
    statement: ImportStatement, importer: str | None, importer_is_package: bool, index: NameIndex
) -> list[Target | Failure]:
    """The first-party targets of ``statement`` (empty for standard-library and third-party
    imports) or the reason it cannot be resolved.

    ``importer`` is the dotted name of the importing file, None when it has none.
    """
    written = "." * statement.level + statement.module
    end = statement.end_column or statement.column + len(written)
    if statement.level:
        try:
            absolute = absolute_name(statement, importer, importer_is_package)
        except Unresolvable as reason:
            return [Failure(str(reason), statement.line, statement.column, end)]
    else:
        absolute = statement.module
        top = absolute.split(".")[0]
        if top in STDLIB_MODULE_NAMES or top not in index.top_level:
            return []
    if not statement.is_from:
        if index.exists(absolute):
            return [Target(absolute, statement.line, statement.column, end)]
        return [Failure(_missing(written, absolute), statement.line, statement.column, end)]

    targets: list[Target | Failure] = []
    names_from_module: list[ImportedName] = []
    # The loop over every name of every `from` import: lookups inlined (index.exists).
    modules, packages = index.modules, index.packages
    prefix = f"{absolute}." if absolute else ""
    for imported in statement.names:
        name = imported.name
        submodule = prefix + name
        if name != "*" and (submodule in modules or submodule in packages):
            targets.append(
                Target(submodule, imported.line, imported.column, imported.column + len(name))
            )
        else:
            names_from_module.append(imported)
    if names_from_module:
        if index.exists(absolute):
            targets.insert(
                0, Target(absolute, statement.line, statement.column, end, tuple(names_from_module))
            )
        else:
            targets.insert(
                0, Failure(_missing(written, absolute), statement.line, statement.column, end)
            )
    return targets


class Unresolvable(Exception):
    """A relative import that names no package; the message says why."""


def absolute_name(
    statement: ImportStatement, importer: str | None, importer_is_package: bool
) -> str:
    """The absolute dotted name a relative import names; Unresolvable when it has none."""
    written = "." * statement.level + statement.module
    if importer is None:
        raise Unresolvable(f"relative import '{written}' in a file that is not part of a package")
    parts = importer.split(".")
    package = parts if importer_is_package else parts[:-1]
    if not package:
        raise Unresolvable(
            f"relative import '{written}' in top-level module '{importer}', which has no parent "
            "package"
        )
    if statement.level > len(package):
        raise Unresolvable(
            f"relative import '{written}' climbs above the top-level package '{package[0]}'"
        )
    base = package[: len(package) - statement.level + 1]
    return ".".join([*base, statement.module] if statement.module else base)


def _missing(written: str, absolute: str) -> str:
    shown = f"'{written}'" if written == absolute else f"'{written}' ({absolute})"
    return f"cannot resolve {shown}: no such module or package in the project"
