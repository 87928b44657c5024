"""Type checks for configuration values, with messages that name the file, key and expectation."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from modlint.model import UsageError


def closest(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or an empty string when none is close."""
    import difflib  # only a mistake needs it: a run with a valid configuration never does

    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


def type_name(value: object) -> str:
    """The TOML name of a value's type, as users see it in their file."""
    names = {
        bool: "a boolean",
        int: "an integer",
        float: "a float",
        str: "a string",
        list: "an array",
        dict: "a table",
    }
    return names.get(type(value), f"a {type(value).__name__}")


class TableReader:
    """Reads typed keys from one TOML table; every error names the file, the table and the key."""

    def __init__(self, data: Mapping[str, Any], where: str, known: Iterable[str]) -> None:
        self.data = data
        self.where = where
        for key in data:
            if key not in known:
                raise UsageError(f"{where}: unknown key '{key}'{closest(key, known)}")

    def fail(self, key: str, expected: str) -> UsageError:
        """An error saying that ``key`` must be ``expected``."""
        value = self.data[key]
        return UsageError(f"{self.where}: key '{key}' must be {expected}, got {type_name(value)}")

    def string(self, key: str, default: str | None = None) -> str | None:
        if key not in self.data:
            return default
        value = self.data[key]
        if not isinstance(value, str):
            raise self.fail(key, "a string")
        return value

    def choice(self, key: str, choices: tuple[str, ...], default: str) -> str:
        value = self.string(key, default)
        assert value is not None
        if value not in choices:
            listed = ", ".join(f"'{choice}'" for choice in choices)
            raise UsageError(
                f"{self.where}: key '{key}' must be one of {listed}, got '{value}'"
                f"{closest(value, choices)}"
            )
        return value

    def boolean(self, key: str, default: bool) -> bool:
        if key not in self.data:
            return default
        value = self.data[key]
        if not isinstance(value, bool):
            raise self.fail(key, "a boolean (true or false)")
        return value

    def strings(self, key: str, default: tuple[str, ...] | None = None) -> tuple[str, ...] | None:
        if key not in self.data:
            return default
        value = self.data[key]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.fail(key, "an array of strings")
        return tuple(value)

    def table(self, key: str) -> Mapping[str, Any]:
        if key not in self.data:
            return {}
        value = self.data[key]
        if not isinstance(value, dict):
            raise self.fail(key, "a table")
        return value
