"""The lock table between its markers: finding it, reading it tolerantly, writing it anew."""

from __future__ import annotations

import re
from dataclasses import dataclass

from modlint.docs.expected import ModuleStatus
from modlint.model import parse_version

START = "<!-- modlint:lock-table:start -->"
END = "<!-- modlint:lock-table:end -->"
HEADER = "| Module | Tier | Level | Version | Description |"
SEPARATOR = "| --- | --- | --- | --- | --- |"

_COLUMNS = {
    "module": "module", "modules": "module", "name": "module", "folder": "module",
    "tier": "tier", "layer": "tier",
    "level": "level", "status": "level", "lock": "level", "lock level": "level",
    "version": "version",
    "description": "description", "purpose": "description", "summary": "description",
}
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_SEPARATOR_CELL = re.compile(r"^:?-+:?$")
_LEVEL_WORD = re.compile(r"\b(locked|stable|development)\b", re.IGNORECASE)
_NO_VERSION = {"", "—", "–", "-", "n/a", "none"}


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


def _outside_code_blocks(lines: list[str]) -> list[int]:
    """Indexes of the lines outside fenced code blocks, where an example of the markers may
    be shown without being taken for them."""
    outside, fence = [], ""
    for index, line in enumerate(lines):
        stripped = line.strip()
        if fence:
            if stripped.startswith(fence):
                fence = ""
        elif stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
        else:
            outside.append(index)
    return outside


def find_markers(lines: list[str]) -> Markers | None:
    """The table's markers; None when the file has neither, MarkerError when they are wrong."""
    outside = _outside_code_blocks(lines)
    starts = [i for i in outside if START in lines[i]]
    ends = [i for i in outside if END in lines[i]]
    if not starts and not ends:
        return None
    for found, name in ((starts, "start"), (ends, "end")):
        if len(found) > 1:
            raise MarkerError(found[1] + 1, f"duplicate lock-table {name} marker (the first is "
                              f"on line {found[0] + 1}); keep one pair of markers")
    if not starts:
        raise MarkerError(ends[0] + 1, f"lock-table end marker without a start marker {START}")
    if not ends:
        raise MarkerError(starts[0] + 1, f"lock-table start marker without an end marker {END}")
    if ends[0] < starts[0]:
        raise MarkerError(ends[0] + 1, f"lock-table end marker comes before the start marker "
                          f"(line {starts[0] + 1})")
    return Markers(starts[0], ends[0])


@dataclass(frozen=True)
class Row:
    """One row of the table as a person wrote it, its cells normalised for comparison."""

    line: int
    module: str
    tier: str | None
    level: str | None
    version: str | None
    description: str | None


def _cells(line: str) -> list[str]:
    cells = [cell.strip() for cell in _CELL_SPLIT.split(line.strip())]
    if cells and cells[0] == "":
        cells = cells[1:]
    if cells and cells[-1] == "":
        cells = cells[:-1]
    return cells


def _version(cell: str) -> str | None:
    text = cell.strip().strip("`").lstrip("vV")
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
            header = [_COLUMNS.get(cell.strip("*_ ").lower()) for cell in cells]
            continue
        if cells and all(_SEPARATOR_CELL.match(cell.replace(" ", "")) for cell in cells):
            continue
        values = {key: cell for key, cell in zip(header, cells) if key}
        if "module" not in values:
            continue
        level = _LEVEL_WORD.search(values.get("level", ""))
        rows.append(Row(
            line=index + 1,
            module=values["module"].strip("`* ").removeprefix("./").rstrip("/"),
            tier=values["tier"].strip("`* ").lower() if "tier" in values else None,
            level=level.group(1).lower() if level else None,
            version=_version(values["version"]) if "version" in values else None,
            description=" ".join(values["description"].split()) if "description" in values
            else None,
        ))
    return rows


def render_table(statuses: list[ModuleStatus], descriptions: dict[str, str],
                 newline: str) -> list[str]:
    """The table's lines; ``descriptions`` fills in what the configuration leaves empty."""
    lines = [HEADER + newline, SEPARATOR + newline]
    for status in statuses:
        description = status.description or descriptions.get(status.module, "")
        cells = [f"`{status.label}`", status.tier.capitalize(), status.level_text,
                 status.version or "—", description.replace("|", "\\|")]
        lines.append("| " + " | ".join(cells) + " |" + newline)
    return lines
