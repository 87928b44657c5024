"""Logging: its breaking change came with a new major version (1.4.0 at the base, 2.0.0 here)."""

__all__ = ["get_logger"]


def get_logger(name: str) -> object: ...
