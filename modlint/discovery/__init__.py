"""Stage 1: the project's Python files, with excludes and .gitignore applied."""

from modlint.discovery.files import discover_python_files, find_lock_files

__all__ = ["discover_python_files", "find_lock_files"]
