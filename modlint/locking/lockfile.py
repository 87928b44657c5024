"""Reading and writing `.LOCKED` files (TOML), with the line of every key for diagnostics."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

from modlint.configuration.schema import closest, type_name
from modlint.configuration.toml import TOMLDecodeError, key_lines, loads
from modlint.model import LockFile, LockRecord, Problem, parse_version

REQUIRED_KEYS = ("module", "version", "locked-on", "surface")
KNOWN_KEYS = (*REQUIRED_KEYS, "reason")
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


class ParseFailure(Exception):
    """A problem that makes the lock file unusable."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.problem = Problem(line, column, message)


def read_lock_file(module: str, path: Path) -> LockRecord:
    """The parsed `.LOCKED` file of ``module``, or the first problem that makes it invalid."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        return LockRecord(module, path, None, Problem(1, 1, f"cannot read lock file: {error}"))
    try:
        return LockRecord(module, path, parse_lock_file(text))
    except ParseFailure as invalid:
        return LockRecord(module, path, None, invalid.problem)


def parse_lock_file(text: str) -> LockFile:
    """The lock file in ``text``; ParseFailure naming the key, its line and what was expected."""
    try:
        document = loads(text)
    except TOMLDecodeError as error:
        position = _TOML_POSITION.search(str(error))
        line, column = (int(position[1]), int(position[2])) if position else (1, 1)
        message = _TOML_POSITION.sub("", str(error)).strip()
        raise ParseFailure(line, column, f"invalid lock file: invalid TOML: {message}") from None
    lines = {key[-1]: line for key, line in key_lines(text).items() if len(key) == 1
             or key[0] == "surface"}

    def at(key: str) -> int:
        return lines.get(key, 1)

    for key in document:
        if key not in KNOWN_KEYS:
            raise ParseFailure(at(key), 1, f"invalid lock file: unknown key '{key}'"
                           f"{closest(key, KNOWN_KEYS)}")
    for key in REQUIRED_KEYS:
        if key not in document:
            raise ParseFailure(1, 1, f"invalid lock file: missing key '{key}'")
    module = _typed(document, "module", str, "a string", at)
    version_text = _typed(document, "version", str, 'a version like "1.0.0"', at)
    version = parse_version(version_text)
    if version is None:
        raise ParseFailure(at("version"), 1, "invalid lock file: key 'version' must be a version like "
                       f"\"1.0.0\", got '{version_text}'")
    locked_on = document["locked-on"]
    if isinstance(locked_on, str):
        try:
            locked_on = datetime.date.fromisoformat(locked_on)
        except ValueError:
            pass
    if isinstance(locked_on, datetime.datetime) or not isinstance(locked_on, datetime.date):
        raise ParseFailure(at("locked-on"), 1, "invalid lock file: key 'locked-on' must be a date "
                       f"like 2026-11-25, got {type_name(locked_on)}")
    reason = _typed(document, "reason", str, "a string", at) if "reason" in document else ""
    surface = _typed(document, "surface", dict, "a table", at)
    for name, signature in surface.items():
        if not isinstance(signature, str):
            raise ParseFailure(at(name), 1, f"invalid lock file: surface entry '{name}' must be a "
                           f"string, got {type_name(signature)}")
    return LockFile(module, version, locked_on, reason, dict(surface), lines)


def _typed(document: dict[str, Any], key: str, kind: type, expected: str, at: Any) -> Any:
    value = document[key]
    if not isinstance(value, kind):
        raise ParseFailure(at(key), 1, f"invalid lock file: key '{key}' must be {expected}, got "
                       f"{type_name(value)}")
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
        "",
        "[surface]",
    ]
    lines += [f"{toml_string(name)} = {toml_string(lock.surface[name])}"
              for name in sorted(lock.surface)]
    return "\n".join(lines) + "\n"
