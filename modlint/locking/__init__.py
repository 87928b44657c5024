"""Locked modules: `.LOCKED` files, public surfaces, and how a surface changed."""

from modlint.locking.compare import Change, compare_surfaces
from modlint.locking.config_edit import ConfigEditFailure, edited_text, module_key_path
from modlint.locking.history import committed_text, tagged_text
from modlint.locking.lockfile import (
    LOCK_FILE,
    MAX_SIZE,
    LockFileUnreadable,
    ParseFailure,
    lock_file_text,
    parse_lock_file,
    read_lock_file,
    render_lock_file,
    toml_string,
)
from modlint.locking.surface import UNLISTED_TAIL, module_surface, module_surfaces
from modlint.locking.transaction import Applied, ChangeFailed, FileChange, apply_changes, needed

__all__ = [
    "Applied",
    "Change",
    "ChangeFailed",
    "ConfigEditFailure",
    "FileChange",
    "LOCK_FILE",
    "MAX_SIZE",
    "LockFileUnreadable",
    "ParseFailure",
    "UNLISTED_TAIL",
    "apply_changes",
    "committed_text",
    "compare_surfaces",
    "edited_text",
    "lock_file_text",
    "module_key_path",
    "module_surface",
    "module_surfaces",
    "needed",
    "parse_lock_file",
    "read_lock_file",
    "render_lock_file",
    "tagged_text",
    "toml_string",
]
