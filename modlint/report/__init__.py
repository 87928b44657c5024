"""Rendering diagnostics: one function per output format, all reading the same Diagnostic
objects and the same rule registry."""

from modlint.report.formats import FORMATS, render

__all__ = ["FORMATS", "render"]
