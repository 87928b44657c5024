"""The surfaces of a git base (`check --base REF`, issue 14 §5): what ML106 compares with."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from modlint.model.config import Level
    from modlint.model.semver import Version


@dataclass(frozen=True)
class BaseModule:
    """A locked or stable module as it was at the base commit."""

    level: Level
    version: Version | None
    """The `.LOCKED` version, else the configured `version`; None when it had neither."""
    surface: Mapping[str, str] = field(hash=False)
    """Each surface entry's signature, as a `.LOCKED` snapshot writes it."""


@dataclass(frozen=True)
class BaseSurfaces:
    """The base revision as given, the commit it named, and its locked or stable modules."""

    ref: str
    commit: str
    modules: Mapping[str, BaseModule] = field(hash=False)
