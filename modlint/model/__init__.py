"""Plain data shared by every pipeline stage: configuration, facts, diagnostics, rules.

This package is modlint's own stable module: other packages import from here, never from
its files (modlint checks that about itself).

Its names are imported on first use (PEP 562): a run that replays the last findings needs few of
them, and creating the others' frozen dataclasses was a third of its start-up time.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from modlint.model.base import BaseModule, BaseSurfaces
    from modlint.model.config import (
        DEFAULT_TIERS,
        LEVEL_MARKS,
        LEVELS,
        Config,
        IgnoredImport,
        Level,
        ModuleConfig,
    )
    from modlint.model.coverage import CoverageReport, FileCoverage
    from modlint.model.diagnostic import Diagnostic, Notice
    from modlint.model.docs import DocFile
    from modlint.model.errors import UsageError
    from modlint.model.expressions import expression_error, matches_expression
    from modlint.model.facts import (
        AttributeChain,
        Definition,
        ExportList,
        FileFacts,
        ImportedName,
        ImportStatement,
        NameAt,
        NoqaDirective,
        Problem,
    )
    from modlint.model.fingerprints import fingerprint
    from modlint.model.fix import Edit, Fix, source_lines
    from modlint.model.lock import HistoryEntry, LockFile, LockRecord
    from modlint.model.project import (
        Dependencies,
        ExternalImport,
        ModuleImport,
        NameIndex,
        Project,
        ResolvedImport,
        UnresolvedImport,
    )
    from modlint.model.rule import (
        FILE_SCOPE,
        PROJECT_SCOPE,
        SAFE,
        UNSAFE,
        Rule,
        SuppressionOutcome,
    )
    from modlint.model.semver import Version, is_version, parse_version
    from modlint.model.surface import ModuleSurface, SurfaceEntry, SurfaceProblem
    from modlint.model.version import __version__

__all__ = [
    "BaseModule",
    "BaseSurfaces",
    "CoverageReport",
    "FileCoverage",
    "AttributeChain",
    "Config",
    "DEFAULT_TIERS",
    "Definition",
    "Dependencies",
    "Diagnostic",
    "DocFile",
    "Edit",
    "ExportList",
    "expression_error",
    "ExternalImport",
    "FileFacts",
    "IgnoredImport",
    "Fix",
    "ImportStatement",
    "ImportedName",
    "LEVELS",
    "LEVEL_MARKS",
    "HistoryEntry",
    "Level",
    "LockFile",
    "matches_expression",
    "LockRecord",
    "ModuleConfig",
    "ModuleImport",
    "ModuleSurface",
    "NameAt",
    "NameIndex",
    "NoqaDirective",
    "Notice",
    "Problem",
    "Project",
    "ResolvedImport",
    "Rule",
    "FILE_SCOPE",
    "PROJECT_SCOPE",
    "SAFE",
    "SuppressionOutcome",
    "SurfaceEntry",
    "SurfaceProblem",
    "UnresolvedImport",
    "UNSAFE",
    "UsageError",
    "Version",
    "fingerprint",
    "is_version",
    "parse_version",
    "source_lines",
    "__version__",
]

_SUBMODULE_OF = {
    "BaseModule": "base",
    "BaseSurfaces": "base",
    "Config": "config",
    "DEFAULT_TIERS": "config",
    "IgnoredImport": "config",
    "Level": "config",
    "LEVEL_MARKS": "config",
    "LEVELS": "config",
    "ModuleConfig": "config",
    "CoverageReport": "coverage",
    "FileCoverage": "coverage",
    "Diagnostic": "diagnostic",
    "Notice": "diagnostic",
    "DocFile": "docs",
    "UsageError": "errors",
    "expression_error": "expressions",
    "matches_expression": "expressions",
    "AttributeChain": "facts",
    "Definition": "facts",
    "ExportList": "facts",
    "FileFacts": "facts",
    "ImportedName": "facts",
    "ImportStatement": "facts",
    "NameAt": "facts",
    "NoqaDirective": "facts",
    "Problem": "facts",
    "fingerprint": "fingerprints",
    "Edit": "fix",
    "Fix": "fix",
    "source_lines": "fix",
    "HistoryEntry": "lock",
    "LockFile": "lock",
    "LockRecord": "lock",
    "Dependencies": "project",
    "ExternalImport": "project",
    "ModuleImport": "project",
    "NameIndex": "project",
    "Project": "project",
    "ResolvedImport": "project",
    "UnresolvedImport": "project",
    "Rule": "rule",
    "FILE_SCOPE": "rule",
    "PROJECT_SCOPE": "rule",
    "SAFE": "rule",
    "SuppressionOutcome": "rule",
    "UNSAFE": "rule",
    "is_version": "semver",
    "parse_version": "semver",
    "Version": "semver",
    "ModuleSurface": "surface",
    "SurfaceEntry": "surface",
    "SurfaceProblem": "surface",
    "__version__": "version",
}
"""The file of this package that defines each name of `__all__`."""


def __getattr__(name: str) -> object:
    """The public ``name``, imported from its file on first use and kept as this package's
    attribute; AttributeError for any other name."""
    submodule = _SUBMODULE_OF.get(name)
    if submodule is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{submodule}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """This package's attributes, including the public names not imported yet."""
    return sorted(set(globals()) | set(__all__))
