"""ML205 insufficient-coverage: a module's line coverage below its level's `min-coverage`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modlint.model import PROJECT_SCOPE, Diagnostic, Rule

if TYPE_CHECKING:
    from modlint.model import Project


def _percent(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def check(project: Project) -> Iterator[Diagnostic]:
    """One diagnostic per module whose files' line coverage in the report is below the
    `min-coverage` of its effective level, at its table in the configuration."""
    report = project.coverage
    if report is None:
        return
    config = project.config
    minimum = dict(config.min_coverage)
    totals: dict[str, list[int]] = {}
    for path, coverage in report.files.items():
        owner = project.module_of_file.get(path)
        if owner is not None:
            total = totals.setdefault(owner, [0, 0])
            total[0] += coverage.covered
            total[1] += coverage.statements
    for module in config.modules:
        level = project.level(module.name)
        covered, statements = totals.get(module.name, (0, 0))
        if level not in minimum or statements == 0:
            continue
        measured = 100.0 * covered / statements
        if measured < minimum[level]:
            yield Diagnostic(
                config.file,
                module.lines.get("", 1),
                1,
                RULE.code,
                f"{level} module '{module.name}' has {_percent(measured)}% line coverage "
                f"({covered} of {statements} statements in {report.path.name}), below the "
                f"{_percent(minimum[level])}% its level requires",
            )


RULE = Rule(
    code="ML205",
    name="insufficient-coverage",
    summary="A module's line coverage is below its level's `min-coverage` (off unless selected).",
    what_it_does=(
        "Reads the coverage report of your own test run (coverage.py's `coverage json`, or "
        "Cobertura `coverage.xml`) and reports each module whose files' line coverage is "
        "below the `min-coverage` of its level, at the module's table in the configuration. "
        "No code is run. Without a report it prints a one-line notice and reports nothing; "
        "modules none of whose files are in the report are not judged."
    ),
    why_bad=(
        "The locking strategy asks of locked modules comprehensive tests and of stable ones "
        "good coverage. A module locked with little coverage freezes an API whose behaviour "
        "nothing pins down."
    ),
    example=(
        "# [tool.modlint.levels.locked]  min-coverage = 90\n"
        "# coverage.json: auth/ 412 of 530 statements covered (77.7%)"
    ),
    use_instead=("# tests added for auth/: 501 of 530 statements covered (94.5%)"),
    options=(
        "`levels`: `[tool.modlint.levels.locked] min-coverage = 90` (also `.stable`, "
        "`.development`), a percentage.",
        "`coverage-report`: the report's path (default `coverage.json`, else `coverage.xml`).",
    ),
    default_enabled=False,
    blocks_lock=False,
    needs_coverage=True,
    scope=PROJECT_SCOPE,
    check=check,
)
