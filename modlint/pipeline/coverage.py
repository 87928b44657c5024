"""Reading the user's coverage report (coverage.py JSON or Cobertura XML); no code is run.

The report is the project's output, so it is treated as hostile: a size limit, and an XML
report that declares a DOCTYPE (where entity expansion attacks live) is refused before parsing.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from modlint.model import Config, CoverageReport, FileCoverage, Notice
from modlint.support import display_path

MAX_SIZE = 256 * 2**20
DEFAULT_REPORTS = ("coverage.json", "coverage.xml")
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


class _Unusable(Exception):
    """The report cannot be used; the message says why."""


def report_candidates(config: Config) -> tuple[Path, ...]:
    """The files the report is looked for in, in order."""
    names = (config.coverage_report,) if config.coverage_report else DEFAULT_REPORTS
    return tuple(Path(os.path.normpath(config.root / name)) for name in names)


def read_coverage(config: Config) -> tuple[CoverageReport | None, Notice | None]:
    """The coverage report, or None and the one-line notice that says why there is none."""
    candidates = report_candidates(config)
    path = next((candidate for candidate in candidates if candidate.exists()), None)
    if path is None:
        names = " or ".join(display_path(candidate) for candidate in candidates)
        return None, Notice(
            config.file,
            1,
            1,
            f"no coverage report ({names}): run the tests with coverage "
            "(`coverage json` or `coverage xml`) for insufficient-coverage to check anything",
        )
    try:
        data = _read(path)
        files = _xml_files(data, config.root) if _is_xml(data) else _json_files(data, config.root)
    except _Unusable as unusable:
        return None, Notice(path, 1, 1, f"coverage report not used: {unusable}")
    return CoverageReport(path, files), None


def _read(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_SIZE + 1)
    except OSError as error:
        raise _Unusable(f"cannot read it: {error.strerror or error}") from None
    if len(data) > MAX_SIZE:
        raise _Unusable(f"it is larger than {MAX_SIZE // 2**20} MiB")
    return data


def _is_xml(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def _json_files(data: bytes, root: Path) -> dict[Path, FileCoverage]:
    """coverage.py's `coverage json`: ``files.NAME.summary`` with covered_lines and
    num_statements."""
    try:
        document: Any = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _Unusable("it is neither valid JSON nor XML") from None
    files = document.get("files") if isinstance(document, dict) else None
    if not isinstance(files, dict):
        raise _Unusable("it has no 'files' table (is it coverage.py's `coverage json`?)")
    found = {}
    for name, entry in files.items():
        summary = entry.get("summary") if isinstance(entry, dict) else None
        covered = summary.get("covered_lines") if isinstance(summary, dict) else None
        statements = summary.get("num_statements") if isinstance(summary, dict) else None
        if not isinstance(covered, int) or not isinstance(statements, int):
            covered = statements = None
        if covered is None or statements is None or not _counts(covered, statements):
            raise _Unusable(f"file '{name}' has no covered_lines / num_statements summary")
        found[_absolute(root, name)] = FileCoverage(covered, statements)
    return found


def _counts(covered: object, statements: object) -> bool:
    return (
        isinstance(covered, int)
        and isinstance(statements, int)
        and not isinstance(covered, bool)
        and 0 <= covered <= statements
    )


def _xml_files(data: bytes, root: Path) -> dict[Path, FileCoverage]:
    """Cobertura's `coverage.xml`: each ``class`` element's ``filename`` (relative to a
    ``source``) and its ``line`` elements with their ``hits``."""
    import xml.etree.ElementTree as ElementTree  # here: only a coverage.xml needs it

    if _DOCTYPE.search(data):
        raise _Unusable("it declares a DOCTYPE or entities, which modlint does not read")
    try:
        document = ElementTree.fromstring(data)
    except (ElementTree.ParseError, RecursionError) as error:
        raise _Unusable(f"it is not valid XML: {error}") from None
    sources = [Path(s.text.strip()) for s in document.iter("source") if s.text and s.text.strip()]
    lines: dict[Path, dict[str, bool]] = {}
    for element in document.iter("class"):
        name = element.get("filename")
        if not name:
            continue
        path = _in_sources(root, sources, name)
        seen = lines.setdefault(path, {})
        for line in element.iter("line"):
            number, hits = line.get("number", ""), line.get("hits", "0")
            seen[number] = seen.get(number, False) or (hits.isdigit() and int(hits) > 0)
    return {
        path: FileCoverage(sum(numbers.values()), len(numbers)) for path, numbers in lines.items()
    }


def _in_sources(root: Path, sources: list[Path], name: str) -> Path:
    """The file a Cobertura filename names: below the first source where it exists."""
    for source in sources:
        candidate = _absolute(root, str(source / name))
        if candidate.exists():
            return candidate
    return _absolute(root, name)


def _absolute(root: Path, name: str) -> Path:
    return Path(os.path.normpath(root / name))
