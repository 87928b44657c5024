"""A module's `.LOCKED` file: its version, why it was locked, and the snapshot of its surface."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from modlint.model.facts import Problem
    from modlint.model.semver import Version


@dataclass(frozen=True)
class HistoryEntry:
    """One past `lock` of the module: why that version exists."""

    version: Version
    locked_on: datetime.date
    reason: str
    breaking: tuple[str, ...] = ()
    """For a major bump: the breaking changes users must follow."""


@dataclass(frozen=True)
class LockFile:
    """The content of a valid `.LOCKED` file; ``lines`` gives the line of each key (surface
    entries under their own name)."""

    module: str
    version: Version
    locked_on: datetime.date
    reason: str
    surface: Mapping[str, str] = field(hash=False)
    lines: Mapping[str, int] = field(hash=False, default_factory=dict)
    history: tuple[HistoryEntry, ...] = ()
    """Every lock of the module, oldest first (`[[history]]`)."""


@dataclass(frozen=True)
class LockRecord:
    """A module's `.LOCKED` file as found on disk: parsed, or the problem that stops it."""

    module: str
    path: Path
    lock: LockFile | None
    problem: Problem | None = None
