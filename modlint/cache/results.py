"""The results of the last run, reused while nothing it depended on has changed.

A run whose Python files all have the size and modification time they had last time, with
the same configuration, lock files, docs and selected codes, has the same diagnostics: this
is the editor's case (`modlint path/to/file.py` in a warm project), answered with one `stat`
per file instead of decoding every file's facts and running every rule.
"""

from __future__ import annotations

import functools
import hashlib
import heapq
import json
import os
import stat
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

from modlint.cache.files import (
    make_folder,
    read_json,
    read_regular,
    remove_stale_temporaries,
    write_file,
)
from modlint.model import Diagnostic, Notice, __version__
from modlint.support import linked_out

RESULTS_FILE = "results.json"
Stats = dict[str, list[int]]
Tree = Sequence[tuple[str, Sequence[int]]]
"""A discovery's folders and `.gitignore` files, each with its signature."""
_LIMIT = 2**31
"""Lines and columns are 1-based and below this (the fact codec's bound; not imported from it:
the codec creates the facts' classes, which a run that reuses these results never needs)."""
StatKey = tuple[int, int, int]
"""(modification time in ns, size, status-change time in ns): a file unchanged since the last
run keeps its hash and its findings. The status-change time also moves when the file's
permissions or owner change, which can make it unreadable without touching the other two."""
Hashes = Mapping[str, str]
"""Root-relative POSIX path to the content hash of the file the last facts were taken from."""


@dataclass(frozen=True)
class FactChanges:
    """What the files whose stats changed since the last run hold now."""

    hashes: Mapping[str, str]
    """The content hash of each of them now, by root-relative POSIX path."""
    facts: Mapping[str, tuple[Any, Any]] = field(default_factory=dict)
    """The facts the last run read and the facts now of each of them whose facts differ."""


CompareFacts = Callable[[Mapping[str, StatKey], Hashes, str], Optional[FactChanges]]
"""Given the files whose stats changed (with their stat keys now), the content hashes the last
run read and the kind of facts it extracted: what those files hold now; None when that cannot
be told without analysing the project again."""


@dataclass(frozen=True)
class Revision:
    """What replaces the last run's findings of some files whose facts changed."""

    diagnostics: list[Diagnostic]
    """The changed files' diagnostics."""
    notices: list[Notice]
    """The changed files' notices, and ``shown_once``."""
    shown_once: list[Notice]
    """The notices shown once per project state, never replayed (third-party metadata)."""
    summary: Any
    """The project's totals (see `save_results`) after the change."""


Revise = Callable[[FactChanges, list[str], Hashes, list[Diagnostic], Any], Optional[Revision]]
"""Given the changes (some files' facts differ), the Python files (root-relative POSIX paths,
the same as the last run's), the content hashes the last run read, its diagnostics of the
changed files, and its totals: the findings of the changed files after the change; None
when the project must be analysed again."""
CurrentStats = Callable[[Optional[Tree], list[str]], tuple[Optional[Stats], Optional[Tree]]]
"""The stats of the project's Python files now, given the last run's tree (None when it
left none) and its files' root-relative paths; with them, a new tree to keep in place of
the last one, if the project's files had to be discovered afresh (empty when that
discovery left none to replay). No stats when no findings can be reused (a folder could not
be read)."""


def file_stats(paths: Iterable[Path], root: Path) -> Stats:
    """Root-relative POSIX path to its `StatKey` as a list ([-1, -1, -1] if unreadable)."""
    prefix = len(str(root)) + 1
    stats: Stats = {}
    for path in paths:
        try:
            stat = path.stat()
            entry = [stat.st_mtime_ns, stat.st_size, stat.st_ctime_ns]
        except OSError:
            entry = [-1, -1, -1]
        stats[str(path)[prefix:].replace(os.sep, "/")] = entry
    return stats


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """modlint's version and its own source files (see `package_fingerprint`), so that a
    changed modlint (a new release, or a developer's edit) never reuses stale results."""
    return package_fingerprint(Path(__file__).resolve().parent.parent)


def package_fingerprint(package: Path) -> str:
    """The version and the source files of the modlint package in the folder ``package``: an
    installed copy by the hashes its wheel's RECORD holds for the package's files, which a
    reinstall keeps (a CI job installs modlint afresh beside a restored cache; the RECORD's
    other lines, such as the console script naming its environment's Python, do not count),
    a source checkout by each file's size and modification time."""
    digest = hashlib.blake2b(__version__.encode(), digest_size=16)
    record = read_regular(package.parent / f"modlint-{__version__}.dist-info" / "RECORD")
    if record is not None and b"modlint/__init__.py,sha256=" in record:
        for line in record.splitlines():
            if line.startswith(b"modlint/") and b",sha256=" in line:
                digest.update(line + b"\n")
        return digest.hexdigest()
    # os.walk and os.stat on strings: a fifth of the time of Path.rglob and Path.stat, which
    # every warm run of a source checkout paid for modlint's 150 files.
    folder = str(package)
    sources = []
    for parent, _, names in os.walk(folder):
        sources += [os.path.join(parent, name) for name in names if name.endswith(".py")]
    prefix = len(folder) + 1
    for path in sorted(sources):
        stat = os.stat(path)
        digest.update(f"{path[prefix:]}:{stat.st_mtime_ns}:{stat.st_size}".encode())
    return digest.hexdigest()


def inputs_digest(parts: Iterable[str], files: Iterable[Path], root: Path) -> str:
    """A hash of modlint's code, ``parts`` and the bytes of ``files`` (configuration, lock
    files, docs), each named by its path relative to ``root``: the same project in another
    folder (a fresh clone in CI) has the same digest."""
    digest = hashlib.blake2b(code_fingerprint().encode(), digest_size=16)
    for part in parts:
        digest.update(b"\0" + part.encode())
    for path in files:
        digest.update(b"\0" + os.fsencode(os.path.relpath(path, root)) + _content(path, root))
    return digest.hexdigest()


def _content(path: Path, root: Path) -> bytes:
    """What a file holds, for a digest: its bytes, or else what it is (missing, a folder, a
    fifo, unreadable, a link out of the project ``root``, which is never read: it may lead
    to any file of the machine, of any size), so that each of those states gives another
    digest."""
    if linked_out(path, root):
        return b"\0link " + os.fsencode(os.path.realpath(path))
    data = read_regular(path)
    if data is not None:
        return b"\1" + data
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        return f"\0error {error.errno}".encode()
    return f"\0kind {stat.S_IFMT(mode)} unreadable".encode()


def load_results(
    folder: Path,
    root: Path,
    inputs: str,
    stats: Stats | CurrentStats,
    wanted: Callable[[str], bool],
    compare: CompareFacts | None = None,
    revise: Revise | None = None,
) -> tuple[list[Diagnostic], list[Notice]] | None:
    """The last run's diagnostics and notices (those whose root-relative path is ``wanted``)
    if they still hold, else None (also when the file is not what `save_results` writes:
    every entry's path is checked, and every field of the wanted entries). ``stats`` are the
    Python files' stats now, or what gives them from the last run's. They hold when every
    file has the stats it had, or, with ``compare``, when the same files are there and
    ``compare`` finds the facts of those whose stats changed unchanged; when some differ,
    ``revise`` may bring the findings up to date."""
    document = read_json(folder / RESULTS_FILE)
    if not (isinstance(document, dict) and document.get("inputs") == inputs):
        return None
    new_tree = None
    now: Stats | None = None
    if callable(stats):
        files = document.get("files")
        if not (isinstance(files, dict) and all(map(_is_path, files))):
            return None
        now, new_tree = stats(_tree(document.get("tree")), list(files))
        if now is None:
            return None
    else:
        now = stats
    rehashed = False
    shown_once: list[Notice] = []
    if document.get("files") != now:
        changes = _changes(document, now, compare)
        if changes is None:
            return None
        if changes.facts:
            revised = _revised(document, root, changes, revise)
            if revised is None:
                return None
            shown_once = revised
        hashes = document["hashes"]
        document["files"] = now
        document["hashes"] = {
            path: changes.hashes.get(path) or hashes[path]
            for path in now
            if path in changes.hashes or path in hashes
        }
        rehashed = True
    found = _decoded(document, root, wanted)
    if found is None:
        return None
    if new_tree is not None or rehashed:
        _keep(folder, document, new_tree, rehashed)
    if shown_once:
        relative = _relative_to(root)
        found[1].extend(n for n in shown_once if wanted(relative(n.path)))
        found[1].sort()
    return found


def _decoded(
    document: dict[str, Any], root: Path, wanted: Callable[[str], bool]
) -> tuple[list[Diagnostic], list[Notice]] | None:
    """The stored diagnostics and notices whose path is ``wanted``; None when an entry is not
    what `save_results` writes."""
    diagnostics = _wanted_entries(document.get("diagnostics"), wanted)
    notices = _wanted_entries(document.get("notices"), wanted)
    if not (
        diagnostics is not None
        and all(map(_is_diagnostic, diagnostics))
        and notices is not None
        and all(map(_is_notice, notices))
    ):
        return None
    absolute = _absolute(root)
    return (
        [
            Diagnostic(absolute(path), line, column, code, message, end_line, end_column)
            for path, line, column, code, message, end_line, end_column in diagnostics
        ],
        [Notice(absolute(path), line, column, message) for path, line, column, message in notices],
    )


def _absolute(root: Path) -> Callable[[str], Path]:
    """The path under ``root`` of a root-relative POSIX path, each made once in a row (a
    file's diagnostics follow each other: SymPy's 13,000 are in 1,100 files)."""
    return functools.lru_cache(maxsize=1)(root.joinpath)


def _revised(
    document: dict[str, Any], root: Path, changes: FactChanges, revise: Revise | None
) -> list[Notice] | None:
    """The notices to show only this once, when ``revise`` brought ``document``'s findings up
    to date with ``changes`` (the changed files' diagnostics and notices replaced, the totals
    updated); None when it could not."""
    changed = changes.facts.keys()
    found = _decoded(document, root, changed.__contains__)
    if revise is None or found is None:
        return None
    files, hashes, summary = list(document["files"]), document["hashes"], document.get("summary")
    revision = revise(changes, files, hashes, found[0], summary)
    if revision is None:
        return None
    relative = _relative_to(root)
    if any(relative(item.path) not in changed for item in revision.diagnostics):
        return None
    stored = [n for n in revision.notices if n not in revision.shown_once]
    if any(relative(notice.path) not in changed for notice in stored):
        return None
    diagnostics = _merged(
        document["diagnostics"], changed, _encoded_diagnostics(revision.diagnostics, root)
    )
    notices = _merged(document["notices"], changed, _encoded_notices(stored, root))
    if diagnostics is None or notices is None:
        return None
    document["diagnostics"], document["notices"] = diagnostics, notices
    document["summary"] = revision.summary
    return revision.shown_once


def _merged(
    entries: list[list[Any]], replaced: Collection[str], new: list[list[Any]]
) -> list[list[Any]] | None:
    """The stored ``entries`` (sorted, as `save_results` writes them) without those of the
    ``replaced`` paths, with the ``new`` entries of those paths in their place; None when
    the entries cannot be compared (a stored entry not of the shape `_decoded` checked)."""
    try:
        kept = [entry for entry in entries if entry[0] not in replaced]
        return list(heapq.merge(kept, sorted(new, key=_order), key=_order))
    except (TypeError, AttributeError, IndexError, KeyError):
        return None


def _order(entry: list[Any]) -> tuple[Any, ...]:
    """What sorts stored entries as their diagnostics or notices sort: by path (compared
    part by part, as paths are), then by each field."""
    return (entry[0].split("/"), *entry[1:])


_NO_PATH = object()
"""Equal to no stored path: the first entry's path is always checked."""


def _wanted_entries(entries: Any, wanted: Callable[[str], bool]) -> list[Any] | None:
    """The stored diagnostics or notices whose path is ``wanted``, for the caller to validate
    (the editor case shows a few of SymPy's 13,000); None when ``entries`` is not a list of
    lists that each start with a path. ``wanted`` is asked once per run of equal paths, as
    `save_results` writes them sorted."""
    if type(entries) is not list:
        return None
    kept = []
    last: object = _NO_PATH
    keep = False
    for entry in entries:
        if type(entry) is not list or not entry:
            return None
        path = entry[0]
        if path != last:
            if not _is_path(path):
                return None
            last, keep = path, wanted(path)
        if keep:
            kept.append(entry)
    return kept


def _changes(
    document: dict[str, Any], stats: Stats, compare: CompareFacts | None
) -> FactChanges | None:
    """What the files whose stats differ from ``document``'s hold now, when the same files
    are there (see `load_results`); None otherwise."""
    files, hashes, kind = document.get("files"), document.get("hashes"), document.get("facts")
    if not (
        compare is not None
        and isinstance(files, dict)
        and files.keys() == stats.keys()
        and type(hashes) is dict
        and all(map(_is_hash, hashes.values()))
        and type(kind) is str
    ):
        return None
    changed = {
        path: (entry[0], entry[1], entry[2])
        for path, entry in stats.items()
        if files[path] != entry
    }
    return compare(changed, hashes, kind)


def _is_hash(value: Any) -> bool:
    """A content hash as `save_results` writes them: 32 lowercase hexadecimal digits."""
    return type(value) is str and len(value) == 32 and not value.strip("0123456789abcdef")


def _keep(
    folder: Path, document: dict[str, Any], tree: Tree | None, rehashed: bool = False
) -> None:
    """Keep ``document`` when it changed: ``rehashed`` (files with new stats and the same
    facts), or a ``tree`` that differs from its own (a folder changed without changing the
    files found: a cache folder made, an editor's swap file), so that the next run can replay
    the discovery again."""
    stored = document.get("tree", []) if tree is None else _stored_tree(tree)
    if document.get("tree", []) == stored and not rehashed:
        return
    if stored:
        document["tree"] = stored
    else:  # nothing to replay
        document.pop("tree", None)
    try:
        write_file(folder / RESULTS_FILE, json.dumps(document, separators=(",", ":")).encode())
    except OSError:
        return


def _stored_tree(tree: Iterable[tuple[str, Iterable[int]]]) -> list[list[Any]]:
    """``tree`` as `save_results` writes it."""
    return [[path, list(signature)] for path, signature in tree]


def _tree(value: Any) -> Tree | None:
    """The tree `save_results` wrote, None for anything else (an empty one would hold for
    any project)."""
    if not (type(value) is list and value and all(map(_is_tree_entry, value))):
        return None
    return [(relative, signature) for relative, signature in value]


def _is_tree_entry(value: Any) -> bool:
    return (
        type(value) is list
        and len(value) == 2
        and (value[0] == "" or _is_path(value[0]))
        and type(value[1]) is list  # what it holds only has to compare unequal if wrong
    )


def _is_path(value: Any) -> bool:
    """A path inside the project, relative and POSIX, as `save_results` writes them."""
    return (
        type(value) is str
        and value != ""
        and not value.startswith("/")
        and "\0" not in value
        and ".." not in value.split("/")
    )


def _is_diagnostic(value: Any) -> bool:
    return (
        type(value) is list
        and len(value) == 7
        and _is_path(value[0])
        and type(value[1]) is int
        and 0 < value[1] < _LIMIT
        and type(value[2]) is int
        and 0 < value[2] < _LIMIT
        and type(value[3]) is str
        and type(value[4]) is str
        and type(value[5]) is int
        and 0 < value[5] < _LIMIT
        and type(value[6]) is int
        and 0 < value[6] < _LIMIT
    )


def _is_notice(value: Any) -> bool:
    return (
        type(value) is list
        and len(value) == 4
        and _is_path(value[0])
        and type(value[1]) is int
        and 0 < value[1] < _LIMIT
        and type(value[2]) is int
        and 0 < value[2] < _LIMIT
        and type(value[3]) is str
    )


def save_results(
    folder: Path,
    root: Path,
    inputs: str,
    stats: Stats,
    diagnostics: Iterable[Diagnostic],
    notices: Iterable[Notice],
    tree: Iterable[tuple[str, Iterable[int]]] | None = None,
    hashes: Hashes | None = None,
    facts_kind: str = "",
    summary: Any = None,
) -> None:
    """Remember this run's results for the next one (silently skipped where unwritable),
    with the ``tree`` of the discovery that found the files, when it can be replayed, the
    content ``hashes`` of the files whose ``facts_kind`` facts gave them, and the project's
    totals (``summary``, any JSON value: the pipeline's to read, see `Revise`)."""
    document: dict[str, Any] = {
        "inputs": inputs,
        "files": stats,
        "diagnostics": _encoded_diagnostics(diagnostics, root),
        "notices": _encoded_notices(notices, root),
    }
    if summary is not None:
        document["summary"] = summary
    if tree is not None:
        document["tree"] = _stored_tree(tree)
    if hashes:
        document["hashes"], document["facts"] = dict(hashes), facts_kind
    try:
        make_folder(folder)
        remove_stale_temporaries(folder)
        write_file(
            folder / RESULTS_FILE, json.dumps(document, separators=(",", ":")).encode("utf-8")
        )
    except OSError:
        return


def _relative_to(root: Path) -> Callable[[Path], str]:
    """The root-relative POSIX path of a path under ``root``."""
    prefix = len(str(root)) + 1
    return lambda path: str(path)[prefix:].replace(os.sep, "/")


def _encoded_diagnostics(diagnostics: Iterable[Diagnostic], root: Path) -> list[list[Any]]:
    relative = _relative_to(root)
    return [
        [relative(d.path), d.line, d.column, d.code, d.message, d.end_line, d.end_column]
        for d in diagnostics
    ]


def _encoded_notices(notices: Iterable[Notice], root: Path) -> list[list[Any]]:
    relative = _relative_to(root)
    return [[relative(n.path), n.line, n.column, n.message] for n in notices]
