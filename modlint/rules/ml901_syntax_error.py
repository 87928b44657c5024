"""ML901 syntax-error: a file that does not parse."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modlint.model import FILE_SCOPE, Diagnostic, Rule

if TYPE_CHECKING:
    from modlint.model import Project


def check(project: Project) -> Iterator[Diagnostic]:
    """One diagnostic per file that does not parse, at the error's position."""
    for path, facts in project.files.items():
        if facts.syntax_error is not None:
            problem = facts.syntax_error
            yield Diagnostic(path, problem.line, problem.column, RULE.code, problem.message)


RULE = Rule(
    code="ML901",
    name="syntax-error",
    summary="A file does not parse as Python; its imports are unknown, the rest is still checked.",
    what_it_does=(
        "Reports a file that does not parse as Python, where the running Python's compiler "
        "places the error and in its words. Every other file is still checked."
    ),
    why_bad=(
        "modlint reads imports from the syntax tree, so it cannot see the dependencies of a "
        "file that does not parse: no other rule can judge it until it is fixed or excluded."
    ),
    example="def open_store(url:\n    ...",
    use_instead="def open_store(url: str) -> Store:\n    ...",
    scope=FILE_SCOPE,
    check=check,
)
