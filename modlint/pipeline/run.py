"""The one entry point of "check this project", shared by the command line, the Python API and
the flake8 plugin: the configuration found, the paths to report on validated, the cache folder
chosen, and the last run's findings reused when nothing they depend on changed."""

from __future__ import annotations

import dataclasses
import errno
import os
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from modlint.cache import tracked_by_git
from modlint.configuration import find_config_file, load_config
from modlint.model import UsageError
from modlint.pipeline.check import Findings, check_project, reused_findings, reused_or_discovered
from modlint.pipeline.selection import Selection
from modlint.support import display_path

if TYPE_CHECKING:
    from modlint.discovery import Discovery
    from modlint.model import Config, Diagnostic
    from modlint.pipeline.baseline import Entry
    from modlint.pipeline.check import CheckResult
    from modlint.pipeline.facts import FactMemory

CACHE_FOLDER = ".modlint_cache"
"""The cache folder at the project root, unless another is asked for."""


def find_configuration(
    start: Path,
    config_file: str | None = None,
    metadata_from_backend: bool | None = None,
    base: str | None = None,
    no_build_isolation: bool = False,
) -> Config:
    """The configuration in ``config_file`` when given, else the one found at or above
    ``start``, with its `metadata` key overridden by ``metadata_from_backend`` when that is
    not None (True: read dynamic dependencies through the build backend, without build
    isolation when ``no_build_isolation``; False: never run it), with ``base`` in place of
    its `base` key when given; UsageError when there is none or it is invalid."""
    if config_file:
        _check_config_file(config_file)
        config = load_config(Path(config_file))
    else:
        found = find_config_file(start)
        if found is None:
            raise UsageError(
                f"no configuration found in '{start}' or any folder above it: add "
                "[tool.modlint] to pyproject.toml, or create modlint.toml"
            )
        config = load_config(found)
    if metadata_from_backend is not None:
        # False comes from whoever runs modlint on a change they do not trust: the key that
        # asks for the build backend comes with the change.
        metadata = "build-backend" if metadata_from_backend else "static"
        config = dataclasses.replace(config, metadata=metadata)
    if base is not None:
        config = dataclasses.replace(config, base=base)
    if no_build_isolation:
        config = dataclasses.replace(config, build_isolation=False)
    return config


def _check_config_file(option: str) -> None:
    """Nothing when ``--config`` names a regular file; else UsageError saying what it is."""
    try:
        mode = os.stat(option).st_mode
    except OSError as error:
        if error.errno in (errno.ENOENT, errno.ENOTDIR):
            raise UsageError(f"config file '{option}' does not exist") from None
        raise UsageError(f"cannot read config file '{option}': {error.strerror}") from None
    if stat.S_ISDIR(mode):
        raise UsageError(f"config file '{option}' is a folder, not a file")
    if not stat.S_ISREG(mode):
        raise UsageError(f"config file '{option}' is not a regular file")


def existing_paths(names: Sequence[str], cwd: Path) -> list[Path]:
    """The paths to report on as given (``cwd`` when none is); UsageError for one that does
    not exist."""
    paths = [Path(name) for name in names] or [cwd]
    for path in paths:
        if not path.exists():
            raise UsageError(f"path '{path}' does not exist")
    return paths


def reported_paths(config: Config, paths: Sequence[Path]) -> tuple[Path, ...]:
    """The absolute paths whose findings are reported, empty for the whole project (when one
    of them is its root); UsageError for a path outside the project."""
    absolute = [path.resolve() for path in paths]
    for given, path in zip(paths, absolute):
        if path != config.root and config.root not in path.parents:
            raise UsageError(
                f"path '{given}' is outside the project root '{display_path(config.root)}'"
            )
    return () if any(path == config.root for path in absolute) else tuple(absolute)


def cache_folder(
    config: Config, no_cache: bool = False, cache_dir: str | None = None
) -> Path | None:
    """The cache folder: ``cache_dir`` when given, else the project's own; None with
    ``no_cache``, for a folder git tracks (committed with the code, so its findings may have
    been edited by whoever wrote the code), and for the project's own when it is a link that
    leads out of the project (outside git, as in an unpacked archive, nothing else stops
    `.modlint_cache` from leading to any folder the user can write)."""
    if no_cache:
        return None
    folder = Path(cache_dir).resolve() if cache_dir else config.root / CACHE_FOLDER
    if not cache_dir and not _inside(folder, config.root):
        return None
    return None if tracked_by_git(folder) else folder


def _inside(folder: Path, root: Path) -> bool:
    """Whether ``folder`` (which need not exist) leads to a folder inside ``root``."""
    return os.path.realpath(folder).startswith(os.path.join(os.path.realpath(root), ""))


def check(
    config: Config,
    paths: Sequence[Path] = (),
    selection: Selection = Selection(),
    cache_dir: Path | None = None,
    python_files: Discovery | None = None,
    reuse: bool = True,
) -> Findings:
    """The findings under ``paths`` (absolute; all of the project when empty): the last run's
    when ``reuse`` is allowed, ``cache_dir`` holds them and nothing they depend on changed (a
    Findings), else checked afresh by `analysed` (a CheckResult, then kept in ``cache_dir``
    for the next run). ``python_files`` saves discovering them again."""
    if python_files is None and reuse:
        reused, python_files = reused_or_discovered(config, paths, selection, cache_dir)
        if reused is not None:
            return reused
    elif reuse:
        reused = reused_findings(config, paths, selection, cache_dir, python_files)
        if reused is not None:
            return reused
    return analysed(config, paths, selection, cache_dir, python_files)


def analysed(
    config: Config,
    paths: Sequence[Path] = (),
    selection: Selection = Selection(),
    cache_dir: Path | None = None,
    python_files: Sequence[Path] | Discovery | None = None,
    overlay: Mapping[Path, bytes] | None = None,
    surfaces: bool = False,
    memory: FactMemory | None = None,
) -> CheckResult:
    """The project checked afresh (facts still cached in ``cache_dir``), with the analysed
    project beside the findings under ``paths``, for the commands that need both: ``overlay``
    holds contents in place of some files' on disk (an editor's buffers, fixes not yet
    written; such findings are not kept for reuse), ``surfaces`` asks for every module's
    surface (``lock`` needs them), ``memory`` keeps the facts between checks in one process
    (the server)."""
    return check_project(
        config, paths, selection, cache_dir, python_files, overlay, surfaces, memory
    )


AnyFindings = TypeVar("AnyFindings", bound=Findings)


def baseline_file(config: Config, option: str | None) -> Path | None:
    """The baseline file: the one ``option`` names (relative to the current folder), else
    the configuration's ``baseline`` (relative to its folder); None when neither names one."""
    return Path(option).resolve() if option else config.baseline


def baselined(
    findings: AnyFindings, config: Config, option: str | None, paths: Sequence[Path] = ()
) -> tuple[AnyFindings, tuple[Entry, ...]]:
    """``findings`` without the violations the baseline file (see `baseline_file`) records,
    and its entries of files under ``paths`` (all when empty) that no longer occur;
    ``findings`` unchanged when there is no baseline file; UsageError for a bad one."""
    path = baseline_file(config, option)
    if path is None:
        return findings, ()
    # Imported here: a run without a baseline never needs its reader.
    from modlint.pipeline.baseline import read_baseline, without_baseline

    filtered = without_baseline(findings.diagnostics, read_baseline(path), config.root, paths)
    return dataclasses.replace(findings, diagnostics=filtered.diagnostics), filtered.stale


def record_baseline(config: Config, option: str, diagnostics: Sequence[Diagnostic]) -> Path:
    """Record ``diagnostics`` in the baseline file ``option`` names, else (when empty) in the
    configuration's, and return its path; UsageError when neither names one or it cannot be
    written."""
    path = baseline_file(config, option)
    if path is None:
        raise UsageError(
            "option --write-baseline: name the file, or set 'baseline' in the configuration"
        )
    from modlint.pipeline.baseline import write_baseline

    # A file the configuration names (which comes with the code) stays inside the project.
    write_baseline(path, diagnostics, config.root, None if option else config.root)
    return path
