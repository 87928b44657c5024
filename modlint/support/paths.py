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


def linked_out(path: Path, root: Path) -> bool:
    """Whether the file at ``path`` (in ``root``) is reached through a symbolic link that
    leads out of ``root``: a file elsewhere on the machine, not the project's to read."""
    if not os.path.isfile(path):
        return False  # nothing, or no regular file: reading it says so without reading it
    real_root, target = os.path.realpath(root), os.path.realpath(path)
    return not target.startswith(os.path.join(real_root, ""))


def display_path(path: Path) -> str:
    """``path`` relative to the current folder (with `..` where needed)."""
    return relative(path, Path.cwd())
