"""Baselines: the violations a team accepts for now, recorded by fingerprints that survive line
moves (code, path from the project root, message, occurrence: as the GitLab report's), so that
only new violations are reported and entries that no longer occur are listed.

The baseline file is project input: whatever it holds, reading it either gives a Baseline or
raises a UsageError naming the file and what was expected.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from modlint.discovery import Unread, read_regular_file
from modlint.model import Diagnostic, UsageError, fingerprint
from modlint.support import display_path, write_atomically

__all__ = [
    "Baseline",
    "Entry",
    "Filtered",
    "read_baseline",
    "without_baseline",
    "write_baseline",
]

FORMAT_VERSION = 1
MAX_SIZE = 64 * 1024 * 1024
"""Bytes: a larger baseline file is refused (it would record a million violations)."""


@dataclass(frozen=True)
class Entry:
    """One accepted violation: its fingerprint and, for people, what it was."""

    fingerprint: str
    code: str
    path: str
    message: str


@dataclass(frozen=True)
class Baseline:
    """The entries of a baseline file."""

    path: Path
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Filtered:
    """The diagnostics the baseline does not cover, and its entries that no longer occur."""

    diagnostics: tuple[Diagnostic, ...]
    stale: tuple[Entry, ...]


def _relative(path: Path, root: Path) -> str:
    """``path`` from the project root with forward slashes (the same from any folder)."""
    return os.path.relpath(path, root).replace(os.sep, "/")


def fingerprinted(diagnostics: Iterable[Diagnostic], root: Path) -> list[Entry]:
    """An entry per diagnostic, in their order; identical findings in one file are told
    apart by their order, as in the GitLab report."""
    seen: Counter[tuple[str, str, str]] = Counter()
    entries = []
    for d in diagnostics:
        key = (d.code, _relative(d.path, root), d.message)
        entries.append(Entry(fingerprint(*key, seen[key]), *key))
        seen[key] += 1
    return entries


def baseline_document(diagnostics: Iterable[Diagnostic], root: Path) -> bytes:
    """The baseline file recording ``diagnostics`` (sorted: by path, line and column)."""
    document = {
        "version": FORMAT_VERSION,
        "violations": [
            {"fingerprint": e.fingerprint, "code": e.code, "path": e.path, "message": e.message}
            for e in fingerprinted(sorted(diagnostics), root)
        ],
    }
    return (json.dumps(document, indent=2, ensure_ascii=True) + "\n").encode("ascii")


def write_baseline(
    path: Path, diagnostics: Iterable[Diagnostic], root: Path, within: Path | None = None
) -> None:
    """Write the baseline file atomically, never to a file outside ``within``; UsageError
    when it cannot be written."""
    try:
        write_atomically(path, baseline_document(diagnostics, root), within)
    except OSError as error:
        raise UsageError(
            f"cannot write baseline file {display_path(path)}: {error.strerror or error}"
        ) from None


def read_baseline(path: Path) -> Baseline:
    """The baseline file at ``path``; UsageError saying what is wrong with it."""
    shown = f"baseline file {display_path(path)}"
    data = read_regular_file(path, MAX_SIZE)
    if isinstance(data, Unread):
        if data.size is not None:
            raise UsageError(f"{shown}: too large ({data.size} bytes, at most {MAX_SIZE})")
        if not os.path.lexists(path):
            raise UsageError(f"{shown} does not exist (create it with --write-baseline)")
        raise UsageError(f"{shown}: {data.message}")
    try:
        document = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise UsageError(f"{shown}: not UTF-8 (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise UsageError(
            f"{shown}: not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:
        raise UsageError(f"{shown}: not valid JSON: nested too deeply") from None
    return Baseline(path, _entries(document, shown))


def _entries(document: object, shown: str) -> tuple[Entry, ...]:
    """The entries of a parsed baseline document; UsageError at the first thing amiss."""
    if not isinstance(document, dict):
        raise UsageError(f"{shown}: expected a JSON object with 'version' and 'violations'")
    if document.get("version") != FORMAT_VERSION:
        raise UsageError(f"{shown}: key 'version': expected {FORMAT_VERSION}")
    violations = document.get("violations")
    if not isinstance(violations, list):
        raise UsageError(f"{shown}: key 'violations': expected an array")
    entries = []
    for number, item in enumerate(violations):
        fields = ("fingerprint", "code", "path", "message")
        if not isinstance(item, dict) or not all(isinstance(item.get(f), str) for f in fields):
            raise UsageError(
                f"{shown}: violation {number}: expected an object with the strings "
                "'fingerprint', 'code', 'path' and 'message'"
            )
        entries.append(Entry(*(str(item[f]) for f in fields)))
    return tuple(entries)


def without_baseline(
    diagnostics: Sequence[Diagnostic], baseline: Baseline, root: Path, paths: Sequence[Path] = ()
) -> Filtered:
    """The diagnostics the baseline does not record, and the entries (of files under
    ``paths``, all when empty) that match no diagnostic any more."""
    recorded = Counter(entry.fingerprint for entry in baseline.entries)
    kept = []
    for diagnostic, entry in zip(diagnostics, fingerprinted(diagnostics, root)):
        if recorded[entry.fingerprint]:
            recorded[entry.fingerprint] -= 1
        else:
            kept.append(diagnostic)
    shown = [_relative(path, root) for path in paths]
    stale = []
    for entry in baseline.entries:
        if recorded[entry.fingerprint] and _under(entry.path, shown):
            recorded[entry.fingerprint] -= 1
            stale.append(entry)
    return Filtered(tuple(kept), tuple(stale))


def _under(path: str, shown: Sequence[str]) -> bool:
    return not shown or any(
        given == "." or path == given or path.startswith(given + "/") for given in shown
    )
