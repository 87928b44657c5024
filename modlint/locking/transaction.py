"""All-or-nothing changes of several files: each written atomically, the earlier ones
restored when a later one fails."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path

from modlint.support import (
    Reason,
    Unread,
    read_regular_file,
    remove_stale_temporaries,
    write_atomically,
)


@dataclass(frozen=True)
class FileChange:
    """The new bytes of one file; None removes it (a symbolic link is removed, not its
    target)."""

    path: Path
    data: bytes | None


@dataclass(frozen=True)
class _Before:
    """A file as it was: a symbolic link (its text), or its bytes (None: absent)."""

    path: Path
    link: str | None
    data: bytes | None


class ChangeFailed(Exception):
    """A change could not be made; the message names the file, why, and what was restored."""


def needed(change: FileChange) -> bool:
    """Whether making ``change`` would change anything on disk."""
    if change.data is None:
        return os.path.lexists(change.path)
    try:
        return _current(change.path) != change.data
    except OSError:
        return True  # writing it reports why it cannot


def _current(path: Path) -> bytes | None:
    """The bytes of the file at ``path`` (a symbolic link followed), None when there is none;
    OSError when it cannot be read, or is no regular file (a fifo is never opened to wait)."""
    data = read_regular_file(path)
    if not isinstance(data, Unread):
        return data
    if data.reason is Reason.MISSING:
        return None
    if data.reason is Reason.ERROR:
        raise OSError(data.error_number or errno.EIO, data.strerror)
    raise OSError(errno.EINVAL, f"it is {data.message}")


def _before(change: FileChange) -> _Before:
    if change.data is None and os.path.islink(change.path):
        return _Before(change.path, os.readlink(change.path), None)
    return _Before(change.path, None, _current(change.path))


def _apply(change: FileChange, within: Path | None) -> None:
    if change.data is None:
        remove_stale_temporaries(change.path)
        os.unlink(change.path)
    else:
        write_atomically(change.path, change.data, within)


def _put_back(before: _Before) -> None:
    if before.link is not None:
        os.symlink(before.link, before.path)
    elif before.data is not None:
        write_atomically(before.path, before.data)
    elif os.path.lexists(before.path):
        os.unlink(before.path)


@dataclass(frozen=True)
class Applied:
    """Changes made, and how to take them back."""

    before: tuple[_Before, ...]
    shown: dict[Path, str]

    @property
    def paths(self) -> tuple[Path, ...]:
        """The files changed, in order."""
        return tuple(before.path for before in self.before)

    def restore(self) -> str:
        """Put the changed files back as they were, the last first; the sentence (starting
        with "; ") that says what was restored, or what could not be."""
        return _restored(list(self.before), self.shown)


def apply_changes(
    changes: tuple[FileChange, ...], shown: dict[Path, str], within: Path | None = None
) -> Applied:
    """Make every change, in order; ChangeFailed when one fails, after putting back the files
    already changed (the message says whether that worked). ``shown`` names each path; a
    symbolic link that leads out of ``within`` is not written through."""
    done: list[_Before] = []
    for change in changes:
        try:
            before = _before(change)
            _apply(change, within)
        except OSError as error:
            verb = "remove" if change.data is None else "write"
            message = f"cannot {verb} {shown[change.path]}: {error.strerror or error}"
            raise ChangeFailed(message + _restored(done, shown)) from None
        done.append(before)
    return Applied(tuple(done), shown)


def _restored(done: list[_Before], shown: dict[Path, str]) -> str:
    """Put back the files changed before the failure; what the error message adds."""
    if not done:
        return ""
    lost = []
    for before in reversed(done):
        try:
            _put_back(before)
        except OSError:
            lost.append(shown[before.path])
    names = ", ".join(shown[before.path] for before in done)
    if lost:
        return f"; could not restore {', '.join(lost)}: check it by hand (restored the rest)"
    return f"; restored {names} as {'it was' if len(done) == 1 else 'they were'}"
