"""Line coverage measured by the user's own test run (coverage.py JSON or Cobertura XML)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class FileCoverage:
    """Statements of one file, and how many of them ran."""

    covered: int
    statements: int


@dataclass(frozen=True)
class CoverageReport:
    """The report's file (absolute) and the coverage of each file it names (absolute)."""

    path: Path
    files: Mapping[Path, FileCoverage] = field(hash=False)
