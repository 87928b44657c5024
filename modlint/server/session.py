"""What an editor session knows: the workspace's configuration, the unsaved buffers, and the
diagnostics last published for each file."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from modlint.configuration import find_config_file, load_config
from modlint.discovery import Discovery, discover_python_files
from modlint.model import Config, Diagnostic, UsageError
from modlint.pipeline import CheckResult, FactMemory, analysed, cache_folder
from modlint.server.actions import FIX_ALL, Action, code_actions, is_sound

MAX_VERIFIED = 32
"""Code actions verified (and so offered at most) for one request, besides fixing all."""
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
    """``diagnostics`` grouped by file, each group in the order given (a check's is sorted)."""
    grouped: dict[Path, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        grouped.setdefault(diagnostic.path, []).append(diagnostic)
    return {path: tuple(found) for path, found in grouped.items()}


@contextmanager
def without_collection() -> Iterator[None]:
    """Run the block with the garbage collector off (as it was again after)."""
    # A check makes tens of thousands of acyclic objects, freed by reference counting; each
    # collection they set off would rescan every file's facts the session keeps (on Django
    # the slowest warm checks were about a third slower with it).
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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


def _to_verify(actions: list[Action]) -> list[Action]:
    """The first ``MAX_VERIFIED`` of ``actions``, and the fix-all action whatever its place."""
    # Each verification checks the whole project again, and an editor asks for the actions
    # of its selection whenever the selection changes: over hundreds of lines with problems,
    # verifying them all kept the checker busy for minutes (diagnostics waited meanwhile).
    return actions[:MAX_VERIFIED] + [
        action for action in actions[MAX_VERIFIED:] if action.kind == FIX_ALL
    ]


def buffer_bytes(text: str) -> bytes:
    """The bytes checked for an editor buffer holding ``text``: its UTF-8, a lone surrogate
    (valid in JSON, not in Unicode) kept as the invalid UTF-8 it encodes to."""
    # Checked as a file holding those bytes is: an ML902 diagnostic for the buffer, rather
    # than the file on disk checked in its place (or the encoding error ending the edit).
    return text.encode("utf-8", errors="surrogatepass")


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
    memory: FactMemory = field(default_factory=FactMemory)
    """Every file's facts, kept between checks: an edit re-extracts only its buffer."""
    verdicts: dict[tuple[Path, str], bool] = field(default_factory=dict)
    """Whether a file's text after a code action is sound, for the last check's result."""

    def config(self) -> Config:
        """The workspace's configuration, read once until ``forget_config``; UsageError when
        there is none or it is broken (the message says which file and key)."""
        if self._config is None:
            found = find_config_file(self.folder)
            if found is None:
                raise UsageError(f"no modlint configuration at or above {self.folder}")
            # Opening a folder in an editor must not run its code: the `metadata` key that
            # asks for the build backend comes with the folder (`modlint .` honours it).
            self._config = replace(load_config(found), metadata="static")
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
        self.memory = FactMemory()  # the size limit, the kind of facts may have changed

    def forget_files(self) -> None:
        """Look for the project's files again at the next check (files were created, deleted
        or renamed); between such events, an edit reuses the list."""
        self._discovery = None

    def check(self, buffers: Mapping[Path, bytes]) -> Outcome:
        """``_check`` without the garbage collector (see ``without_collection``)."""
        with without_collection():
            return self._check(buffers)

    def _check(self, buffers: Mapping[Path, bytes]) -> Outcome:
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
            config,
            cache_dir=cache_folder(config),
            python_files=self._discovery,
            overlay=buffers,
            memory=self.memory,
        )
        current = by_file(result.diagnostics)
        changes = changed_files(self.published, current)
        self.published, self.result, self.seen = current, result, buffers
        self.verdicts = {}
        return Outcome(changes)

    def actions(self, path: Path, text: str, lines: tuple[int, int]) -> list[Action]:
        """The sound code actions for the 1-based ``lines`` (first, last) of ``path``, when
        the last check read exactly ``text`` as its buffer (else none: a new check is on its
        way). Each is verified once per check, by checking the project again with it."""
        result = self.result
        if result is None or self.seen.get(path) != buffer_bytes(text):
            return []
        config, discovery = self._config, self._discovery
        if config is None or discovery is None:
            return []  # the configuration or the file list is being read again

        def recheck(after: str) -> CheckResult:
            return analysed(
                config,
                cache_dir=cache_folder(config),
                python_files=discovery,
                overlay={**self.seen, path: buffer_bytes(after)},
                memory=self.memory,
            )

        sound = []
        with without_collection():
            for action in _to_verify(code_actions(result, path, text, lines)):
                verdict = self.verdicts.get((path, action.after))
                if verdict is None:
                    verdict = is_sound(action, path, result, recheck)
                    self.verdicts[(path, action.after)] = verdict
                if verdict:
                    sound.append(action)
        return sound
