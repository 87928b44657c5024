"""Reading a file of the checked project without trusting it: regular files only, never
blocking, never more than a limit. Every place that reads a project file (sources, lock files,
documents, cache files, ``--show-source``) goes through here and words the reason itself."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from enum import Enum
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


class Reason(str, Enum):
    """The kind of reason a file was not read, for callers that word it their own way."""

    MISSING = "missing"
    """Nothing at the path (or a symbolic link to nothing): ``errno`` is ENOENT or ENOTDIR."""
    FOLDER = "folder"
    SPECIAL = "special"
    """A fifo, a socket or a device."""
    TOO_LARGE = "too-large"
    ERROR = "error"
    """The system refused (permissions, I/O): ``strerror`` says why."""


@dataclass(frozen=True)
class Unread:
    """Why a file was not read: ``message`` says it; ``size`` is set when it was too large;
    ``reason``, ``strerror`` and ``error_number`` (the system's words and errno, when it
    refused) let a caller say it otherwise."""

    message: str
    size: int | None = None
    reason: Reason = field(default=Reason.TOO_LARGE, compare=False)
    strerror: str = field(default="", compare=False)
    error_number: int | None = field(default=None, compare=False)


def not_regular(mode: int) -> Unread | None:
    """Why a file of this mode is not read (it is not a regular file), or None if it is."""
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "a special file")
    reason = Reason.FOLDER if stat.S_ISDIR(mode) else Reason.SPECIAL
    return Unread(f"not a regular file ({kind})", reason=reason)


def _refused(error: OSError) -> Unread:
    """The Unread of a system error."""
    words = error.strerror or str(error)
    if isinstance(error, IsADirectoryError):  # where opening a folder fails (not Linux)
        return Unread("not a regular file (a folder)", reason=Reason.FOLDER, strerror=words)
    missing = error.errno in (errno.ENOENT, errno.ENOTDIR)
    reason = Reason.MISSING if missing else Reason.ERROR
    return Unread(f"cannot read file: {words}", None, reason, words, error.errno)


def open_regular(path: Path) -> int | Unread:
    """An open read-only descriptor of the regular file at ``path`` (symlinks followed),
    opened without blocking (a fifo never hangs the run); otherwise why it cannot be. The
    caller closes the descriptor."""
    try:
        descriptor = os.open(path, _READ_FLAGS)
    except OSError as error:
        return _refused(error)
    try:
        refused = not_regular(os.fstat(descriptor).st_mode)
    except OSError as error:
        os.close(descriptor)
        return _refused(error)
    if refused is not None:
        os.close(descriptor)
        return refused
    return descriptor


def read_regular_file(path: Path, limit: int | None = None) -> bytes | Unread:
    """The bytes of the regular file at ``path`` (symlinks followed) when it holds at most
    ``limit`` of them (any number when None); otherwise why it was not read.

    The file is opened without blocking and checked once open, so that a fifo or a device
    (also one swapped in after the file was found) can neither hang the run nor fill its
    memory; at most ``limit + 1`` bytes are ever read, also from a file that is growing."""
    descriptor = open_regular(path)
    if isinstance(descriptor, Unread):
        return descriptor
    try:
        size = os.fstat(descriptor).st_size
        if limit is not None and size > limit:
            return Unread("too large", size)
        chunks: list[bytes] = []
        left = None if limit is None else limit + 1
        while left is None or left > 0:
            chunk = os.read(descriptor, _CHUNK if left is None else min(left, _CHUNK))
            if not chunk:
                break
            chunks.append(chunk)
            left = None if left is None else left - len(chunk)
    except OSError as error:
        return _refused(error)
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if limit is not None and len(data) > limit:
        return Unread("too large", max(len(data), size))
    return data
