"""Helpers the import rules share: a diagnostic at an import, and how to name an import."""

from __future__ import annotations

from modlint.model.diagnostic import Diagnostic
from modlint.model.project import ResolvedImport


def at_import(imported: ResolvedImport, code: str, message: str) -> Diagnostic:
    """A diagnostic spanning the name that resolves to the import's target."""
    return Diagnostic(
        path=imported.path,
        line=imported.line,
        column=imported.column,
        code=code,
        message=message,
        end_column=imported.end_column,
    )
