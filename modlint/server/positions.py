"""Positions in the client's units (UTF-8, UTF-16 or UTF-32 code units) from the code points
diagnostics count in, without walking a line character by character when it is ASCII."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from lsprotocol import types

Units = Callable[[str], int]
"""The number of the client's code units a text takes."""


@dataclass(frozen=True)
class TextLines:
    """What converting positions needs of a text: each line's length in code points (line
    ends included), and the text of each line that is not ASCII, by 0-based line number."""

    lengths: tuple[int, ...]
    wide: Mapping[int, str]


def split_lines(text: str) -> list[str]:
    """The lines of ``text``, line ends kept, broken only where the protocol and Python break
    them: at ``\\n``, ``\\r\\n`` and ``\\r``."""
    # Not str.splitlines (nor pygls' document lines, made with it): it also breaks at a form
    # feed, U+2028 and others, which then shift every position after them in the file.
    return io.StringIO(text, newline="").readlines()


def text_lines(lines: Sequence[str]) -> TextLines:
    """The ``TextLines`` of a text split into ``lines`` (line ends kept)."""
    wide = {number: line for number, line in enumerate(lines) if not line.isascii()}
    return TextLines(tuple(map(len, lines)), wide)


def client_position(lines: TextLines, line: int, column: int, units: Units) -> types.Position:
    """The 0-based ``line`` and code-point ``column`` in the client's units; a column past
    the line's end is its end, and a line past the text is the position after the text (as
    pygls' own position codec counts)."""
    if not 0 <= line < len(lines.lengths):
        return types.Position(line=len(lines.lengths), character=0)
    text = lines.wide.get(line)
    if text is None:  # in ASCII every encoding takes one unit for each code point
        return types.Position(line=line, character=min(max(column, 0), lines.lengths[line]))
    return types.Position(line=line, character=units(text[:column]))


def client_range(
    lines: TextLines, start: tuple[int, int], end: tuple[int, int], units: Units
) -> types.Range:
    """The range from ``start`` to ``end`` (0-based line, code-point column) in the client's
    units."""
    return types.Range(
        start=client_position(lines, *start, units), end=client_position(lines, *end, units)
    )


def line_key(lines: TextLines | None, line: int) -> object:
    """What the client position of a column on the 0-based ``line`` depends on: the line's
    text when it is not ASCII, else its length (a line past the text: the text's length in
    lines, negated; None when positions stay in code points)."""
    if lines is None or not lines.lengths:
        return None
    if not 0 <= line < len(lines.lengths):
        return -len(lines.lengths) - 1
    return lines.wide.get(line, lines.lengths[line])
