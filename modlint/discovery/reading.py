"""Reading a file of the checked project without trusting it: regular files only, never
blocking, never more than a limit."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a fifo"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Unread:
    """Why a file was not read: ``message`` says it; ``size`` is set when it was too large."""

    message: str
    size: int | None = None


def not_regular(mode: int) -> Unread | None:
    """Why a file of this mode is not read (it is not a regular file), or None if it is."""
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "a special file")
    return Unread(f"not a regular file ({kind})")


def read_regular_file(path: Path, limit: int) -> bytes | Unread:
    """The bytes of the regular file at ``path`` (symlinks followed) when it holds at most
    ``limit`` of them; otherwise why it was not read.

    The file is opened without blocking and checked once open, so that a fifo or a device
    (also one swapped in after the file was found) can neither hang the run nor fill its
    memory; at most ``limit + 1`` bytes are ever read, also from a file that is growing."""
    try:
        descriptor = os.open(path, _READ_FLAGS)
    except OSError as error:
        return Unread(f"cannot read file: {error.strerror or error}")
    try:
        opened = os.fstat(descriptor)
        refused = not_regular(opened.st_mode)
        if refused is not None:
            return refused
        if opened.st_size > limit:
            return Unread("too large", opened.st_size)
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(descriptor, min(left, _CHUNK))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as error:
        return Unread(f"cannot read file: {error.strerror or error}")
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    return Unread("too large", max(len(data), opened.st_size)) if len(data) > limit else data
