"""Building the Project: resolved imports, each file's module, and the modules' lock files."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from modlint.graph.ignores import IgnoreMatcher
from modlint.graph.index import build_index
from modlint.graph.resolve import Failure, is_external, is_stdlib, resolve_statement
from modlint.model import (
    Config,
    ExternalImport,
    FileFacts,
    LockRecord,
    ModuleConfig,
    Project,
    ResolvedImport,
    UnresolvedImport,
)


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
    config: Config, files: Mapping[Path, FileFacts], locks: Mapping[str, LockRecord]
) -> Project:
    """The project graph of these files' facts under this configuration; ``locks`` holds the
    `.LOCKED` file of each module that has one."""
    index = build_index(config, files)
    modules = ModuleLookup(config.modules)
    module_of_file = {path: modules.module_of(path) for path in files}
    imports: list[ResolvedImport] = []
    unresolved: list[UnresolvedImport] = []
    externals: list[ExternalImport] = []
    stdlib: list[ExternalImport] = []
    ignores = IgnoreMatcher(config.ignore_imports)
    for path, facts in files.items():
        importer = index.files.get(path)
        is_package = path.name == "__init__.py"
        for statement in facts.imports:
            if statement.type_checking and not config.type_checking_imports:
                continue
            outside = is_external(statement, index)
            if outside or is_stdlib(statement):
                top = statement.module.split(".")[0]
                (externals if outside else stdlib).append(
                    ExternalImport(
                        path,
                        statement.line,
                        statement.column,
                        statement.column + len(statement.module),
                        top,
                        module_of_file[path],
                        module=statement.module,
                        ignored=ignores.ignores(importer, top),
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
                imports.append(
                    ResolvedImport(
                        path=path,
                        line=found.line,
                        column=found.column,
                        end_column=found.end_column,
                        target=found.name,
                        source_module=module_of_file[path],
                        target_module=modules.module_of(index.location(found.name)),
                        type_checking=statement.type_checking,
                        names=found.names,
                        ignored=ignores.ignores(importer, found.name),
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
        unmatched_ignores=ignores.unmatched(),
    )
