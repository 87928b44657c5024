"""A converted configuration before it becomes text, and the text it becomes: every key carries
the comment that says why it is set, so that the user can review the conversion."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from modlint.locking import toml_string
from modlint.rules import RULES

WIDTH = 100
"""The longest line the converted configuration holds (a long comment wraps)."""

_UNSAFE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\u2028\u2029\ud800-\udfff\ufffe\uffff]"
)


_CODES = {rule.name: rule.code for rule in RULES}


def code(name: str) -> str:
    """The code of the rule called ``name``: the converter names rules through the registry,
    so that no code is spelled outside its rule's file."""
    return _CODES[name]


@dataclass(frozen=True)
class Entry:
    """One item of an array, with the comment (above it) saying where it comes from."""

    value: str
    comment: str = ""


@dataclass(frozen=True)
class Setting:
    """One key of a table: its TOML value as text, and why it is set."""

    key: str
    value: str
    comment: str = ""


@dataclass(frozen=True)
class Table:
    """A table of the configuration (`tool.modlint.modules."shop.api"`) and its keys."""

    name: str
    settings: tuple[Setting, ...]
    comment: str = ""


@dataclass(frozen=True)
class Plan:
    """A whole converted configuration: notes for the top, `[tool.modlint]` keys, sub-tables."""

    notes: tuple[str, ...]
    settings: tuple[Setting, ...]
    tables: tuple[Table, ...]


def comment_safe(text: str) -> str:
    """``text`` with every character a TOML comment cannot hold, or that would reorder or break
    the line, written as an escape."""
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def comment_lines(text: str, indent: str = "") -> list[str]:
    """``text`` as `#` comment lines of at most WIDTH characters (a word longer than that
    stays whole)."""
    prefix = f"{indent}# "
    return textwrap.wrap(
        comment_safe(text),
        width=WIDTH - len(prefix),
        initial_indent=prefix,
        subsequent_indent=prefix,
        break_long_words=False,
        break_on_hyphens=False,
    )


def key(name: str) -> str:
    """``name`` as a TOML key: bare when it can be, else quoted."""
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else toml_string(name)


def array(entries: Sequence[Entry], prefix: str = "") -> str:
    """A TOML array of strings: on one line when no entry has a comment and it fits after
    ``prefix`` (the `key = ` before it), else one entry a line under its comment."""
    if not any(entry.comment for entry in entries):
        one_line = "[" + ", ".join(toml_string(entry.value) for entry in entries) + "]"
        if len(prefix) + len(one_line) <= WIDTH:
            return one_line
    lines = ["["]
    previous = None
    for entry in entries:
        if entry.comment and entry.comment != previous:
            lines += comment_lines(entry.comment, "    ")
        previous = entry.comment
        lines.append(f"    {toml_string(entry.value)},")
    return "\n".join([*lines, "]"])


def strings(values: Sequence[str], prefix: str = "") -> str:
    """A TOML array of strings without comments."""
    return array([Entry(value) for value in values], prefix)


def groups(members: Sequence[tuple[tuple[str, ...], str]]) -> str:
    """A TOML array of string arrays, one a line under its comment."""
    lines = ["["]
    for names, comment in members:
        lines += comment_lines(comment, "    ")
        lines.append(f"    {strings(names, '    ')},")
    return "\n".join([*lines, "]"])


def _settings(settings: Sequence[Setting]) -> list[str]:
    lines = []
    for setting in settings:
        if setting.comment:
            lines += comment_lines(setting.comment)
        lines.append(f"{setting.key} = {setting.value}")
    return lines


def render(plan: Plan) -> str:
    """The TOML text of ``plan``: `[tool.modlint]` with its notes and keys, then each table."""
    lines = ["[tool.modlint]"]
    for note in plan.notes:
        lines += comment_lines(note)
    lines += _settings(plan.settings)
    for table in plan.tables:
        lines += ["", f"[tool.modlint.{table.name}]"]
        if table.comment:
            lines += comment_lines(table.comment)
        lines += _settings(table.settings)
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Conversion:
    """A peer's configuration converted: the `[tool.modlint]` text, the file it came from, how
    many modules it declares, and one warning per thing that has no exact equivalent."""

    source: str
    text: str
    modules: int
    warnings: tuple[str, ...]
