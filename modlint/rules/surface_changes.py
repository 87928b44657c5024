"""What ML103 and ML104 share: each change of a locked surface against its `.LOCKED`
snapshot, and where it shows in the code."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from modlint.locking import Change
    from modlint.model import LockFile, LockRecord, ModuleSurface, Project


def surface_changes(
    project: Project,
) -> Iterator[tuple[LockRecord, LockFile, ModuleSurface, Change]]:
    """Each change of each readable lock's surface, with the lock and the current surface."""
    # Imported here: a run that reuses the last findings never needs it.
    from modlint.locking import compare_surfaces

    for name, record in project.locks.items():
        surface = project.surfaces.get(name)
        if record.lock is None or surface is None:
            continue
        for change in compare_surfaces(record.lock.surface, surface.entries):
            yield record, record.lock, surface, change


def change_location(
    project: Project, record: LockRecord, surface: ModuleSurface, name: str
) -> tuple[Path, int, int]:
    """Where a change shows: the definition that changed, or for a removed name its class, the
    `__all__` it left, or else the snapshot's line of it."""
    fallback = (record.path, record.lock.lines.get(name, 1) if record.lock else 1, 1)
    return definition_location(project, surface, name, fallback)


def definition_location(
    project: Project, surface: ModuleSurface, name: str, fallback: tuple[Path, int, int]
) -> tuple[Path, int, int]:
    """Where a change of ``name`` shows in the code: the definition that changed, or for a
    removed name its class or the `__all__` it left; ``fallback`` when the module has neither."""
    key = name
    while key:
        entry = surface.entries.get(key)
        if entry is not None:
            return entry.path, entry.line, entry.column
        key = key.rpartition(".")[0]
    for path in surface.init_files:
        exports = project.files[path].exports
        return (path, exports.line, exports.column) if exports else (path, 1, 1)
    return fallback
