"""ML103 breaking-surface-change and ML104 surface-growth: a locked surface against its
`.LOCKED` snapshot."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from modlint.locking.compare import Change, compare_surfaces
from modlint.model import Diagnostic, LockFile, LockRecord, ModuleSurface, Project, Rule


def _changes(project: Project) -> Iterator[tuple[LockRecord, LockFile, ModuleSurface, Change]]:
    for name, record in project.locks.items():
        surface = project.surfaces.get(name)
        if record.lock is None or surface is None:
            continue
        for change in compare_surfaces(record.lock.surface, surface.entries):
            yield record, record.lock, surface, change


def _location(project: Project, record: LockRecord, surface: ModuleSurface,
              name: str) -> tuple[Path, int, int]:
    """Where a change shows: the definition that changed, or for a removed name its class, the
    `__all__` it left, or else the snapshot's line of it."""
    key = name
    while key:
        entry = surface.entries.get(key)
        if entry is not None:
            return entry.path, entry.line, entry.column
        key = key.rpartition(".")[0]
    for path in surface.init_files:
        exports = project.files[path].exports
        return (path, exports.line, exports.column) if exports else (path, 1, 1)
    return record.path, record.lock.lines.get(name, 1) if record.lock else 1, 1


def check_breaking(project: Project) -> Iterator[Diagnostic]:
    """One diagnostic per breaking change, at the definition that changed."""
    for record, lock, surface, change in _changes(project):
        if change.breaking:
            path, line, column = _location(project, record, surface, change.name)
            yield Diagnostic(path, line, column, BREAKING.code,
                             f"{change.description}: breaking change to locked module "
                             f"'{record.module}' {lock.version} (unlock it, and lock it again "
                             f"as {lock.version.next_major()})")


def check_growth(project: Project) -> Iterator[Diagnostic]:
    """One diagnostic per addition, at the new definition."""
    for record, lock, surface, change in _changes(project):
        if not change.breaking:
            path, line, column = _location(project, record, surface, change.name)
            yield Diagnostic(path, line, column, GROWTH.code,
                             f"{change.description}: locked module '{record.module}' "
                             f"{lock.version} grew (unlock it, and lock it again as "
                             f"{lock.version.next_minor()})")


BREAKING = Rule(
    code="ML103",
    name="breaking-surface-change",
    summary="A locked module's surface broke against its `.LOCKED` snapshot.",
    rationale=(
        "Locked modules promise no breaking change without a new major version. A removed "
        "name, a new required parameter, a renamed or moved positional parameter, a changed "
        "default or annotation, a lost base class or a function that became async breaks the "
        "code that uses the module. To change a locked surface, follow the unlocking process: "
        "`modlint unlock`, change the code, `modlint lock --version` with a new major version."
    ),
    bad_example=(
        "# .LOCKED: \"open_store\" = \"def open_store(url: str, *, timeout: float = 5.0)\"\n"
        "def open_store(url: str, *, timeout: float) -> Store: ..."
    ),
    good_example=(
        "# unchanged while locked, or re-locked as 2.0.0 after `modlint unlock datastore`\n"
        "def open_store(url: str, *, timeout: float = 5.0) -> Store: ..."
    ),
    check=check_breaking,
)

GROWTH = Rule(
    code="ML104",
    name="surface-growth",
    summary="A locked module's surface grew against its `.LOCKED` snapshot.",
    rationale=(
        "Adding to a locked surface (a new name, a new optional parameter) breaks no caller, "
        "but it is still a change to a frozen API: it needs a new minor version and the review "
        "that comes with re-locking, and it keeps the snapshot the single record of what the "
        "module offers."
    ),
    bad_example=(
        "# datastore/__init__.py of locked datastore 1.0.0\n"
        "__all__ = [\"Store\", \"open_store\", \"close_store\"]  # close_store is new"
    ),
    good_example=(
        "# modlint unlock datastore; add close_store; modlint lock datastore --version 1.1.0\n"
        "__all__ = [\"Store\", \"open_store\", \"close_store\"]"
    ),
    check=check_growth,
)
