"""ML104 surface-growth: a locked surface grew against its `.LOCKED` snapshot."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modlint.model import PROJECT_SCOPE, Diagnostic, Rule
from modlint.rules.surface_changes import change_location, surface_changes

if TYPE_CHECKING:
    from modlint.model import Project


def check(project: Project) -> Iterator[Diagnostic]:
    """One diagnostic per addition, at the new definition."""
    for record, lock, surface, change in surface_changes(project):
        if not change.breaking:
            path, line, column = change_location(project, record, surface, change.name)
            yield Diagnostic(
                path,
                line,
                column,
                RULE.code,
                f"{change.description}: locked module '{record.module}' "
                f"{lock.version} grew (unlock it, and lock it again as "
                f"{lock.version.next_minor()})",
            )


RULE = Rule(
    code="ML104",
    name="surface-growth",
    summary="A locked module's surface grew against its `.LOCKED` snapshot.",
    what_it_does=(
        "Compares a locked module's surface with the snapshot in its `.LOCKED` file and reports "
        "each addition at the new definition: a new name, a new optional parameter, a "
        "parameter kind that widened, a newly added annotation."
    ),
    why_bad=(
        "Adding to a locked surface breaks no caller, but it is still a change to a frozen API: "
        "it needs a new minor version and the review that comes with re-locking, and it keeps "
        "the snapshot the single record of what the module offers."
    ),
    example=(
        "# datastore/__init__.py of locked datastore 1.0.0\n"
        '__all__ = ["Store", "open_store", "close_store"]  # close_store is new'
    ),
    use_instead=(
        "# modlint unlock datastore; add close_store; modlint lock datastore --version 1.1.0\n"
        '__all__ = ["Store", "open_store", "close_store"]'
    ),
    blocks_lock=False,
    scope=PROJECT_SCOPE,
    check=check,
)
