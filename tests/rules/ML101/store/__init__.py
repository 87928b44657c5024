from .connect import connect
from .engine import Engine

__all__ = ["Engine", "connect"]
