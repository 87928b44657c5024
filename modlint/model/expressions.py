"""import-linter's module expressions: dotted names where `*` stands for exactly one segment and
`**` for one or more (never zero); a name never matches its submodules implicitly."""

from __future__ import annotations

import re
from functools import cache


def expression_error(expression: str) -> str | None:
    """Why ``expression`` is no module expression, or None when it is one."""
    segments = expression.split(".")
    for segment in segments:
        if segment not in ("*", "**") and not segment.isidentifier():
            if "*" in segment:
                return f"a wildcard must be a whole segment, got '{segment}'"
            return f"'{segment}' is not a Python name"
    for first, second in zip(segments, segments[1:]):
        if "*" in first and "*" in second and "**" in (first, second):
            return f"'{first}.{second}': '**' may not be next to another wildcard"
    return None


@cache
def expression_regex(expression: str) -> re.Pattern[str]:
    """The regular expression that matches exactly the dotted names ``expression`` matches."""
    parts = []
    for segment in expression.split("."):
        if segment == "*":
            parts.append(r"[^.]+")
        elif segment == "**":
            parts.append(r"[^.]+(?:\.[^.]+)*")
        else:
            parts.append(re.escape(segment))
    return re.compile(r"\.".join(parts))


def matches_expression(expression: str, name: str) -> bool:
    """Whether the dotted ``name`` is one that ``expression`` stands for."""
    return expression_regex(expression).fullmatch(name) is not None
