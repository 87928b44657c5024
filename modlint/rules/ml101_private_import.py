"""ML101 private-import: another module reaches past a locked or stable module's surface."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from modlint.model import (
    SAFE,
    AttributeChain,
    Diagnostic,
    Edit,
    Fix,
    ModuleSurface,
    NameAt,
    Project,
    ResolvedImport,
    Rule,
    source_lines,
)
from modlint.rules.surfaces import (
    exports_module,
    module_bindings,
    package_of,
    surface_key,
)


def _outside(project: Project, module: str, dotted: str, package: str) -> str:
    return (
        f"'{dotted}' is not in the surface of {project.level(module)} module '{module}' "
        f"(use what '{package}' exports)"
    )


def _at(path: Path, name: NameAt, message: str) -> Diagnostic:
    return Diagnostic(
        path, name.line, name.column, RULE.code, message, end_column=name.column + len(name.name)
    )


def check(project: Project) -> Iterator[Diagnostic]:
    """Imports of internal submodules or unexported names, and attribute chains that reach
    them, from any other module."""
    yield from _checked_imports(project)
    yield from _checked_attribute_chains(project)


def _checked_imports(project: Project) -> Iterator[Diagnostic]:
    for site in project.imports:
        module = site.target_module
        if module is None or module not in project.surfaces or site.source_module in (None, module):
            continue
        surface = project.surfaces[module]
        package = package_of(surface, site.target)
        if package is None:
            continue
        relative = site.target[len(package) + 1 :]
        if relative and not exports_module(surface, package, relative):
            yield Diagnostic(
                site.path,
                site.line,
                site.column,
                RULE.code,
                _outside(project, module, site.target, package),
                end_column=site.end_column,
            )
            continue
        for name in site.names:
            if name.name == "*":
                continue
            exported = (
                surface_key(surface, package, name.name) in surface.entries
                if not relative
                else not name.name.startswith("_")
            )
            if not exported:
                yield _at(
                    site.path,
                    NameAt(name.name, name.line, name.column),
                    _outside(project, module, f"{site.target}.{name.name}", package),
                )


def _checked_attribute_chains(project: Project) -> Iterator[Diagnostic]:
    owners = {
        package: module
        for module, surface in project.surfaces.items()
        for package in surface.packages
    }
    if not owners:
        return
    for path, facts in project.files.items():
        source_module = project.module_of_file.get(path)
        if source_module is None or not facts.attribute_chains:
            continue
        bindings = module_bindings(
            facts, project.index.files.get(path), path.name == "__init__.py", project.index
        )
        for chain in facts.attribute_chains:
            start = bindings.get(chain.root)
            if start is not None:
                yield from _checked_chain(project, owners, path, source_module, start, chain)


def _checked_chain(
    project: Project,
    owners: dict[str, str],
    path: Path,
    source_module: str,
    start: str,
    chain: AttributeChain,
) -> Iterator[Diagnostic]:
    current = start
    for attribute in chain.attributes:
        candidate = f"{current}.{attribute.name}"
        package = next((p for p in owners if current == p or current.startswith(p + ".")), None)
        if package is None:
            if candidate in owners:  # `import nimbus` then `nimbus.datastore`: entering it
                current = candidate
                continue
            return
        module = owners[package]
        if module == source_module:
            return
        surface: ModuleSurface = project.surfaces[module]
        relative = candidate[len(package) + 1 :]
        if project.index.exists(candidate):
            if not exports_module(surface, package, relative):
                yield _at(path, attribute, _outside(project, module, candidate, package))
                return
            current = candidate
            continue
        exported = (
            surface_key(surface, package, attribute.name) in surface.entries
            if current == package
            else not attribute.name.startswith("_")
        )
        if not exported:
            yield _at(path, attribute, _outside(project, module, candidate, package))
        return


def fix(diagnostic: Diagnostic, text: str, project: Project) -> Fix | None:
    """``from pkg.internal import Name`` becomes ``from pkg import Name`` when every name it
    imports is in the surface as defined in that very submodule (the package re-exports the
    same object); safe. Nothing else has a fix."""
    site = next((s for s in project.imports if _reported_at(s, diagnostic)), None)
    module = site.target_module if site is not None else None
    if site is None or module is None or module not in project.surfaces:
        return None
    surface = project.surfaces[module]
    package = package_of(surface, site.target)
    defined_in = project.index.modules.get(site.target)
    if package is None or package == site.target or defined_in is None:
        return None
    for name in site.names:
        entry = surface.entries.get(surface_key(surface, package, name.name))
        if entry is None or entry.signature == "module" or entry.path != defined_in:
            return None
    lines = source_lines(text)
    line = lines[site.line - 1] if 1 <= site.line <= len(lines) else ""
    if line[site.column - 1 : site.end_column - 1] != site.target:
        return None  # written with spaces or a line break between its parts
    return Fix(
        f"Import from `{package}`",
        (Edit(site.line, site.column, site.line, site.end_column, package),),
    )


def _reported_at(site: ResolvedImport, diagnostic: Diagnostic) -> bool:
    """Whether ``diagnostic`` is the one reported at ``site``'s module name."""
    return (site.path, site.line, site.column, site.end_column) == (
        diagnostic.path,
        diagnostic.line,
        diagnostic.column,
        diagnostic.end_column,
    ) and bool(site.names)  # `import pkg.internal` has no names: its uses would need edits


RULE = Rule(
    code="ML101",
    name="private-import",
    summary="Another module uses a locked or stable module's internals: a submodule or name "
    "outside its surface.",
    what_it_does=(
        "Reports an import, from another module, of a submodule or a name outside the surface "
        "of a locked or stable module (the names its package's `__init__`, or the file of a "
        "single-file module, exports), also when "
        "reached through attribute access (`import datastore` then `datastore.backends.sql`). "
        "Imports inside the module itself are free."
    ),
    why_bad=(
        "A locked module promises that its surface stays compatible; everything else may change "
        "in any release. Code that imports `datastore.backends.sql` or `datastore._cache` "
        "breaks when those internals change, and keeps them from changing. Stable modules are "
        "held to their surface too, so that they can be locked."
    ),
    example=(
        "# project/services.py\n"
        "from datastore.backends.sql import SqlBackend\n"
        "import datastore\n"
        "datastore.backends.memory.MemoryBackend()"
    ),
    use_instead="# project/services.py\nfrom datastore import open_store",
    options=(
        "`level` (per module): `stable` (or a `.LOCKED` file) holds the module to its surface.",
        "`type-checking-imports`: `false` leaves imports under `if TYPE_CHECKING:` out "
        "(their `else:` still counts).",
    ),
    marks_edges=True,
    check=check,
    fix=fix,
    fix_applicability=SAFE,
)
