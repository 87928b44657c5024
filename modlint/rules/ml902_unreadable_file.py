"""ML902 unreadable-file: a file that cannot be read or decoded."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modlint.model import FILE_SCOPE, Diagnostic, Rule

if TYPE_CHECKING:
    from modlint.model import Project


def check(project: Project) -> Iterator[Diagnostic]:
    """One diagnostic at line 1 of each file that cannot be read or decoded."""
    for path, facts in project.files.items():
        if facts.unreadable is not None:
            problem = facts.unreadable
            yield Diagnostic(path, 1, 1, RULE.code, problem.message)


RULE = Rule(
    code="ML902",
    name="unreadable-file",
    summary="A file cannot be read, or is not valid in its declared encoding (UTF-8 by default).",
    what_it_does=(
        "Reports, at line 1, a file that cannot be read, or whose bytes are not valid in its "
        "declared encoding (UTF-8 without a coding line); the message says which byte is wrong "
        "and where. Every other file is still checked."
    ),
    why_bad=(
        "A file that cannot be read or decoded is as invisible to modlint as to Python's "
        "import system: its dependencies go unchecked until it is fixed or excluded."
    ),
    example="# a file saved as Latin-1 without a coding line:\nname = 'caf\\xe9'",
    use_instead="# the same file saved as UTF-8\nname = 'café'",
    scope=FILE_SCOPE,
    check=check,
)
