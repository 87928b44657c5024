"""A run after a few files' facts changed: only those files are checked again.

Each rule says what its diagnostics follow from (`Rule.scope`). A `file` rule's diagnostics
of a file follow from that file's facts, the configuration, the lock files, the names index
and the module graph; a `project` rule's follow from the configuration, lock files, docs,
surfaces and the project's totals (`ProjectSummary`). So when no module has a surface, the
same files make the project, and the totals after the change name the same edges,
third-party names and matched `ignore-imports` entries as before, the findings of every
other file still hold: the changed files' imports are resolved (as they were, to take their
share out of the totals, and as they are now), their `file` rules run, and their diagnostics
replace theirs. Anything else is analysed afresh, as is every run with an enabled rule of no
scope.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modlint.model import FILE_SCOPE, Notice
from modlint.rules import RULES, enabled_rules

if TYPE_CHECKING:
    from modlint.cache import FactChanges, Revision
    from modlint.model import Config, Diagnostic, FileFacts


def revised_findings(
    config: Config,
    enabled: frozenset[str],
    cache_dir: Path | None,
    changes: FactChanges,
    files: list[str],
    diagnostics: list[Diagnostic],
    summary: Any,
) -> Revision | None:
    """The findings of the changed files after ``changes``, given the Python files of the
    project (root-relative POSIX paths, the same before and after), the last run's
    ``diagnostics`` of the changed files and its ``summary`` (as `encoded_summary` wrote
    it); None when the project must be analysed again (see the module's documentation)."""
    from modlint.cache import Revision
    from modlint.graph import (
        build_index,
        build_project,
        decoded_summary,
        encoded_summary,
        revised_summary,
    )
    from modlint.pipeline.check import dependencies_of, has_surfaces, lock_files, needs_metadata
    from modlint.pipeline.suppression import suppress

    rules = enabled_rules(enabled)
    if any(rule.scope is None for rule in rules) or any(
        rule.check_suppressions is not None and rule.scope != FILE_SCOPE for rule in rules
    ):
        return None
    locks = lock_files(config)
    stored = decoded_summary(summary, len(config.ignore_imports))
    if stored is None or has_surfaces(config, locks):
        return None
    root = config.root
    changed = {root / name: facts for name, facts in sorted(changes.facts.items())}
    if any(_scope(diagnostic.code) != FILE_SCOPE for diagnostic in diagnostics):
        return None
    index = build_index(config, sorted(root / name for name in files))
    before = build_project(config, _facts(changed, 0), locks, index=index)
    after = build_project(config, _facts(changed, 1), locks, index=index)
    totals = revised_summary(stored, before, after)
    if totals is None or not totals.names_the_same(stored):
        return None
    shown_once: list[Notice] = []
    if needs_metadata(enabled) and totals.externals:
        sources = (source for source, _ in totals.externals)
        dependencies, notice = dependencies_of(after, cache_dir, sources)
        after = replace(after, dependencies=dependencies)
        shown_once += [notice] if notice else []
    project = replace(after, whole_graph=frozenset(totals.edges))
    found = [
        diagnostic
        for rule in RULES
        if rule.check is not None and rule.code in enabled and rule.scope == FILE_SCOPE
        for diagnostic in rule.check(project)
    ]
    malformed = [
        Notice(path, problem.line, problem.column, problem.message)
        for path, facts in project.files.items()
        for problem in facts.malformed_noqa
    ]
    return Revision(
        diagnostics=suppress(found, project, enabled),
        notices=malformed + shown_once,
        shown_once=shown_once,
        summary=encoded_summary(totals),
    )


def _facts(changed: dict[Path, tuple[FileFacts, FileFacts]], which: int) -> dict[Path, FileFacts]:
    """The facts before (0) or after (1) the change of each changed file."""
    return {path: pair[which] for path, pair in changed.items()}


def _scope(code: str) -> str | None:
    """The scope of the rule of ``code``."""
    from modlint.rules import RULES_BY_CODE

    rule = RULES_BY_CODE.get(code)
    return rule.scope if rule is not None else None
