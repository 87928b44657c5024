"""Text for a terminal: diagnostics (optionally coloured, with source), notices, rule docs."""

from __future__ import annotations

import textwrap

from modlint.model import Diagnostic, Notice, Rule
from modlint.report.context import ReportContext, relative

_BOLD, _RED, _CYAN, _BLUE, _RESET = "\x1b[1m", "\x1b[31m", "\x1b[36m", "\x1b[34m", "\x1b[0m"


def _paint(text: str, *styles: str, on: bool) -> str:
    return "".join(styles) + text + _RESET if on else text


def diagnostic_line(diagnostic: Diagnostic, context: ReportContext) -> str:
    """``path:line:col: CODE message``, the flake8 and ruff format editors parse."""
    on = context.color
    colon = _paint(":", _CYAN, on=on)
    return (
        f"{_paint(relative(diagnostic.path, context.cwd), _BOLD, on=on)}{colon}"
        f"{diagnostic.line}{colon}{diagnostic.column}{colon} "
        f"{_paint(diagnostic.code, _BOLD, _RED, on=on)} {diagnostic.message}"
    )


def source_excerpt(diagnostic: Diagnostic, context: ReportContext) -> str:
    """The offending line with a caret under the reported span, or "" when unreadable."""
    try:
        lines = diagnostic.path.read_text(encoding="utf-8-sig", errors="replace").splitlines()
    except OSError:
        return ""
    if not 0 < diagnostic.line <= len(lines):
        return ""
    source = lines[diagnostic.line - 1].expandtabs(1)
    width = max(1, (diagnostic.end_column - diagnostic.column)
                if diagnostic.end_line == diagnostic.line else len(source) - diagnostic.column + 1)
    gutter = " " * len(str(diagnostic.line))
    bar = _paint("|", _BLUE, on=context.color)
    caret = _paint("^" * width, _BOLD, _RED, on=context.color)
    return (f"{gutter} {bar}\n{_paint(str(diagnostic.line), _BLUE, on=context.color)} {bar} "
            f"{source}\n{gutter} {bar} {' ' * (diagnostic.column - 1)}{caret}\n")


def render_text(diagnostics: tuple[Diagnostic, ...], context: ReportContext) -> str:
    """One line per diagnostic (each followed by its source line with ``--show-source``)."""
    parts = []
    for diagnostic in diagnostics:
        parts.append(diagnostic_line(diagnostic, context) + "\n")
        if context.show_source:
            parts.append(source_excerpt(diagnostic, context))
    return "".join(parts)


def render_concise(diagnostics: tuple[Diagnostic, ...], context: ReportContext) -> str:
    """One plain line per diagnostic, never coloured: for scripts and problem matchers."""
    plain = ReportContext(context.cwd)
    return "".join(diagnostic_line(diagnostic, plain) + "\n" for diagnostic in diagnostics)


def notice_line(notice: Notice, context: ReportContext) -> str:
    """A warning line for stderr."""
    return (
        f"modlint: warning: {relative(notice.path, context.cwd)}:{notice.line}:{notice.column}: "
        f"{notice.message}"
    )


def summary_line(count: int) -> str:
    """``Found N errors.``, as ruff words it."""
    return f"Found {count} error{'' if count == 1 else 's'}."


def rule_document(rule: Rule) -> str:
    """What `modlint rule CODE` prints: Markdown with the rule's documentation and examples."""
    on = "" if rule.default_enabled else "\nOff by default: enable it with `--extend-select`.\n"
    return "\n".join([
        f"# {rule.name} ({rule.code})",
        "",
        rule.summary,
        on,
        "## Why is this bad?",
        textwrap.fill(rule.rationale, width=88),
        "",
        "## Example",
        "```python",
        rule.bad_example,
        "```",
        "",
        "Use instead:",
        "```python",
        rule.good_example,
        "```",
    ])


def rules_table(rules: tuple[Rule, ...]) -> str:
    """One line per rule: code, name and summary."""
    width = max(len(rule.name) for rule in rules)
    return "\n".join(f"{rule.code}  {rule.name:<{width}}  {rule.summary}" for rule in rules)
