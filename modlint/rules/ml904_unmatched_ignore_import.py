"""ML904 unmatched-ignore-import: an `ignore-imports` entry that matches no import."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modlint.model import PROJECT_SCOPE, Diagnostic, Rule

if TYPE_CHECKING:
    from modlint.model import Project


def check(project: Project) -> Iterator[Diagnostic]:
    """One diagnostic per `ignore-imports` entry that matches no import of the project, at
    the entry in the configuration file."""
    for entry in project.unmatched_ignores():
        yield Diagnostic(
            path=project.config.file,
            line=entry.line,
            column=entry.column,
            code=RULE.code,
            message=f"ignore-imports entry '{entry.text}' matches no import",
            end_column=entry.column + len(entry.text) + 2,
        )


RULE = Rule(
    code="ML904",
    name="unmatched-ignore-import",
    summary="An `ignore-imports` entry matches no import.",
    what_it_does=(
        "Reports an `ignore-imports` entry that matches no import of the project, at the "
        "entry in the configuration file. An entry `importer -> imported` matches an import "
        "when the importing file's dotted name matches `importer` and the imported dotted "
        "name (for a third-party or standard-library import, its top-level name) matches "
        "`imported`; `*` stands for exactly one segment, `**` for one or more, and a name "
        "never matches its submodules."
    ),
    why_bad=(
        "An entry whose import is gone (moved, renamed, fixed) silently allows that import "
        "again the day it comes back, and stale entries pile up until nobody knows which "
        "exceptions are real."
    ),
    example='ignore-imports = [\n    "shop.infra.db -> shop.api.views",  # the import is gone\n]',
    use_instead="ignore-imports = []",
    options=(
        "`ignore-imports`: `importer -> imported` entries, import-linter's syntax.",
        "`type-checking-imports`: `false` leaves imports under `if TYPE_CHECKING:` out, so "
        "they match no entry either.",
    ),
    example_language="toml",
    scope=PROJECT_SCOPE,
    check=check,
)
