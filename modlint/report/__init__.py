"""Rendering diagnostics: one function per output format, all reading the same Diagnostic
objects and the same rule registry.

The dependency graph's names are imported on first use (PEP 562): only `modlint graph` needs
them."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from modlint.report.context import ReportContext, rule_url
from modlint.report.formats import FIX_FORMATS, FORMATS, render
from modlint.report.machine import render_rules_json, render_statistics
from modlint.report.text import (
    diagnostic_line,
    notice_line,
    rule_document,
    rules_table,
    summary_line,
)

if TYPE_CHECKING:
    from modlint.report.graph import GRAPH_FORMATS, build_graph

__all__ = [
    "FIX_FORMATS",
    "FORMATS",
    "GRAPH_FORMATS",
    "ReportContext",
    "build_graph",
    "diagnostic_line",
    "notice_line",
    "render",
    "render_rules_json",
    "render_statistics",
    "rule_document",
    "rule_url",
    "rules_table",
    "summary_line",
]


def __getattr__(name: str) -> object:
    """`GRAPH_FORMATS` or `build_graph`, imported on first use and kept; AttributeError for
    any other name."""
    if name not in ("GRAPH_FORMATS", "build_graph"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.graph"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """This package's attributes, including the graph's names before their first use."""
    return sorted(set(globals()) | set(__all__))
