"""The lock table and status lines of reStructuredText files: markers are comments, the table
is a simple table (written and read here, without docutils)."""

from __future__ import annotations

import re
import unicodedata

from modlint.docs.expected import ModuleStatus
from modlint.docs.table import Markers, Row, collapsed, marker_pair, module_key
from modlint.model import parse_version

START = ".. modlint:lock-table:start"
END = ".. modlint:lock-table:end"
HEADERS = ("Module", "Tier", "Level", "Version", "Description")
_KEYS = ("module", "tier", "level", "version", "description")
_BORDER = re.compile(r"^=+(?: +=+)*\s*$")
_LEVEL_WORD = re.compile(r"\b(locked|stable|development)\b", re.IGNORECASE)
# Inline markup starts and ends at these: escaped, a cell shows exactly its text.
_SPECIAL = re.compile(r"[\\*`|:<>\[\]]|_(?![^\W_])|(?<![^\W_])_")
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_NO_VERSION = {"", "—", "–", "-", "n/a", "none"}


def _is_marker(line: str, marker: str) -> bool:
    body = line.rstrip("\r\n")
    return body == marker or (body.startswith(marker) and body[len(marker)].isspace())


def _literal_lines(lines: list[str]) -> set[int]:
    """Lines of quoted literal blocks: unindented lines right after a paragraph ending in
    ``::`` (indented literal blocks and directive bodies never start at column 0)."""
    found: set[int] = set()
    after_colons = False
    index = 0
    while index < len(lines):
        body = lines[index].rstrip("\r\n")
        if body.strip() and after_colons and not body[0].isspace():
            while index < len(lines) and lines[index].strip():
                found.add(index)
                index += 1
            after_colons = False
            continue
        if body.strip():
            after_colons = body.rstrip().endswith("::")
        index += 1
    return found


def find_markers(lines: list[str]) -> Markers | None:
    """The table's markers (comment lines at column 0, never in an example); None when the
    file has neither, MarkerError when they are wrong."""
    literal = _literal_lines(lines)
    starts = [i for i, line in enumerate(lines) if i not in literal and _is_marker(line, START)]
    ends = [i for i, line in enumerate(lines) if i not in literal and _is_marker(line, END)]
    if not starts and not ends:
        return None
    return marker_pair(starts, ends, START, END)


def width(text: str) -> int:
    """Columns ``text`` takes in a monospaced editor (wide characters count two), as docutils
    measures table cells."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _sliced(line: str, start: int, end: int | None) -> str:
    """The characters of ``line`` between display columns ``start`` and ``end``."""
    out, column = [], 0
    for character in line:
        if column >= start and (end is None or column < end):
            out.append(character)
        column += width(character)
    return "".join(out)


def escaped(text: str) -> str:
    """``text`` as rST inline source that shows exactly ``text``."""
    return _SPECIAL.sub(r"\\\g<0>", text)


def read_cell(cell: str) -> str:
    """What a cell says: backslash escapes undone, whitespace collapsed."""
    return collapsed(_ESCAPE.sub(r"\g<1>", cell))


def _columns(border: str) -> list[tuple[int, int | None]]:
    spans = [(m.start(), m.end()) for m in re.finditer("=+", border.rstrip())]
    # The last column runs to the end of the line, as in docutils' simple tables.
    return [
        (start, spans[i + 1][0] if i + 1 < len(spans) else None)
        for i, (start, _) in enumerate(spans)
    ]


def read_rows(lines: list[str], markers: Markers) -> list[Row]:
    """The rows of the simple table between the markers (first border, header, border, rows,
    border), whatever the column order."""
    borders = [i for i in range(markers.start + 1, markers.end) if _BORDER.match(lines[i])]
    if len(borders) < 2:
        return []
    columns = _columns(lines[borders[0]].rstrip("\r\n"))
    header_line = lines[borders[0] + 1].rstrip("\r\n")
    names = [read_cell(_sliced(header_line, a, b)).lower() for a, b in columns]
    keys = [key if key in _KEYS else None for key in names]
    last = borders[2] if len(borders) > 2 else markers.end
    rows = []
    for index in range(borders[1] + 1, last):
        line = lines[index].rstrip("\r\n")
        if not line.strip() or line[0].isspace():
            continue
        values = {k: read_cell(_sliced(line, a, b)) for k, (a, b) in zip(keys, columns) if k}
        if "module" not in values:
            continue
        level = _LEVEL_WORD.search(values.get("level", ""))
        version = values.get("version")
        rows.append(
            Row(
                line=index + 1,
                module=module_key(values["module"]),
                tier=values["tier"].lower() if "tier" in values else None,
                level=level.group(1).lower() if level else None,
                version=_version(version) if version is not None else None,
                description=values.get("description"),
            )
        )
    return rows


def _version(text: str) -> str | None:
    text = text.strip("`").lstrip("vV")
    if text.lower() in _NO_VERSION:
        return None
    parsed = parse_version(text)
    return str(parsed) if parsed else text


def render_table(
    statuses: list[ModuleStatus], descriptions: dict[str, str], newline: str
) -> list[str]:
    """The table's lines as an rST simple table, a blank line around it (rST needs one
    between a comment and a table)."""
    rows = [list(HEADERS)]
    for status in statuses:
        description = status.description or descriptions.get(status.module, "")
        rows.append(
            [
                escaped(collapsed(status.label)),
                escaped(collapsed(status.tier.capitalize())),
                status.level_text,
                status.version or "—",
                escaped(collapsed(description)),
            ]
        )
    widths = [max(width(row[i]) for row in rows) for i in range(len(HEADERS))]
    border = "  ".join("=" * w for w in widths)

    def line(cells: list[str]) -> str:
        padded = [c + " " * (w - width(c)) for c, w in zip(cells[:-1], widths)]
        return "  ".join([*padded, cells[-1]]).rstrip() + newline

    body = [line(row) for row in rows[1:]]
    return [
        newline,
        border + newline,
        line(rows[0]),
        border + newline,
        *body,
        border + newline,
        newline,
    ]


_STATUS = re.compile(r"^(?:[*]{1,2})?status(?:[*]{1,2})?\s*:", re.IGNORECASE)
_UNDERLINE = re.compile(r"^([!-/:-@\[-`{-~])\1*\s*$")


def status_line(lines: list[str]) -> int | None:
    """The 0-based index of the first prose line (column 0, not a comment, directive or
    example) that starts with ``Status:``."""
    literal = _literal_lines(lines)
    return next(
        (
            i
            for i, line in enumerate(lines)
            if i not in literal and not line.startswith("..") and _STATUS.match(line)
        ),
        None,
    )


def first_heading_end(lines: list[str]) -> int | None:
    """The 0-based index of the underline of the first section title, if any."""
    for index in range(1, len(lines)):
        text = lines[index - 1].rstrip("\r\n")
        under = lines[index].rstrip("\r\n")
        if (
            text.strip()
            and not text[0].isspace()
            and not _UNDERLINE.match(text)
            and _UNDERLINE.match(under)
            and width(under.rstrip()) >= width(text.rstrip())
        ):
            return index
    return None
