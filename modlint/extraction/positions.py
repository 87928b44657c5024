"""Positions in a text as libcst counts them (1-based lines, characters) from the UTF-8 byte
offsets that CPython's parser reports."""

from __future__ import annotations

import re
from itertools import accumulate
from typing import Any

_WHITESPACE = re.compile(r"\s+")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


class Source:
    """Positions in characters (libcst's unit) from CPython's UTF-8 byte offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = _lines(text) or [""]
        self.starts = [0, *accumulate(map(len, self.lines))]

    def column(self, line: int, byte_offset: int) -> int:
        """0-based character column of a byte offset in a 1-based line."""
        text = self.lines[line - 1]
        if text.isascii():
            return byte_offset
        return len(text.encode("utf-8")[:byte_offset].decode("utf-8", errors="replace"))

    def offset(self, line: int, byte_offset: int) -> int:
        """Character offset in the whole text."""
        return self.starts[line - 1] + self.column(line, byte_offset)

    def segment(self, node: Any, parenthesized: bool = False) -> str:
        """The node's source, whitespace runs collapsed (as libcst's code_of). With
        ``parenthesized``, parentheses around the node are its own, as libcst sees them (for
        annotations and defaults, where no call or class can own them)."""
        start = self.offset(node.lineno, node.col_offset)
        end = self.offset(node.end_lineno, node.end_col_offset)
        text = self.text
        while parenthesized:
            before = len(text[:start].rstrip()) - 1
            after = len(text) - len(text[end:].lstrip())
            if before < 0 or after >= len(text) or text[before] != "(" or text[after] != ")":
                break
            start, end = before, after + 1
        return _WHITESPACE.sub(" ", text[start:end]).strip()

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        line = _bisect(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def _lines(text: str) -> list[str]:
    """The text's lines with their ends, as CPython's tokenizer ends them (at ``\\r\\n``,
    ``\\r`` or ``\\n``)."""
    if "\r" not in text:
        # ``splitlines`` also ends lines at form feeds and other separators; when it finds
        # exactly one line per newline it ended them where the tokenizer does, four times
        # faster than the regular expression.
        lines = text.splitlines(keepends=True)
        if len(lines) == text.count("\n") + (not text.endswith("\n") and bool(text)):
            return lines
    return _LINE.findall(text)


def _bisect(starts: list[int], offset: int) -> int:
    low, high = 1, len(starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if starts[middle - 1] <= offset:
            low = middle
        else:
            high = middle - 1
    return low
