"""Parsing suppression comments, with ruff's grammar.

``# noqa`` (blanket) or ``# noqa: ML001,ML004`` on a statement's line; ``# modlint: noqa`` or
``# modlint: noqa: ML101`` on a line of its own covers the whole file.
"""

from __future__ import annotations

import re

from modlint.model import NoqaDirective, Problem

_FILE_LEVEL = re.compile(r"#\s*modlint\s*:\s*(?P<noqa>noqa)\b", re.IGNORECASE)
_LINE_LEVEL = re.compile(r"#\s*(?:modlint\s*:\s*)?(?P<noqa>noqa)\b", re.IGNORECASE)
_CODE = re.compile(r"[A-Z]+[0-9]+")
_SEPARATOR = re.compile(r"[,\s]+")


def parse_noqa(
    comment: str, line: int, column: int, own_line: bool
) -> NoqaDirective | Problem | None:
    """The directive in ``comment`` (starting at 1-based ``column``), a Problem when its code
    list is malformed, or None when the comment holds no directive."""
    file_level = own_line and _FILE_LEVEL.search(comment) is not None
    # A file-level directive at the end of a statement acts like a plain line directive.
    match = (_FILE_LEVEL if file_level else _LINE_LEVEL).search(comment)
    if match is None:
        return None
    start = column + match.start()
    rest = comment[match.end("noqa") :]
    if not rest.lstrip(" ").startswith(":"):
        return NoqaDirective(line, start, column + len(comment), None, file_level)
    codes = _codes_after_colon(rest.lstrip(" ")[1:])
    if not codes:
        return Problem(
            line,
            start,
            "malformed noqa directive: expected a list of codes after ':' "
            "(e.g. `# noqa: ML001, ML004`); the directive is ignored",
        )
    return NoqaDirective(line, start, column + len(comment), codes, file_level)


def _codes_after_colon(text: str) -> tuple[str, ...]:
    """The leading run of codes; anything after them is a free-text reason."""
    codes: list[str] = []
    position = 0
    while True:
        separator = _SEPARATOR.match(text, position)
        if separator:
            position = separator.end()
        code = _CODE.match(text, position)
        if code is None or (code.end() < len(text) and text[code.end()].isalnum()):
            return tuple(codes)
        codes.append(code.group())
        position = code.end()
