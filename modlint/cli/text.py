"""Rendering diagnostics, notices and rule documentation as text for a terminal."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

from modlint.model import Diagnostic, Notice, Rule


def relative(path: Path, cwd: Path) -> str:
    """``path`` relative to ``cwd`` (with `..` where needed), as editors expect."""
    try:
        return os.path.relpath(path, cwd)
    except ValueError:  # another drive on Windows
        return str(path)


def diagnostic_line(diagnostic: Diagnostic, cwd: Path) -> str:
    """``path:line:col: CODE message``, the flake8 and ruff format editors parse."""
    return (
        f"{relative(diagnostic.path, cwd)}:{diagnostic.line}:{diagnostic.column}: "
        f"{diagnostic.code} {diagnostic.message}"
    )


def notice_line(notice: Notice, cwd: Path) -> str:
    """A warning line for stderr."""
    return (
        f"modlint: warning: {relative(notice.path, cwd)}:{notice.line}:{notice.column}: "
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
