from .engine import DEFAULT_TIMEOUT, Store, open_store
