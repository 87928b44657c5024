"""Stage 4: the rule registry. Every rule's code, name, documentation and check live here."""

from __future__ import annotations

from modlint.model import Rule
from modlint.rules import (
    ml001_tier_violation,
    ml002_undeclared_dependency,
    ml003_dependency_cycle,
    ml004_unstable_dependency,
    ml005_undeclared_external,
    ml006_unresolved_import,
    ml007_unassigned_code,
    ml2xx_lock_files,
    ml3xx_docs,
    ml9xx_file_problems,
    ml101_private_import,
    ml102_missing_all,
    ml103_ml104_surface_changes,
    ml105_unused_public_name,
)

RULES: tuple[Rule, ...] = (
    ml001_tier_violation.RULE,
    ml002_undeclared_dependency.RULE,
    ml003_dependency_cycle.RULE,
    ml004_unstable_dependency.RULE,
    ml005_undeclared_external.RULE,
    ml006_unresolved_import.RULE,
    ml007_unassigned_code.RULE,
    ml101_private_import.RULE,
    ml102_missing_all.RULE,
    ml103_ml104_surface_changes.BREAKING,
    ml103_ml104_surface_changes.GROWTH,
    ml105_unused_public_name.RULE,
    ml2xx_lock_files.MISSING,
    ml2xx_lock_files.INVALID,
    ml3xx_docs.MISSING_TABLE,
    ml3xx_docs.STALE_TABLE,
    ml3xx_docs.STALE_README,
    ml9xx_file_problems.SYNTAX_ERROR,
    ml9xx_file_problems.UNREADABLE_FILE,
    ml9xx_file_problems.UNUSED_NOQA,
)
"""Every rule, in code order."""

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}

__all__ = ["RULES", "RULES_BY_CODE"]
