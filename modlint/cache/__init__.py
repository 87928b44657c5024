"""The per-file fact cache: facts keyed by content hash, in `.modlint_cache/` at the root."""

from modlint.cache.results import (
    code_fingerprint,
    file_stats,
    inputs_digest,
    load_results,
    save_results,
)
from modlint.cache.store import FactCache

__all__ = [
    "FactCache",
    "code_fingerprint",
    "file_stats",
    "inputs_digest",
    "load_results",
    "save_results",
]
