"""The output formats by name, as `--output-format` takes them."""

from __future__ import annotations

from typing import Callable

from modlint.model import Diagnostic
from modlint.report.context import ReportContext
from modlint.report.machine import (
    render_github,
    render_gitlab,
    render_json,
    render_junit,
    render_sarif,
)
from modlint.report.text import render_concise, render_text

Renderer = Callable[[tuple[Diagnostic, ...], ReportContext], str]

FORMATS: dict[str, Renderer] = {
    "text": render_text,
    "concise": render_concise,
    "json": render_json,
    "sarif": render_sarif,
    "github": render_github,
    "gitlab": render_gitlab,
    "junit": render_junit,
}


def render(format_name: str, diagnostics: tuple[Diagnostic, ...], context: ReportContext) -> str:
    """The diagnostics in the named format."""
    return FORMATS[format_name](diagnostics, context)
