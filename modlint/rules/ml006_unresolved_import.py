"""ML006 unresolved-import: a first-party import that names no existing module or package."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modlint.model import FILE_SCOPE, Diagnostic, Rule

if TYPE_CHECKING:
    from modlint.model import Project


def check(project: Project) -> Iterator[Diagnostic]:
    """One diagnostic per import that resolution could not place."""
    for failure in project.unresolved:
        yield Diagnostic(
            path=failure.path,
            line=failure.line,
            column=failure.column,
            code=RULE.code,
            message=failure.message,
            end_column=failure.end_column,
        )


RULE = Rule(
    code="ML006",
    name="unresolved-import",
    summary="A first-party import names no existing module or package.",
    what_it_does=(
        "Reports an import whose first name is one of the project's own packages but that "
        "names nothing in the project, and a relative import that climbs above its top-level "
        "package or lies in a file outside every package. Standard-library and third-party "
        "imports are never reported by this rule."
    ),
    why_bad=(
        "Such an import fails at run time, and modlint cannot tell which module it depends on, "
        "so no other rule can judge it."
    ),
    example="# datastore/backends/sql.py\nfrom ...shared import helpers",
    use_instead="# datastore/backends/sql.py\nfrom ..cache import remember",
    options=(
        "`source-roots`: the folders that act as `sys.path` entries.",
        "`packages` (per module): its import names, when they differ from the folder's name.",
    ),
    scope=FILE_SCOPE,
    check=check,
)
