"""What every reporter needs besides the diagnostics."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from modlint.model import __version__
from modlint.support import relative

if TYPE_CHECKING:
    from modlint.model import Diagnostic, Fix

RULES_URL = "https://github.com/modlint/modlint/blob/main/README.md#what-it-reports"
"""Where the rules are documented; each diagnostic's url points there, at its code."""


@dataclass(frozen=True)
class ReportContext:
    """The current folder (paths are shown relative to it) and the terminal's abilities."""

    cwd: Path
    color: bool = False
    show_source: bool = False
    version: str = __version__
    fixes: Mapping[Diagnostic, Fix] = field(default_factory=dict, hash=False)
    """The fix each diagnostic offers (JSON and SARIF show them)."""
    root: Path | None = None
    """The project root: ``show_source`` shows no line of a file that lies outside it."""


def posix_relative(diagnostic: Diagnostic, context: ReportContext) -> str:
    """The diagnostic's path relative to the current folder, with forward slashes."""
    return relative(diagnostic.path, context.cwd).replace(os.sep, "/")


def rule_url(code: str) -> str:
    """The documentation address of a rule."""
    return f"{RULES_URL}-{code.lower()}"
