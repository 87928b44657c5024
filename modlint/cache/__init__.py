"""The per-file fact cache: facts keyed by content hash, in `.modlint_cache/` at the root."""

from modlint.cache.results import (
    CurrentStats,
    Stats,
    Tree,
    code_fingerprint,
    file_stats,
    inputs_digest,
    load_results,
    save_results,
)
from modlint.cache.store import FactCache

__all__ = [
    "CurrentStats",
    "FactCache",
    "Stats",
    "Tree",
    "code_fingerprint",
    "file_stats",
    "inputs_digest",
    "load_results",
    "save_results",
]
