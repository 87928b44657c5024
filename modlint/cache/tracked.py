"""Whether a cache folder came with the checked-out code: a cache that git tracks was committed
by whoever wrote the code, so its findings cannot be trusted to be modlint's own.

Findings are replayed from the cache by content hash, so that a cache CI restores onto a fresh
clone is reused. A pull request that commits a `.modlint_cache/` with its findings removed
would replay them just the same; git's index (read here, without running git) tells the two
apart: a restored cache is never in it.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from pathlib import Path

from modlint.support import Unread, read_regular_file

_SIGNATURE = b"DIRC"
_STAT_BYTES = 40
"""ctime, mtime, dev, ino, mode, uid, gid and size of an index entry, before its object id."""
_OBJECT_ID_BYTES = (20, 32)
"""SHA-1 and SHA-256 object ids: the index does not say which its repository uses."""
_EXTENDED = 0x4000
_NAME_MASK = 0xFFF
_MAX_INDEX = 1 << 30


def tracked_by_git(folder: Path) -> bool:
    """True when ``folder`` (or the symbolic link it is) lies in a git work tree whose index
    lists it or a file below it; False outside git, and when the index cannot be read."""
    for path in {folder.absolute(), folder.resolve()}:
        top = _work_tree(path.parent)
        if top is None:
            continue
        relative = os.fsencode(path.relative_to(top).as_posix())
        names = _index_names(top, relative)
        if names is not None and _lists(names, relative):
            return True
    return False


def _work_tree(start: Path) -> Path | None:
    """The folder at or above ``start`` that holds `.git`, None when there is none."""
    for folder in (start, *start.parents):
        if os.path.lexists(folder / ".git"):
            return folder
    return None


def _lists(names: Iterator[bytes], relative: bytes) -> bool:
    below = relative + b"/"
    return any(name == relative or name.startswith(below) for name in names)


def _index_names(top: Path, wanted: bytes) -> Iterator[bytes] | None:
    """The paths git's index of the work tree ``top`` lists, None when it cannot be read
    (or, before version 4, when none can start with ``wanted``)."""
    index = _git_folder(top)
    if index is None:
        return None
    data = read_regular_file(index / "index", _MAX_INDEX)
    if isinstance(data, Unread) or len(data) < 12 or data[:4] != _SIGNATURE:
        return None
    version, count = struct.unpack(">II", data[4:12])
    if version not in (2, 3, 4) or (version < 4 and wanted not in data):
        return None  # before version 4 every path is stored whole: a search is enough
    for size in _OBJECT_ID_BYTES:
        names = _names(data, version, count, size)
        if names is not None:
            return iter(names)
    return None


def _git_folder(top: Path) -> Path | None:
    """The git folder of the work tree ``top``: `.git`, or where a `.git` file points (a
    linked worktree or a submodule)."""
    dot_git = top / ".git"
    if dot_git.is_dir():
        return dot_git
    data = read_regular_file(dot_git, 4096)
    if isinstance(data, Unread) or not data.startswith(b"gitdir:"):
        return None
    return top / os.fsdecode(data[len(b"gitdir:") :].strip())


def _names(data: bytes, version: int, count: int, id_bytes: int) -> list[bytes] | None:
    """The ``count`` paths of the index ``data`` read with object ids of ``id_bytes``; None
    when they do not fit it (the other object id size, or a damaged index)."""
    names: list[bytes] = []
    offset = 12
    previous = b""
    for _ in range(count):
        start = offset
        offset += _STAT_BYTES + id_bytes
        if offset + 2 > len(data):
            return None
        (flags,) = struct.unpack(">H", data[offset : offset + 2])
        offset += 4 if version >= 3 and flags & _EXTENDED else 2
        if version == 4:
            stripped, offset = _varint(data, offset)
            if stripped is None or stripped > len(previous):
                return None
            prefix = previous[: len(previous) - stripped]
        else:
            prefix = b""
        end = data.find(b"\0", offset)
        if end < 0:
            return None
        name = prefix + data[offset:end]
        if version < 4:
            length = flags & _NAME_MASK
            if length != _NAME_MASK and length != len(name):
                return None
            # Entries are padded with 1 to 8 NULs to a multiple of eight bytes.
            offset = start + (end - start + 8) // 8 * 8
            if data[end:offset].strip(b"\0") or offset > len(data):
                return None
        else:
            offset = end + 1
        names.append(name)
        previous = name
    return names


def _varint(data: bytes, offset: int) -> tuple[int | None, int]:
    """Git's offset varint at ``offset`` and the offset after it; None past the end."""
    value = -1
    while offset < len(data):
        byte = data[offset]
        offset += 1
        value = (byte & 0x7F) if value < 0 else ((value + 1) << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, offset
    return None, offset
