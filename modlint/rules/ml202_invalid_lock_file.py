"""ML202 invalid-lock-file: a `.LOCKED` file that cannot be read."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modlint.model import PROJECT_SCOPE, Diagnostic, Rule

if TYPE_CHECKING:
    from modlint.model import Project


def check(project: Project) -> Iterator[Diagnostic]:
    """Each `.LOCKED` file that cannot be read, at the key or line that is wrong."""
    for record in project.locks.values():
        if record.problem is not None:
            yield Diagnostic(
                record.path,
                record.problem.line,
                record.problem.column,
                RULE.code,
                record.problem.message,
            )


RULE = Rule(
    code="ML202",
    name="invalid-lock-file",
    summary="A `.LOCKED` file is not valid TOML, lacks a key, or holds a bad version or date.",
    what_it_does=(
        "Reports a `.LOCKED` file that is not valid TOML, lacks a key, or holds a bad version "
        "or date, at the key or line that is wrong."
    ),
    why_bad=(
        "The lock file is the record of what was frozen and when. If it cannot be read the "
        "module is still locked (the file exists), but its surface cannot be checked; fix the "
        "key the message names, or re-create the file with `modlint lock`."
    ),
    example='module = "auth"\nversion = "one"\nlocked-on = 2026-11-25',
    use_instead='module = "auth"\nversion = "1.0.0"\nlocked-on = 2026-11-25\n\n[surface]\n'
    '"login" = "def login(store: Store, name: str, password: str) -> Session | None"',
    example_language="toml",
    blocks_lock=False,
    scope=PROJECT_SCOPE,
    check=check,
)
