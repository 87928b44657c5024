from .text import clean, shout

__all__ = ["clean"]

__version__ = "1.0"


def normalize(text: str) -> str:
    return _squeeze(clean(text))


def _squeeze(text: str) -> str:
    return " ".join(text.split())
