"""Rendering diagnostics: one function per output format, all reading the same Diagnostic
objects and the same rule registry."""

from modlint.report.context import ReportContext, rule_url
from modlint.report.formats import FIX_FORMATS, FORMATS, render
from modlint.report.graph import GRAPH_FORMATS, build_graph
from modlint.report.machine import render_rules_json, render_statistics
from modlint.report.text import (
    diagnostic_line,
    notice_line,
    rule_document,
    rules_table,
    summary_line,
)

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
