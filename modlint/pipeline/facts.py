"""Stage 2 for a whole project: facts for every file, from the cache where the content is
known, extracted in parallel across the machine's cores where it is not.

Only CPython's parser runs in this process. libcst's native parser, which a hostile file can
crash, runs in worker processes (see ``modlint.pipeline.isolation``): a file that kills its
worker becomes a diagnostic and every other file is still checked.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, TypeVar

from modlint.cache import FactCache, FactChanges, StatKey, code_fingerprint
from modlint.discovery import Unread, not_regular, read_regular_file
from modlint.model import FileFacts, Problem, Project

# Extraction and its worker processes are imported where they are used: a run that reuses
# the last findings needs neither.
if TYPE_CHECKING:
    from modlint.pipeline.isolation import Crash

Item = TypeVar("Item")
Extracted = TypeVar("Extracted", FileFacts, "FileFacts | None")
Extractor = Callable[[bytes], FileFacts]

EXTRACTOR = "fast"
PARALLEL_FROM = 32
"""Below this many files to parse, starting worker processes costs more than it saves."""


def _unread(unread: Unread, limit: int) -> FileFacts:
    if unread.size is None:
        return FileFacts(unreadable=Problem(1, 1, unread.message))
    mebibytes = -(-unread.size // (1 << 20))
    return FileFacts(
        unreadable=Problem(
            1,
            1,
            (
                f"file is too large to check: {unread.size} bytes, over max-file-size "
                f"({limit} bytes); "
                f'set max-file-size = "{mebibytes}MiB" in the configuration to check it'
            ),
        )
    )


def _extract(data: bytes) -> FileFacts | None:
    """In this process: the facts from CPython's parser, or None when libcst must read it."""
    from modlint.extraction import extract_without_libcst

    return extract_without_libcst(data)


def _extract_fully(data: bytes) -> FileFacts:
    """In a worker process: the facts, from whichever parser can read the file."""
    from modlint.extraction import extract_facts

    return extract_facts(data, EXTRACTOR)


def _imports(data: bytes) -> FileFacts | None:
    """In this process: the imports-only facts from CPython's parser, or None when libcst
    must read the file."""
    from modlint.extraction import extract_imports

    return extract_imports(data)


def _imports_fully(data: bytes) -> FileFacts:
    """In a worker process: the imports-only facts, from whichever parser can read the file."""
    from modlint.extraction import extract_facts, extract_imports

    facts = extract_imports(data)
    return facts if facts is not None else _imports_of(extract_facts(data, EXTRACTOR))


def _imports_of(facts: FileFacts) -> FileFacts:
    """The facts without the module surface (definitions, ``__all__``, attribute chains)."""
    return FileFacts(
        imports=facts.imports,
        noqa=facts.noqa,
        malformed_noqa=facts.malformed_noqa,
        syntax_error=facts.syntax_error,
        unreadable=facts.unreadable,
    )


def _crashed(crash: Crash) -> FileFacts:
    return FileFacts(
        syntax_error=Problem(
            1,
            1,
            (f"the parser crashed on this file ({crash.describe()}); modlint cannot analyse it"),
        )
    )


def _in_daemon() -> bool:
    """Whether this process may not start processes of its own (flake8's workers, for one)."""
    # A process multiprocessing started has imported it: when it is not imported, this is no
    # such process, and importing it just to ask would make every run without workers (one
    # file changed) pay for the import.
    process = sys.modules.get("multiprocessing.process")
    return process is not None and bool(process.current_process().daemon)


def extract_in_parallel(contents: list[bytes], surfaces: bool = True) -> list[FileFacts]:
    """The facts of each content, in order; across processes when there are many. A content
    whose worker process crashed (twice) gets a syntax error saying so. Without
    ``surfaces``, only imports and suppression comments are extracted."""
    return [_facts(result) for result in _extract_contents(contents, surfaces)]


def _extractors(surfaces: bool) -> tuple[Callable[[bytes], FileFacts | None], Extractor]:
    """The extraction to run in this process (None where libcst must read the file) and the
    one to run in a worker process."""
    return (_extract, _extract_fully) if surfaces else (_imports, _imports_fully)


def _extract_contents(contents: list[bytes], surfaces: bool) -> list[FileFacts | Crash]:
    here, isolated = _extractors(surfaces)
    return _extract_items(contents, here, isolated)


def _read_then(
    extract: Callable[[bytes], Extracted], limit: int, path: Path
) -> FileFacts | Extracted:
    """``extract`` over the bytes of the file at ``path``, read in whichever process runs
    this; the facts saying why when it cannot be read."""
    data = read_regular_file(path, limit)
    return _unread(data, limit) if isinstance(data, Unread) else extract(data)


def _extract_items(
    items: Sequence[Item],
    here: Callable[[Item], FileFacts | None],
    isolated: Callable[[Item], FileFacts],
) -> list[FileFacts | Crash]:
    # The syntax trees are acyclic and freed by reference counting: a collection now would
    # only rescan the growing heap, again and again (half of SymPy's parse time).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _extract_without_collection(items, here, isolated)
    finally:
        if enabled:
            gc.enable()


def _extract_without_collection(
    items: Sequence[Item],
    here: Callable[[Item], FileFacts | None],
    isolated: Callable[[Item], FileFacts],
) -> list[FileFacts | Crash]:
    from modlint.pipeline.isolation import run_isolated

    if _in_daemon():
        # No worker processes can be started here: everything runs in this process, where
        # the nesting limits of ``modlint.extraction.depth`` are what keeps libcst safe.
        return [isolated(item) for item in items]
    workers = min(os.cpu_count() or 1, max(1, len(items) // PARALLEL_FROM))
    if workers >= 2:
        return run_isolated(isolated, items, workers)
    found: list[FileFacts | Crash | None] = [here(item) for item in items]
    rest = [index for index, facts in enumerate(found) if facts is None]
    for index, result in zip(rest, run_isolated(isolated, [items[i] for i in rest], 1)):
        found[index] = result
    return [result for result in found if result is not None]


def _facts(result: FileFacts | Crash) -> FileFacts:
    from modlint.pipeline.isolation import Crash

    return _crashed(result) if isinstance(result, Crash) else result


def facts_kind(surfaces: bool) -> str:
    """Which facts a run extracts: full ones, or (without ``surfaces``) imports and
    suppression comments only; each kind is cached apart."""
    return EXTRACTOR if surfaces else f"{EXTRACTOR}-imports-only"


def extract_all(
    paths: Iterable[Path],
    root: Path,
    cache_dir: Path | None,
    max_file_size: int,
    surfaces: bool = True,
) -> dict[Path, FileFacts]:
    """Facts for every path. With ``cache_dir``, a file whose size and modification time are
    unchanged is not even read, and content seen before is not parsed again. Files that are
    not regular files, or larger than ``max_file_size``, are not read. Without ``surfaces``,
    only imports and suppression comments are extracted (and cached apart from full facts)."""
    return extract_all_hashed(paths, root, cache_dir, max_file_size, surfaces)[0]


def extract_all_hashed(
    paths: Iterable[Path],
    root: Path,
    cache_dir: Path | None,
    max_file_size: int,
    surfaces: bool = True,
) -> tuple[dict[Path, FileFacts], dict[str, str]]:
    """`extract_all`'s facts, and the content hash of each file they were taken from, by
    root-relative POSIX path (none without ``cache_dir``, none for a file not read)."""
    if cache_dir is None:
        return _extracted_uncached(paths, max_file_size, surfaces), {}
    cache = FactCache.load(cache_dir, f"{facts_kind(surfaces)}:{code_fingerprint()}")
    found: dict[Path, FileFacts] = {}
    hashes: dict[str, str] = {}
    pending: list[tuple[Path, str, StatKey, str]] = []
    contents: list[bytes] = []
    prefix = len(str(root)) + 1
    for path in paths:
        name = str(path)[prefix:].replace(os.sep, "/")
        try:
            info = path.stat()
        except OSError as error:
            found[path] = FileFacts(
                unreadable=Problem(1, 1, f"cannot read file: {error.strerror or error}")
            )
            continue
        unread = not_regular(info.st_mode) or (
            Unread("too large", info.st_size) if info.st_size > max_file_size else None
        )
        if unread is not None:
            found[path] = _unread(unread, max_file_size)
            continue
        key = (info.st_mtime_ns, info.st_size, info.st_ctime_ns)
        known = cache.digest_for(name, key)
        facts = cache.facts_for(known) if known else None
        if known and facts is not None:
            found[path] = facts
            hashes[name] = known
            continue
        data = read_regular_file(path, max_file_size)
        if isinstance(data, Unread):
            found[path] = _unread(data, max_file_size)
            continue
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        hashes[name] = digest
        facts = cache.facts_for(digest)
        if facts is not None:
            cache.record(name, key, digest)
            found[path] = facts
            continue
        pending.append((path, name, key, digest))
        contents.append(data)
    for (path, name, key, digest), result in zip(pending, _extract_contents(contents, surfaces)):
        found[path] = _facts(result)
        # A crash is not cached: it may have come from outside (memory), and costs nothing new.
        if isinstance(result, FileFacts):
            cache.record(name, key, digest, result)
    cache.save(str(path)[prefix:].replace(os.sep, "/") for path in found)
    return {path: found[path] for path in sorted(found)}, hashes


def fact_changes(
    root: Path,
    changed: Mapping[str, StatKey],
    hashes: Mapping[str, str],
    cache_dir: Path,
    max_file_size: int,
    surfaces: bool,
) -> FactChanges | None:
    """What each ``changed`` file (root-relative POSIX path to its stat key now) holds now:
    its content hash, and, when its facts differ from those of the content the last run read
    (``hashes``), both facts. None when a file cannot be compared (not read last time,
    unreadable now, facts no longer cached, or only libcst can read it), and when more than
    `PARALLEL_FROM` files have new bytes: the analysis that follows parses those faster, in
    parallel. The facts cache learns each file's new stat key and the facts parsed here, so
    that an analysis neither parses them nor reads again the files whose bytes did not
    change."""
    found: dict[str, str] = {}
    contents: dict[str, bytes] = {}
    for name in changed:
        data = read_regular_file(root / name, max_file_size) if name in hashes else None
        if data is None or isinstance(data, Unread):
            return None
        found[name] = hashlib.blake2b(data, digest_size=16).hexdigest()
        if found[name] != hashes[name] and len(contents) <= PARALLEL_FROM:
            contents[name] = data
    comparable = len(contents) <= PARALLEL_FROM
    cache = FactCache.load(cache_dir, f"{facts_kind(surfaces)}:{code_fingerprint()}")
    extract = _extract if surfaces else _imports
    differing: dict[str, tuple[FileFacts, FileFacts]] = {}
    for name, key in changed.items():
        if name not in contents:
            cache.record(name, key, found[name])
            continue
        if not comparable:
            continue  # the analysis parses it, with the others left, in parallel
        facts = cache.facts_for(found[name]) or extract(contents[name])
        if facts is None:  # only libcst can read it: the analysis isolates that parser
            comparable = False
            continue
        cache.record(name, key, found[name], facts)
        before = cache.facts_for(hashes[name])
        if before is None:
            comparable = False
        elif facts != before:
            differing[name] = (before, facts)
    cache.save(hashes.keys() | found.keys())
    return FactChanges(found, differing) if comparable else None


def _extracted_uncached(
    paths: Iterable[Path], max_file_size: int, surfaces: bool
) -> dict[Path, FileFacts]:
    """Facts for every path with no cache: no ``stat`` of its own, no content hash, no
    fingerprint of modlint's code. Each file is read where it is parsed, so that this process
    never holds every file's bytes, and neither do the workers it forks (a forked worker's
    memory starts as a copy of this process's)."""
    here, isolated = _extractors(surfaces)
    paths = sorted(paths)
    found = _extract_items(
        paths,
        functools.partial(_read_then, here, max_file_size),
        functools.partial(_read_then, isolated, max_file_size),
    )
    return dict(zip(paths, map(_facts, found)))


# --- Facts kept in memory between checks of a long-running process (the language server) ---


@dataclass
class FactMemory:
    """The facts of the last check, for the next one in the same process: each file's with
    the stat key it had, each overlaid buffer's with its content, all of one kind (with or
    without surfaces), and the project built from them. Mutable on purpose: each check
    updates it."""

    surfaces: bool = False
    files: dict[Path, tuple[tuple[int, ...], FileFacts]] = field(default_factory=dict)
    buffers: dict[Path, tuple[bytes, FileFacts]] = field(default_factory=dict)
    project: Project | None = None
    """The project the last check built from these facts (its resolved imports are reused)."""

    def suited(self, surfaces: bool) -> FactMemory:
        """This memory, emptied first when it holds facts of the other kind."""
        if self.surfaces != surfaces:
            self.surfaces = surfaces
            self.files.clear()
            self.buffers.clear()
            self.project = None
        return self


def _stat_key(path: Path) -> tuple[int, ...] | None:
    """What says a file is unchanged since it was read; None when it cannot be stat'ed."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino)


def extract_remembered(
    paths: list[Path],
    root: Path,
    cache_dir: Path | None,
    max_file_size: int,
    surfaces: bool,
    memory: FactMemory,
) -> dict[Path, FileFacts]:
    """``extract_all``'s facts, taken from ``memory`` while no file's stat key has changed
    (no cache file is read then); when one has, every file goes through ``extract_all`` again
    (so the cache keeps every path), and ``memory`` is updated."""
    memory.suited(surfaces)
    # Each key is taken before the file is read: a file changed meanwhile is read again later.
    keys = {path: _stat_key(path) for path in paths}
    remembered = {path: memory.files.get(path) for path in paths}
    missing = [path for path in paths if not _same(remembered[path], keys[path])]
    if not missing:
        return {path: entry[1] for path, entry in remembered.items() if entry is not None}
    if all(keys[path] is None for path in missing):  # only files that cannot be read: no cache
        found = {path: entry[1] for path, entry in remembered.items() if entry is not None}
        found.update(extract_all(missing, root, None, max_file_size, surfaces))
        found = {path: found[path] for path in sorted(found)}
    else:
        found = extract_all(paths, root, cache_dir, max_file_size, surfaces)
    memory.files = {
        path: (key, found[path]) for path, key in keys.items() if key is not None and path in found
    }
    return found


def _same(
    remembered: tuple[tuple[int, ...], FileFacts] | None, key: tuple[int, ...] | None
) -> bool:
    return remembered is not None and key is not None and remembered[0] == key


def extract_buffers(
    buffers: Mapping[Path, bytes], surfaces: bool, memory: FactMemory | None = None
) -> dict[Path, FileFacts]:
    """The facts of each buffer's content, those of an unchanged buffer from ``memory``
    (which then holds exactly these buffers)."""
    if memory is None:
        return dict(zip(buffers, extract_in_parallel(list(buffers.values()), surfaces)))
    memory.suited(surfaces)
    kept = {
        path: entry[1]
        for path, data in buffers.items()
        if (entry := memory.buffers.get(path)) is not None and entry[0] == data
    }
    changed = [path for path in buffers if path not in kept]
    kept.update(zip(changed, extract_in_parallel([buffers[path] for path in changed], surfaces)))
    memory.buffers = {path: (buffers[path], kept[path]) for path in buffers}
    return kept
