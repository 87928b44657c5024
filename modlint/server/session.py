"""What an editor session knows: the workspace's configuration, the unsaved buffers, and the
diagnostics last published for each file."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from modlint.configuration import find_config_file, load_config
from modlint.discovery import Discovery, discover_python_files
from modlint.model import Config, Diagnostic, UsageError
from modlint.pipeline import CheckResult, analysed, cache_folder

Published = Mapping[Path, tuple[Diagnostic, ...]]
"""Diagnostics by file, as last sent to the editor."""


def changed_files(before: Published, after: Published) -> dict[Path, tuple[Diagnostic, ...]]:
    """The files whose diagnostics differ between two checks, with their new diagnostics
    (empty for a file whose diagnostics went away, so that the editor clears them)."""
    return {
        path: after.get(path, ())
        for path in sorted(set(before) | set(after))
        if before.get(path, ()) != after.get(path, ())
    }


def by_file(diagnostics: tuple[Diagnostic, ...]) -> dict[Path, tuple[Diagnostic, ...]]:
    """``diagnostics`` grouped by file, each group in order."""
    grouped: dict[Path, list[Diagnostic]] = {}
    for diagnostic in sorted(diagnostics):
        grouped.setdefault(diagnostic.path, []).append(diagnostic)
    return {path: tuple(found) for path, found in grouped.items()}


@dataclass(frozen=True)
class Outcome:
    """What one check changed: diagnostics to publish by file, and a configuration error."""

    changes: dict[Path, tuple[Diagnostic, ...]]
    error: str | None = None
    """A configuration problem's message (every diagnostic is cleared meanwhile)."""
    config_file: Path | None = None
    """The configuration file the problem is in, when there is one."""


def buffer_path(path: str) -> Path:
    """The path discovery gives the file an editor names ``path``: its folder resolved (as the
    project root is), the file name kept (a symlinked file is checked under its own name)."""
    absolute = Path(os.path.abspath(path))
    return Path(os.path.realpath(absolute.parent)) / absolute.name


@dataclass
class Session:
    """One workspace folder: its configuration (found at or above ``folder``) and what was
    last published."""

    folder: Path
    published: dict[Path, tuple[Diagnostic, ...]] = field(default_factory=dict)
    _config: Config | None = None
    _discovery: Discovery | None = None
    result: CheckResult | None = None
    """The last check's result (for code actions)."""
    seen: Mapping[Path, bytes] = field(default_factory=dict)
    """The buffers the last check read."""

    def config(self) -> Config:
        """The workspace's configuration, read once until ``forget_config``; UsageError when
        there is none or it is broken (the message says which file and key)."""
        if self._config is None:
            found = find_config_file(self.folder)
            if found is None:
                raise UsageError(f"no modlint configuration at or above {self.folder}")
            self._config = load_config(found)
        return self._config

    def _config_file(self) -> Path | None:
        try:
            return find_config_file(self.folder)
        except (UsageError, OSError):  # no file to show the problem on
            return None

    def forget_config(self) -> None:
        """Read the configuration again at the next check (it was saved or changed)."""
        self._config = None
        self._discovery = None

    def forget_files(self) -> None:
        """Look for the project's files again at the next check (files were created, deleted
        or renamed); between such events, an edit reuses the list."""
        self._discovery = None

    def check(self, buffers: Mapping[Path, bytes]) -> Outcome:
        """Check the whole project with ``buffers`` (the editor's unsaved contents, by
        ``buffer_path``) in place of their files: the files whose diagnostics changed since
        the last check, or, for a configuration problem, its message and every published
        diagnostic cleared. A buffer of a file that discovery did not find is left out."""
        try:
            config = self.config()
        except UsageError as error:
            self.forget_config()
            cleared = changed_files(self.published, {})
            self.published, self.result, self.seen = {}, None, {}
            return Outcome(cleared, str(error), self._config_file())
        if self._discovery is None:
            self._discovery = discover_python_files(config)
        result = analysed(
            config, cache_dir=cache_folder(config), python_files=self._discovery, overlay=buffers
        )
        current = by_file(result.diagnostics)
        changes = changed_files(self.published, current)
        self.published, self.result, self.seen = current, result, buffers
        return Outcome(changes)
