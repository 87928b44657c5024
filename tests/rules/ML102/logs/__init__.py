from typing import TYPE_CHECKING

from .handlers import get_logger

if TYPE_CHECKING:
    from logging import Handler

__all__ = ["get_logger", "Handler", "make_handler"]
