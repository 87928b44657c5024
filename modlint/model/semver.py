"""Semantic versions as `.LOCKED` files and the configuration write them ("1.0" is 1.0.0)."""

from __future__ import annotations

import re
from typing import NamedTuple

_VERSION = re.compile(r"^([0-9]{1,30})\.([0-9]{1,30})(?:\.([0-9]{1,30}))?$")
"""ASCII digits, and few enough of them to be a version (and a number int() will convert)."""


class Version(NamedTuple):
    """major.minor.patch, ordered as numbers."""

    major: int
    minor: int
    patch: int

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"

    def next_major(self) -> Version:
        return Version(self.major + 1, 0, 0)

    def next_minor(self) -> Version:
        return Version(self.major, self.minor + 1, 0)

    def next_patch(self) -> Version:
        return Version(self.major, self.minor, self.patch + 1)


def is_version(text: str) -> bool:
    """Whether ``text`` is written as a version, exactly as given (no spaces around it)."""
    return _VERSION.match(text) is not None


def parse_version(text: str) -> Version | None:
    """The version ``text`` spells (``1.2`` is 1.2.0), or None when it is not one."""
    match = _VERSION.match(text.strip())
    if match is None:
        return None
    major, minor, patch = match.groups()
    return Version(int(major), int(minor), int(patch or 0))
