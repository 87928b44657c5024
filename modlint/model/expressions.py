"""import-linter's module expressions: dotted names where `*` stands for exactly one segment and
`**` for one or more (never zero); a name never matches its submodules implicitly."""

from __future__ import annotations


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


def matches_expression(expression: str, name: str) -> bool:
    """Whether the dotted ``name`` is one that ``expression`` stands for."""
    # Segment by segment in O(segments^2), where a regular expression with several `**`
    # could backtrack for a long time on a hostile configuration.
    pattern, parts = expression.split("."), name.split(".")
    # reachable[j]: the first i pattern segments can match the first j name segments.
    reachable = [True] + [False] * len(parts)
    for segment in pattern:
        following = [False] * (len(parts) + 1)
        for j in range(len(parts)):
            if not reachable[j]:
                continue
            if segment == "**":
                for end in range(j + 1, len(parts) + 1):
                    following[end] = True
                break  # every later end is covered by the earliest reachable j
            if segment == "*" or segment == parts[j]:
                following[j + 1] = True
        reachable = following
    return reachable[-1]
