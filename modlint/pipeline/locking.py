"""`modlint lock` and `modlint unlock`: the lock lifecycle of one module."""

from __future__ import annotations

import datetime
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from modlint.configuration.loader import display_path
from modlint.configuration.schema import closest
from modlint.locking.atomic import remove_stale_temporaries, write_atomically
from modlint.locking.compare import Change, compare_surfaces
from modlint.locking.history import committed_text
from modlint.locking.lockfile import (
    LOCK_FILE,
    LockFileUnreadable,
    ParseFailure,
    lock_file_text,
    parse_lock_file,
    render_lock_file,
)
from modlint.locking.surface import module_surface
from modlint.model import (
    Config,
    Diagnostic,
    LockFile,
    ModuleConfig,
    UsageError,
    Version,
    parse_version,
)
from modlint.pipeline.check import check_project
from modlint.rules import RULES_BY_CODE
from modlint.rules.ml102_missing_all import missing_all


class LockRefused(Exception):
    """`lock` will not write: the module has diagnostics, or the version does not fit."""

    def __init__(self, message: str, diagnostics: tuple[Diagnostic, ...] = ()) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics


@dataclass(frozen=True)
class LockOutcome:
    """What `lock` did: the lock file it wrote (or found identical), against which snapshot."""

    lock: LockFile
    written: bool
    previous: LockFile | None
    changes: tuple[Change, ...] = ()
    warnings: tuple[str, ...] = field(default=())


def _module(config: Config, name: str) -> ModuleConfig:
    """The folder module called ``name``; UsageError for an unknown or single-file one."""
    try:
        module = config.module(name)
    except KeyError:
        known = [module.name for module in config.modules]
        raise UsageError(f"unknown module '{name}'{closest(name, known)}") from None
    if module.is_file:
        # Where its lock file would live is not settled: a file module has no folder.
        raise UsageError(f"module '{name}' is a single file, which cannot be locked yet")
    return module


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
    """The snapshot to compare against: the current `.LOCKED`, else the last one committed;
    None when there is none or it is invalid (locking replaces it). UsageError when the
    current one exists but cannot be read: without it the version cannot be judged."""
    path = module.path / LOCK_FILE
    try:
        text: str | None = lock_file_text(path)
    except FileNotFoundError:
        text = committed_text(path)
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


def lock_module(
    config: Config,
    name: str,
    version_text: str,
    reason: str | None = None,
    force: bool = False,
    today: datetime.date | None = None,
    cache_dir: Path | None = None,
) -> LockOutcome:
    """Validate ``name``, check that the version fits its surface change, and write its
    `.LOCKED` atomically; LockRefused when it may not, UsageError for bad arguments."""
    module = _module(config, name)
    version = parse_version(version_text)
    if version is None:
        raise UsageError(f"--version must be a version like 1.0.0, got '{version_text}'")
    if reason is not None and not _is_utf8(reason):
        # Bytes of another encoding reach Python as lone surrogates: the file must be UTF-8.
        raise UsageError("--reason must be UTF-8 text")
    result = check_project(config, [module.path], cache_dir=cache_dir, surfaces=True)
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
    warnings: tuple[str, ...] = ()
    if previous is not None and not (version == previous.version and not changes):
        needed = required_version(previous.version, changes)
        if version < needed:
            kind = (
                "broke"
                if any(c.breaking for c in changes)
                else "grew"
                if changes
                else "did not change"
            )
            message = (
                f"version {version} does not fit: the surface {kind} since "
                f"{previous.version}; the smallest version that fits is {needed}"
            )
            if not force:
                raise LockRefused(message)
            warnings = (f"{message} (locking anyway: --force)",)
    same = previous is not None and previous.version == version and previous.surface == entries
    lock = LockFile(
        module=name,
        version=version,
        locked_on=previous.locked_on if same and previous else (today or datetime.date.today()),
        reason=reason if reason is not None else (previous.reason if previous else ""),
        surface=entries,
    )
    path = module.path / LOCK_FILE
    try:
        written = write_atomically(path, render_lock_file(lock).encode("utf-8"))
    except OSError as error:
        raise UsageError(f"cannot write {display_path(path)}: {error.strerror or error}") from None
    return LockOutcome(lock, written, previous, changes, warnings)


def unlock_module(config: Config, name: str) -> ModuleConfig:
    """Remove the module's `.LOCKED` (its snapshot stays in git history for the next `lock`);
    UsageError, and nothing removed, when there is none or it cannot be removed."""
    module = _module(config, name)
    path = module.path / LOCK_FILE
    remove_stale_temporaries(path)
    shown = display_path(path)
    try:
        mode = os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        raise UsageError(f"module '{name}' is not locked: it has no {LOCK_FILE} file") from None
    except OSError as error:
        raise UsageError(
            f"cannot unlock '{name}': cannot read {shown}: {error.strerror or error}"
        ) from None
    if stat.S_ISDIR(mode):
        raise UsageError(f"cannot unlock '{name}': {shown} is a folder, not a lock file")
    try:
        path.unlink()
    except OSError as error:
        raise UsageError(
            f"cannot unlock '{name}': cannot remove {shown}: {error.strerror or error}"
        ) from None
    return module
