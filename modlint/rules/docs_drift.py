"""What ML301, ML302 and ML303 share: a docs drift as a diagnostic."""

from __future__ import annotations

from typing import TYPE_CHECKING

from modlint.model import Diagnostic

if TYPE_CHECKING:
    from modlint.docs import Drift


def drift_diagnostic(drift: Drift, code: str) -> Diagnostic:
    """The diagnostic of ``code`` at the line of the drift."""
    return Diagnostic(drift.path, drift.line, 1, code, drift.message)
