"""Exact text edits of one module's string key in the configuration file.

The edit replaces only the characters of the value's string literal; the result is parsed
again and must equal the old document with that one value changed, so every other byte and
every other meaning of the file is provably kept (comments, order, spacing, line endings).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from modlint.configuration import TOMLDecodeError, key_lines, loads
from modlint.locking.lockfile import toml_string


class ConfigEditFailure(Exception):
    """The key cannot be edited exactly (the message says why): the caller changes nothing."""


def module_key_path(file: Path, module: str, key: str) -> tuple[str, ...]:
    """The full TOML key path of ``key`` of ``module`` in the configuration ``file``."""
    prefix = () if file.name == "modlint.toml" else ("tool", "modlint")
    return (*prefix, "modules", module, key)


def _literal_pattern(key: str) -> re.Pattern[str]:
    # The key, bare or quoted, then `=`, then a one-line basic or literal string.
    name = re.escape(key)
    return re.compile(
        rf"""(?:^|[\s{{,.])(?:{name}|"{name}"|'{name}')[ \t]*=[ \t]*"""
        r"""("(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
    )


def _set(document: dict[str, Any], path: tuple[str, ...], value: str) -> None:
    table = document
    for part in path[:-1]:
        table = table[part]
    table[path[-1]] = value


def _get(document: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = document
    for part in path:
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def edited_text(text: str, path: tuple[str, ...], value: str) -> str:
    """``text`` with the string at key ``path`` set to ``value``, every other byte the same;
    ConfigEditFailure when the key is not a one-line string that can be edited exactly."""
    line_number = key_lines(text).get(path)
    try:
        before = loads(text)
    except TOMLDecodeError as error:
        raise ConfigEditFailure(f"it is not valid TOML: {error}") from None
    if line_number is None or not isinstance(_get(before, path), str):
        raise ConfigEditFailure(f"key '{'.'.join(path)}' is not a string set in it")
    lines = text.split("\n")  # as the key scanner counts lines
    line = lines[line_number - 1]
    found = list(_literal_pattern(path[-1]).finditer(line))
    if len(found) != 1:
        raise ConfigEditFailure(f"line {line_number} does not hold '{path[-1]}' as one string")
    start, end = found[0].span(1)
    lines[line_number - 1] = line[:start] + toml_string(value) + line[end:]
    after_text = "\n".join(lines)
    expected = copy.deepcopy(before)
    _set(expected, path, value)
    try:
        after = loads(after_text)
    except TOMLDecodeError:
        after = None
    if after != expected:
        raise ConfigEditFailure(f"line {line_number} cannot be edited exactly")
    return after_text
