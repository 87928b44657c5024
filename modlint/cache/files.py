"""The cache folder's files: read only when they are regular files holding JSON, written
atomically without ever following a link (a cache folder may come from anyone), and a
`.gitignore` only in a folder modlint created itself."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from modlint.support import (
    Unread,
    read_regular_file,
    remove_dead_runs_temporaries,
    write_replacing_links,
)

GITIGNORE = b"# Written by modlint: the cache is never committed.\n*\n"
_CACHE_FILES = r"facts(?:-[0-9a-f])?\.json|results\.json|\.gitignore"
"""The names of the files this module writes (their temp files are cleaned up)."""


def read_regular(path: Path) -> bytes | None:
    """The bytes of the regular file at ``path``; None when it is missing, cannot be read,
    or is no regular file (a fifo or a link to a device never blocks or fills memory)."""
    data = read_regular_file(path)
    return None if isinstance(data, Unread) else data


def read_json(path: Path) -> Any:
    """The JSON document in the regular file at ``path``; None when there is none, it cannot
    be read or it is not JSON."""
    data = read_regular(path)
    if data is None:
        return None
    try:
        return json.loads(data)
    except (ValueError, RecursionError):  # not JSON, or nested deeper than json can follow
        return None


def make_folder(folder: Path) -> None:
    """Create the cache folder where there is none, with a `.gitignore` that keeps it out of
    git. A folder that exists is left as it is: it may be the user's own (`--cache-dir .`),
    where a `.gitignore` holding `*` would hide every new file from git. OSError when the
    folder cannot be made."""
    if folder.is_dir():
        return
    folder.parent.mkdir(parents=True, exist_ok=True)
    try:
        folder.mkdir()
    except FileExistsError:
        return  # a run started at the same time made it, and writes the .gitignore
    write_file(folder / ".gitignore", GITIGNORE)


def write_file(path: Path, data: bytes) -> None:
    """Replace ``path`` with a file holding ``data`` in one step, never following a link at
    ``path``; OSError when it cannot be written (no temporary file stays behind)."""
    write_replacing_links(path, data)


def remove_stale_temporaries(folder: Path) -> None:
    """Remove the temporary files that a killed run left while writing a cache file in
    ``folder``; those of a run still alive stay, and no other file is touched."""
    remove_dead_runs_temporaries(folder, _CACHE_FILES)
