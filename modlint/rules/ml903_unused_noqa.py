"""ML903 unused-noqa: a `# noqa: ML…` directive that suppresses nothing."""

from __future__ import annotations

from collections.abc import Iterator

from modlint.model import Diagnostic, Project, Rule, SuppressionOutcome

PREFIX = "ML"
"""The codes this rule judges: modlint's own, never another tool's (E501, F401)."""


def check(project: Project, outcome: SuppressionOutcome) -> Iterator[Diagnostic]:
    """One diagnostic per `# noqa: ML…` directive with codes that suppressed nothing, run
    after every other rule and suppression."""
    for path, facts in project.files.items():
        if any(d.file_level and d.codes is None for d in facts.noqa):
            continue  # `# modlint: noqa` silences the whole file, this rule included
        for directive in facts.noqa:
            if directive.codes is None:
                continue
            suppressed = outcome.used.get((path, directive), frozenset())
            unused = [
                code
                for code in directive.codes
                if code.startswith(PREFIX) and code not in suppressed
            ]
            if not unused:
                continue
            yield Diagnostic(
                path=path,
                line=directive.line,
                column=directive.column,
                code=RULE.code,
                message=f"unused noqa directive ({_described(unused, outcome)})",
                end_column=directive.end_column,
            )


def _described(codes: list[str], outcome: SuppressionOutcome) -> str:
    """The unused codes grouped as ruff groups them: unknown, non-enabled, unused."""
    groups: dict[str, list[str]] = {"unknown": [], "non-enabled": [], "unused": []}
    for code in codes:
        if code not in outcome.known:
            groups["unknown"].append(code)
        elif code not in outcome.enabled:
            groups["non-enabled"].append(code)
        else:
            groups["unused"].append(code)
    return "; ".join(f"{kind}: {', '.join(found)}" for kind, found in groups.items() if found)


RULE = Rule(
    code="ML903",
    name="unused-noqa",
    summary="A `# noqa: ML…` directive suppresses nothing.",
    what_it_does=(
        "Reports a `# noqa: ML…` directive whose codes suppressed nothing, grouping them as "
        "`unused`, `non-enabled` (not selected in this run) or `unknown`. It runs after every "
        "other rule and suppression. Only ML codes are judged: codes of other tools (`E501`, "
        "`F401`) and a bare `# noqa` are left alone, and a `# modlint: noqa` file is skipped."
    ),
    why_bad=(
        "A suppression that no longer suppresses anything hides the next real violation on "
        "that line."
    ),
    example="from datastore import open_store  # noqa: ML001",
    use_instead="from datastore import open_store",
    options=(
        "`per-file-ignores`: turns it off for matching files (a line's `# noqa` cannot "
        "suppress it).",
        "`select`, `extend-select` and `ignore`: which codes count as enabled.",
    ),
    check_suppressions=check,
)
