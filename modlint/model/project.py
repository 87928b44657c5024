"""The project graph: every first-party import resolved to a file and a module."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from modlint.model.config import Config
from modlint.model.facts import FileFacts


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


@dataclass(frozen=True)
class ModuleImport:
    """An import from a file of module ``source`` into a different module ``target``."""

    source: str
    target: str
    site: ResolvedImport


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
    lock_files: frozenset[str]

    def level(self, module: str) -> str:
        """The module's effective lock level: locked when it has a `.LOCKED`, else as configured."""
        if module in self.lock_files:
            return "locked"
        return self.config.module(module).level

    def module_imports(self) -> tuple[ModuleImport, ...]:
        """Imports between two different modules (imports inside a module are free)."""
        return tuple(
            ModuleImport(site.source_module, site.target_module, site)
            for site in self.imports
            if site.source_module is not None
            and site.target_module is not None
            and site.source_module != site.target_module
        )
