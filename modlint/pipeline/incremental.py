"""A run after a few files' facts changed: only those files are checked again.

Each rule says what its diagnostics follow from (`Rule.scope`). A `file` rule's diagnostics
of a file follow from that file's facts, the configuration, the lock files, the names index,
the module surfaces and the module graph; a `project` rule's follow from the configuration,
lock files, docs, surfaces and the project's totals (`ProjectSummary`). So when the same
files make the project, no changed file is one the surfaces were made of, and the totals
after the change still hold what the `project` rules and the other files read (see
`_totals_kept`), the findings of every other file still hold: the changed files' imports are
resolved (as they were, to take their share out of the totals, and as they are now), their
`file` rules run, and their diagnostics replace theirs. Anything else is analysed afresh, as
is every run with an enabled rule of no scope.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modlint.model import FILE_SCOPE, Notice
from modlint.rules import (
    RULES,
    enabled_rules,
    ml204_unused_dependency,
    ml904_unmatched_ignore_import,
)

if TYPE_CHECKING:
    from modlint.cache import FactChanges, Revision
    from modlint.graph import ProjectSummary
    from modlint.model import (
        Config,
        Diagnostic,
        FileFacts,
        LockRecord,
        ModuleSurface,
        NameIndex,
        Project,
    )


class _Reads(Mapping[Path, "FileFacts"]):
    """A project's facts that note which files are looked up (all of them, once iterated)."""

    def __init__(self, files: Mapping[Path, FileFacts]) -> None:
        self._files = files
        self.read: set[Path] | None = set()

    def __getitem__(self, path: Path) -> FileFacts:
        self._note(path)
        return self._files[path]

    def __contains__(self, path: object) -> bool:
        if isinstance(path, Path):
            self._note(path)
        return path in self._files

    def __iter__(self) -> Iterator[Path]:
        self.read = None
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)

    def _note(self, path: Path) -> None:
        if self.read is not None:
            self.read.add(path)


def surfaces_with_inputs(
    project: Project,
) -> tuple[dict[str, ModuleSurface], frozenset[Path] | None]:
    """The surface of every locked or stable module of ``project``, and the files whose facts
    they were made of (None: maybe any, when the files were gone through)."""
    from modlint.locking import module_surfaces

    reads = _Reads(project.files)
    surfaces = module_surfaces(replace(project, files=reads))
    return surfaces, None if reads.read is None else frozenset(reads.read)


def stored_summary(
    root: Path, summary: ProjectSummary, surface_inputs: frozenset[Path] | None
) -> dict[str, Any]:
    """What the results file keeps for the next run's `revised_findings`: the totals, and the
    files the surfaces were made of (root-relative POSIX paths; None: maybe any)."""
    from modlint.graph import encoded_summary

    prefix = len(str(root)) + 1
    inputs = None
    if surface_inputs is not None:
        inputs = sorted(str(path)[prefix:].replace(os.sep, "/") for path in surface_inputs)
    return {"totals": encoded_summary(summary), "surfaces": inputs}


def revised_findings(
    config: Config,
    enabled: frozenset[str],
    cache_dir: Path | None,
    changes: FactChanges,
    files: list[str],
    hashes: Mapping[str, str],
    diagnostics: list[Diagnostic],
    summary: Any,
) -> Revision | None:
    """The findings of the changed files after ``changes``, given the Python files of the
    project (root-relative POSIX paths, the same before and after), the content hashes the
    last run read, its ``diagnostics`` of the changed files and its ``summary`` (as
    `stored_summary` made it); None when the project must be analysed again (see the
    module's documentation)."""
    from modlint.cache import Revision
    from modlint.graph import build_index, build_project, revised_summary
    from modlint.pipeline.check import dependencies_of, lock_files, needs_metadata
    from modlint.pipeline.suppression import suppress

    rules = enabled_rules(enabled)
    if any(rule.scope is None for rule in rules) or any(
        rule.check_suppressions is not None and rule.scope != FILE_SCOPE for rule in rules
    ):
        return None
    if any(_scope(diagnostic.code) != FILE_SCOPE for diagnostic in diagnostics):
        return None
    kept = _kept_summary(summary, len(config.ignore_imports), hashes)
    if kept is None or not changes.facts.keys().isdisjoint(kept[1]):
        return None
    stored, surface_inputs = kept
    root = config.root
    locks = lock_files(config)
    changed = {root / name: facts for name, facts in sorted(changes.facts.items())}
    index = build_index(config, sorted(root / name for name in files))
    before = build_project(config, _facts(changed, 0), locks, index=index)
    after = build_project(config, _facts(changed, 1), locks, index=index)
    totals = revised_summary(stored, before, after)
    if totals is None or not _totals_kept(config, enabled, locks, stored, totals):
        return None
    surfaces = _surfaces(config, cache_dir, locks, index, surface_inputs, hashes)
    if surfaces is None:
        return None
    shown_once: list[Notice] = []
    if needs_metadata(enabled) and totals.externals:
        sources = (source for source, _ in totals.externals)
        dependencies, notice = dependencies_of(after, cache_dir, sources)
        after = replace(after, dependencies=dependencies)
        shown_once += [notice] if notice else []
    project = replace(after, surfaces=surfaces, whole_graph=frozenset(totals.edges))
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
        summary=stored_summary(root, totals, frozenset(root / name for name in surface_inputs)),
    )


def _kept_summary(
    summary: Any, entries: int, hashes: Mapping[str, str]
) -> tuple[ProjectSummary, list[str]] | None:
    """The totals and the surfaces' files that `stored_summary` made, for a configuration
    with ``entries`` `ignore-imports` entries and a project of the files ``hashes`` names;
    None for anything else."""
    from modlint.graph import decoded_summary

    if not (type(summary) is dict and summary.keys() == {"totals", "surfaces"}):
        return None
    totals, inputs = decoded_summary(summary["totals"], entries), summary["surfaces"]
    if totals is None or type(inputs) is not list:
        return None
    if not all(type(name) is str and name in hashes for name in inputs):
        return None
    return totals, inputs


def _surfaces(
    config: Config,
    cache_dir: Path | None,
    locks: Mapping[str, LockRecord],
    index: NameIndex,
    inputs: list[str],
    hashes: Mapping[str, str],
) -> dict[str, ModuleSurface] | None:
    """The module surfaces, made again of the ``inputs`` files' cached facts (they read no
    other file's: `surfaces_with_inputs` noted which); None when one is no longer cached."""
    from modlint.cache import FactCache, code_fingerprint
    from modlint.graph import build_project
    from modlint.pipeline.check import has_surfaces
    from modlint.pipeline.facts import facts_kind

    if not has_surfaces(config, locks):
        return {}  # what module_surfaces gives, without importing it
    facts: dict[Path, FileFacts] = {}
    if inputs:  # else no file is read (no module has a file)
        if cache_dir is None:
            return None
        cache = FactCache.load(cache_dir, f"{facts_kind(True)}:{code_fingerprint()}")
        for name in sorted(inputs):
            found = cache.facts_for(hashes[name])
            if found is None:
                return None
            facts[config.root / name] = found
    return surfaces_with_inputs(build_project(config, facts, locks, index=index))[0]


def _totals_kept(
    config: Config,
    enabled: frozenset[str],
    locks: Mapping[str, LockRecord],
    before: ProjectSummary,
    after: ProjectSummary,
) -> bool:
    """Whether the other files' findings hold with the totals ``after`` a change: only the
    changed files import along an edge, or a third-party name, that appeared or disappeared,
    so those may change while every edge left has the cycle it had, and ML204 (which
    compares both with `depends-on` and `external`) checks no module; ML904 reports the
    `ignore-imports` entries that match nothing, so while it runs they must stay matched."""
    from modlint.graph import edge_cycles

    checked = _unused_dependencies_checked(config, enabled, locks)
    if after.edges.keys() != before.edges.keys():
        if checked:
            return False
        was, now = edge_cycles(before.module_graph()), edge_cycles(after.module_graph())
        if any(was[edge] != now[edge] for edge in was.keys() & now.keys()):
            return False
    if after.externals.keys() != before.externals.keys() and checked:
        return False
    unmatched = ml904_unmatched_ignore_import.RULE.code
    return unmatched not in enabled or before.matched() == after.matched()


def _unused_dependencies_checked(
    config: Config, enabled: frozenset[str], locks: Mapping[str, LockRecord]
) -> bool:
    """Whether ML204 runs and checks a module: one that is locked (by its `.LOCKED` file or
    its `level`) or `exact`."""
    return ml204_unused_dependency.RULE.code in enabled and (
        bool(locks) or any(module.exact or module.level == "locked" for module in config.modules)
    )


def _facts(changed: dict[Path, tuple[FileFacts, FileFacts]], which: int) -> dict[Path, FileFacts]:
    """The facts before (0) or after (1) the change of each changed file."""
    return {path: pair[which] for path, pair in changed.items()}


def _scope(code: str) -> str | None:
    """The scope of the rule of ``code``."""
    from modlint.rules import RULES_BY_CODE

    rule = RULES_BY_CODE.get(code)
    return rule.scope if rule is not None else None
