"""`modlint lock` and `modlint unlock`: the lock lifecycle of one module."""

from __future__ import annotations

import datetime
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from modlint.configuration import closest
from modlint.docs import encoded
from modlint.locking import (
    Applied,
    Change,
    ChangeFailed,
    ConfigEditFailure,
    FileChange,
    LockFileUnreadable,
    ParseFailure,
    apply_changes,
    committed_text,
    compare_surfaces,
    edited_text,
    lock_file_text,
    module_key_path,
    module_surface,
    needed,
    parse_lock_file,
    read_lock_file,
    render_lock_file,
    tagged_text,
)
from modlint.model import (
    Config,
    Diagnostic,
    HistoryEntry,
    Level,
    LockFile,
    LockRecord,
    ModuleConfig,
    Project,
    UsageError,
    Version,
    parse_version,
)
from modlint.pipeline import Selection, analyse_project, analysed, enabled_codes
from modlint.pipeline.docs import doc_fixes
from modlint.pipeline.testrun import failure_message, run_tests
from modlint.rules import (
    RULES_BY_CODE,
    missing_all,
    ml203_undeclared_dependency_list,
    ml204_unused_dependency,
)
from modlint.support import display_path, remove_stale_temporaries

__all__ = [
    "LockOutcome",
    "LockPlan",
    "LockRefused",
    "UnlockOutcome",
    "UnlockPlan",
    "apply_plan",
    "applied_lock",
    "applied_unlock",
    "plan_lock",
    "plan_unlock",
    "tests_passed",
]

_BOM = b"\xef\xbb\xbf"


class LockRefused(Exception):
    """`lock` will not write: the module has diagnostics, or the version does not fit."""

    def __init__(
        self, message: str, diagnostics: tuple[Diagnostic, ...] = (), details: tuple[str, ...] = ()
    ) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics
        self.details = details
        """Lines to show before the message (the last lines of a failing test run)."""


@dataclass(frozen=True)
class LockOutcome:
    """What `lock` did: the lock file it wrote (or found identical), against which snapshot."""

    lock: LockFile
    written: bool
    previous: LockFile | None
    changes: tuple[Change, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    written_paths: tuple[Path, ...] = ()
    """Every file written, the `.LOCKED` first: configuration and docs kept in step."""


def _module(config: Config, name: str) -> ModuleConfig:
    """The module called ``name``; UsageError for an unknown one."""
    try:
        return config.module(name)
    except KeyError:
        known = [module.name for module in config.modules]
        raise UsageError(f"unknown module '{name}'{closest(name, known)}") from None


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def required_version(previous: Version, changes: tuple[Change, ...]) -> Version:
    """The smallest version that fits the change: a new major one for a breaking change, a
    new minor one for growth, a higher patch otherwise."""
    if any(change.breaking for change in changes):
        return previous.next_major()
    if changes:
        return previous.next_minor()
    return previous.next_patch()


def previous_lock(config: Config, module: ModuleConfig) -> LockFile | None:
    """The snapshot to compare against: the current `.LOCKED`, else the last one committed,
    else the one at the tag of the highest locked version;
    None when there is none or it is invalid (locking replaces it). UsageError when the
    current one exists but cannot be read: without it the version cannot be judged."""
    path = module.lock_path
    try:
        text: str | None = lock_file_text(path)
    except FileNotFoundError:
        text = committed_text(path) or tagged_text(path, config.lock_tag, module.name)
    except LockFileUnreadable as unreadable:
        if unreadable.invalid_content:
            return None
        raise UsageError(f"cannot read {display_path(path)}: {unreadable}") from None
    if text is None:
        return None
    try:
        return parse_lock_file(text)
    except ParseFailure:
        return None


@dataclass(frozen=True)
class LockPlan:
    """What `lock` will write (nothing is written yet) and what it will report."""

    outcome: LockOutcome
    changes: tuple[FileChange, ...]
    root: Path | None = None
    """The project root: no write goes through a link out of it."""


def lock_module(
    config: Config,
    name: str,
    version_text: str,
    reason: str | None = None,
    force: bool = False,
    today: datetime.date | None = None,
    cache_dir: Path | None = None,
    docs: bool = True,
) -> LockOutcome:
    """Validate ``name``, check that the version fits its surface change, and write its
    `.LOCKED`, the configuration's `version` of the module and (with ``docs``) the lock
    tables and README status lines, all or nothing; LockRefused when it may not, UsageError
    for bad arguments or a failed write (the files already written are restored)."""
    plan = plan_lock(config, name, version_text, reason, force, today, cache_dir, docs)
    return applied_lock(plan)


def applied_lock(plan: LockPlan) -> LockOutcome:
    """Write what ``plan`` holds, all or nothing; the outcome with the files written."""
    written = apply_plan(plan.changes, within=plan.root).paths
    lock_path = plan.changes[0].path
    return replace(plan.outcome, written=lock_path in written, written_paths=written)


def plan_lock(
    config: Config,
    name: str,
    version_text: str,
    reason: str | None = None,
    force: bool = False,
    today: datetime.date | None = None,
    cache_dir: Path | None = None,
    docs: bool = True,
) -> LockPlan:
    """Everything `lock` checks, and the changes it would make (the `.LOCKED` first);
    LockRefused when it may not lock, UsageError for bad arguments."""
    module = _module(config, name)
    version = parse_version(version_text)
    if version is None:
        raise UsageError(f"--version must be a version like 1.0.0, got '{version_text}'")
    if reason is not None and not _is_utf8(reason):
        # Bytes of another encoding reach Python as lone surrogates: the file must be UTF-8.
        raise UsageError("--reason must be UTF-8 text")
    result = analysed(config, [module.path], cache_dir=cache_dir, surfaces=True)
    blocking = tuple(d for d in result.diagnostics if RULES_BY_CODE[d.code].blocks_lock)
    surface = module_surface(result.project, name)
    blocking += tuple(missing_all(surface))
    if not surface.init_files:
        raise LockRefused(f"module '{name}' has no package `__init__.py` to define its surface")
    if blocking:
        raise LockRefused(
            f"refusing to lock '{name}': fix its {len(blocking)} "
            f"diagnostic{'s' if len(blocking) != 1 else ''} first",
            tuple(sorted(blocking)),
        )
    previous = previous_lock(config, module)
    entries = {key: entry.signature for key, entry in surface.entries.items()}
    changes = tuple(compare_surfaces(previous.surface, surface.entries)) if previous else ()
    warnings = _version_warnings(version, previous, changes, force)
    if previous is not None and version.major > previous.version.major and reason is None:
        raise UsageError(
            f"locking '{name}' {version} after {previous.version} is a major version bump: "
            "--reason must say what users of the module must change (the migration plan)"
        )
    same = previous is not None and previous.version == version and previous.surface == entries
    locked_on = previous.locked_on if same and previous else (today or datetime.date.today())
    reason_text = reason if reason is not None else (previous.reason if previous else "")
    major_bump = previous is not None and version.major > previous.version.major
    breaking = tuple(c.description for c in changes if c.breaking) if major_bump else ()
    lock = LockFile(
        module=name,
        version=version,
        locked_on=locked_on,
        reason=reason_text,
        surface=entries,
        history=_history(previous, same, HistoryEntry(version, locked_on, reason_text, breaking)),
    )
    path = module.lock_path
    lock_change = FileChange(path, render_lock_file(lock).encode("utf-8"))
    locks = {**result.project.locks, name: LockRecord(name, path, lock)}
    _refuse_unmet_requirements(replace(result.project, locks=locks), name)
    plan = _plan(result.project, module, {"version": str(version)}, locks, docs)
    outcome = LockOutcome(lock, False, previous, changes, warnings)
    return LockPlan(outcome, (lock_change, *plan), config.root)


def _refuse_unmet_requirements(locked: Project, name: str) -> None:
    """LockRefused when the module, once locked, would not meet the locked level's
    dependency requirements (ML203, ML204, where enabled): `lock` leaves a clean project
    clean."""
    enabled = enabled_codes(locked.config, Selection())
    module = locked.config.module(name)
    unmet = tuple(
        diagnostic
        for rule in (ml203_undeclared_dependency_list, ml204_unused_dependency)
        if rule.RULE.code in enabled
        for diagnostic in rule.module_diagnostics(locked, module)
    )
    if unmet:
        raise LockRefused(
            f"refusing to lock '{name}': as a locked module it would have "
            f"{len(unmet)} diagnostic{'s' if len(unmet) != 1 else ''}",
            unmet,
        )


def _history(
    previous: LockFile | None, same: bool, entry: HistoryEntry
) -> tuple[HistoryEntry, ...]:
    """The `[[history]]` of the new lock file: the previous one's, and this lock appended
    (a lock file from before histories counts as their first entry)."""
    if previous is None:
        return (entry,)
    if same:
        return previous.history
    past = previous.history or (
        HistoryEntry(previous.version, previous.locked_on, previous.reason),
    )
    return (*past, entry)


def _version_warnings(
    version: Version, previous: LockFile | None, changes: tuple[Change, ...], force: bool
) -> tuple[str, ...]:
    """Nothing when ``version`` fits the change since ``previous``; LockRefused when it does
    not, or with ``force`` the warning that says so."""
    if previous is None or (version == previous.version and not changes):
        return ()
    smallest = required_version(previous.version, changes)
    if version >= smallest:
        return ()
    kind = "broke" if any(c.breaking for c in changes) else "grew" if changes else "did not change"
    message = (
        f"version {version} does not fit: the surface {kind} since "
        f"{previous.version}; the smallest version that fits is {smallest}"
    )
    if not force:
        raise LockRefused(message)
    return (f"{message} (locking anyway: --force)",)


def _plan(
    project: Project,
    module: ModuleConfig,
    wanted: dict[str, str],
    locks: Mapping[str, LockRecord],
    docs: bool,
) -> tuple[FileChange, ...]:
    """The configuration and docs changes that keep the project consistent once the
    module's keys are ``wanted`` and its lock files ``locks``."""
    config = project.config
    edits = _config_edits(module, wanted)
    plan = _config_changes(config, module.name, edits)
    if docs:
        after = replace(project, config=_edited(config, module.name, edits), locks=locks)
        plan += tuple(
            FileChange(fix.doc.path, encoded(fix.doc, fix.text)) for fix in doc_fixes(after)
        )
    return plan


def _edited(config: Config, name: str, edits: dict[str, str]) -> Config:
    """``config`` with the module's keys as ``edits`` set them."""
    modules = tuple(
        replace(
            module,
            version=edits.get("version", module.version),
            level=Level(edits["level"]) if "level" in edits else module.level,
        )
        if module.name == name
        else module
        for module in config.modules
    )
    return replace(config, modules=modules)


def _config_edits(module: ModuleConfig, wanted: dict[str, str]) -> dict[str, str]:
    """The keys set in the module's configuration whose value means other than ``wanted``."""
    current = {"version": module.version, "level": module.level}
    edits = {}
    for key, value in wanted.items():
        if key not in module.lines:
            continue
        if key == "version":
            configured = current["version"]
            if configured is not None and parse_version(configured) == parse_version(value):
                continue
        elif current.get(key) == value:
            continue
        edits[key] = value
    return edits


def _config_changes(config: Config, name: str, edits: dict[str, str]) -> tuple[FileChange, ...]:
    """The configuration file with ``edits`` made in place, every other byte kept."""
    if not edits:
        return ()
    shown = display_path(config.file)
    try:
        data = config.file.read_bytes()
        bom = _BOM if data.startswith(_BOM) else b""
        text = data[len(bom) :].decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not valid UTF-8"
        raise UsageError(f"cannot read {shown}: {reason}; nothing was changed") from None
    for key, value in edits.items():
        try:
            text = edited_text(text, module_key_path(config.file, name, key), value)
        except ConfigEditFailure as failure:
            raise UsageError(
                f"cannot update key '{key}' of module '{name}' in {shown}: {failure}; "
                "nothing was changed (set it by hand, or remove the key)"
            ) from None
    return (FileChange(config.file, bom + text.encode("utf-8")),)


def apply_plan(
    changes: tuple[FileChange, ...], prefix: str = "", within: Path | None = None
) -> Applied:
    """Make the changes, all or none (``Applied.before`` lists the files changed), never
    through a link out of ``within``. UsageError, starting with ``prefix``, when one fails
    (the files changed before it are restored)."""
    todo = tuple(change for change in changes if needed(change))
    shown = {change.path: display_path(change.path) for change in todo}
    try:
        return apply_changes(todo, shown, within)
    except ChangeFailed as failure:
        raise UsageError(f"{prefix}{failure}") from None


@dataclass(frozen=True)
class UnlockOutcome:
    """What `unlock` did: the module, the files it wrote or removed, the level it falls to."""

    module: ModuleConfig
    level: str
    written: tuple[Path, ...]


@dataclass(frozen=True)
class UnlockPlan:
    """What `unlock` will change (the `.LOCKED` removal first); nothing is changed yet."""

    module: ModuleConfig
    level: str
    version: Version | None
    """The version being unlocked; None when the lock file is invalid."""
    changes: tuple[FileChange, ...]
    root: Path | None = None
    """The project root: no write goes through a link out of it."""


def unlock_module(
    config: Config, name: str, docs: bool = True, cache_dir: Path | None = None
) -> UnlockOutcome:
    """Remove the module's `.LOCKED` (its snapshot stays in git history for the next `lock`),
    keeping the configuration and docs consistent: a configured `level = "locked"` becomes
    "stable"; UsageError, and nothing changed, when it cannot."""
    plan = plan_unlock(config, name, docs, cache_dir)
    return applied_unlock(plan)


def applied_unlock(plan: UnlockPlan) -> UnlockOutcome:
    """Make the changes ``plan`` holds, all or none."""
    written = apply_plan(plan.changes, f"cannot unlock '{plan.module.name}': ", plan.root).paths
    return UnlockOutcome(plan.module, plan.level, written)


def plan_unlock(
    config: Config, name: str, docs: bool = True, cache_dir: Path | None = None
) -> UnlockPlan:
    """What `unlock` would change; UsageError when the module is not locked or its lock
    file cannot be removed."""
    module = _module(config, name)
    path = module.lock_path
    remove_stale_temporaries(path)
    shown = display_path(path)
    try:
        mode = os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        raise UsageError(
            f"module '{name}' is not locked: it has no {module.lock_path.name} file"
        ) from None
    except OSError as error:
        raise UsageError(
            f"cannot unlock '{name}': cannot read {shown}: {error.strerror or error}"
        ) from None
    if stat.S_ISDIR(mode):
        raise UsageError(f"cannot unlock '{name}': {shown} is a folder, not a lock file")
    # Unlocked, a module configured as locked would be ML201: it falls back to stable.
    wanted = {"level": "stable"} if module.level == "locked" else {}
    plan: tuple[FileChange, ...] = ()
    if docs:
        project = analyse_project(config, cache_dir=cache_dir).project
        locks = {key: record for key, record in project.locks.items() if key != name}
        plan = _plan(project, module, wanted, locks, docs)
    elif wanted:
        plan = _config_changes(config, name, _config_edits(module, wanted))
    record = read_lock_file(name, path)
    version = record.lock.version if record is not None and record.lock is not None else None
    level = wanted.get("level", module.level)
    return UnlockPlan(module, level, version, (FileChange(path, None), *plan), config.root)


def tests_passed(config: Config, name: str, skip: bool, timeout: float) -> str | None:
    """Run the module's `test-command`, if one is configured; LockRefused (with the last
    lines of output) when it fails. A warning when ``skip`` leaves a configured command
    unrun, else None."""
    if config.test_command is None:
        return None
    if skip:
        return f"--skip-tests: the tests of '{name}' were not run before locking it"
    run = run_tests(config, name, timeout)
    if not run.passed:
        raise LockRefused(failure_message(name, run, timeout), details=run.tail)
    return None
