"""A module's public surface, read statically from its packages' `__init__` files: the names
they export (``__all__``, else their public names), followed through re-exports to the
definitions, with signatures and the public methods of classes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from modlint.extraction import is_public
from modlint.graph import Unresolvable, absolute_name
from modlint.model import (
    Definition,
    ImportStatement,
    Level,
    ModuleSurface,
    NameAt,
    Problem,
    Project,
    SurfaceEntry,
    SurfaceProblem,
)

MODULE = "module"
UNLISTED_TAIL = "a public name defined there"
"""How the message of a public definition that ``__all__`` leaves out ends."""


def entry_kind(signature: str) -> str:
    """``function``, ``class``, ``constant``, ``module`` or ``alias``, from a stored signature."""
    if signature.startswith("class "):
        return "class"
    if signature in ("constant", MODULE):
        return signature
    if signature.startswith("alias of "):
        return "alias"
    return "function"


@dataclass(frozen=True)
class _Found:
    """What an exported name turned out to be."""

    signature: str
    path: Path
    line: int
    column: int
    members: tuple[Definition, ...] = ()


def module_packages(project: Project, module: str) -> tuple[str, ...]:
    """The dotted names of the packages a module holds (its `packages`, else its folder)."""
    config = project.config.module(module)
    if config.is_file:
        # A single-file module's surface is the file's own: its dotted name stands for a package.
        return tuple(name for name, path in project.index.modules.items() if path == config.path)
    if config.packages:
        return tuple(package for package in config.packages if project.index.exists(package))
    for name, folder in project.index.packages.items():
        if folder == config.path:
            return (name,)
    return ()


class _Missing(Enum):
    """Why an exported name was not found as a definition."""

    TYPE_CHECKING = "type-checking"
    """It is imported only under ``if TYPE_CHECKING:``, so it does not exist at run time."""


class _Resolver:
    """Follows exported names through imports to their definitions, never leaving the project."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.index = project.index

    def find(
        self, module: str, name: str, seen: frozenset[tuple[str, str]]
    ) -> _Found | _Missing | None:
        """What ``module.name`` is; _Missing.TYPE_CHECKING when it exists only for type
        checkers (imported only under ``if TYPE_CHECKING:`` in a file without a module-level
        ``__getattr__`` to import it on first use); None."""
        if (module, name) in seen:
            return None
        seen = seen | {(module, name)}
        path = self.index.modules.get(module)
        facts = self.project.files.get(path) if path is not None else None
        if facts is not None and path is not None:
            for definition in facts.definitions:
                if definition.name == name:
                    return _Found(
                        definition.signature,
                        path,
                        definition.line,
                        definition.column,
                        definition.members,
                    )
            type_checking: _Found | None = None
            for statement in facts.imports:
                if not statement.module_level:
                    continue
                found = self._through_import(statement, path, name, seen)
                if found is None:
                    continue
                if statement.type_checking:
                    type_checking = type_checking or found
                    continue
                return found
            if type_checking is not None:
                # A module-level __getattr__ (PEP 562) imports such a name on first use.
                lazy = any(definition.name == "__getattr__" for definition in facts.definitions)
                return type_checking if lazy else _Missing.TYPE_CHECKING
        if self.index.exists(f"{module}.{name}"):
            location = self.index.location(f"{module}.{name}")
            return _Found(MODULE, location, 1, 1)
        return None

    def _through_import(
        self, statement: ImportStatement, path: Path, name: str, seen: frozenset[tuple[str, str]]
    ) -> _Found | None:
        if not statement.is_from:
            bound = statement.alias or statement.module.split(".")[0]
            if bound != name:
                return None
            return _Found(MODULE, path, statement.line, statement.column)
        try:
            source = (
                absolute_name(statement, self.index.files.get(path), path.name == "__init__.py")
                if statement.level
                else statement.module
            )
        except Unresolvable:
            return None
        for imported in statement.names:
            if imported.name == "*":
                found = self.find(source, name, seen) if self.index.exists(source) else None
                if isinstance(found, _Found):
                    return found
                continue
            if imported.bound_as != name:
                continue
            if self.index.exists(f"{source}.{imported.name}"):
                return _Found(MODULE, path, imported.line, imported.column)
            if self.index.exists(source):
                found = self.find(source, imported.name, seen)
                return found if isinstance(found, _Found) else None
            return _Found(
                f"alias of {source}.{imported.name}", path, imported.line, imported.column
            )
        return None

    def default_exports(self, package: str, path: Path) -> list[NameAt]:
        """Without ``__all__``: public definitions, and public names imported from the project."""
        facts = self.project.files[path]
        is_package = path.name == "__init__.py"
        names = [NameAt(d.name, d.line, d.column) for d in facts.definitions if is_public(d.name)]
        for statement in facts.imports:
            if not statement.module_level or statement.type_checking or not statement.is_from:
                continue
            try:
                source = (
                    absolute_name(statement, package, is_package)
                    if statement.level
                    else statement.module
                )
            except Unresolvable:
                continue
            if source.split(".")[0] not in self.index.top_level:
                continue
            names += [
                NameAt(n.bound_as, n.line, n.column)
                for n in statement.names
                if n.name != "*" and is_public(n.bound_as)
            ]
        return names


def _unlisted(
    project: Project, path: Path, where: str, listed: tuple[NameAt, ...]
) -> list[tuple[str, SurfaceProblem]]:
    """Each public name the file defines (def, class, assignment at module level; not
    ``_private``, not dunder, not also imported as the fallback of an optional import is)
    that its literal ``__all__`` leaves out, with its problem at the definition, in file
    order."""
    facts = project.files[path]
    names = {name.name for name in listed} | _imported_names(facts.imports)
    return [
        (
            definition.name,
            SurfaceProblem(
                path,
                Problem(
                    definition.line,
                    definition.column,
                    f"__all__ of {where} does not list '{definition.name}', {UNLISTED_TAIL}",
                ),
            ),
        )
        for definition in sorted(facts.definitions, key=lambda d: (d.line, d.column))
        if not definition.name.startswith("_") and definition.name not in names
    ]


def _imported_names(imports: tuple[ImportStatement, ...]) -> set[str]:
    """The names the module-level imports bind."""
    names: set[str] = set()
    for statement in imports:
        if not statement.module_level:
            continue
        if statement.is_from:
            names.update(imported.bound_as for imported in statement.names)
        else:
            names.add(statement.alias or statement.module.split(".")[0])
    return names


def module_surface(project: Project, module: str) -> ModuleSurface:
    """The surface of ``module`` as its code defines it now."""
    resolver = _Resolver(project)
    packages = module_packages(project, module)
    single_file = project.config.module(module).is_file
    kind = "file" if single_file else "package"
    entries: dict[str, SurfaceEntry] = {}
    exported: list[tuple[Path, NameAt]] = []
    problems: list[SurfaceProblem] = []
    init_files: list[Path] = []
    unlisted: dict[Path, tuple[str, ...]] = {}
    for package in packages:
        path = project.index.modules.get(package)
        if path is None or path not in project.files:
            continue
        if path.name != "__init__.py" and not single_file:
            continue
        init_files.append(path)
        prefix = f"{package}." if len(packages) > 1 else ""
        exports = project.files[path].exports
        if exports is None or not exports.readable:
            message = (
                f"{kind} '{package}' of module '{module}' defines no __all__"
                if exports is None
                else f"__all__ of {kind} '{package}' is computed; modlint reads "
                "only a literal list of strings"
            )
            problems.append(
                SurfaceProblem(
                    path,
                    Problem(
                        exports.line if exports else 1, exports.column if exports else 1, message
                    ),
                )
            )
            names = resolver.default_exports(package, path)
        else:
            names = list(exports.names)
            left_out = _unlisted(project, path, f"{kind} '{package}'", exports.names)
            problems += (problem for _, problem in left_out)
            if left_out:
                unlisted[path] = tuple(name for name, _ in left_out)
        for name in names:
            found = resolver.find(package, name.name, frozenset())
            if not isinstance(found, _Found):
                reason = (
                    "is imported only under TYPE_CHECKING, so it does not exist at run time"
                    if found is _Missing.TYPE_CHECKING
                    else "is neither defined nor imported there"
                )
                problems.append(
                    SurfaceProblem(
                        path,
                        Problem(
                            name.line,
                            name.column,
                            f"__all__ of {kind} '{package}' names '{name.name}', which {reason}",
                        ),
                    )
                )
                continue
            exported.append((path, name))
            key = prefix + name.name
            entries[key] = SurfaceEntry(key, found.signature, found.path, found.line, found.column)
            for member in found.members:
                entries[f"{key}.{member.name}"] = SurfaceEntry(
                    f"{key}.{member.name}", member.signature, found.path, member.line, member.column
                )
    return ModuleSurface(
        module,
        packages,
        entries,
        tuple(exported),
        tuple(problems),
        tuple(init_files),
        unlisted,
    )


def module_surfaces(project: Project) -> dict[str, ModuleSurface]:
    """The surface of every locked or stable module: the ones others are held to."""
    return {
        module.name: module_surface(project, module.name)
        for module in project.config.modules
        if project.level(module.name) in (Level.LOCKED, Level.STABLE)
    }
