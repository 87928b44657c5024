"""ML302 stale-lock-table: a lock-table row that disagrees with the code."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modlint.model import PROJECT_SCOPE, SAFE, Rule
from modlint.rules.docs_drift import drift_diagnostic

if TYPE_CHECKING:
    from modlint.model import Diagnostic, Project


def check(project: Project) -> Iterator[Diagnostic]:
    """Each lock-table row that disagrees with the code, and each missing or extra row."""
    # Imported here: a run that reuses the last findings never needs it.
    from modlint.docs import TABLE, table_drift

    for doc in project.docs:
        for drift in table_drift(project, doc):
            if drift.kind == TABLE:
                yield drift_diagnostic(drift, RULE.code)


RULE = Rule(
    code="ML302",
    name="stale-lock-table",
    summary="A lock-table row disagrees with the code, or a module is missing from it or extra.",
    what_it_does=(
        "Compares each row of a lock table with the lock files and the configuration, and "
        "reports at the row a level, version, tier or description that differs; a module "
        "missing from the table, a row that is no module and a module listed twice are "
        "reported too. The table is read tolerantly: columns in any order, emoji or not."
    ),
    why_bad=(
        "A README that calls a module stable when it is locked, or lists a version that was "
        "never locked, misleads the people deciding whether they may change it. "
        "`modlint docs --fix` rewrites the table."
    ),
    example="| `auth/` | Foundation | 🟡 STABLE | 1.0.0 | Authentication |  <- auth/.LOCKED exists",
    use_instead="| `auth/` | Foundation | 🔴 LOCKED | 1.0.0 | Authentication |",
    options=(
        "`docs`: the files that hold a lock table.",
        "`tier`, `level`, `version` and `description` (per module): what the row must say "
        "(a `.LOCKED` file's level and version win).",
    ),
    example_language="markdown",
    blocks_lock=False,
    checks_docs=True,
    scope=PROJECT_SCOPE,
    check=check,
    fix_applicability=SAFE,  # by the docs fixes (`modlint docs --fix`, `check --fix`)
)
