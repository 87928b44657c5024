from .text import clean

__all__ = ["clean"]
