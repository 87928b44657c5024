from .engine import DEFAULT_TIMEOUT, Store, close_store, open_store

__all__ = ["DEFAULT_TIMEOUT", "Store", "close_store", "open_store"]
