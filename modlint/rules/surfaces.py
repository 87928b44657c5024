"""What the surface rules share: which package a dotted name falls in, and what each file
binds to first-party modules."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from modlint.model import FileFacts, ModuleSurface, NameIndex


def package_of(surface: ModuleSurface, dotted: str) -> str | None:
    """The package of ``surface`` that holds ``dotted``, if any."""
    for package in surface.packages:
        if dotted == package or dotted.startswith(package + "."):
            return package
    return None


def surface_key(surface: ModuleSurface, package: str, relative: str) -> str:
    """The surface entry name of ``relative`` (a name below ``package``)."""
    return f"{package}.{relative}" if len(surface.packages) > 1 else relative


def exports_module(surface: ModuleSurface, package: str, relative: str) -> bool:
    """Whether the surface exports the submodule ``package.relative`` itself."""
    entry = surface.entries.get(surface_key(surface, package, relative))
    return entry is not None and entry.signature == "module"


def module_bindings(
    facts: FileFacts, importer: str | None, is_package: bool, index: NameIndex
) -> dict[str, str]:
    """Local names this file binds to first-party modules or packages, e.g. ``ds`` for
    ``import datastore as ds``, ``backends`` for ``from datastore import backends``."""
    # Imported here: a run that reuses the last findings never needs it.
    from modlint.graph import Unresolvable, absolute_name

    bound: dict[str, str] = {}
    for statement in facts.imports:
        if not statement.is_from:
            if statement.alias:
                bound[statement.alias] = statement.module
            else:
                root = statement.module.split(".")[0]
                bound[root] = root
            continue
        try:
            source = (
                absolute_name(statement, importer, is_package)
                if statement.level
                else statement.module
            )
        except Unresolvable:
            continue
        for name in statement.names:
            if index.exists(f"{source}.{name.name}"):
                bound[name.bound_as] = f"{source}.{name.name}"
    return {name: target for name, target in bound.items() if index.exists(target)}
