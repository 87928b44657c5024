"""The per-file fact cache: facts keyed by content hash, in `.modlint_cache/` at the root.

`FactCache` is imported on first use (PEP 562): its codec creates the facts' classes, which a
run that reuses the last findings never needs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from modlint.cache.results import (
    CompareFacts,
    CurrentStats,
    FactChanges,
    Revise,
    Revision,
    StatKey,
    Stats,
    Tree,
    code_fingerprint,
    file_stats,
    inputs_digest,
    load_results,
    save_results,
)
from modlint.cache.tracked import tracked_by_git

if TYPE_CHECKING:
    from modlint.cache.store import FactCache

__all__ = [
    "CompareFacts",
    "CurrentStats",
    "FactChanges",
    "Revise",
    "Revision",
    "StatKey",
    "FactCache",
    "Stats",
    "Tree",
    "code_fingerprint",
    "file_stats",
    "inputs_digest",
    "load_results",
    "save_results",
    "tracked_by_git",
]


def __getattr__(name: str) -> object:
    """`FactCache`, imported on first use and kept; AttributeError for any other name."""
    if name != "FactCache":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = importlib.import_module(f"{__name__}.store").FactCache
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """This package's attributes, including `FactCache` before its first use."""
    return sorted(set(globals()) | set(__all__))
