"""The one diagnostic type that rules return and every reporter renders."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A rule violation at a 1-based line and column of an absolute file path."""

    path: Path
    line: int
    column: int
    code: str
    message: str
    end_line: int = 0
    end_column: int = 0

    def __post_init__(self) -> None:
        # A zero-width span is the common case; default the end to the start.
        if self.end_line == 0:
            object.__setattr__(self, "end_line", self.line)
        if self.end_column == 0:
            object.__setattr__(self, "end_column", self.column)


@dataclass(frozen=True, order=True)
class Notice:
    """A problem that does not fail the run (e.g. a malformed ``# noqa``), shown on stderr."""

    path: Path
    line: int
    column: int
    message: str
