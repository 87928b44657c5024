"""The cache file: which facts belong to which content, and which content each path had.

An index file maps paths to content hashes; the facts themselves live in sixteen shards by
the hash's first digit, so that a run after a one-file change rewrites one shard, not the
whole cache, and a run that needs a few files' facts reads only their shards. Every file is
written atomically, so two runs at once can only lose each other's additions, never corrupt
the cache; an unreadable, foreign or outdated file is ignored and rebuilt.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from modlint.cache.codec import SCHEMA, decode_facts, encode_facts
from modlint.cache.files import make_folder, read_json, remove_stale_temporaries, write_file
from modlint.cache.results import StatKey
from modlint.model import FileFacts, __version__

INDEX_FILE = "facts.json"
SHARDS = "0123456789abcdef"


class FactCache:
    """Facts by content hash, and the last hash seen for each path with its stat key."""

    def __init__(self, folder: Path, settings: str) -> None:
        self.folder = folder
        self.settings = settings
        self._paths: dict[str, list[Any]] = {}
        self._facts: dict[str, Any] = {}
        self._loaded: set[str] = set()
        """The shards read into ``_facts`` so far (a shard is read before it is written)."""
        self._indexed: set[str] = set()
        """The hashes the index named when it was read: their shards hold facts."""
        self._decoded: dict[str, FileFacts] = {}
        self._dirty = False
        self._dirty_shards: set[str] = set()

    @classmethod
    def load(cls, folder: Path, settings: str = "") -> FactCache:
        """The cache in ``folder``; empty when there is none or it cannot be used.

        ``settings`` names whatever changes facts besides a file's bytes (the extractor)."""
        cache = cls(folder, settings)
        document = read_json(folder / INDEX_FILE)
        if not (
            isinstance(document, dict)
            and document.get("modlint") == __version__
            and document.get("schema") == SCHEMA
            and document.get("settings") == settings
            and isinstance(document.get("paths"), dict)
        ):
            return cache
        # Entries of another shape are dropped here (and so rewritten), never trusted later.
        cache._paths = {
            path: entry for path, entry in document["paths"].items() if _is_entry(entry)
        }
        cache._indexed = {entry[2] for entry in cache._paths.values()}
        return cache

    def _load_shard(self, shard: str) -> None:
        """Read the shard whose hashes start with ``shard``, unless it is read already (or
        the index named no facts: the shards are then not this index's, and start empty)."""
        if shard in self._loaded:
            return
        self._loaded.add(shard)
        if not self._indexed:
            return
        facts = read_json(self.folder / f"facts-{shard}.json")
        if isinstance(facts, dict):
            self._facts.update(
                (digest, raw) for digest, raw in facts.items() if digest[:1] == shard
            )

    def digest_for(self, path: str, key: StatKey) -> str | None:
        """The content hash recorded for ``path`` if its stat key has not changed."""
        entry = self._paths.get(path)
        if entry is not None and entry[0] == key[0] and entry[1] == key[1] and entry[3] == key[2]:
            return str(entry[2])
        return None

    def facts_for(self, digest: str) -> FileFacts | None:
        """The facts of content with this hash; None when absent or unreadable."""
        if digest in self._decoded:
            return self._decoded[digest]
        self._load_shard(digest[:1])
        raw = self._facts.get(digest)
        if raw is None:
            return None
        try:
            facts = decode_facts(raw)
        except ValueError:
            del self._facts[digest]
            self._dirty_shards.add(digest[:1])
            return None
        self._decoded[digest] = facts
        return facts

    def record(self, path: str, key: StatKey, digest: str, facts: FileFacts | None = None) -> None:
        """Remember ``path``'s hash (and, for content whose facts are not stored yet, its
        facts: facts this cache already holds are never encoded again)."""
        if self._paths.get(path) != [key[0], key[1], digest, key[2]]:
            self._paths[path] = [key[0], key[1], digest, key[2]]
            self._dirty = True
        if facts is not None:
            self._load_shard(digest[:1])
            if digest in self._facts:
                return
            self._facts[digest] = encode_facts(facts)
            self._decoded[digest] = facts
            self._dirty_shards.add(digest[:1])

    def save(self, keep: Iterable[str]) -> None:
        """Write the cache, limited to the paths of this run, if anything changed."""
        keep = set(keep)
        if set(self._paths) - keep:
            self._paths = {path: entry for path, entry in self._paths.items() if path in keep}
            self._dirty = True
        used = {entry[2] for entry in self._paths.values()}
        for shard in {digest[:1] for digest in self._indexed - used}:
            self._load_shard(shard)  # to drop the facts no path has any more
        unused = set(self._facts) - used
        if unused:
            self._dirty_shards.update(digest[:1] for digest in unused)
            self._facts = {digest: raw for digest, raw in self._facts.items() if digest in used}
        if not self._dirty and not self._dirty_shards:
            return
        try:
            make_folder(self.folder)
            remove_stale_temporaries(self.folder)
            for shard in sorted(self._dirty_shards):
                facts = {digest: raw for digest, raw in self._facts.items() if digest[:1] == shard}
                write_file(self.folder / f"facts-{shard}.json", _json(facts))
            # The index goes last: it never names facts that are not written yet.
            if self._dirty or self._dirty_shards:
                document = {
                    "modlint": __version__,
                    "schema": SCHEMA,
                    "settings": self.settings,
                    "paths": self._paths,
                }
                write_file(self.folder / INDEX_FILE, _json(document))
        except OSError:
            return  # a read-only checkout still gets its diagnostics, just no cache
        self._dirty = False
        self._dirty_shards.clear()


def _is_entry(entry: Any) -> bool:
    """Whether an index entry is [modification time, size, content hash, status-change
    time]."""
    return (
        type(entry) is list
        and len(entry) == 4
        and type(entry[0]) is int
        and type(entry[1]) is int
        and type(entry[2]) is str
        and type(entry[3]) is int
    )


def _json(document: Any) -> bytes:
    return json.dumps(document, separators=(",", ":")).encode("utf-8")
