"""TOML reading with the standard library where it has it (Python 3.11+), tomli before."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from modlint.model import UsageError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python < 3.11 only
    import tomli as tomllib


TOMLDecodeError = tomllib.TOMLDecodeError
"""The parse error of whichever TOML reader this Python has."""


def loads(text: str) -> dict[str, Any]:
    """The TOML document in ``text``; TOMLDecodeError when it is not valid TOML."""
    return tomllib.loads(text)


def read_toml(path: Path, shown_as: str) -> dict[str, Any]:
    """The parsed document; UsageError naming ``shown_as`` when it cannot be read or parsed."""
    return parse_toml(read_text(path, shown_as), shown_as)


def read_text(path: Path, shown_as: str) -> str:
    """A TOML file's text; UsageError naming ``shown_as`` when it cannot be read."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{shown_as}: cannot read file: {error}") from None


def parse_toml(text: str, shown_as: str) -> dict[str, Any]:
    """The parsed document; UsageError naming ``shown_as`` when it is not valid TOML."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{shown_as}: invalid TOML: {error}") from None


_KEY = r"""(?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)"""
_KEY_LINE = re.compile(rf"^\s*(?P<key>{_KEY}(?:\s*\.\s*{_KEY})*)\s*=")
_TABLE_LINE = re.compile(rf"^\s*\[\s*(?P<table>{_KEY}(?:\s*\.\s*{_KEY})*)\s*\]")
_KEY_PART = re.compile(_KEY)


def _key_parts(dotted: str) -> tuple[str, ...]:
    parts = []
    for part in _KEY_PART.findall(dotted):
        if part.startswith('"'):
            parts.append(json.loads(part))
        elif part.startswith("'"):
            parts.append(part[1:-1])
        else:
            parts.append(part)
    return tuple(parts)


def key_lines(text: str) -> dict[tuple[str, ...], int]:
    """The 1-based line where each key is set, as its full path of table and key names
    (``("tool", "modlint", "modules", "auth", "level")``); table headers are included too.
    Inline tables and multi-line values are not looked into: good enough to point at a line."""
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE_LINE.match(line)
        if header:
            table = _key_parts(header.group("table"))
            lines.setdefault(table, number)
            continue
        key = _KEY_LINE.match(line)
        if key:
            lines.setdefault(table + _key_parts(key.group("key")), number)
    return lines
