from .engine import DEFAULT_TIMEOUT, Store, open_store

__all__ = ["DEFAULT_TIMEOUT", "Store", "open_store"]
