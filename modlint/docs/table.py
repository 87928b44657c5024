"""The lock table between its markers: finding it, reading it tolerantly, writing it anew."""

from __future__ import annotations

import re
from dataclasses import dataclass

from modlint.docs.expected import ModuleStatus
from modlint.docs.markdown import Block, top_level_html
from modlint.model import parse_version

START = "<!-- modlint:lock-table:start -->"
END = "<!-- modlint:lock-table:end -->"
HEADER = "| Module | Tier | Level | Version | Description |"
SEPARATOR = "| --- | --- | --- | --- | --- |"

_COLUMNS = {
    "module": "module",
    "modules": "module",
    "name": "module",
    "folder": "module",
    "tier": "tier",
    "layer": "tier",
    "level": "level",
    "status": "level",
    "lock": "level",
    "lock level": "level",
    "version": "version",
    "description": "description",
    "purpose": "description",
    "summary": "description",
}
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_SEPARATOR_CELL = re.compile(r"^:?-+:?$")
_LEVEL_WORD = re.compile(r"\b(locked|stable|development)\b", re.IGNORECASE)
_NO_VERSION = {"", "—", "–", "-", "n/a", "none"}
# What has a meaning in a table cell: escapes, code, emphasis and strikethrough, links,
# autolinks and HTML, cell borders, GitHub's math; an ampersand only where it starts an entity.
_SPECIAL = re.compile(r"[\\`*_~\[\]<|$]|&(?=#?[A-Za-z0-9]+;)")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_EMPHASIS_DEPTH = 3
"""Emphasis around emphasis (``***x***``, ``**_x_**``) is read; deeper nesting is text."""
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?!\s)(.*\S)\1", re.DOTALL)


@dataclass(frozen=True)
class Markers:
    """0-based indexes of the start and end marker lines."""

    start: int
    end: int


class MarkerError(Exception):
    """Markers that cannot be trusted (duplicated, unpaired, out of order): never rewritten."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def _marker_blocks(text: str, marker: str) -> list[Block]:
    # A marker starts a top-level HTML block (a line of its own, up to three spaces in, words
    # may follow it): the same comment in code, in inline code, in a prose line, in a quote or
    # a list item is an example of one.
    return [block for block in top_level_html(text) if block.content.lstrip().startswith(marker)]


def marker_pair(starts: list[int], ends: list[int], start: str, end: str) -> Markers:
    """The one pair of lock-table markers among the 0-based lines holding ``start`` and
    ``end`` markers; MarkerError for a duplicated, missing or misordered one."""
    for found, name in ((starts, "start"), (ends, "end")):
        if len(found) > 1:
            raise MarkerError(
                found[1] + 1,
                f"duplicate lock-table {name} marker (the first is "
                f"on line {found[0] + 1}); keep one pair of markers",
            )
    if not starts:
        raise MarkerError(ends[0] + 1, f"lock-table end marker without a start marker {start}")
    if not ends:
        raise MarkerError(starts[0] + 1, f"lock-table start marker without an end marker {end}")
    if ends[0] < starts[0]:
        raise MarkerError(
            ends[0] + 1,
            f"lock-table end marker comes before the start marker (line {starts[0] + 1})",
        )
    return Markers(starts[0], ends[0])


def find_markers(text: str) -> Markers | None:
    """The table's markers; None when the file has neither, MarkerError when they are wrong."""
    start_blocks = _marker_blocks(text, START)
    starts = [block.start for block in start_blocks]
    ends = [block.start for block in _marker_blocks(text, END)]
    if not starts and not ends:
        return None
    if not ends and any(END in block.content for block in start_blocks):
        raise MarkerError(
            starts[0] + 1,
            f"the lock-table end marker {END} must start a line of its own, below the start marker",
        )
    return marker_pair(starts, ends, START, END)


@dataclass(frozen=True)
class Row:
    """One row of the table as a person wrote it, its cells read as plain text and normalised
    for comparison (see ``read_cell``)."""

    line: int
    module: str
    tier: str | None
    level: str | None
    version: str | None
    description: str | None


def _cells(line: str) -> list[str]:
    # GFM splits a row at every pipe not preceded by a backslash, also inside code spans.
    cells = [cell.strip() for cell in _CELL_SPLIT.split(line.strip())]
    if cells and cells[0] == "":
        cells = cells[1:]
    if cells and cells[-1] == "":
        cells = cells[:-1]
    return cells


def collapsed(text: str) -> str:
    """``text`` with each run of whitespace (newlines too) as one space, none at the ends:
    what a table cell can hold."""
    return " ".join(text.split())


def escaped(text: str) -> str:
    """``text`` as Markdown inline source that renders as exactly ``text`` in a table cell:
    every character with a meaning there is backslash-escaped."""
    return _SPECIAL.sub(r"\\\g<0>", text)


def _unescaped(text: str) -> str:
    return _ESCAPE.sub(r"\g<1>", text)


def _code_span(text: str) -> str | None:
    run = len(text) - len(text.lstrip("`"))
    if run == 0 or len(text) <= 2 * run or not text.endswith("`" * run) or text[-run - 1] == "`":
        return None
    inner = text[run:-run]
    if any(len(found) == run for found in re.findall("`+", inner)):
        return None
    inner = inner.replace("\\|", "|")  # the only escape GFM reads in a code span in a table
    if inner.startswith(" ") and inner.endswith(" ") and inner.strip(" "):
        inner = inner[1:-1]
    return inner


def read_cell(cell: str) -> str:
    """What a cell says, as plain text: a code span or emphasis around the whole cell
    removed, backslash escapes undone, whitespace collapsed; the inverse of
    ``escaped(collapsed(text))`` and of ``code_cell``."""
    text = cell.strip()
    for _ in range(_EMPHASIS_DEPTH):
        code = _code_span(text)
        if code is not None:
            return collapsed(code)
        emphasis = _EMPHASIS.fullmatch(text)
        if emphasis is None:
            break
        text = emphasis.group(2)
    return collapsed(_unescaped(text))


def code_cell(text: str) -> str:
    """``text`` as a code span where one shows it exactly, else as escaped text."""
    text = collapsed(text)
    if "`" in text or "\\" in text or not text:
        return escaped(text)
    return "`" + text.replace("|", "\\|") + "`"


def module_key(text: str) -> str:
    """A module cell's text as modules are matched: without ``./`` or a final ``/``."""
    return text[2:].rstrip("/") if text.startswith("./") else text.rstrip("/")


def _version(cell: str) -> str | None:
    text = read_cell(cell).strip("`").lstrip("vV")
    if text.lower() in _NO_VERSION:
        return None
    parsed = parse_version(text)
    return str(parsed) if parsed else text


def read_rows(lines: list[str], markers: Markers) -> list[Row]:
    """The rows between the markers, whatever the column order, spacing or backticks."""
    header: list[str | None] | None = None
    rows = []
    for index in range(markers.start + 1, markers.end):
        if "|" not in lines[index]:
            continue
        cells = _cells(lines[index])
        if header is None:
            header = [_COLUMNS.get(read_cell(cell).strip("*_ ").lower()) for cell in cells]
            continue
        if cells and all(_SEPARATOR_CELL.match(cell.replace(" ", "")) for cell in cells):
            continue
        values = {key: cell for key, cell in zip(header, cells) if key}
        if "module" not in values:
            continue
        level = _LEVEL_WORD.search(read_cell(values.get("level", "")))
        rows.append(
            Row(
                line=index + 1,
                module=module_key(read_cell(values["module"])),
                tier=read_cell(values["tier"]).lower() if "tier" in values else None,
                level=level.group(1).lower() if level else None,
                version=_version(values["version"]) if "version" in values else None,
                description=read_cell(values["description"]) if "description" in values else None,
            )
        )
    return rows


def render_table(
    statuses: list[ModuleStatus], descriptions: dict[str, str], newline: str
) -> list[str]:
    """The table's lines; ``descriptions`` fills in what the configuration leaves empty."""
    lines = [HEADER + newline, SEPARATOR + newline]
    for status in statuses:
        description = status.description or descriptions.get(status.module, "")
        cells = [
            code_cell(status.label),
            escaped(collapsed(status.tier.capitalize())),
            status.level_text,
            status.version or "—",
            escaped(collapsed(description)),
        ]
        lines.append("| " + " | ".join(cells) + " |" + newline)
    return lines
