"""The text edits between two versions of a file: one edit for each run of changed lines,
trimmed to the characters that differ."""

from __future__ import annotations

import difflib
import os.path
from bisect import bisect_right
from collections.abc import Sequence

from modlint.model import Edit, source_lines


def edits_between(old: str, new: str) -> tuple[Edit, ...]:
    """The edits that turn ``old`` into ``new``, in order, none overlapping; each replaces
    the smallest span of one run of changed lines (columns count characters, as
    diagnostics do)."""
    old_lines, new_lines = source_lines(old), source_lines(new)
    head = _common_head(old_lines, new_lines)
    tail = _common_head(old_lines[head:][::-1], new_lines[head:][::-1])
    starts = _starts(old_lines)
    matcher = difflib.SequenceMatcher(
        None,
        old_lines[head : len(old_lines) - tail],
        new_lines[head : len(new_lines) - tail],
        autojunk=False,
    )
    edits = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        before = "".join(old_lines[head + i1 : head + i2])
        after = "".join(new_lines[head + j1 : head + j2])
        prefix = len(os.path.commonprefix([before, after]))
        suffix = len(os.path.commonprefix([before[prefix:][::-1], after[prefix:][::-1]]))
        start = starts[head + i1] + prefix
        end = starts[head + i1] + len(before) - suffix
        edits.append(
            Edit(
                *_position(start, starts, old_lines),
                *_position(end, starts, old_lines),
                after[prefix : len(after) - suffix],
            )
        )
    return tuple(edits)


def _common_head(one: Sequence[str], other: Sequence[str]) -> int:
    """How many lines the two sequences share from their start."""
    count = 0
    for mine, theirs in zip(one, other):
        if mine != theirs:
            break
        count += 1
    return count


def _starts(lines: Sequence[str]) -> list[int]:
    """The offset where each line starts, and one past the end."""
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    return starts


def _position(offset: int, starts: Sequence[int], lines: Sequence[str]) -> tuple[int, int]:
    """The 1-based line and column of ``offset``; the end of a text without a final line
    break is the end of its last line."""
    index = bisect_right(starts, offset) - 1
    if index == len(lines) and lines and not lines[-1].endswith(("\r", "\n")):
        index -= 1
    return index + 1, offset - starts[index] + 1
