"""Suppression: `per-file-ignores`, file-level and line-level `# noqa`, then the rules that
judge the `# noqa` comments themselves."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modlint.model import NoqaDirective, SuppressionOutcome
from modlint.pipeline.selection import matching_length
from modlint.rules import RULES_BY_CODE, enabled_rules

if TYPE_CHECKING:
    from modlint.model import Diagnostic, FileFacts, Project

_Used = dict[tuple[Path, NoqaDirective], set[str]]
"""The codes each directive of each file has suppressed."""


class _PatternIgnores:
    """The codes `per-file-ignores` turns off for a path (any file a diagnostic names: Python
    files, lock files, docs), worked out once per path."""

    def __init__(self, project: Project) -> None:
        self.root = project.config.root
        self.specs: list[tuple[Any, tuple[str, ...]]] = []
        if project.config.per_file_ignores:
            import pathspec

            self.specs = [
                (pathspec.GitIgnoreSpec.from_lines([pattern]), codes)
                for pattern, codes in project.config.per_file_ignores
            ]
        self.known: dict[Path, tuple[str, ...]] = {}

    def codes(self, path: Path) -> tuple[str, ...]:
        if not self.specs:
            return ()
        if path not in self.known:
            relative = path.relative_to(self.root).as_posix()
            self.known[path] = tuple(
                code for spec, codes in self.specs if spec.match_file(relative) for code in codes
            )
        return self.known[path]


def _suppressing_directive(diagnostic: Diagnostic, facts: FileFacts | None) -> NoqaDirective | None:
    """The directive that suppresses ``diagnostic``: a file-level one, or one on the
    diagnostic's line or on the first line of the import statement holding it."""
    if facts is None or not facts.noqa:
        return None
    lines = {diagnostic.line}
    lines.update(
        statement.first_line
        for statement in facts.imports
        if statement.first_line <= diagnostic.line <= statement.last_line
    )
    for directive in facts.noqa:
        if not directive.file_level and directive.line not in lines:
            continue
        if directive.codes is None or diagnostic.code in directive.codes:
            return directive
    return None


def suppress(
    diagnostics: Iterable[Diagnostic], project: Project, enabled: frozenset[str]
) -> list[Diagnostic]:
    """The diagnostics that no suppression covers, plus those of the enabled rules that judge
    the suppressions themselves (`per-file-ignores` applies to theirs too)."""
    by_pattern = _PatternIgnores(project)
    used: _Used = defaultdict(set)
    kept: list[Diagnostic] = []
    for diagnostic in diagnostics:
        if matching_length(diagnostic.code, by_pattern.codes(diagnostic.path)) is not None:
            continue
        directive = _suppressing_directive(diagnostic, project.files.get(diagnostic.path))
        if directive is None:
            kept.append(diagnostic)
        else:
            used[diagnostic.path, directive].add(diagnostic.code)
    outcome = SuppressionOutcome(
        used={key: frozenset(codes) for key, codes in used.items()},
        enabled=enabled,
        known=frozenset(RULES_BY_CODE),
    )
    for rule in enabled_rules(enabled):
        if rule.check_suppressions is None:
            continue
        for diagnostic in rule.check_suppressions(project, outcome):
            if matching_length(diagnostic.code, by_pattern.codes(diagnostic.path)) is None:
                kept.append(diagnostic)
    return kept
