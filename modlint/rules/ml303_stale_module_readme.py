"""ML303 stale-module-readme: a module README whose status line is missing or wrong."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modlint.model import PROJECT_SCOPE, SAFE, Rule
from modlint.rules.docs_drift import drift_diagnostic

if TYPE_CHECKING:
    from modlint.model import Diagnostic, Project


def check(project: Project) -> Iterator[Diagnostic]:
    """Each module README whose status line is missing or states another level or version."""
    # Imported here: a run that reuses the last findings never needs it.
    from modlint.docs import module_statuses, readme_drift

    for status in module_statuses(project):
        doc = project.readmes.get(status.module)
        if doc is not None:
            for drift in readme_drift(project, status, doc):
                yield drift_diagnostic(drift, RULE.code)


RULE = Rule(
    code="ML303",
    name="stale-module-readme",
    summary="A module's README lacks its status line, or states another level or version.",
    what_it_does=(
        "Reads the README.md (else the README.rst) of each module that has one and reports "
        "a status line "
        "(`Status: 🔴 LOCKED v1.0.0`) that is missing or states another level or version "
        "than the module's."
    ),
    why_bad=(
        "A module's own README is what people read before they change it; its status line "
        "must say what the lock file says. `modlint docs --fix` corrects it, or adds it below "
        "the first heading."
    ),
    example="# auth\n\nStatus: 🟢 DEVELOPMENT",
    use_instead="# auth\n\nStatus: 🔴 LOCKED v1.0.0",
    options=(
        "`level` and `version` (per module): the status of a module without a `.LOCKED` file.",
    ),
    example_language="markdown",
    blocks_lock=False,
    checks_docs=True,
    scope=PROJECT_SCOPE,
    check=check,
    fix_applicability=SAFE,  # by the docs fixes (`modlint docs --fix`, `check --fix`)
)
