"""ML301 missing-lock-table: a docs file without a usable pair of lock-table markers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modlint.model import PROJECT_SCOPE, UNSAFE, Rule
from modlint.rules.docs_drift import drift_diagnostic

if TYPE_CHECKING:
    from modlint.model import Diagnostic, Fix, Project


def check(project: Project) -> Iterator[Diagnostic]:
    """Docs files without a usable pair of lock-table markers."""
    # Imported here: a run that reuses the last findings never needs it.
    from modlint.docs import MARKERS, table_drift

    for doc in project.docs:
        for drift in table_drift(project, doc):
            if drift.kind == MARKERS:
                yield drift_diagnostic(drift, RULE.code)


def fix(diagnostic: Diagnostic, text: str, project: Project) -> Fix | None:
    """For a docs file with no lock-table markers at all: append a "Module lock status"
    section with the markers and the lock table; unsafe, since where the table belongs is
    the author's choice. Broken markers and missing files have no fix."""
    from modlint.docs import table_section_added
    from modlint.fixing import edits_between  # the fixing package imports libcst
    from modlint.model import Fix

    doc = next((doc for doc in project.docs if doc.path == diagnostic.path), None)
    fixed = table_section_added(project, doc) if doc is not None and doc.text == text else None
    if fixed is None:
        return None
    return Fix("Append a lock table section", edits_between(text, fixed), UNSAFE)


RULE = Rule(
    code="ML301",
    name="missing-lock-table",
    summary="A docs file has no lock table markers (or they are duplicated or out of order).",
    what_it_does=(
        "Reports a docs file that has no pair of lock-table markers, "
        "`<!-- modlint:lock-table:start -->` and `<!-- modlint:lock-table:end -->`, or whose "
        "markers are duplicated or out of order, and a docs file that does not exist or cannot "
        "be read. Markers inside a fenced code block are examples, not markers. In a `.rst` "
        "file the markers are the comments `.. modlint:lock-table:start` and "
        "`.. modlint:lock-table:end` at the start of a line (in a literal block or a "
        "directive they are examples)."
    ),
    why_bad=(
        "The lock table tells readers which modules are frozen and which may change. modlint "
        "keeps it in sync between the markers; without exactly one pair, in order, it cannot "
        "tell where the table is, and never rewrites the file."
    ),
    example="## Modules\n\n| Module | Level |\n| --- | --- |\n| `auth/` | locked |",
    use_instead="## Modules\n\n<!-- modlint:lock-table:start -->\n"
    "<!-- modlint:lock-table:end -->\n\n(then `modlint docs --fix` fills it in)",
    options=(
        "`docs`: the files that hold a lock table (by default README.md, when the project has "
        "one; `[]` for none).",
    ),
    example_language="markdown",
    blocks_lock=False,
    checks_docs=True,
    scope=PROJECT_SCOPE,
    check=check,
    fix=fix,
    fix_applicability=UNSAFE,  # `check --fix --unsafe-fixes` appends a lock table section
)
