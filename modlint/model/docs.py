"""Documentation files the docs checker reads: lock tables and module READMEs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DocFile:
    """A Markdown file as read: its text (UTF-8, BOM removed), or why there is none."""

    path: Path
    text: str | None
    problem: str | None = None
    bom: bool = False
