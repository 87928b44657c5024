"""The two peers' wildcard languages over dotted module names: import-linter's module
expressions (`shop.*.models`, `shop.**`) and tach's globs (`libs.*`, `libs.**`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from re import Pattern


def expression_problem(expression: str) -> str | None:
    """Why ``expression`` is not a valid import-linter module expression, or None."""
    last_wildcard = None
    for part in expression.split("."):
        if last_wildcard == "**" and part in ("*", "**"):
            return "a recursive wildcard cannot be followed by a wildcard"
        if last_wildcard == "*" and part == "**":
            return "a wildcard cannot be followed by a recursive wildcard"
        if part in ("*", "**"):
            last_wildcard = part
            continue
        if "*" in part:
            return "a wildcard can only replace a whole module"
        last_wildcard = None
    return None


def is_wildcard(expression: str) -> bool:
    """Whether an import-linter module expression holds a wildcard."""
    return "*" in expression


@cache
def expression_pattern(expression: str) -> Pattern[str]:
    """The regular expression of an import-linter module expression: `*` is one name, `**` one
    or more, and a name matches only itself (never its submodules)."""
    parts = []
    for part in expression.split("."):
        if part == "*":
            parts.append(r"[^.]+")
        elif part == "**":
            parts.append(r"[^.]+(?:\.[^.]+)*")
        else:
            parts.append(re.escape(part))
    return re.compile(r"\.".join(parts))


def expand_expression(expression: str, names: Iterable[str]) -> list[str]:
    """The names an import-linter module expression matches, sorted; a name without a wildcard
    stands for itself, whether it exists or not."""
    if not is_wildcard(expression):
        return [expression]
    pattern = expression_pattern(expression)
    return sorted(name for name in names if pattern.fullmatch(name))


def has_glob_syntax(pattern: str) -> bool:
    """Whether tach reads ``pattern`` as a glob: it holds an unescaped `*?[]{}`."""
    return any(
        character in "*?[]{}" and (index == 0 or pattern[index - 1] != "\\")
        for index, character in enumerate(pattern)
    )


@cache
def tach_glob(pattern: str) -> Pattern[str]:
    """The regular expression matching the dotted module paths a tach glob names: `*` within
    one name, `**` across names, and a trailing `.**` also the module itself."""
    path = pattern.replace(".", "/")
    if path.endswith("/**"):
        path = path[:-3] + "{,/**}"
    return re.compile(_glob_regex(path, 0, False)[0])


def tach_matches(pattern: str, module: str) -> bool:
    """Whether a tach `depends_on` / `cannot_depend_on` entry names ``module``."""
    if not has_glob_syntax(pattern):
        return pattern == module
    return tach_glob(pattern).fullmatch(module.replace(".", "/")) is not None


def _glob_regex(path: str, start: int, in_braces: bool) -> tuple[str, int]:
    """The regex of the glob ``path`` from ``start`` up to the end, or to the `,` / `}` that
    ends the alternative when ``in_braces``; with the index where it stopped (globset's rules
    with a literal separator)."""
    out = []
    index = start
    while index < len(path):
        character = path[index]
        if in_braces and character in ",}":
            break
        if character == "*" and path.startswith("**", index):
            before = path[index - 1] if index else "/"
            after = path[index + 2] if index + 2 < len(path) else "/"
            if before in "/{," and after in "/},":
                if after == "/":
                    out.append("(?:.*/)?")
                    index += 3
                else:
                    out.append(".*")
                    index += 2
                continue
            out.append("[^/]*")
            index += 2
        elif character == "*":
            out.append("[^/]*")
            index += 1
        elif character == "?":
            out.append("[^/]")
            index += 1
        elif character == "[":
            end = path.find("]", index + 2)
            if end < 0:
                out.append(re.escape(character))
                index += 1
                continue
            body = path[index + 1 : end]
            negated = body.startswith("!")
            body = body[1:] if negated else body
            out.append("[" + ("^" if negated else "") + body.replace("\\", "\\\\") + "]")
            index = end + 1
        elif character == "{":
            alternatives = []
            index += 1
            while True:
                regex, index = _glob_regex(path, index, True)
                alternatives.append(regex)
                if index >= len(path) or path[index] == "}":
                    index += 1
                    break
                index += 1  # the comma
            out.append("(?:" + "|".join(alternatives) + ")")
        elif character == "\\" and index + 1 < len(path):
            out.append(re.escape(path[index + 1]))
            index += 2
        else:
            out.append(re.escape(character))
            index += 1
    return "".join(out), index
