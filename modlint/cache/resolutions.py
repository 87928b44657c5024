"""The resolved imports of each file from the last run, reused for a file whose content is
unchanged while nothing else resolution depends on has changed either (the ``key``: the
configuration and every file's path, as the graph stage digests them).

The entries are opaque JSON values here: the graph stage encodes them and validates them
when it decodes them. The file is written atomically and only when an entry changed; an
unreadable, foreign or outdated one is ignored and rebuilt.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from modlint.cache.files import make_folder, read_json, remove_stale_temporaries, write_file
from modlint.cache.results import code_fingerprint
from modlint.model import __version__

RESOLUTIONS_FILE = "resolutions.json"
SCHEMA = 1


class ResolutionCache:
    """Each path's content hash and what its imports resolved to, under one key."""

    def __init__(self, folder: Path, key: str) -> None:
        self.folder = folder
        self.key = f"{code_fingerprint()}:{key}"
        self._entries: dict[str, list[Any]] = {}
        self._dirty = False

    @classmethod
    def load(cls, folder: Path, key: str) -> ResolutionCache:
        """The entries kept in ``folder`` under ``key``; none when the file is missing, cannot
        be used or was written under another key (or by another modlint)."""
        cache = cls(folder, key)
        document = read_json(folder / RESOLUTIONS_FILE)
        if (
            isinstance(document, dict)
            and document.get("modlint") == __version__
            and document.get("schema") == SCHEMA
            and document.get("key") == cache.key
            and isinstance(document.get("files"), dict)
        ):
            cache._entries = {
                path: entry
                for path, entry in document["files"].items()
                if type(entry) is list and len(entry) == 2 and type(entry[0]) is str
            }
        return cache

    def entry(self, path: str, digest: str) -> Any:
        """What ``path``'s imports resolved to when it had content ``digest``; None when that
        is not known."""
        entry = self._entries.get(path)
        return entry[1] if entry is not None and entry[0] == digest else None

    def record(self, path: str, digest: str, resolved: Any) -> None:
        """Remember what ``path``'s imports resolve to with content ``digest``."""
        self._entries[path] = [digest, resolved]
        self._dirty = True

    def save(self, keep: Iterable[str]) -> None:
        """Write the entries of the paths in ``keep``, if anything changed."""
        keep = set(keep)
        if set(self._entries) - keep:
            self._entries = {path: entry for path, entry in self._entries.items() if path in keep}
            self._dirty = True
        if not self._dirty:
            return
        document = {
            "modlint": __version__,
            "schema": SCHEMA,
            "key": self.key,
            "files": self._entries,
        }
        try:
            make_folder(self.folder)
            remove_stale_temporaries(self.folder)
            write_file(
                self.folder / RESOLUTIONS_FILE,
                json.dumps(document, separators=(",", ":")).encode("utf-8"),
            )
        except OSError:
            return  # a read-only checkout still gets its diagnostics, just no cache
        self._dirty = False
