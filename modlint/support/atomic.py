"""modlint's two ways of writing a file atomically, leaving no temp file: through symbolic links
(:func:`write_atomically`, for the user's files) or replacing them (:func:`write_replacing_links`,
for the cache folder, which may come from anyone).

A write goes to a temp file ``.NAME.<random>.tmp`` next to the file's final target (a symbolic
link is followed, and stays a link), which then replaces the target in one step: a reader sees
the old bytes or the new ones, never a mix. A failed write removes its temp file. A write that
is killed outright (SIGKILL, power loss) cannot, so each writer holds an exclusive ``flock`` on
its temp file while it exists: the kernel drops the lock when the process dies, and the next
write of the same file removes the temp files nobody holds, never those of a live run.

A cache write's temp file ``.NAME.PID.<random>.tmp`` names the process writing it instead, so
that :func:`remove_dead_runs_temporaries` can clear a whole cache folder of those whose run has
died without opening any of them.
"""

from __future__ import annotations

import errno
import os
import random
import re
import stat
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: stale temp files are then left alone
    fcntl = None  # type: ignore[assignment]

_MAX_LINKS = 40
"""Symbolic links followed before giving up, as Linux does (ELOOP)."""
_NAME_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789_"
_STEM = 200
"""Characters of the file's name kept in its temp file's name (names are at most 255 bytes)."""
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def final_target(path: Path) -> Path:
    """The file a write to ``path`` changes: ``path`` itself, or the end of its chain of
    symbolic links; OSError for a link that leads nowhere or a loop."""
    current = path
    seen: set[tuple[int, int]] = set()
    while True:
        try:
            info = os.lstat(current)
        except FileNotFoundError:
            if current == path:
                return path  # a new file
            raise _dangling(path, current) from None
        if not stat.S_ISLNK(info.st_mode):
            return current
        if (info.st_dev, info.st_ino) in seen:
            raise OSError(errno.ELOOP, "it is a symbolic link that leads back to itself (a loop)")
        if len(seen) >= _MAX_LINKS:
            raise OSError(errno.ELOOP, f"it is a chain of more than {_MAX_LINKS} symbolic links")
        seen.add((info.st_dev, info.st_ino))
        current = current.parent / os.readlink(current)


def _dangling(path: Path, missing: Path) -> OSError:
    first = os.readlink(path)
    if path.parent / first == missing:
        return FileNotFoundError(
            errno.ENOENT, f"it is a symbolic link to '{first}', which does not exist"
        )
    return FileNotFoundError(
        errno.ENOENT,
        f"it is a symbolic link to '{first}', which leads to '{missing}', which does not exist",
    )


def _temporary_name(name: str) -> re.Pattern[str]:
    return re.compile(re.escape(f".{name[:_STEM]}.") + "[a-z0-9_]{8}" + re.escape(".tmp"))


def remove_stale_temporaries(path: Path) -> None:
    """Remove the temp files that killed writes of ``path`` (or of its link's target) left
    behind; those of a write still running are kept. Never fails."""
    try:
        places = {(path.parent, path.name)}
        target = final_target(path)
        places.add((target.parent, target.name))
    except OSError:
        pass
    for folder, name in sorted(places):
        pattern = _temporary_name(name)
        try:
            with os.scandir(folder) as entries:
                names = [entry.name for entry in entries if pattern.fullmatch(entry.name)]
        except OSError:
            continue
        for found in names:
            _remove_if_abandoned(folder / found)


def _remove_if_abandoned(candidate: Path) -> None:
    if fcntl is None:
        return
    try:
        descriptor = os.open(candidate, os.O_RDONLY | _O_NONBLOCK | _O_NOFOLLOW | _O_CLOEXEC)
    except OSError:
        return  # a link, or not ours to read: not a temp file modlint made
    try:
        held = os.fstat(descriptor)
        if not stat.S_ISREG(held.st_mode):
            return
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return  # its writer is alive
        if _same_file(os.lstat(candidate), held):
            os.unlink(candidate)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _same_file(one: os.stat_result, other: os.stat_result) -> bool:
    return (one.st_dev, one.st_ino) == (other.st_dev, other.st_ino)


def _current(target: Path) -> tuple[bytes, os.stat_result] | None:
    """The target's bytes and status, None when it does not exist; OSError when it is no
    regular file (a folder, a fifo, a device)."""
    try:
        descriptor = os.open(target, os.O_RDONLY | _O_NONBLOCK | _O_CLOEXEC)
    except FileNotFoundError:
        return None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "it is a folder")
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "it is not a regular file")
    except BaseException:
        os.close(descriptor)
        raise
    with os.fdopen(descriptor, "rb") as handle:
        return handle.read(), info


def _new_temporary(target: Path, mode: int) -> tuple[int, Path]:
    """An open, locked, new temp file next to ``target``."""
    chooser = random.SystemRandom()
    while True:
        token = "".join(chooser.choice(_NAME_CHARACTERS) for _ in range(8))
        temporary = target.parent / f".{target.name[:_STEM]}.{token}.tmp"
        try:
            descriptor = os.open(
                temporary, os.O_RDWR | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_CLOEXEC, mode
            )
        except FileExistsError:
            continue
        if fcntl is None:
            return descriptor, temporary
        try:
            # Blocks only while another run's cleanup decides about this very file; if that
            # cleanup took it for abandoned and removed it, start again with a new name.
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            if _same_file(os.lstat(temporary), os.fstat(descriptor)):
                return descriptor, temporary
        except FileNotFoundError:
            pass
        except OSError as error:
            if error.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL):
                os.close(descriptor)
                _remove_quietly(temporary)
                raise
            # No locks on this file system: cleanups cannot lock it either, so never remove it.
            return descriptor, temporary
        except BaseException:
            os.close(descriptor)
            _remove_quietly(temporary)
            raise
        os.close(descriptor)


def _remove_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


class OutsideProject(OSError):
    """A write refused because its target (a symbolic link's) lies outside the project."""


def write_atomically(path: Path, data: bytes, within: Path | None = None) -> bool:
    """Make ``path`` (or, for a symbolic link, its final target) hold exactly ``data`` in one
    step, keeping the file's mode; False, and nothing written, when it already does. OSError
    when it cannot (the file stays as it was and no temp file is left); OutsideProject when a
    link leads out of the folder ``within`` (the project: a link in it may come from anyone)."""
    target = final_target(path)
    if within is not None and not _inside(target, within):
        link = _inside(path.parent, within)
        where = "a symbolic link to a file outside" if link else "outside"
        raise OutsideProject(errno.EXDEV, f"it is {where} the project")
    remove_stale_temporaries(path)
    current = _current(target)
    if current is not None:
        if current[0] == data:
            return False
        if not os.access(target, os.W_OK):
            # Replacing would go around the file's own permissions, as an editor would not.
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
    # A new file gets the usual mode (0666 less the umask) from the kernel itself.
    descriptor, temporary = _new_temporary(target, 0o666 if current is None else 0o600)
    replaced = False
    try:
        with os.fdopen(descriptor, "wb") as handle:
            if current is not None:
                _keep_owner_and_mode(temporary, current[1])
            handle.write(data)
            handle.flush()
            os.fsync(descriptor)
            # Replaced while the lock is held: no cleanup can take the temp file for stale.
            os.replace(temporary, target)
            replaced = True
    except BaseException:
        if not replaced:
            _remove_quietly(temporary)
        raise
    _sync_folder(target.parent)
    return True


def _inside(target: Path, folder: Path) -> bool:
    """Whether ``target`` is ``folder`` or lies inside it, once both are resolved."""
    real, resolved = os.path.realpath(folder), os.path.realpath(target)
    return resolved == real or resolved.startswith(os.path.join(real, ""))


def _keep_owner_and_mode(temporary: Path, old: os.stat_result) -> None:
    if hasattr(os, "chown") and (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
        try:
            os.chown(temporary, old.st_uid, old.st_gid)
        except OSError:
            pass  # only root may give a file away: it then belongs to whoever wrote it
    os.chmod(temporary, stat.S_IMODE(old.st_mode))


def _sync_folder(folder: Path) -> None:
    # The rename itself survives a power loss once the folder is synced; best effort.
    try:
        descriptor = os.open(folder, os.O_RDONLY | _O_CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def write_replacing_links(path: Path, data: bytes) -> None:
    """Replace ``path`` with a file holding ``data`` in one step. A link at ``path`` is
    replaced, never followed: a link planted in a cache folder cannot redirect the write.
    OSError when it cannot be written (no temporary file stays behind)."""
    import tempfile  # here: most runs never write a cache file, and it costs 5 ms to import

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
        _remove_quietly(Path(temporary))
        raise


def remove_dead_runs_temporaries(folder: Path, names: str) -> None:
    """Remove the temp files of :func:`write_replacing_links` that a killed run left in
    ``folder`` while writing a file whose name matches the regular expression ``names``;
    those of a run still alive stay, and no other file is touched."""
    pattern = re.compile(r"\.(?:" + names + r")\.(?P<pid>\d{1,10})\.\w+\.tmp")
    try:
        entries = [entry.name for entry in os.scandir(folder)]
    except OSError:
        return
    for name in entries:
        match = pattern.fullmatch(name)
        if match and not _alive(int(match["pid"])):
            _remove_quietly(folder / name)


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
