"""ML301 missing-lock-table, ML302 stale-lock-table, ML303 stale-module-readme."""

from __future__ import annotations

from typing import Iterator

from modlint.docs.drift import MARKERS, TABLE, Drift, readme_drift, table_drift
from modlint.docs.expected import module_statuses
from modlint.model import Diagnostic, Project, Rule


def _diagnostic(drift: Drift, code: str) -> Diagnostic:
    return Diagnostic(drift.path, drift.line, 1, code, drift.message)


def check_markers(project: Project) -> Iterator[Diagnostic]:
    """Docs files without a usable pair of lock-table markers."""
    for doc in project.docs:
        for drift in table_drift(project, doc):
            if drift.kind == MARKERS:
                yield _diagnostic(drift, MISSING_TABLE.code)


def check_tables(project: Project) -> Iterator[Diagnostic]:
    """Each lock-table row that disagrees with the code, and each missing or extra row."""
    for doc in project.docs:
        for drift in table_drift(project, doc):
            if drift.kind == TABLE:
                yield _diagnostic(drift, STALE_TABLE.code)


def check_readmes(project: Project) -> Iterator[Diagnostic]:
    """Each module README whose status line is missing or states another level or version."""
    for status in module_statuses(project):
        doc = project.readmes.get(status.module)
        if doc is not None:
            for drift in readme_drift(project, status, doc):
                yield _diagnostic(drift, STALE_README.code)


MISSING_TABLE = Rule(
    code="ML301",
    name="missing-lock-table",
    summary="A docs file has no lock table markers (or they are duplicated or out of order).",
    rationale=(
        "The lock table tells readers which modules are frozen and which may change. modlint "
        "keeps it in sync between the markers `<!-- modlint:lock-table:start -->` and "
        "`<!-- modlint:lock-table:end -->`; without exactly one pair, in order, it cannot tell "
        "where the table is and never rewrites the file."
    ),
    bad_example="## Modules\n\n| Module | Level |\n| --- | --- |\n| `auth/` | locked |",
    good_example="## Modules\n\n<!-- modlint:lock-table:start -->\n"
    "<!-- modlint:lock-table:end -->\n\n(then `modlint docs --fix` fills it in)",
    check=check_markers,
)

STALE_TABLE = Rule(
    code="ML302",
    name="stale-lock-table",
    summary="A lock-table row disagrees with the code, or a module is missing from it or extra.",
    rationale=(
        "A README that calls a module stable when it is locked, or lists a version that was "
        "never locked, misleads the people deciding whether they may change it. Levels and "
        "versions come from `.LOCKED` files and the configuration, tiers and descriptions "
        "from the configuration; `modlint docs --fix` rewrites the table."
    ),
    bad_example="| `auth/` | Foundation | 🟡 STABLE | 1.0.0 | Authentication |  <- auth/.LOCKED exists",
    good_example="| `auth/` | Foundation | 🔴 LOCKED | 1.0.0 | Authentication |",
    check=check_tables,
)

STALE_README = Rule(
    code="ML303",
    name="stale-module-readme",
    summary="A module's README lacks its status line, or states another level or version.",
    rationale=(
        "A module's own README is what people read before they change it. Its status line "
        "(`Status: 🔴 LOCKED v1.0.0`) must say what the lock file says; `modlint docs --fix` "
        "corrects it, or adds it below the first heading."
    ),
    bad_example="# auth\n\nStatus: 🟢 DEVELOPMENT",
    good_example="# auth\n\nStatus: 🔴 LOCKED v1.0.0",
    check=check_readmes,
)
