"""Reading and writing `.LOCKED` files (TOML), with the line of every key for diagnostics."""

from __future__ import annotations

import datetime
import errno
import os
import re
from pathlib import Path
from typing import Any

from modlint.configuration import TOMLDecodeError, closest, key_lines, loads, type_name
from modlint.model import HistoryEntry, LockFile, LockRecord, Problem, parse_version
from modlint.support import Reason, Unread, read_regular_file

LOCK_FILE = ".LOCKED"
"""The name of the lock file in a module's folder."""
REQUIRED_KEYS = ("module", "version", "locked-on", "surface")
KNOWN_KEYS = (*REQUIRED_KEYS, "reason", "history")
HISTORY_KEYS = ("version", "locked-on", "reason", "breaking")
MAX_SIZE = 16 * 2**20
"""A lock file holds one line per public name: far below this even for huge modules."""
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


class ParseFailure(Exception):
    """A problem that makes the lock file unusable."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.problem = Problem(line, column, message)


def read_lock_file(module: str, path: Path) -> LockRecord | None:
    """The parsed `.LOCKED` file of ``module``, or the first problem that makes it invalid;
    None when there is no such file."""
    try:
        text = lock_file_text(path)
    except FileNotFoundError:
        return None
    except LockFileUnreadable as unreadable:
        return LockRecord(
            module,
            path,
            None,
            Problem(unreadable.line, unreadable.column, f"cannot read lock file: {unreadable}"),
        )
    try:
        return LockRecord(module, path, parse_lock_file(text))
    except ParseFailure as invalid:
        return LockRecord(module, path, None, invalid.problem)


class LockFileUnreadable(Exception):
    """A `.LOCKED` file exists but cannot be read as text; the message says why, the line and
    column where (1, 1 unless a byte is to blame). ``invalid_content`` when it could be read
    and its bytes are to blame, not its access or its kind."""

    def __init__(
        self, message: str, line: int = 1, column: int = 1, invalid_content: bool = False
    ) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.invalid_content = invalid_content


def lock_file_text(path: Path) -> str:
    """The text of the lock file at ``path``; FileNotFoundError when there is none, or none
    can be seen (a folder that cannot be searched: discovery reports the folder),
    LockFileUnreadable when it exists but cannot be read or decoded."""
    data = read_regular_file(path, MAX_SIZE)
    if isinstance(data, Unread):
        raise _unreadable(path, data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raw = bytes(error.object)  # without the BOM, which positions do not count
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise LockFileUnreadable(
            f"invalid UTF-8: byte 0x{raw[error.start]:02x} at line {line}, column {column}",
            line,
            column,
            True,
        ) from None


def _unreadable(path: Path, unread: Unread) -> Exception:
    """The exception for a lock file that was not read: FileNotFoundError when nothing can be
    seen at ``path``, else LockFileUnreadable saying why (a bigger file than MAX_SIZE is to
    blame for its content)."""
    if unread.reason is Reason.FOLDER:
        return LockFileUnreadable("it is a folder, not a file")
    if unread.reason is Reason.SPECIAL:
        return LockFileUnreadable("it is not a regular file")
    if unread.reason is Reason.TOO_LARGE:
        return LockFileUnreadable(
            f"it is larger than {MAX_SIZE // 2**20} MiB", invalid_content=True
        )
    if not os.path.lexists(path):
        return FileNotFoundError(path)
    if unread.error_number == errno.ENOENT:
        return LockFileUnreadable(
            f"it is a symbolic link to '{os.readlink(path)}', which does not exist"
        )
    return LockFileUnreadable(unread.strerror)


def parse_lock_file(text: str) -> LockFile:
    """The lock file in ``text``; ParseFailure naming the key, its line and what was expected."""
    try:
        document = loads(text)
    except TOMLDecodeError as error:
        position = _TOML_POSITION.search(str(error))
        line, column = (int(position[1]), int(position[2])) if position else (1, 1)
        message = _TOML_POSITION.sub("", str(error)).strip()
        raise ParseFailure(line, column, f"invalid lock file: invalid TOML: {message}") from None
    lines = {
        key[-1]: line
        for key, line in key_lines(text).items()
        if len(key) == 1 or key[0] == "surface"
    }

    def at(key: str) -> int:
        return lines.get(key, 1)

    for key in document:
        if key not in KNOWN_KEYS:
            raise ParseFailure(
                at(key), 1, f"invalid lock file: unknown key '{key}'{closest(key, KNOWN_KEYS)}"
            )
    for key in REQUIRED_KEYS:
        if key not in document:
            raise ParseFailure(1, 1, f"invalid lock file: missing key '{key}'")
    module = _typed(document, "module", str, "a string", at)
    version_text = _typed(document, "version", str, 'a version like "1.0.0"', at)
    version = parse_version(version_text)
    if version is None:
        raise ParseFailure(
            at("version"),
            1,
            "invalid lock file: key 'version' must be a version like "
            f"\"1.0.0\", got '{version_text}'",
        )
    locked_on = document["locked-on"]
    if isinstance(locked_on, str):
        try:
            locked_on = datetime.date.fromisoformat(locked_on)
        except ValueError:
            pass
    if isinstance(locked_on, datetime.datetime) or not isinstance(locked_on, datetime.date):
        raise ParseFailure(
            at("locked-on"),
            1,
            "invalid lock file: key 'locked-on' must be a date "
            f"like 2026-11-25, got {type_name(locked_on)}",
        )
    reason = _typed(document, "reason", str, "a string", at) if "reason" in document else ""
    surface = _typed(document, "surface", dict, "a table", at)
    for name, signature in surface.items():
        if not isinstance(signature, str):
            raise ParseFailure(
                at(name),
                1,
                f"invalid lock file: surface entry '{name}' must be a "
                f"string, got {type_name(signature)}",
            )
    history = _history(document.get("history", []), lines.get("history", at("module")))
    return LockFile(module, version, locked_on, reason, dict(surface), lines, history)


def _history(entries: Any, line: int) -> tuple[HistoryEntry, ...]:
    """The `[[history]]` entries; ParseFailure (at ``line``) naming what is wrong."""

    def fail(message: str) -> ParseFailure:
        return ParseFailure(line, 1, f"invalid lock file: {message}")

    if not isinstance(entries, list):
        raise fail(f"key 'history' must be an array of tables, got {type_name(entries)}")
    history = []
    for number, entry in enumerate(entries, 1):
        where = f"history entry {number}"
        if not isinstance(entry, dict):
            raise fail(f"{where} must be a table, got {type_name(entry)}")
        for key in entry:
            if key not in HISTORY_KEYS:
                raise fail(f"{where}: unknown key '{key}'{closest(key, HISTORY_KEYS)}")
        raw = entry.get("version")
        version = parse_version(raw) if isinstance(raw, str) else None
        if version is None:
            raise fail(f"{where}: key 'version' must be a version like \"1.0.0\"")
        locked_on = entry.get("locked-on")
        if isinstance(locked_on, datetime.datetime) or not isinstance(locked_on, datetime.date):
            raise fail(f"{where}: key 'locked-on' must be a date like 2026-11-25")
        reason = entry.get("reason", "")
        breaking = entry.get("breaking", [])
        if not isinstance(reason, str):
            raise fail(f"{where}: key 'reason' must be a string, got {type_name(reason)}")
        if not isinstance(breaking, list) or not all(isinstance(b, str) for b in breaking):
            raise fail(f"{where}: key 'breaking' must be an array of strings")
        history.append(HistoryEntry(version, locked_on, reason, tuple(breaking)))
    return tuple(history)


def _typed(document: dict[str, Any], key: str, kind: type, expected: str, at: Any) -> Any:
    value = document[key]
    if not isinstance(value, kind):
        raise ParseFailure(
            at(key), 1, f"invalid lock file: key '{key}' must be {expected}, got {type_name(value)}"
        )
    return value


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string."""
    escaped = []
    for character in text:
        if character in '"\\':
            escaped.append("\\" + character)
        elif ord(character) < 0x20 or ord(character) == 0x7F:
            escaped.append(f"\\u{ord(character):04x}")
        else:
            escaped.append(character)
    return '"' + "".join(escaped) + '"'


def render_lock_file(lock: LockFile) -> str:
    """The `.LOCKED` text for ``lock``: metadata first, then one sorted surface entry a line, so
    that a change to the API reads as a one-line diff in review."""
    lines = [
        "# Written by `modlint lock`. While this file exists the module is locked: its public",
        f"# API may not change. To change it: `modlint unlock {lock.module}`, edit, lock again.",
        f"module = {toml_string(lock.module)}",
        f"version = {toml_string(str(lock.version))}",
        f"locked-on = {lock.locked_on.isoformat()}",
        f"reason = {toml_string(lock.reason)}",
    ]
    for entry in lock.history:
        lines += [
            "",
            "[[history]]",
            f"version = {toml_string(str(entry.version))}",
            f"locked-on = {entry.locked_on.isoformat()}",
            f"reason = {toml_string(entry.reason)}",
        ]
        if entry.breaking:
            lines += ["breaking = [", *(f"    {toml_string(b)}," for b in entry.breaking), "]"]
    lines += ["", "[surface]"]
    lines += [
        f"{toml_string(name)} = {toml_string(lock.surface[name])}" for name in sorted(lock.surface)
    ]
    return "\n".join(lines) + "\n"
