"""The rule record: a rule's check, its documentation, and every fact other stages ask of it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from modlint.model.diagnostic import Diagnostic
    from modlint.model.facts import NoqaDirective
    from modlint.model.fix import Fix
    from modlint.model.project import Project

# Here rather than beside Fix: the rules name them at import, and a run that reuses the last
# findings creates no Fix.
SAFE, UNSAFE = "safe", "unsafe"
"""A fix's applicability: `--fix` applies safe fixes, `--unsafe-fixes` also unsafe ones."""

FILE_SCOPE, PROJECT_SCOPE = "file", "project"
"""A rule's `Rule.scope`."""


@dataclass(frozen=True)
class SuppressionOutcome:
    """What suppression did with the other rules' diagnostics, for a rule that judges the
    `# noqa` comments themselves."""

    used: Mapping[tuple[Path, NoqaDirective], frozenset[str]] = field(hash=False)
    """The codes each directive of each file suppressed."""
    enabled: frozenset[str]
    """The codes of this run."""
    known: frozenset[str]
    """Every code of the registry."""


@dataclass(frozen=True)
class Rule:
    """A diagnostic code with its documentation, its check, and its facts for other stages.

    The documentation fields are the sections of `modlint rule CODE`, as ruff names them:
    ``what_it_does``, ``why_bad`` (Why is this bad?), ``example``, ``use_instead`` and
    ``options`` (the configuration keys that affect the rule, each one Markdown line).

    Exactly one check is set: ``check`` reads the project; ``check_suppressions`` runs after
    suppression and reads what it did (a `# noqa` that suppressed nothing).
    """

    code: str
    name: str
    summary: str
    """One sentence, for `modlint rules` and the README's table."""
    what_it_does: str
    why_bad: str
    example: str
    use_instead: str
    options: tuple[str, ...] = ()
    example_language: str = "python"
    """The language of the two examples' code blocks (`toml`, `markdown`...)."""
    default_enabled: bool = True
    """False: enabled only when selected by its exact code."""
    needs_metadata: bool = False
    """True: the run reads the project's declared third-party dependencies for it."""
    marks_edges: bool = False
    """True: `modlint graph` marks the edge of the import each diagnostic is reported at."""
    blocks_lock: bool = True
    """False: `modlint lock` proceeds despite it (locking or `modlint docs --fix` settles it,
    or `lock` checks it itself)."""
    checks_docs: bool = False
    """True: `modlint docs` reports it (the lock tables and module READMEs)."""
    check: Callable[[Project], Iterable[Diagnostic]] | None = None
    check_suppressions: Callable[[Project, SuppressionOutcome], Iterable[Diagnostic]] | None = None
    fix: Callable[[Diagnostic, str, Project], Fix | None] | None = None
    """The fix of one of its diagnostics, given the decoded text of the diagnostic's file;
    None when that diagnostic has none."""
    fix_applicability: str | None = None
    """`safe` or `unsafe` when some of its diagnostics have a fix (by ``fix``, or by the docs
    fixes for the docs rules), for `modlint rules`; None when none has."""
    needs_coverage: bool = False
    """True: it reads the coverage report (`Project.coverage`) of the user's test run."""
    needs_base: bool = False
    """True: it reads the surfaces at the `--base` git revision (`Project.base`)."""
    scope: str | None = None
    """What its diagnostics follow from, for a run after a few files' facts changed (see
    `modlint.pipeline.incremental`): `file` (each file's diagnostics from that file's facts,
    with the configuration, lock files, names index and `Project.module_graph`: only the
    changed files are checked again), `project` (from the configuration, lock files, docs,
    surfaces and the totals a `ProjectSummary` keeps: replayed while those totals name the
    same things), None (anything else: the project is analysed again)."""

    def __post_init__(self) -> None:
        if (self.check is None) == (self.check_suppressions is None):
            raise ValueError(f"rule {self.code}: set exactly one of check and check_suppressions")
        if self.fix is not None and self.fix_applicability is None:
            raise ValueError(f"rule {self.code}: a rule with a fix says how safe it is")
        if self.scope not in (None, FILE_SCOPE, PROJECT_SCOPE):
            raise ValueError(f"rule {self.code}: scope is file, project or None")
