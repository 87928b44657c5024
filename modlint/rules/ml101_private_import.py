"""ML101 private-import: another module reaches past a locked or stable module's surface."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from modlint.model import FILE_SCOPE, SAFE, Diagnostic, Rule
from modlint.rules.surfaces import exports_module, module_bindings, package_of, surface_key

if TYPE_CHECKING:
    import libcst as cst

    from modlint.fixing import Tree
    from modlint.model import AttributeChain, Fix, ModuleSurface, NameAt, Project, ResolvedImport


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
    from modlint.model import NameAt  # the facts' classes: a run reusing findings needs none

    for site in project.imports:
        module = site.target_module
        if module is None or module not in project.surfaces or site.source_module in (None, module):
            continue
        surface = project.surfaces[module]
        package = package_of(surface, site.target)
        if package is None:
            continue
        relative = site.target[len(package) + 1 :]
        if (
            relative
            and not exports_module(surface, package, relative)
            and not _exported_name_imported(project, site, surface, package, relative)
        ):
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


def _exported_name_imported(
    project: Project, site: ResolvedImport, surface: ModuleSurface, package: str, relative: str
) -> bool:
    """Whether ``site`` is ``from package import relative`` where the package's `__init__`
    exports a name ``relative`` that shadows the submodule of that name (a function
    re-exported from it, say): Python's import gives the package's attribute, not the
    submodule."""
    facts = project.files.get(site.path)
    if facts is None or "." in relative or not _shadowed(surface, package, relative):
        return False
    return any(
        (name.name, name.line, name.column) == (relative, site.line, site.column)
        for statement in facts.imports
        if statement.is_from
        for name in statement.names
    )


def _shadowed(surface: ModuleSurface, package: str, name: str) -> bool:
    """Whether ``package`` exports ``name`` as something other than its submodule of that
    name, which the package's attribute then shadows."""
    entry = surface.entries.get(surface_key(surface, package, name))
    return entry is not None and entry.signature != "module"


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
            if current == package and _shadowed(surface, package, attribute.name):
                return  # the package's own attribute, which it exports
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
    same object); ``import pkg.internal`` becomes ``import pkg`` when every use of it reads
    such a name, each ``pkg.internal.Name`` becoming ``pkg.Name`` (the one fix of the import
    and of each use; also for such uses under ``import pkg``); ``import pkg.internal as x``
    becomes ``import pkg as x`` when every use of ``x`` reads such a name. Safe; nothing else
    has a fix."""
    from modlint.fixing import dotted_name, node_edits, tree_of  # libcst: only when fixing
    from modlint.model import Fix

    site = next((s for s in project.imports if _reported_at(s, diagnostic)), None)
    if site is None or not site.names:
        return _submodule_fix(diagnostic, text, project)
    found = _reexporting(project, site.target)
    if found is None:
        return None
    package, reexported = found
    if not all(name.name in reexported for name in site.names):
        return None
    tree = tree_of(text)
    node = _import_from_at(tree, site) if tree is not None else None
    if tree is None or node is None:
        return None
    edits = node_edits(tree, {node.module: dotted_name(package)}) if node.module else None
    return Fix(f"Import from `{package}`", edits) if edits else None


def _reexporting(project: Project, target: str) -> tuple[str, frozenset[str]] | None:
    """The package whose surface holds the submodule ``target`` (the innermost, when
    surfaces nest), and the names of that submodule it re-exports (the same objects:
    defined in that very file); None when ``target`` is not below a surface's package."""
    owners = [
        (package, surface)
        for surface in project.surfaces.values()
        for package in surface.packages
        if target.startswith(package + ".")
    ]
    defined_in = project.index.modules.get(target)
    if not owners or defined_in is None:
        return None
    package, surface = max(owners, key=lambda owner: len(owner[0]))
    prefix = surface_key(surface, package, "")
    names = frozenset(
        key[len(prefix) :]
        for key, entry in surface.entries.items()
        if key.startswith(prefix)
        and "." not in key[len(prefix) :]
        and entry.signature != "module"
        and entry.path == defined_in
    )
    return package, names


def _submodule_fix(diagnostic: Diagnostic, text: str, project: Project) -> Fix | None:
    """The fix of an `import pkg.internal` reported at the import or at one of its uses, or
    of a use `pkg.internal.Name` under a plain `import pkg`; `import pkg.internal as name`
    becomes `import pkg as name` when each use of name reads such a name."""
    from modlint.fixing import tree_of  # libcst: only when fixing
    from modlint.model import Fix
    from modlint.rules.submodule_uses import (
        aliased_import_at,
        chain_at,
        places_hold,
        submodule_rewrite,
    )

    tree = tree_of(text)
    if tree is None:
        return None
    targets = {
        site.target
        for site in project.imports
        if site.path == diagnostic.path
        and not site.names
        and site.source_module is not None
        and site.source_module != site.target_module
    }
    chain = chain_at(tree, diagnostic.line, diagnostic.column).split(".")
    targets.update(
        ".".join(chain[:end])
        for end in range(2, len(chain))
        if ".".join(chain[:end]) in project.index.modules
    )
    aliased = aliased_import_at(tree, diagnostic.line, diagnostic.column)
    if aliased is not None:
        target, alias = aliased
        found = _reexporting(project, target)
        rewrite = submodule_rewrite(tree, target, *found, alias) if found else None
        if found and rewrite is not None:
            return Fix(f"Import `{found[0]}` as `{alias}`", rewrite.edits)
        return None
    for target in sorted(targets):
        found = _reexporting(project, target)
        if found is None:
            continue
        package, reexported = found
        rewrite = submodule_rewrite(tree, target, package, reexported)
        if rewrite is not None and places_hold(rewrite.places, diagnostic.line, diagnostic.column):
            return Fix(f"Import `{package}` and use the names it exports", rewrite.edits)
    return None


def _import_from_at(tree: Tree, site: ResolvedImport) -> cst.ImportFrom | None:
    """The absolute `from ... import` statement whose module name starts where ``site`` does."""
    import libcst as cst

    from modlint.fixing import nodes_at, position_of

    for node, where in nodes_at(tree, cst.ImportFrom, site.line):
        if (
            isinstance(node, cst.ImportFrom)
            and node.module is not None
            and not node.relative
            and (where.start.line, where.start.column) <= (site.line, site.column - 1)
        ):
            start = position_of(tree, node.module).start
            if (start.line, start.column) == (site.line, site.column - 1):
                return node
    return None


def _reported_at(site: ResolvedImport, diagnostic: Diagnostic) -> bool:
    """Whether ``diagnostic`` is the one reported at ``site``'s module name."""
    return (site.path, site.line, site.column, site.end_column) == (
        diagnostic.path,
        diagnostic.line,
        diagnostic.column,
        diagnostic.end_column,
    )


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
        "A name the package exports is its own even where a submodule has the same name "
        "(`from datastore import query` gets the exported function, not `datastore/query.py`). "
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
    scope=FILE_SCOPE,
    check=check,
    fix=fix,
    fix_applicability=SAFE,
)
