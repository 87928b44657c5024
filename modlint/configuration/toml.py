"""TOML reading with the standard library where it has it (Python 3.11+), tomli before."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from modlint.model.errors import UsageError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python < 3.11 only
    import tomli as tomllib


def read_toml(path: Path, shown_as: str) -> dict[str, Any]:
    """The parsed document; UsageError naming ``shown_as`` when it cannot be read or parsed."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{shown_as}: cannot read file: {error}") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{shown_as}: invalid TOML: {error}") from None
