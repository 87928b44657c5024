"""Suppression: `per-file-ignores`, file-level and line-level `# noqa`, then ML903 for unused
`# noqa: ML…` codes."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Iterable

from modlint.model import Diagnostic, FileFacts, NoqaDirective, Project
from modlint.pipeline.selection import matching_length
from modlint.rules import RULES_BY_CODE
from modlint.rules.ml9xx_file_problems import UNUSED_NOQA

_Used = dict[tuple[Path, NoqaDirective], set[str]]
"""The codes each directive of each file has suppressed."""


def _ignored_by_pattern(project: Project) -> dict[Path, tuple[str, ...]]:
    """Codes that `per-file-ignores` turns off, for each file that one of its patterns matches."""
    if not project.config.per_file_ignores:
        return {}
    import pathspec

    specs = [
        (pathspec.GitIgnoreSpec.from_lines([pattern]), codes)
        for pattern, codes in project.config.per_file_ignores
    ]
    ignored: dict[Path, tuple[str, ...]] = {}
    for path in project.files:
        relative = path.relative_to(project.config.root).as_posix()
        codes = tuple(code for spec, spec_codes in specs if spec.match_file(relative)
                      for code in spec_codes)
        if codes:
            ignored[path] = codes
    return ignored


def _suppressing_directive(
    diagnostic: Diagnostic, facts: FileFacts | None
) -> NoqaDirective | None:
    """The directive that suppresses ``diagnostic``: a file-level one, or one on the
    diagnostic's line or on the first line of the import statement holding it."""
    if facts is None:
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
    """The diagnostics that no suppression covers, plus ML903 for unused `# noqa: ML…` codes."""
    by_pattern = _ignored_by_pattern(project)
    used: _Used = defaultdict(set)
    kept: list[Diagnostic] = []
    for diagnostic in diagnostics:
        if matching_length(diagnostic.code, by_pattern.get(diagnostic.path, ())) is not None:
            continue
        directive = _suppressing_directive(diagnostic, project.files.get(diagnostic.path))
        if directive is None:
            kept.append(diagnostic)
        else:
            used[diagnostic.path, directive].add(diagnostic.code)
    if UNUSED_NOQA.code in enabled:
        for diagnostic in _unused_noqa(project, used, enabled):
            if matching_length(diagnostic.code, by_pattern.get(diagnostic.path, ())) is None:
                kept.append(diagnostic)
    return kept


def _unused_noqa(project: Project, used: _Used, enabled: frozenset[str]) -> Iterable[Diagnostic]:
    for path, facts in project.files.items():
        if any(d.file_level and d.codes is None for d in facts.noqa):
            continue  # `# modlint: noqa` silences the whole file, ML903 included
        for directive in facts.noqa:
            if directive.codes is None:
                continue
            suppressed = used.get((path, directive), set())
            unused = [
                code for code in directive.codes if code.startswith("ML") and code not in suppressed
            ]
            if not unused:
                continue
            yield Diagnostic(
                path=path,
                line=directive.line,
                column=directive.column,
                code=UNUSED_NOQA.code,
                message=f"unused noqa directive ({_describe(unused, enabled)})",
                end_column=directive.end_column,
            )


def _describe(codes: list[str], enabled: frozenset[str]) -> str:
    """Groups unused codes as ruff does: unknown, non-enabled, unused."""
    groups: dict[str, list[str]] = {"unknown": [], "non-enabled": [], "unused": []}
    for code in codes:
        if code not in RULES_BY_CODE:
            groups["unknown"].append(code)
        elif code not in enabled:
            groups["non-enabled"].append(code)
        else:
            groups["unused"].append(code)
    return "; ".join(f"{kind}: {', '.join(found)}" for kind, found in groups.items() if found)
