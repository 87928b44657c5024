"""Stage 1: the project's Python files, with excludes and .gitignore applied."""

from modlint.discovery.files import (
    DEFAULT_EXCLUDE,
    Discovery,
    discover_python_files,
    tree_unchanged,
)
from modlint.support import Unread, not_regular, read_regular_file

__all__ = [
    "DEFAULT_EXCLUDE",
    "Discovery",
    "Unread",
    "discover_python_files",
    "not_regular",
    "read_regular_file",
    "tree_unchanged",
]
