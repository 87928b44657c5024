"""The output formats by name, as `--output-format` takes them."""

from __future__ import annotations

from typing import Callable

from modlint.model import Diagnostic
from modlint.report.context import ReportContext
from modlint.report.text import render_concise, render_text

Renderer = Callable[[tuple[Diagnostic, ...], ReportContext], str]

FORMATS: tuple[str, ...] = ("text", "concise", "json", "sarif", "github", "gitlab", "junit")

FIX_FORMATS: tuple[str, ...] = ("json", "sarif")
"""The formats that show each diagnostic's fix: they need the analysed project, so a run in
one of them never replays the last run's findings."""


def renderer(format_name: str) -> Renderer:
    """The function that renders the named format (machine formats are imported on demand)."""
    if format_name == "text":
        return render_text
    if format_name == "concise":
        return render_concise
    from modlint.report import machine

    return getattr(machine, f"render_{format_name}")  # type: ignore[no-any-return]


def render(format_name: str, diagnostics: tuple[Diagnostic, ...], context: ReportContext) -> str:
    """The diagnostics in the named format."""
    return renderer(format_name)(diagnostics, context)
