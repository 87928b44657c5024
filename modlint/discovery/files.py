"""Walking the project tree for Python files, the way ruff does (default excludes, gitignore)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from modlint.model import Config

if TYPE_CHECKING:
    import pathspec

DEFAULT_EXCLUDE = frozenset({
    ".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".ipynb_checkpoints",
    ".modlint_cache", ".mypy_cache", ".nox", ".pants.d", ".pyenv", ".pytest_cache", ".pytype",
    ".ruff_cache", ".svn", ".tox", ".venv", ".vscode", "__pycache__", "__pypackages__", "_build",
    "buck-out", "build", "dist", "node_modules", "site-packages", "venv",
})
"""Folder names never walked into, as ruff's default ``exclude``."""


@dataclass(frozen=True)
class _IgnoreFile:
    folder: str  # path relative to the root, "" for the root itself
    spec: pathspec.GitIgnoreSpec


def _spec(lines: list[str]) -> pathspec.GitIgnoreSpec:
    # pathspec is imported only by projects that have patterns: it costs start-up time.
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


class _Filter:
    """Decides whether a root-relative POSIX path is excluded by configuration or .gitignore."""

    def __init__(self, config: Config) -> None:
        self.exclude = _spec(list(config.exclude)) if config.exclude else None
        self.respect_gitignore = config.respect_gitignore
        self.ignore_files: list[_IgnoreFile] = []

    def load_gitignore(self, folder: Path, relative: str) -> None:
        if not self.respect_gitignore:
            return
        try:
            lines = (folder / ".gitignore").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return
        self.ignore_files.append(_IgnoreFile(relative, _spec(lines.splitlines())))

    @property
    def trivial(self) -> bool:
        """Whether nothing can be excluded (no patterns, no .gitignore): the common fast case."""
        return self.exclude is None and not self.ignore_files

    def excluded(self, relative: str, is_dir: bool) -> bool:
        candidate = relative + "/" if is_dir else relative
        if self.trivial:
            return False
        if self.exclude is not None and self.exclude.match_file(candidate):
            return True
        ignored = False
        # Deeper .gitignore files override shallower ones; within one file the last match wins.
        for ignore_file in self.ignore_files:
            prefix = ignore_file.folder + "/" if ignore_file.folder else ""
            if not candidate.startswith(prefix):
                continue
            result = ignore_file.spec.check_file(candidate[len(prefix):])
            if result.include is not None:
                ignored = result.include
        return ignored


def discover_python_files(config: Config) -> tuple[Path, ...]:
    """Every `.py` file under the project root that is not excluded, sorted.

    Symlinked folders are followed once; a link back to a folder already walked is skipped.
    """
    root = str(config.root)
    file_filter = _Filter(config)
    seen_folders: set[tuple[int, int]] = set()
    found: list[Path] = []
    for folder, subfolders, files in os.walk(root, followlinks=True):
        stat = os.stat(folder)
        if (stat.st_dev, stat.st_ino) in seen_folders:
            subfolders.clear()
            continue
        seen_folders.add((stat.st_dev, stat.st_ino))
        # Root-relative POSIX names, built as strings: this loop sees every folder.
        relative = folder[len(root) + 1:].replace(os.sep, "/") if folder != root else ""
        prefix = relative + "/" if relative else ""
        if ".gitignore" in files:
            file_filter.load_gitignore(Path(folder), relative)
        subfolders[:] = sorted(
            name
            for name in subfolders
            if name not in DEFAULT_EXCLUDE and not file_filter.excluded(prefix + name, True)
        )
        found.extend(
            Path(folder, name)
            for name in files
            if name.endswith(".py") and not file_filter.excluded(prefix + name, False)
        )
    return tuple(sorted(found))


def find_lock_files(config: Config) -> dict[str, Path]:
    """The `.LOCKED` file of each declared module whose folder holds one."""
    return {
        module.name: module.path / ".LOCKED"
        for module in config.modules
        if (module.path / ".LOCKED").is_file()
    }
