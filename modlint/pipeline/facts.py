"""Stage 2 for a whole project: facts for every file, from the cache where the content is
known, extracted in parallel across the machine's cores where it is not."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Iterable

from modlint.cache import FactCache
from modlint.cache.results import code_fingerprint
from modlint.extraction import extract_facts
from modlint.model import FileFacts, Problem

EXTRACTOR = "fast"
PARALLEL_FROM = 32
"""Below this many files to parse, starting worker processes costs more than it saves."""


def _unreadable(error: OSError) -> FileFacts:
    return FileFacts(unreadable=Problem(1, 1, f"cannot read file: {error.strerror or error}"))


def _extract(data: bytes) -> FileFacts:
    return extract_facts(data, EXTRACTOR)


def extract_in_parallel(contents: list[bytes]) -> list[FileFacts]:
    """The facts of each content, in order; across processes when there are many."""
    workers = min(os.cpu_count() or 1, max(1, len(contents) // PARALLEL_FROM))
    if workers < 2:
        return [_extract(data) for data in contents]
    from concurrent.futures import ProcessPoolExecutor  # only cold runs pay for it

    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_extract, contents, chunksize=max(1, len(contents) // (workers * 8))))


def extract_all(paths: Iterable[Path], root: Path, cache_dir: Path | None) -> dict[Path, FileFacts]:
    """Facts for every path. With ``cache_dir``, a file whose size and modification time are
    unchanged is not even read, and content seen before is not parsed again."""
    settings = f"{EXTRACTOR}:{code_fingerprint()}"
    cache = FactCache.load(cache_dir, settings) if cache_dir is not None else None
    found: dict[Path, FileFacts] = {}
    pending: list[tuple[Path, str, tuple[int, int], str]] = []
    contents: list[bytes] = []
    prefix = len(str(root)) + 1
    for path in paths:
        name = str(path)[prefix:].replace(os.sep, "/")
        try:
            stat = path.stat()
            key = (stat.st_mtime_ns, stat.st_size)
            digest = cache.digest_for(name, key) if cache else None
            facts = cache.facts_for(digest) if cache and digest else None
            if facts is not None:
                found[path] = facts
                continue
            data = path.read_bytes()
        except OSError as error:
            found[path] = _unreadable(error)
            continue
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        facts = cache.facts_for(digest) if cache else None
        if facts is not None and cache is not None:
            cache.record(name, key, digest)
            found[path] = facts
            continue
        pending.append((path, name, key, digest))
        contents.append(data)
    for (path, name, key, digest), facts in zip(pending, extract_in_parallel(contents)):
        found[path] = facts
        if cache is not None:
            cache.record(name, key, digest, facts)
    if cache is not None:
        cache.save(str(path)[prefix:].replace(os.sep, "/") for path in found)
    return {path: found[path] for path in sorted(found)}
