"""Errors that end a run with exit code 2 (usage or configuration problems)."""

from __future__ import annotations


class UsageError(Exception):
    """A problem with how modlint was invoked or configured; its message is one line for the
    user."""
