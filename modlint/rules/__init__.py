"""Stage 4: the rule registry. Every rule's code, name, documentation, facts and check live in
its own file; this lists them."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from modlint.rules import (
    ml001_tier_violation,
    ml002_undeclared_dependency,
    ml003_dependency_cycle,
    ml004_unstable_dependency,
    ml005_undeclared_external,
    ml006_unresolved_import,
    ml007_unassigned_code,
    ml008_forbidden_import,
    ml009_independence_violation,
    ml101_private_import,
    ml102_missing_all,
    ml103_breaking_surface_change,
    ml104_surface_growth,
    ml105_unused_public_name,
    ml106_unversioned_breaking_change,
    ml201_missing_lock_file,
    ml202_invalid_lock_file,
    ml203_undeclared_dependency_list,
    ml204_unused_dependency,
    ml205_insufficient_coverage,
    ml301_missing_lock_table,
    ml302_stale_lock_table,
    ml303_stale_module_readme,
    ml901_syntax_error,
    ml902_unreadable_file,
    ml903_unused_noqa,
    ml904_unmatched_ignore_import,
)
from modlint.rules.ml102_missing_all import missing_all

if TYPE_CHECKING:
    from modlint.model import Rule

RULES: tuple[Rule, ...] = (
    ml001_tier_violation.RULE,
    ml002_undeclared_dependency.RULE,
    ml003_dependency_cycle.RULE,
    ml004_unstable_dependency.RULE,
    ml005_undeclared_external.RULE,
    ml006_unresolved_import.RULE,
    ml007_unassigned_code.RULE,
    ml008_forbidden_import.RULE,
    ml009_independence_violation.RULE,
    ml101_private_import.RULE,
    ml102_missing_all.RULE,
    ml103_breaking_surface_change.RULE,
    ml104_surface_growth.RULE,
    ml105_unused_public_name.RULE,
    ml106_unversioned_breaking_change.RULE,
    ml201_missing_lock_file.RULE,
    ml202_invalid_lock_file.RULE,
    ml203_undeclared_dependency_list.RULE,
    ml204_unused_dependency.RULE,
    ml205_insufficient_coverage.RULE,
    ml301_missing_lock_table.RULE,
    ml302_stale_lock_table.RULE,
    ml303_stale_module_readme.RULE,
    ml901_syntax_error.RULE,
    ml902_unreadable_file.RULE,
    ml903_unused_noqa.RULE,
    ml904_unmatched_ignore_import.RULE,
)
"""Every rule, in code order."""

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


def enabled_rules(enabled: Collection[str]) -> tuple[Rule, ...]:
    """The rules whose codes are in ``enabled``, in code order."""
    return tuple(rule for rule in RULES if rule.code in enabled)


__all__ = [
    "RULES",
    "RULES_BY_CODE",
    "enabled_rules",
    "missing_all",
    # Rules that other stages ask about by name, never by code.
    "ml203_undeclared_dependency_list",
    "ml204_unused_dependency",
    "ml901_syntax_error",
    "ml902_unreadable_file",
    "ml903_unused_noqa",
    "ml904_unmatched_ignore_import",
]
