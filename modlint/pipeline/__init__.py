"""Stage 5: running the pipeline end to end (discover, extract, build, check, suppress).

The commands beside the check (`baseline`, `fixes`, `add_noqa`, `docs`, `locking`, `testrun`,
`gitflow`, `init`, `migrate`) are modules of their own in modlint's configuration, each with its
``__all__``: a plain check never imports them, so this package does not re-export them.

`FactMemory` is imported on first use (PEP 562): its file imports the fact cache and the facts'
classes, which a run that reuses the last findings never needs."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from modlint.pipeline.check import CheckResult, Findings, analyse_project
from modlint.pipeline.run import (
    CACHE_FOLDER,
    analysed,
    baseline_file,
    baselined,
    cache_folder,
    check,
    existing_paths,
    find_configuration,
    record_baseline,
    reported_paths,
)
from modlint.pipeline.selection import Selection, enabled_codes

if TYPE_CHECKING:
    from modlint.pipeline.facts import FactMemory

__all__ = [
    "CACHE_FOLDER",
    "CheckResult",
    "FactMemory",
    "Findings",
    "Selection",
    "analyse_project",
    "analysed",
    "baseline_file",
    "baselined",
    "cache_folder",
    "check",
    "enabled_codes",
    "existing_paths",
    "find_configuration",
    "record_baseline",
    "reported_paths",
]


def __getattr__(name: str) -> object:
    """`FactMemory`, imported on first use and kept; AttributeError for any other name."""
    if name != "FactMemory":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = importlib.import_module(f"{__name__}.facts").FactMemory
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """This package's attributes, including `FactMemory` before its first use."""
    return sorted(set(globals()) | set(__all__))
