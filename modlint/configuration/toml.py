"""TOML reading with the standard library where it has it (Python 3.11+), tomli before."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from modlint.model import UsageError
from modlint.support import Reason, Unread, read_regular_file

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python < 3.11 only
    import tomli as tomllib


TOMLDecodeError = tomllib.TOMLDecodeError
"""The parse error of whichever TOML reader this Python has."""


def loads(text: str) -> dict[str, Any]:
    """The TOML document in ``text``; TOMLDecodeError when it is not valid TOML, also for
    what the TOML reader itself cannot take (arrays nested hundreds deep, huge integers)."""
    try:
        return tomllib.loads(text)
    except TOMLDecodeError:
        raise
    except RecursionError:
        raise TOMLDecodeError("arrays or inline tables are nested too deeply") from None
    except ValueError as error:  # an integer of more than 4300 digits
        raise TOMLDecodeError(str(error).split(";")[0]) from None


def read_toml(path: Path, shown_as: str) -> dict[str, Any]:
    """The parsed document; UsageError naming ``shown_as`` when it cannot be read or parsed."""
    return parse_toml(read_text(path, shown_as), shown_as)


def read_text(path: Path, shown_as: str) -> str:
    """A configuration file's text; UsageError naming ``shown_as`` when it cannot be read
    (opened without blocking: a fifo is refused, never waited on)."""
    data = read_regular_file(path)
    if isinstance(data, Unread):
        if data.reason is Reason.FOLDER:
            raise UsageError(f"{shown_as}: cannot read file: it is a folder")
        if data.reason is Reason.SPECIAL:
            raise UsageError(f"{shown_as}: cannot read file: {data.message}")
        raise UsageError(f"{shown_as}: cannot read file: {data.strerror or data.message}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UsageError(
            f"{shown_as}: cannot read file: not valid UTF-8 (byte {error.start})"
        ) from None


def parse_toml(text: str, shown_as: str) -> dict[str, Any]:
    """The parsed document; UsageError naming ``shown_as`` when it is not valid TOML."""
    try:
        return loads(text)
    except TOMLDecodeError as error:
        raise UsageError(f"{shown_as}: invalid TOML: {error}") from None


_BARE = re.compile(r"[A-Za-z0-9_-]+")
_BASIC = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_LITERAL = re.compile(r"'[^'\n]*'")
_MULTILINE_BASIC = re.compile(r'"""(?:[^"\\]|\\.|""?(?!"))*"""(?:""?)?', re.DOTALL)
_MULTILINE_LITERAL = re.compile(r"'''(?:[^']|''?(?!'))*'''(?:''?)?")
_BLANK = re.compile(r"[ \t]*")
_BLANK_LINES = re.compile(r"(?:[ \t\r\n]|#[^\n]*)*")
_SCALAR = re.compile(r"[^,\]}#\n]+")


class _Stop(Exception):
    """The text is not what the scanner expects here: it keeps what it found so far."""


class _Scanner:
    """Walks TOML text, recording the line of every key and table header it meets."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0
        self.lines: dict[tuple[str, ...], int] = {}
        self._counted = (0, 1)  # a position already passed, and its line

    def line(self) -> int:
        """The 1-based line of the current position (counted on from the last one asked)."""
        position, line = self._counted
        line += self.text.count("\n", position, self.at)
        self._counted = (self.at, line)
        return line

    def skip(self, pattern: re.Pattern[str]) -> None:
        match = pattern.match(self.text, self.at)
        if match:
            self.at = match.end()

    def peek(self, prefix: str) -> bool:
        return self.text.startswith(prefix, self.at)

    def expect(self, prefix: str) -> None:
        if not self.peek(prefix):
            raise _Stop
        self.at += len(prefix)

    def record(self, path: tuple[str, ...], line: int) -> None:
        """Remember the first line of ``path`` and of every table it implies."""
        for end in range(1, len(path) + 1):
            self.lines.setdefault(path[:end], line)

    def document(self) -> None:
        """Every key and header of the document, until its end or the first surprise."""
        table: tuple[str, ...] = ()
        while True:
            self.skip(_BLANK_LINES)
            if self.at >= len(self.text):
                return
            line = self.line()
            if self.peek("[["):
                self.at += 2
                table = self.key()
                self.expect("]]")
                self.record(table, line)
            elif self.peek("["):
                self.at += 1
                table = self.key()
                self.expect("]")
                self.record(table, line)
            else:
                self.key_value(table)

    def key(self) -> tuple[str, ...]:
        """A dotted key, each part decoded by the TOML reader itself."""
        parts = []
        while True:
            self.skip(_BLANK)
            for pattern in (_BARE, _BASIC, _LITERAL):
                match = pattern.match(self.text, self.at)
                if match:
                    break
            else:
                raise _Stop
            self.at = match.end()
            parts.append(_decoded_key(match.group()))
            self.skip(_BLANK)
            if not self.peek("."):
                return tuple(parts)
            self.at += 1

    def key_value(self, table: tuple[str, ...]) -> None:
        line = self.line()
        path = table + self.key()
        self.record(path, line)
        self.expect("=")
        self.value(path)

    def value(self, path: tuple[str, ...]) -> None:
        """One value; the keys of inline tables in it are recorded under ``path``. Iterative:
        nesting depth cannot exhaust the stack."""
        # Each open array or inline table: its path, and whether it is a table.
        open_: list[tuple[tuple[str, ...], bool]] = []
        while True:
            self.skip(_BLANK_LINES if open_ else _BLANK)
            if self.peek("["):
                self.at += 1
                open_.append((path, False))
            elif self.peek("{"):
                self.at += 1
                open_.append((path, True))
            else:
                if not (open_ and (self.peek("]") or self.peek("}"))):
                    self.scalar()
                # Close what ends here, then move to the next item of what stays open.
                while open_:
                    self.skip(_BLANK_LINES)
                    if self.peek(","):
                        self.at += 1
                        break
                    self.expect("}" if open_[-1][1] else "]")
                    open_.pop()
                if not open_:
                    return
                path = open_[-1][0]
            if open_ and open_[-1][1]:
                self.skip(_BLANK_LINES)
                if self.peek("}"):
                    continue
                line = self.line()
                path = open_[-1][0] + self.key()
                self.record(path, line)
                self.expect("=")

    def scalar(self) -> None:
        for pattern in (_MULTILINE_BASIC, _MULTILINE_LITERAL, _BASIC, _LITERAL, _SCALAR):
            match = pattern.match(self.text, self.at)
            if match:
                self.at = match.end()
                return
        raise _Stop


def _decoded_key(part: str) -> str:
    """A bare or quoted key as TOML reads it: ``"a\\tb"`` is `a`, a tab, `b`."""
    if part[0] not in "\"'":
        return part
    try:
        decoded = tomllib.loads(f"{part} = 0")
    except TOMLDecodeError:
        raise _Stop from None
    return next(iter(decoded))


def key_lines(text: str) -> dict[tuple[str, ...], int]:
    """The 1-based line where each key is set, as its full path of table and key names
    (``("tool", "modlint", "modules", "auth", "level")``); table headers, the tables that
    dotted keys imply, and keys of inline tables are included too. Never fails: text that is
    not valid TOML gives the keys found before the first problem."""
    scanner = _Scanner(text)
    try:
        scanner.document()
    except _Stop:
        pass
    return scanner.lines
