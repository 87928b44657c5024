"""Where the docs disagree with the code, and the text that agrees with it."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from modlint.docs import rst
from modlint.docs.expected import ModuleStatus, module_statuses
from modlint.docs.markdown import first_heading, paragraph_lines
from modlint.docs.table import (
    END,
    START,
    MarkerError,
    Markers,
    Row,
    find_markers,
    read_rows,
    render_table,
)
from modlint.docs.text import ending_of, newline_of, split_lines
from modlint.model import DocFile, Project, parse_version


class DriftKind(str, Enum):
    """What a drift is about: a docs file's markers, its lock table, or a module README."""

    MARKERS = "markers"
    TABLE = "table"
    README = "readme"


MARKERS, TABLE, README = DriftKind.MARKERS, DriftKind.TABLE, DriftKind.README
_STATUS = re.compile(r"^\s*(?:[*_]{1,2})?status(?:[*_]{1,2})?\s*:", re.IGNORECASE)
_STATUS_LEVEL = re.compile(r"\b(locked|stable|development)\b(?:\s+v?(\S+))?", re.IGNORECASE)


@dataclass(frozen=True)
class Drift:
    """One disagreement between a docs file and the code, at a 1-based line."""

    kind: DriftKind
    path: Path
    line: int
    message: str


def _shown(project: Project, path: Path) -> str:
    return path.relative_to(project.config.root).as_posix()


def _row_for(status: ModuleStatus, expected: Row, rows: list[Row]) -> Row | None:
    names = {status.module, expected.module}
    return next((row for row in rows if row.module in names), None)


def _is_rst(doc: DocFile) -> bool:
    return doc.path.suffix.lower() == ".rst"


def _markers(doc: DocFile, text: str, lines: list[str]) -> Markers | None:
    return rst.find_markers(lines) if _is_rst(doc) else find_markers(text)


def _rows(doc: DocFile, lines: list[str], markers: Markers) -> list[Row]:
    return rst.read_rows(lines, markers) if _is_rst(doc) else read_rows(lines, markers)


def _rendered(
    doc: DocFile, statuses: list[ModuleStatus], descriptions: dict[str, str], newline: str
) -> list[str]:
    render = rst.render_table if _is_rst(doc) else render_table
    return render(statuses, descriptions, newline)


def _expected_rows(doc: DocFile, statuses: list[ModuleStatus]) -> list[Row]:
    # The table modlint writes, as the reader reads it: what a file's rows are compared with,
    # so that a table just written always agrees.
    rendered = _rendered(doc, statuses, {}, "\n")
    lines = ["", *rendered, ""]
    return _rows(doc, lines, Markers(0, len(lines) - 1))


def table_drift(project: Project, doc: DocFile) -> list[Drift]:
    """Every disagreement of one docs file's lock table with the code."""
    shown = _shown(project, doc.path)
    if doc.text is None:
        return [
            Drift(
                MARKERS,
                doc.path,
                1,
                f"{shown} {doc.problem}: it should hold the lock table (or leave it out of `docs`)",
            )
        ]
    lines = split_lines(doc.text)
    try:
        markers = _markers(doc, doc.text, lines)
    except MarkerError as error:
        return [Drift(MARKERS, doc.path, error.line, str(error))]
    if markers is None:
        start, end = (rst.START, rst.END) if _is_rst(doc) else (START, END)
        return [
            Drift(
                MARKERS,
                doc.path,
                1,
                f"{shown} has no lock table: add the lines {start} "
                f"and {end} where it belongs, then run `modlint docs --fix`",
            )
        ]
    rows = _rows(doc, lines, markers)
    drift: list[Drift] = []
    matched: set[int] = set()
    statuses = module_statuses(project)
    for status, expected in zip(statuses, _expected_rows(doc, statuses)):
        row = _row_for(status, expected, rows)
        if row is None:
            drift.append(
                Drift(
                    TABLE,
                    doc.path,
                    markers.end + 1,
                    f"module '{status.module}' is missing from the lock table",
                )
            )
            continue
        matched.add(row.line)
        drift += [
            Drift(TABLE, doc.path, row.line, message)
            for message in _row_disagreements(project, status, expected, row)
        ]
    seen: set[str] = set()
    for row in rows:
        if row.line not in matched:
            drift.append(
                Drift(
                    TABLE,
                    doc.path,
                    row.line,
                    f"the lock table lists '{row.module}', which is not a module"
                    if row.module not in seen
                    else f"the lock table lists '{row.module}' twice",
                )
            )
        seen.add(row.module)
    return sorted(drift, key=lambda d: d.line)


def _level_and_version(level: str | None, version: str | None) -> str:
    text = level.upper() if level else "no level"
    return f"{text} v{version}" if version else text


def _row_disagreements(
    project: Project, status: ModuleStatus, expected: Row, row: Row
) -> list[str]:
    messages = []
    version_differs = status.version_known and row.version != expected.version
    if row.level != expected.level or version_differs:
        if row.level != expected.level:
            theirs = _level_and_version(row.level, row.version if version_differs else None)
        else:
            theirs = f"v{row.version}" if row.version else "without a version"
        messages.append(
            f"'{status.module}' is {_level_and_version(status.level, status.version)} "
            f"in {status.source} but {theirs} in the lock table"
        )
    if row.tier is not None and row.tier not in (expected.tier, status.tier.lower()):
        messages.append(
            f"'{status.module}' is in the {status.tier} tier in "
            f"{project.config.file.name} but {row.tier} in the lock table"
        )
    if status.description and row.description != expected.description:
        messages.append(
            f"'{status.module}' is described as \"{status.description}\" in "
            f'{project.config.file.name} but "{row.description or ""}" in the lock '
            "table"
        )
    return messages


def fixed_table(project: Project, doc: DocFile) -> str | None:
    """``doc``'s text with the lock table rewritten from the code; None when its markers are
    missing or untrustworthy (nothing is written then)."""
    if doc.text is None:
        return None
    lines = split_lines(doc.text)
    try:
        markers = _markers(doc, doc.text, lines)
    except MarkerError:
        return None
    if markers is None:
        return None
    # A description a person wrote stays where the configuration has none.
    descriptions = {
        row.module: row.description for row in _rows(doc, lines, markers) if row.description
    }
    statuses = module_statuses(project)
    by_module = {
        s.module: descriptions.get(s.module) or descriptions.get(expected.module, "")
        for s, expected in zip(statuses, _expected_rows(doc, statuses))
    }
    table = _rendered(doc, statuses, by_module, newline_of(lines))
    if not ending_of(lines[markers.start]):
        table.insert(0, newline_of(lines))
    return "".join(lines[: markers.start + 1] + table + lines[markers.end :])


def table_section_added(project: Project, doc: DocFile) -> str | None:
    """The text of a docs file that has no lock-table markers (not broken ones: those are
    for a person to settle) with a "Module lock status" section appended: a heading, the
    markers and the lock table between them; None for any other file."""
    if doc.text is None:
        return None
    lines = split_lines(doc.text)
    try:
        markers = _markers(doc, doc.text, lines)
    except MarkerError:
        return None
    if markers is not None:
        return None
    newline = newline_of(lines)
    text = doc.text
    if lines and not ending_of(lines[-1]):
        text += newline
    if lines and lines[-1].strip():
        text += newline
    section = (
        ["Module lock status", "-" * 18, "", rst.START, "", rst.END]
        if _is_rst(doc)
        else ["## Module lock status", "", START, END]
    )
    return fixed_table(
        project, dataclasses.replace(doc, text=text + newline.join(section) + newline)
    )


def _status_line(doc: DocFile, text: str, lines: list[str]) -> int | None:
    if _is_rst(doc):
        return rst.status_line(lines)
    # Only prose: a `status:` line in a code sample, an HTML block or a quote is an example.
    return next((i for i in paragraph_lines(text) if _STATUS.match(lines[i])), None)


def readme_drift(project: Project, status: ModuleStatus, doc: DocFile) -> list[Drift]:
    """The disagreement of a module README's status line with the code, if any."""
    shown = _shown(project, doc.path)
    if doc.text is None:
        return [
            Drift(README, doc.path, 1, f"{shown} {doc.problem}: its status line cannot be checked")
        ]
    lines = split_lines(doc.text)
    index = _status_line(doc, doc.text, lines)
    if index is None:
        return [
            Drift(
                README,
                doc.path,
                1,
                f"{shown} has no status line: it should say '{status.status_line()}'",
            )
        ]
    found = _STATUS_LEVEL.search(lines[index])
    level = found.group(1).lower() if found else None
    version = found.group(2) if found and found.group(2) else None
    parsed = parse_version(version) if version else None
    same_version = (str(parsed) if parsed else version) == status.version
    if level == status.level and (same_version or not status.version_known):
        return []
    return [
        Drift(
            README,
            doc.path,
            index + 1,
            f"{shown} says '{lines[index].strip()}' but "
            f"'{status.module}' is {_level_and_version(status.level, status.version)} in "
            f"{status.source}",
        )
    ]


def fixed_readme(status: ModuleStatus, doc: DocFile) -> str | None:
    """The README with its status line corrected, or added below its first heading."""
    if doc.text is None:
        return None
    lines = split_lines(doc.text)
    newline = newline_of(lines)
    index = _status_line(doc, doc.text, lines)
    if index is not None:
        lines[index] = status.status_line() + (ending_of(lines[index]) or "")
        return "".join(lines)
    if _is_rst(doc):
        heading = rst.first_heading_end(lines)
    else:
        found = first_heading(doc.text)
        heading = None if found is None else found.end - 1
    if heading is None:
        return status.status_line() + newline + newline + "".join(lines)
    if not ending_of(lines[heading]):
        lines[heading] += newline
    blank_follows = heading + 1 < len(lines) and not lines[heading + 1].strip()
    insert = [status.status_line() + newline, newline]
    at = heading + 2 if blank_follows else heading + 1
    if not blank_follows:
        insert.insert(0, newline)
    return "".join(lines[:at] + insert + lines[at:])
