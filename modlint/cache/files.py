"""The cache folder's files: read only when they are regular files holding JSON, written
atomically without ever following a link (a cache folder may come from anyone), and a
`.gitignore` only in a folder modlint created itself."""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Any

GITIGNORE = b"# Written by modlint: the cache is never committed.\n*\n"
_TEMPORARY = re.compile(
    r"\.(?:facts(?:-[0-9a-f])?\.json|results\.json|\.gitignore)\.(?P<pid>\d{1,10})\.\w+\.tmp"
)
"""A temporary file of this module's writes, with the process id of the run writing it."""


def read_regular(path: Path) -> bytes | None:
    """The bytes of the regular file at ``path``; None when it is missing, cannot be read,
    or is no regular file (a fifo or a link to a device never blocks or fills memory)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None
        chunks: list[bytes] = []
        while True:
            chunk = os.read(descriptor, 2**24)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
    except OSError:
        return None
    finally:
        os.close(descriptor)


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
    """Replace ``path`` with a file holding ``data`` in one step. A link at ``path`` is
    replaced, never followed: a link planted in a cache folder cannot redirect the write.
    OSError when it cannot be written (no temporary file stays behind)."""
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        # mkstemp creates the file as 0600: give it the mode any new file would have.
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_stale_temporaries(folder: Path) -> None:
    """Remove the temporary files that a killed run left while writing a cache file in
    ``folder``; those of a run still alive stay, and no other file is touched."""
    try:
        entries = [entry.name for entry in os.scandir(folder)]
    except OSError:
        return
    for name in entries:
        match = _TEMPORARY.fullmatch(name)
        if match and not _alive(int(match["pid"])):
            try:
                os.unlink(folder / name)
            except OSError:
                continue


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # Windows' os.kill would end the process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True  # another user's process, or a number no process can have: keep it
    return True


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
