from .ops import add, sub

__all__ = sorted(["add", "sub"])
