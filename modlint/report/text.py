"""Text for a terminal: diagnostics (optionally coloured, with source), notices, rule docs."""

from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from modlint.report.context import ReportContext
from modlint.support import Unread, open_regular, printable, relative

if TYPE_CHECKING:
    from modlint.model import Diagnostic, Notice, Rule

_BOLD, _RED, _CYAN, _BLUE, _RESET = "\x1b[1m", "\x1b[31m", "\x1b[36m", "\x1b[34m", "\x1b[0m"


def _paint(text: str, *styles: str, on: bool) -> str:
    return "".join(styles) + text + _RESET if on else text


def diagnostic_line(diagnostic: Diagnostic, context: ReportContext) -> str:
    """``path:line:col: CODE message``, the flake8 and ruff format editors parse (path and
    message escaped: one diagnostic is always one line)."""
    on = context.color
    colon = _paint(":", _CYAN, on=on)
    return (
        f"{_paint(printable(relative(diagnostic.path, context.cwd)), _BOLD, on=on)}{colon}"
        f"{diagnostic.line}{colon}{diagnostic.column}{colon} "
        f"{_paint(diagnostic.code, _BOLD, _RED, on=on)} {printable(diagnostic.message)}"
    )


_MOST_READ = 64 * 1024 * 1024
"""How far into a file ``--show-source`` reads for a line before it gives up on showing it."""


def _source_line(path: Path, number: int, root: Path | None) -> str | None:
    """Line ``number`` of the file as Python numbers lines (at \\n, \\r\\n and \\r only), or
    None when it is no regular file, cannot be read, the line lies too deep in it, or it lies
    outside ``root`` (a symbolic link out of the project: its lines are not the project's)."""
    if root is not None and not _inside(path, root):
        return None
    try:
        descriptor = open_regular(path)
    except ValueError:  # a NUL in the path
        return None
    if isinstance(descriptor, Unread):
        return None
    with os.fdopen(descriptor, "rb") as handle:
        try:
            data, breaks = bytearray(), 0
            while breaks < number and len(data) <= _MOST_READ:
                chunk = handle.read(1 << 16)
                if not chunk:
                    break
                data += chunk
                breaks += chunk.count(b"\n") + chunk.count(b"\r")
        except OSError:
            return None
    if len(data) > _MOST_READ:
        return None
    text = bytes(data).decode("utf-8-sig", errors="replace")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return lines[number - 1] if 0 < number <= len(lines) else None


def _inside(path: Path, root: Path) -> bool:
    real_root = os.path.realpath(root)
    return os.path.realpath(path).startswith(os.path.join(real_root, ""))


def source_excerpt(diagnostic: Diagnostic, context: ReportContext) -> str:
    """The offending line with a caret under the reported span, or "" when it cannot be shown;
    the line's control characters are escaped and the caret moves with them."""
    from modlint.rules import ml902_unreadable_file  # only --show-source needs it

    if diagnostic.code == ml902_unreadable_file.RULE.code and os.path.islink(diagnostic.path):
        return ""  # a link not followed (into `.git`): showing a line would follow it
    line = _source_line(diagnostic.path, diagnostic.line, context.root)
    if line is None:
        return ""
    source = line.expandtabs(1)
    start = diagnostic.column - 1
    end = diagnostic.end_column - 1 if diagnostic.end_line == diagnostic.line else len(source)
    before, span = printable(source[:start]), printable(source[start : max(start, end)])
    overhang = max(0, start - len(source))  # a position just past the line's end
    gutter = " " * len(str(diagnostic.line))
    bar = _paint("|", _BLUE, on=context.color)
    caret = _paint("^" * max(1, len(span)), _BOLD, _RED, on=context.color)
    return (
        f"{gutter} {bar}\n{_paint(str(diagnostic.line), _BLUE, on=context.color)} {bar} "
        f"{printable(source)}\n{gutter} {bar} {' ' * (len(before) + overhang)}{caret}\n"
    )


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
    """A warning line for stderr (path and message escaped)."""
    return (
        f"modlint: warning: {printable(relative(notice.path, context.cwd))}:{notice.line}:"
        f"{notice.column}: {printable(notice.message)}"
    )


def summary_line(count: int) -> str:
    """``Found N errors.``, as ruff words it."""
    return f"Found {count} error{'' if count == 1 else 's'}."


_CODE_SPAN = re.compile(r"`[^`]*`")


def _wrapped(text: str, indent: str = "") -> str:
    """``text`` wrapped at 88 columns, never inside a code span or a hyphenated word
    (`type-checking-imports`); continuation lines start with ``indent``."""
    kept = _CODE_SPAN.sub(lambda span: span.group().replace(" ", "\0"), text)
    return textwrap.fill(
        kept, width=88, subsequent_indent=indent, break_on_hyphens=False, break_long_words=False
    ).replace("\0", " ")


def rule_sections(rule: Rule) -> str:
    """A rule's documentation under ruff's headings, as Markdown: What it does, Why is this
    bad?, Example, Use instead, Options."""
    fence = f"```{rule.example_language}"
    options = [_wrapped(f"- {option}", "  ") for option in rule.options] or ["None."]
    return "\n".join(
        [
            "## What it does",
            _wrapped(rule.what_it_does),
            "",
            "## Why is this bad?",
            _wrapped(rule.why_bad),
            "",
            "## Example",
            fence,
            rule.example,
            "```",
            "",
            "## Use instead",
            fence,
            rule.use_instead,
            "```",
            "",
            "## Options",
            *options,
        ]
    )


def rule_document(rule: Rule) -> str:
    """What `modlint rule CODE` prints: the rule's title and summary, then its sections."""
    off = "" if rule.default_enabled else "\nOff by default: enable it with `--extend-select`.\n"
    return "\n".join(
        [
            f"# {rule.name} ({rule.code})",
            "",
            rule.summary,
            off,
            rule_sections(rule),
        ]
    )


def rules_table(rules: tuple[Rule, ...]) -> str:
    """One line per rule: code, whether `--fix` can fix it (`fix`, `unsafe` when only
    `--unsafe-fixes` does), name and summary."""
    width = max(len(rule.name) for rule in rules)
    return "\n".join(
        f"{rule.code}  {_fix_mark(rule):<6}  {rule.name:<{width}}  {rule.summary}" for rule in rules
    )


def _fix_mark(rule: Rule) -> str:
    return {"safe": "fix", "unsafe": "unsafe"}.get(rule.fix_applicability or "", "")


def rules_markdown_table(rules: tuple[Rule, ...]) -> str:
    """The README's table of rules, as Markdown: code, name and summary of each."""
    rows = ["| code | name | summary |", "| --- | --- | --- |"]
    rows += [f"| {rule.code} | {rule.name} | {_cell(rule.summary)} |" for rule in rules]
    return "\n".join(rows) + "\n"


def _cell(text: str) -> str:
    """``text`` for a Markdown table cell: a pipe would end the cell."""
    return text.replace("|", "\\|")
