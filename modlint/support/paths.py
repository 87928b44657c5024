"""Paths as modlint shows them to people: relative to the current folder."""

from __future__ import annotations

import functools
import os
from pathlib import Path


@functools.lru_cache(maxsize=4096)
def relative(path: Path, cwd: Path) -> str:
    """``path`` relative to ``cwd`` (with `..` where needed), as editors expect (remembered:
    a path has many diagnostics)."""
    try:
        return os.path.relpath(path, cwd)
    except ValueError:  # another drive on Windows
        return str(path)


def display_path(path: Path) -> str:
    """``path`` relative to the current folder (with `..` where needed)."""
    return relative(path, Path.cwd())
