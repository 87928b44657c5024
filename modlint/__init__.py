"""modlint: an architecture linter for modular Python projects.

The public API is :func:`check`; the command line is :func:`modlint.cli.main`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from modlint.model import __version__

if TYPE_CHECKING:
    from modlint.pipeline import CheckResult

__all__ = ["__version__", "check"]


def check(
    project: str | Path = ".",
    paths: Sequence[str | Path] = (),
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
) -> CheckResult:
    """Check the project whose configuration is found at or above ``project`` and return its
    sorted diagnostics (only those under ``paths`` when given); UsageError for bad
    configuration."""
    from modlint.configuration import find_config_file, load_config
    from modlint.model import UsageError
    from modlint.pipeline import Selection, check_project

    config_file = find_config_file(Path(project))
    if config_file is None:
        raise UsageError(f"no configuration found in '{project}' or any folder above it")
    selection = Selection(select=tuple(select) if select is not None else None, ignore=tuple(ignore))
    return check_project(
        load_config(config_file), [Path(path).resolve() for path in paths], selection
    )
