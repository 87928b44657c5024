"""ML903 unused-noqa: a `# noqa: ML…` directive that suppresses nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator

from modlint.model import (
    SAFE,
    Diagnostic,
    Edit,
    Fix,
    Project,
    Rule,
    SuppressionOutcome,
    source_lines,
)

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


_HEAD = re.compile(r"#\s*(?:modlint\s*:\s*)?noqa\s*:[,\s]*", re.IGNORECASE)
_CODE = r"[A-Z]+[0-9]+(?![A-Za-z0-9])"
_CODES = re.compile(rf"{_CODE}(?:[,\s]+{_CODE})*")


def fix(diagnostic: Diagnostic, text: str, project: Project) -> Fix | None:
    """Remove the unused codes from the directive, or the whole comment when no code stays
    (and the whole line when the comment was all it held); safe."""
    lines = source_lines(text)
    if not 1 <= diagnostic.line <= len(lines):
        return None
    line = lines[diagnostic.line - 1]
    start, end = diagnostic.column - 1, diagnostic.end_column - 1
    head = _HEAD.match(line, start, end)
    codes = _CODES.match(line, head.end(), end) if head else None
    if head is None or codes is None:
        return None
    unused = set(re.findall(r"[A-Z]+[0-9]+", diagnostic.message.partition("(")[2]))
    kept = [code for code in re.findall(r"[A-Z]+[0-9]+", codes.group()) if code not in unused]
    if kept:
        return Fix(
            f"Remove unused code{'s' if len(unused) > 1 else ''} from `noqa` directive",
            (
                Edit(
                    diagnostic.line,
                    codes.start() + 1,
                    diagnostic.line,
                    codes.end() + 1,
                    ", ".join(kept),
                ),
            ),
        )
    before = line[:start].rstrip(" \t")
    if not before:
        edit = Edit(diagnostic.line, 1, diagnostic.line + 1, 1, "")
    else:
        edit = Edit(diagnostic.line, len(before) + 1, diagnostic.line, end + 1, "")
    return Fix("Remove unused `noqa` directive", (edit,))


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
    fix=fix,
    fix_applicability=SAFE,
)
