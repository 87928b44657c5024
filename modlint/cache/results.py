"""The results of the last run, reused while nothing it depended on has changed.

A run whose Python files all have the size and modification time they had last time, with
the same configuration, lock files, docs and selected codes, has the same diagnostics: this
is the editor's case (`modlint path/to/file.py` in a warm project), answered with one `stat`
per file instead of decoding every file's facts and running every rule.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path
from typing import Any, Callable, Iterable

from modlint.locking.atomic import write_atomically
from modlint.model import Diagnostic, Notice, __version__

RESULTS_FILE = "results.json"
Stats = dict[str, list[int]]


def file_stats(paths: Iterable[Path], root: Path) -> Stats:
    """Root-relative POSIX path to [modification time in ns, size] ([-1, -1] if unreadable)."""
    prefix = len(str(root)) + 1
    stats: Stats = {}
    for path in paths:
        try:
            stat = path.stat()
            entry = [stat.st_mtime_ns, stat.st_size]
        except OSError:
            entry = [-1, -1]
        stats[str(path)[prefix:].replace(os.sep, "/")] = entry
    return stats


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """modlint's version and the size and modification time of its own source files, so that
    a changed modlint (a new release, or a developer's edit) never reuses stale results."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.blake2b(__version__.encode(), digest_size=16)
    for path in sorted(package.rglob("*.py")):
        stat = path.stat()
        digest.update(f"{path.relative_to(package)}:{stat.st_mtime_ns}:{stat.st_size}".encode())
    return digest.hexdigest()


def inputs_digest(parts: Iterable[str], files: Iterable[Path]) -> str:
    """A hash of modlint's code, ``parts`` and the bytes of ``files`` (configuration, lock
    files, docs)."""
    digest = hashlib.blake2b(code_fingerprint().encode(), digest_size=16)
    for part in parts:
        digest.update(b"\0" + part.encode())
    for path in files:
        try:
            digest.update(b"\0" + str(path).encode() + b"\0" + path.read_bytes())
        except OSError:
            digest.update(b"\0" + str(path).encode() + b"\0missing")
    return digest.hexdigest()


def load_results(folder: Path, root: Path, inputs: str, stats: Stats,
                 wanted: Callable[[str], bool]) -> tuple[list[Diagnostic], list[Notice]] | None:
    """The last run's diagnostics and notices (those whose root-relative path is ``wanted``)
    if they still hold, else None."""
    try:
        document = json.loads((folder / RESULTS_FILE).read_bytes())
        if document["inputs"] != inputs or document["files"] != stats:
            return None
        diagnostics = [Diagnostic(root / path, line, column, code, message, end_line, end_column)
                       for path, line, column, code, message, end_line, end_column
                       in document["diagnostics"] if wanted(path)]
        notices = [Notice(root / path, line, column, message)
                   for path, line, column, message in document["notices"] if wanted(path)]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return diagnostics, notices


def save_results(folder: Path, root: Path, inputs: str, stats: Stats,
                 diagnostics: Iterable[Diagnostic], notices: Iterable[Notice]) -> None:
    """Remember this run's results for the next one (silently skipped where unwritable)."""
    prefix = len(str(root)) + 1

    def relative(path: Path) -> str:
        return str(path)[prefix:].replace(os.sep, "/")

    document: dict[str, Any] = {
        "inputs": inputs,
        "files": stats,
        "diagnostics": [[relative(d.path), d.line, d.column, d.code, d.message, d.end_line,
                         d.end_column] for d in diagnostics],
        "notices": [[relative(n.path), n.line, n.column, n.message] for n in notices],
    }
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(folder / RESULTS_FILE,
                         json.dumps(document, separators=(",", ":")).encode("utf-8"))
    except OSError:
        return
