"""The project graph: every first-party import resolved to a file and a module."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from modlint.model.config import Level

if TYPE_CHECKING:
    from modlint.model.base import BaseSurfaces
    from modlint.model.config import Config, IgnoredImport
    from modlint.model.coverage import CoverageReport
    from modlint.model.docs import DocFile
    from modlint.model.facts import FileFacts, ImportedName
    from modlint.model.lock import LockRecord
    from modlint.model.surface import ModuleSurface


@dataclass(frozen=True)
class NameIndex:
    """Dotted names of first-party modules (to their file) and packages (to their folder)."""

    files: Mapping[Path, str] = field(hash=False)
    modules: Mapping[str, Path] = field(hash=False)
    packages: Mapping[str, Path] = field(hash=False)
    top_level: frozenset[str] = frozenset()
    """First components of every first-party name."""

    def exists(self, name: str) -> bool:
        """Whether ``name`` is a first-party module file or package (regular or namespace)."""
        return name in self.modules or name in self.packages

    def location(self, name: str) -> Path:
        """The file of a module, or the folder of a package that has no ``__init__.py``."""
        return self.modules.get(name) or self.packages[name]


@dataclass(frozen=True)
class ResolvedImport:
    """A first-party import from one file to another dotted module of the project."""

    path: Path
    line: int
    column: int
    end_column: int
    target: str
    source_module: str | None
    target_module: str | None
    type_checking: bool
    names: tuple[ImportedName, ...] = ()
    """For ``from target import a, b``: the imported names that are not submodules."""
    ignored: bool = False
    """True: an `ignore-imports` entry matches it, so it is no dependency for any rule."""


@dataclass(frozen=True)
class ModuleImport:
    """An import from a file of module ``source`` into a different module ``target``."""

    source: str
    target: str
    site: ResolvedImport


@dataclass(frozen=True)
class ExternalImport:
    """An import of a third-party name (neither first-party nor the standard library)."""

    path: Path
    line: int
    column: int
    end_column: int
    name: str
    """The top-level import name, e.g. `yaml` for `from yaml import safe_load`."""
    source_module: str | None
    module: str = ""
    """The full dotted name imported, e.g. `yaml.loader` for `import yaml.loader`."""
    ignored: bool = False
    """True: an `ignore-imports` entry matches it, so it is no dependency for any rule."""


@dataclass(frozen=True)
class Dependencies:
    """The distributions the project declares and the distribution of each import name."""

    declared: frozenset[str] | None
    """Normalized names; None when the project declares nothing modlint can read."""
    distribution_of: Mapping[str, str] = field(hash=False)


@dataclass(frozen=True)
class UnresolvedImport:
    """A first-party import that names nothing that exists, with the reason why."""

    path: Path
    line: int
    column: int
    end_column: int
    message: str


@dataclass(frozen=True)
class Project:
    """Everything the rules read: configuration, per-file facts and the resolved imports."""

    config: Config
    files: Mapping[Path, FileFacts] = field(hash=False)
    module_of_file: Mapping[Path, str | None] = field(hash=False)
    imports: tuple[ResolvedImport, ...]
    unresolved: tuple[UnresolvedImport, ...]
    locks: Mapping[str, LockRecord] = field(hash=False)
    index: NameIndex = field(hash=False)
    surfaces: Mapping[str, ModuleSurface] = field(hash=False, default_factory=dict)
    """The surface of each locked or stable module."""
    docs: tuple[DocFile, ...] = ()
    """The files that hold a lock table (`docs`)."""
    readmes: Mapping[str, DocFile] = field(hash=False, default_factory=dict)
    """Each module's README.md, where it has one."""
    externals: tuple[ExternalImport, ...] = ()
    dependencies: Dependencies | None = None
    """Third-party declarations, read only when an enabled rule needs them."""
    stdlib: tuple[ExternalImport, ...] = ()
    """Imports of the standard library (for `forbidden`)."""
    coverage: CoverageReport | None = None
    """The user's coverage report, read only when an enabled rule needs it (issue 14)."""
    base: BaseSurfaces | None = None
    """The locked or stable modules at the `--base` commit, read only when a rule needs them."""
    ignore_matches: tuple[int, ...] = ()
    """How many imports each `ignore-imports` entry matched, in configuration order."""
    whole_graph: frozenset[tuple[str, str]] | None = None
    """The module-to-module edges of the whole project when ``imports`` holds only some of its
    files' imports (a run that checks only the files that changed); None: those of
    ``imports``."""

    def level(self, module: str) -> Level:
        """The module's effective lock level: locked when it has a `.LOCKED`, else as configured."""
        if module in self.locks:
            return Level.LOCKED
        return self.config.module(module).level

    def module_imports(self) -> tuple[ModuleImport, ...]:
        """Imports between two different modules (imports inside a module are free)."""
        # Six rules ask, and a project never changes: built once (issue 13, SymPy: 10,000
        # edges, a tenth of a second each run when every rule built them again).
        found: tuple[ModuleImport, ...] | None = self.__dict__.get("_module_imports")
        if found is None:
            found = tuple(
                ModuleImport(site.source_module, site.target_module, site)
                for site in self.imports
                if site.source_module is not None
                and site.target_module is not None
                and site.source_module != site.target_module
                and not site.ignored
            )
            object.__setattr__(self, "_module_imports", found)
        return found

    def unmatched_ignores(self) -> tuple[IgnoredImport, ...]:
        """The `ignore-imports` entries that match no import, in configuration order."""
        entries = self.config.ignore_imports
        return tuple(entry for entry, count in zip(entries, self.ignore_matches) if not count)

    def module_graph(self) -> dict[str, set[str]]:
        """Each module's successors: the modules that the whole project's files of it import."""
        graph: dict[str, set[str]] = {}
        if self.whole_graph is not None:
            for source, target in self.whole_graph:
                graph.setdefault(source, set()).add(target)
            return graph
        for edge in self.module_imports():
            graph.setdefault(edge.source, set()).add(edge.target)
        return graph
