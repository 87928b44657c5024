"""Plain data shared by every pipeline stage: configuration, facts, diagnostics, rules.

This package is modlint's own stable module: other packages import from here, never from
its files (modlint checks that about itself).
"""

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
from modlint.model.fix import SAFE, UNSAFE, Edit, Fix, source_lines
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
from modlint.model.rule import Rule, SuppressionOutcome
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
