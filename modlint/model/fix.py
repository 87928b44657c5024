"""A fix: the text edits that settle one diagnostic, and how safe they are (ruff's terms)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from modlint.model.rule import SAFE


@dataclass(frozen=True, order=True)
class Edit:
    """Replace the text from 1-based (``line``, ``column``) up to, not including,
    (``end_line``, ``end_column``) with ``content``; columns count characters of the
    decoded text, as diagnostics do."""

    line: int
    column: int
    end_line: int
    end_column: int
    content: str


@dataclass(frozen=True)
class Fix:
    """The edits that settle one diagnostic, what they do, and whether the fix is safe."""

    message: str
    edits: tuple[Edit, ...]
    applicability: str = SAFE


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def source_lines(text: str) -> list[str]:
    """The lines of ``text`` with their endings, split where Python's tokenizer splits them
    (``\\r\\n``, ``\\r``, ``\\n``; never on form feeds or Unicode line separators)."""
    return _LINE.findall(text)
