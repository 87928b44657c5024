"""Public surfaces of modules: the names other modules may use, with their signatures."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from modlint.model.facts import NameAt, Problem


@dataclass(frozen=True)
class SurfaceEntry:
    """One public name (``Store``, ``Store.get``) with its signature and where it is defined."""

    name: str
    signature: str
    path: Path
    line: int
    column: int


@dataclass(frozen=True)
class SurfaceProblem:
    """Why a surface is incomplete (no ``__all__``, a name in it that does not exist, or a
    public name defined in the file that it leaves out)."""

    path: Path
    problem: Problem


@dataclass(frozen=True)
class ModuleSurface:
    """The surface of one architecture module, and what keeps it from being well defined."""

    module: str
    packages: tuple[str, ...]
    entries: Mapping[str, SurfaceEntry] = field(hash=False)
    exported: tuple[tuple[Path, NameAt], ...]
    problems: tuple[SurfaceProblem, ...]
    init_files: tuple[Path, ...]
    unlisted: Mapping[Path, tuple[str, ...]] = field(default_factory=dict, hash=False)
    """The public names each file defines that its literal ``__all__`` leaves out, in the
    order of the file (a problem each, too)."""
