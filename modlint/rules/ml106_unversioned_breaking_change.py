"""ML106 unversioned-breaking-change: against a git base (`check --base REF`), a locked or
stable module's surface broke without a higher major version, or a locked one grew without a
higher minor version."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from modlint.model import PROJECT_SCOPE, Diagnostic, Level, Rule, Version, parse_version
from modlint.rules.surface_changes import definition_location

if TYPE_CHECKING:
    from modlint.locking import Change
    from modlint.model import BaseModule, ModuleSurface, Project

_NONE = Version(0, 0, 0)
"""A module without a version counts as 0.0.0: any released version is higher."""


def check(project: Project) -> Iterator[Diagnostic]:
    """One diagnostic per change the module's version does not account for, at the
    definition that changed."""
    # Imported here: a run that reuses the last findings never needs it.
    from modlint.locking import compare_surfaces

    base = project.base
    if base is None:
        return
    for name, surface in sorted(project.surfaces.items()):
        before = base.modules.get(name)
        if before is None:
            continue  # new since the base, or in development there: it promised nothing
        level = project.level(name)
        now = _version(project, name)
        for change in compare_surfaces(before.surface, surface.entries):
            message = _message(change, name, level, before, now, base.ref)
            if message is not None:
                path, line, column = _location(project, name, surface, change.name)
                yield Diagnostic(path, line, column, RULE.code, message)


def _version(project: Project, module: str) -> Version | None:
    """The module's version now: its `.LOCKED` version, else its configured `version`."""
    record = project.locks.get(module)
    if record is not None and record.lock is not None:
        return record.lock.version
    written = project.config.module(module).version
    return parse_version(written) if written is not None else None


def _message(
    change: Change,
    module: str,
    level: Level,
    before: BaseModule,
    now: Version | None,
    ref: str,
) -> str | None:
    """What to say about ``change``; None when the version accounts for it, or when it is an
    addition to a module that is not locked."""
    was, is_now = before.version or _NONE, now or _NONE
    shown = f"{was}" if before.version is not None else "no version"
    if change.breaking:
        if is_now.major > was.major:
            return None
        return (
            f"{change.description}: breaking change to {level} module '{module}' since "
            f"'{ref}' ({shown} there, {is_now if now else 'no version'} now): give it a "
            f"new major version ({was.next_major()})"
        )
    if level is not Level.LOCKED or (is_now.major, is_now.minor) > (was.major, was.minor):
        return None
    return (
        f"{change.description}: locked module '{module}' grew since '{ref}' ({shown} "
        f"there, {is_now if now else 'no version'} now): give it a new minor version "
        f"({was.next_minor()})"
    )


def _location(
    project: Project, module: str, surface: ModuleSurface, name: str
) -> tuple[Path, int, int]:
    """Where a change shows: the definition that changed, or for a removed name its class,
    the `__all__` it left, or else the module's table in the configuration."""
    fallback = (project.config.file, project.config.module(module).lines.get("", 1), 1)
    return definition_location(project, surface, name, fallback)


RULE = Rule(
    code="ML106",
    name="unversioned-breaking-change",
    summary=(
        "Against `--base`, a locked or stable module broke without a new major version "
        "(or a locked one grew without a new minor)."
    ),
    what_it_does=(
        "With `modlint check --base REF` (or the `base` key), compares the surface of each "
        "locked or stable module with its surface at the git revision REF, read from git "
        "objects without checking anything out, using the comparison of ML103 (the same "
        "breaking changes). A breaking change is reported at the changed definition unless "
        "the module's version (its `.LOCKED` version, else its configured `version`) has a "
        "higher major than at REF; an addition to a locked module needs a higher minor. A "
        "module that REF does not have, or has at development level, is not compared."
    ),
    why_bad=(
        "Users of a stable or locked module rely on semantic versions: a breaking change "
        "released under the same major version breaks their code without warning. This is "
        "griffe's `check` aware of lock levels, for a pull request against its target branch."
    ),
    example=(
        "# stable module `datastore` 1.2.0, at origin/main and now:\n"
        "def open_store(url: str, *, timeout: float) -> Store: ...  # timeout lost its default"
    ),
    use_instead=(
        '# the default kept, or version = "2.0.0" in the module\'s configuration\n'
        "def open_store(url: str, *, timeout: float = 5.0) -> Store: ..."
    ),
    options=(
        '`base`: the git revision to compare with, e.g. `"origin/main"` (`--base REF` '
        "wins); without either, the rule reports nothing.",
        "`version` (per module): the module's version when it has no `.LOCKED` file.",
        "`level` (per module): only `locked` and `stable` modules are compared.",
    ),
    blocks_lock=False,
    needs_base=True,
    scope=PROJECT_SCOPE,
    check=check,
)
