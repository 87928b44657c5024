from store import _cache


class Engine:
    cache = _cache
