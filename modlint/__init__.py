"""modlint: an architecture linter for modular Python projects.

The public API is :func:`check`; the command line is :func:`modlint.cli.main`.
"""

# This file has no `from __future__ import annotations` (its annotations are strings instead):
# that statement imports the module __future__, which under `python -m modlint` would be looked
# up in the current folder before the guard below has run.
import os
import sys


def _running_as_main_module() -> bool:
    """Whether this import is Python locating modlint for `python -m modlint` (sys.argv[0] is
    "-m" only then, and sys.orig_argv names the module from Python 3.10 on)."""
    if sys.argv[:1] != ["-m"]:
        return False
    original: list[str] | None = getattr(sys, "orig_argv", None)
    if not original or len(original) < len(sys.argv):
        return True
    argument = original[len(original) - len(sys.argv)]  # `modlint`, or `-mmodlint`
    name = argument.split("m", 1)[-1] if argument.startswith("-") else argument
    return name.split(".")[0] == "modlint"


def _current_folder_last() -> None:
    """Move the current folder from the front of sys.path to its end, so that the checked
    project's `json.py` or `tokenize.py` can never stand in for the standard library's while
    a source checkout run from its own root still finds modlint."""
    try:
        current = os.getcwd()
    except OSError:  # the folder was removed: nothing can be found in it anyway
        return
    if sys.path and sys.path[0] in ("", current):
        sys.path.append(sys.path.pop(0))


if _running_as_main_module():
    _current_folder_last()

from collections.abc import Sequence  # noqa: E402
from pathlib import Path  # noqa: E402 (after the guard, on purpose)
from typing import TYPE_CHECKING  # noqa: E402

from modlint.model import __version__  # noqa: E402

if TYPE_CHECKING:
    from modlint.pipeline import Findings

__all__ = ["__version__", "check"]


def check(
    project: "str | Path" = ".",
    paths: "Sequence[str | Path]" = (),
    select: "Sequence[str] | None" = None,
    ignore: Sequence[str] = (),
    cache_dir: "str | Path | None" = None,
) -> "Findings":
    """Check the project whose configuration is found at or above ``project`` and return its
    sorted diagnostics (only those under ``paths`` when given), reusing the findings kept in
    ``cache_dir`` when nothing changed since; UsageError for bad configuration."""
    from modlint.configuration import find_config_file, load_config
    from modlint.model import UsageError
    from modlint.pipeline import Selection, cache_folder
    from modlint.pipeline import check as check_with_pipeline

    config_file = find_config_file(Path(project))
    if config_file is None:
        raise UsageError(f"no configuration found in '{project}' or any folder above it")
    config = load_config(config_file)
    selection = Selection(
        select=tuple(select) if select is not None else None, ignore=tuple(ignore)
    )
    cache = cache_folder(config, cache_dir is None, None if cache_dir is None else str(cache_dir))
    return check_with_pipeline(config, [Path(path).resolve() for path in paths], selection, cache)
