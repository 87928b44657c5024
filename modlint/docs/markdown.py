"""The block structure of a Markdown file, as CommonMark with GFM tables parses it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@dataclass(frozen=True)
class Block:
    """One block of the file: its kind, 0-based lines [start, end), nesting depth and, for
    HTML and code blocks, its text."""

    kind: str
    start: int
    end: int
    depth: int
    content: str = ""


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Imported on first use: markdown-it costs a third of modlint's start-up otherwise.
    from markdown_it import MarkdownIt

    # Only blocks matter here: without inline parsing a long file stays quick to read.
    return MarkdownIt("commonmark").enable("table").disable("inline")


@lru_cache(maxsize=32)
def blocks(text: str) -> tuple[Block, ...]:
    """Every block of ``text`` with its line range, in document order: paragraphs, headings,
    HTML blocks, fenced and indented code, tables, quotes and list items."""
    found = []
    for token in _parser().parse(text):
        if token.map is None or token.type.endswith("_close") or token.type == "inline":
            continue
        kind = token.type[: -len("_open")] if token.type.endswith("_open") else token.type
        found.append(Block(kind, token.map[0], token.map[1], token.level, token.content))
    return tuple(found)


def top_level_html(text: str) -> list[Block]:
    """The HTML blocks outside any quote or list item (never in code, never inline)."""
    return [block for block in blocks(text) if block.kind == "html_block" and block.depth == 0]


def paragraph_lines(text: str) -> list[int]:
    """0-based indexes of the lines of top-level paragraphs, in order (never code, HTML,
    tables, or text in a quote or list item)."""
    return [
        line
        for block in blocks(text)
        if block.kind == "paragraph" and block.depth == 0
        for line in range(block.start, block.end)
    ]


def first_heading(text: str) -> Block | None:
    """The first top-level heading (ATX or setext), if any."""
    return next(
        (block for block in blocks(text) if block.kind == "heading" and block.depth == 0), None
    )
