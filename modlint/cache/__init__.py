"""The per-file fact cache: facts keyed by content hash, in `.modlint_cache/` at the root."""

from modlint.cache.store import FactCache

__all__ = ["FactCache"]
