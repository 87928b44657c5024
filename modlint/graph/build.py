"""Building the Project: resolved imports, each file's module, and the modules' lock files."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, TypeVar

from modlint.graph.ignores import IgnoreMatcher
from modlint.graph.index import build_index
from modlint.graph.resolve import Failure, resolve_statement
from modlint.graph.stdlib import STDLIB_MODULE_NAMES
from modlint.model import (
    Config,
    ExternalImport,
    FileFacts,
    LockRecord,
    ModuleConfig,
    NameIndex,
    Project,
    ResolvedImport,
    UnresolvedImport,
)

Frozen = TypeVar("Frozen")
_UNKNOWN = "\0unknown"
"""No module name: a target whose module is not looked up yet."""


def _maker(cls: type[Frozen]) -> Callable[..., Frozen]:
    """A constructor of the frozen dataclass ``cls`` from all its fields' values in order,
    filling the instance's ``__dict__`` directly: every import of the project is built on
    each run after a change, and the generated ``__init__`` pays ``object.__setattr__`` per
    field (the fact codec builds its instances the same way)."""
    names = tuple(item.name for item in dataclasses.fields(cls))  # type: ignore[arg-type]
    new = object.__new__

    def make(*values: Any) -> Frozen:
        assert len(values) == len(names)
        instance: Any = new(cls)
        instance.__dict__.update(zip(names, values))
        return instance  # type: ignore[no-any-return]

    return make


_resolved = _maker(ResolvedImport)
_external = _maker(ExternalImport)


class ModuleLookup:
    """Maps a path to the deepest declared module whose folder holds it, or that is the file."""

    def __init__(self, modules: tuple[ModuleConfig, ...]) -> None:
        self._folders: dict[str, str | None] = {str(module.path): module.name for module in modules}

    def module_of(self, path: Path) -> str | None:
        # Walk up the folders as strings, remembering each answer: Path.parents is slow.
        folder = str(path)
        visited = []
        while folder not in self._folders:
            parent = os.path.dirname(folder)
            if parent == folder:
                self._folders[folder] = None
                break
            visited.append(folder)
            folder = parent
        found = self._folders[folder]
        for seen in visited:
            self._folders[seen] = found
        return found


def build_project(
    config: Config,
    files: Mapping[Path, FileFacts],
    locks: Mapping[str, LockRecord],
    previous: Project | None = None,
    index: NameIndex | None = None,
) -> Project:
    """The project graph of these files' facts under this configuration; ``locks`` holds the
    `.LOCKED` file of each module that has one. ``previous``, built by an earlier call with
    this very configuration, lends its resolved imports to each file whose facts are the very
    same object (a long-running process's next check), when the same files make the project.
    ``index`` names the project's files when ``files`` are only some of them."""
    reused = _reusable(config, files, previous)
    if index is None:
        index = previous.index if previous and reused is not None else build_index(config, files)
    modules = ModuleLookup(config.modules)
    module_of_file = {path: modules.module_of(path) for path in files}
    imports: list[ResolvedImport] = []
    unresolved: list[UnresolvedImport] = []
    externals: list[ExternalImport] = []
    stdlib: list[ExternalImport] = []
    ignores = IgnoreMatcher(config.ignore_imports)
    target_modules: dict[str, str | None] = {}
    for path, facts in files.items():
        importer = index.files.get(path)
        is_package = path.name == "__init__.py"
        kept = reused.get(path) if reused is not None else None
        if kept is not None and previous is not None and previous.files[path] is facts:
            for site in kept.imports:  # the matcher must see them to know which entries match
                ignores.ignores(importer, site.target)
            for elsewhere in (*kept.externals, *kept.stdlib):
                ignores.ignores(importer, elsewhere.name)
            imports += kept.imports
            unresolved += kept.unresolved
            externals += kept.externals
            stdlib += kept.stdlib
            continue
        source_module = module_of_file[path]
        for statement in facts.imports:
            if statement.type_checking and not config.type_checking_imports:
                continue
            module = statement.module
            if not statement.level and module:
                # is_stdlib and is_external, with the top-level name split off once.
                top = module.split(".", 1)[0]
                outside = top not in STDLIB_MODULE_NAMES and top not in index.top_level
                if outside or top in STDLIB_MODULE_NAMES:
                    (externals if outside else stdlib).append(
                        _external(
                            path,
                            statement.line,
                            statement.column,
                            statement.column + len(module),
                            top,
                            source_module,
                            module,
                            ignores.ignores(importer, top),
                        )
                    )
                    continue
            for found in resolve_statement(statement, importer, is_package, index):
                if isinstance(found, Failure):
                    unresolved.append(
                        UnresolvedImport(
                            path, found.line, found.column, found.end_column, found.message
                        )
                    )
                    continue
                name = found.name
                target_module = target_modules.get(name, _UNKNOWN)
                if target_module is _UNKNOWN:
                    target_module = modules.module_of(index.location(name))
                    target_modules[name] = target_module
                imports.append(
                    _resolved(
                        path,
                        found.line,
                        found.column,
                        found.end_column,
                        name,
                        source_module,
                        target_module,
                        statement.type_checking,
                        found.names,
                        ignores.ignores(importer, name),
                    )
                )
    return Project(
        config=config,
        files=files,
        module_of_file=module_of_file,
        imports=tuple(imports),
        unresolved=tuple(unresolved),
        locks=locks,
        index=index,
        externals=tuple(externals),
        stdlib=tuple(stdlib),
        ignore_matches=ignores.matches(),
    )


@dataclass(frozen=True)
class _FileGraph:
    """What one file's imports resolved to."""

    imports: list[ResolvedImport] = field(default_factory=list)
    unresolved: list[UnresolvedImport] = field(default_factory=list)
    externals: list[ExternalImport] = field(default_factory=list)
    stdlib: list[ExternalImport] = field(default_factory=list)


def _reusable(
    config: Config, files: Mapping[Path, FileFacts], previous: Project | None
) -> dict[Path, _FileGraph] | None:
    """``previous``'s resolved imports by file, when it was built from this configuration
    object and the same files (so the same names index); None otherwise."""
    if previous is None or previous.config is not config or previous.files.keys() != files.keys():
        return None
    found: dict[Path, _FileGraph] = {}
    for site in previous.imports:
        found.setdefault(site.path, _FileGraph()).imports.append(site)
    for failure in previous.unresolved:
        found.setdefault(failure.path, _FileGraph()).unresolved.append(failure)
    for outside in previous.externals:
        found.setdefault(outside.path, _FileGraph()).externals.append(outside)
    for outside in previous.stdlib:
        found.setdefault(outside.path, _FileGraph()).stdlib.append(outside)
    return found
