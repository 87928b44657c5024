"""ML007 unassigned-code: first-party code outside every module."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modlint.model import FILE_SCOPE, Diagnostic, Rule

if TYPE_CHECKING:
    from modlint.model import Project


def check(project: Project) -> Iterator[Diagnostic]:
    """One diagnostic at line 1 of each file outside every module, when `unassigned = "error"`."""
    if project.config.unassigned != "error":
        return
    for path, module in project.module_of_file.items():
        if module is None:
            yield Diagnostic(
                path=path,
                line=1,
                column=1,
                code=RULE.code,
                message="file is outside every module: add its folder to a module, or exclude it",
            )


RULE = Rule(
    code="ML007",
    name="unassigned-code",
    summary='First-party code lies outside every declared module (with `unassigned = "error"`).',
    what_it_does=(
        "Reports, at line 1, each first-party file that lies outside every module's folder, "
        'when the configuration sets `unassigned = "error"`.'
    ),
    why_bad=(
        "Code outside every module is not held to any tier or level, so dependencies can hide "
        "there. Projects that want every line to belong to the architecture turn this on and "
        "exclude scripts, tests and tooling explicitly."
    ),
    example="# helpers.py at the project root, in no module's folder\nimport datastore",
    use_instead=(
        "# tools/helpers.py, with tools/ declared as a module or excluded\nimport datastore"
    ),
    options=(
        '`unassigned`: `"error"` turns the rule on (the default, `"ignore"`, leaves such files '
        "alone).",
        "`exclude`: gitignore-style patterns of files that are not checked at all.",
    ),
    scope=FILE_SCOPE,
    check=check,
)
