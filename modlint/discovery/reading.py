"""The project-file reader, kept under its old name for the modules that still import it."""

from __future__ import annotations

from modlint.support import Unread, not_regular, read_regular_file

__all__ = ["Unread", "not_regular", "read_regular_file"]
