"""Storage: stable 1.2.0 at the base commit and still 1.2.0 here."""

__all__ = ["Store", "open_store"]


class Store:
    def get(self, key: str, default: object = None) -> object: ...


def open_store(url: str, *, timeout: float = 5.0) -> Store: ...
