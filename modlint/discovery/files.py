"""Walking the project tree for Python files, the way ruff does (default excludes, gitignore)."""

from __future__ import annotations

import functools
import os
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from modlint.support import Unread, read_regular_file

if TYPE_CHECKING:
    import pathspec

    from modlint.model import Config, Problem

DEFAULT_EXCLUDE = frozenset(
    {
        ".bzr",
        ".direnv",
        ".eggs",
        ".git",
        ".git-rewrite",
        ".hg",
        ".ipynb_checkpoints",
        ".modlint_cache",
        ".mypy_cache",
        ".nox",
        ".pants.d",
        ".pyenv",
        ".pytest_cache",
        ".pytype",
        ".ruff_cache",
        ".svn",
        ".tox",
        ".venv",
        ".vscode",
        "__pycache__",
        "__pypackages__",
        "_build",
        "buck-out",
        "build",
        "dist",
        "node_modules",
        "site-packages",
        "venv",
    }
)
"""Folder names never walked into, as ruff's default ``exclude``."""


RACY_NANOSECONDS = 2_000_000_000
"""How recent a folder's change may be for its signature to be trusted: a change within the
same tick of the file system's clock (2 s on FAT, a few ms elsewhere) as the one recorded
would leave its modification time as it was."""

GITIGNORE_LIMIT = 1 << 20
"""Bytes of a `.gitignore` file read at most (git's own are a few kilobytes)."""


@dataclass(frozen=True)
class Discovery:
    """What discovery found: the project's Python files, sorted, and the paths it could not
    read (a folder, a `.gitignore`), each with its problem."""

    files: tuple[Path, ...]
    problems: tuple[tuple[Path, Problem], ...] = ()
    tree: tuple[tuple[str, tuple[int, ...]], ...] | None = None
    """Each folder walked and `.gitignore` file read (root-relative POSIX path, "" for the
    root) with its `tree_signature`, from which `tree_unchanged` tells that a new discovery
    would find the same files; None when it cannot tell (see `_Walk.replayable_tree`)."""


@dataclass(frozen=True)
class _IgnoreFile:
    """The patterns of one `.gitignore` file, compiled when a path under its folder is first
    matched: a project whose only one sits in a folder without Python files (a tool's cache
    holding ``*``) never pays for importing pathspec."""

    folder: str  # path relative to the root, "" for the root itself
    lines: tuple[str, ...]

    @property
    def prefix(self) -> str:
        """What the root-relative paths under the folder start with."""
        return self.folder + "/" if self.folder else ""

    @functools.cached_property
    def spec(self) -> pathspec.GitIgnoreSpec:
        """The compiled patterns."""
        return _gitignore_spec(list(self.lines))


def _spec(lines: list[str]) -> pathspec.GitIgnoreSpec:
    # pathspec is imported only by projects that have patterns: it costs start-up time.
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


_MAX_STARS = 3
"""The most `*` one path segment of a `.gitignore` pattern may hold, as in `exclude` (see
`modlint.configuration`): its regular expression backtracks in time that grows with the
name's length to the power of its stars, so `*a*a*a*a*a*b` would stall the walk."""
_MAX_GLOBSTARS = 2
"""The most `**` segments a `.gitignore` pattern may hold, as in `exclude`: each lets the
expression try every depth, so `a/**/a/**/a/**/b` would stall the walk of a deep tree."""


def _gitignore_spec(lines: list[str]) -> pathspec.GitIgnoreSpec:
    """The patterns of a `.gitignore` file; an invalid one (``!``, ``a\\``, ``[z-a].py``)
    matches nothing, as in git, and so does one with more than three `*` in one path
    segment or more than two `**` segments; the others still apply."""
    lines = [line for line in lines if not _too_many_stars(line)]
    try:
        return _spec(lines)
    except (ValueError, re.error):
        return _spec([line for line in lines if _valid_pattern(line)])


def _too_many_stars(line: str) -> bool:
    parts = line.split("/")
    return parts.count("**") > _MAX_GLOBSTARS or any(
        part != "**" and part.count("*") > _MAX_STARS for part in parts
    )


def _valid_pattern(line: str) -> bool:
    try:
        _spec([line])
    except (ValueError, re.error):
        return False
    return True


class _Filter:
    """Decides whether a root-relative POSIX path is excluded by configuration or .gitignore."""

    def __init__(self, config: Config) -> None:
        self.exclude = _spec(list(config.exclude)) if config.exclude else None
        self.respect_gitignore = config.respect_gitignore
        self.ignore_files: list[_IgnoreFile] = []

    def load_gitignore(self, path: Path, relative: str) -> Problem | None:
        """Read the `.gitignore` file at ``path`` (in the folder ``relative``); its problem
        when it cannot be read."""
        if not self.respect_gitignore:
            return None
        data = read_regular_file(path, GITIGNORE_LIMIT)
        if isinstance(data, Unread):
            from modlint.model import Problem  # the facts' classes: rarely needed here

            if data.size is None:
                return Problem(1, 1, data.message)
            return Problem(
                1,
                1,
                f"file is too large to read: {data.size} bytes, over "
                f"{GITIGNORE_LIMIT} for a .gitignore file",
            )
        lines = data.decode("utf-8", errors="replace").splitlines()
        self.ignore_files.append(_IgnoreFile(relative, tuple(lines)))
        return None

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
            if not candidate.startswith(ignore_file.prefix):
                continue
            result = ignore_file.spec.check_file(candidate[len(ignore_file.prefix) :])
            if result.include is not None:
                ignored = result.include
        return ignored


@dataclass(frozen=True)
class _Listing:
    """One folder's entries: the Python files and the subfolders, real and symlinked."""

    files: list[str]
    folders: list[str]
    links: list[str]
    unsettled: bool = False
    """Whether an entry is a symlink to no folder (to a file, or dangling) or could not be
    looked at: what it leads to may change without any folder of the project changing."""
    linked_files: frozenset[str] = frozenset()
    """The names of ``files`` that are symbolic links."""


def _listing(folder: str) -> _Listing:
    """The entries of ``folder``; OSError when it cannot be listed."""
    files: list[str] = []
    folders: list[str] = []
    links: list[str] = []
    linked_files: set[str] = set()
    unsettled = False
    with os.scandir(folder) as entries:
        for entry in entries:
            try:
                is_dir = entry.is_dir()
                is_link = entry.is_symlink()  # the listing's entry type: no system call
            except OSError:  # cannot be looked at: read as a file, and reported if it is one
                is_dir = is_link = False
                unsettled = True
            if is_link and is_dir:
                links.append(entry.name)
            elif is_dir:
                folders.append(entry.name)
            else:
                unsettled = unsettled or is_link
                if entry.name.endswith(".py") or entry.name == ".gitignore":
                    files.append(entry.name)
                    if is_link:
                        linked_files.add(entry.name)
    return _Listing(files, folders, links, unsettled, frozenset(linked_files))


class _Walk:
    """One discovery: an iterative walk, so that no depth of folders can exhaust the stack."""

    def __init__(self, config: Config) -> None:
        self.root = str(config.root)
        self.real_root = os.path.realpath(self.root)
        self.filter = _Filter(config)
        self.seen: set[tuple[int, int]] = set()
        self.found: list[Path] = []
        self.problems: list[tuple[Path, Problem]] = []
        self.to_walk: list[tuple[str, str]] = [(self.root, "")]
        self.links: list[tuple[str, str]] = []
        self.tree: list[tuple[str, tuple[int, ...]]] = []
        self.saw_links = False
        self.started = time.time_ns()

    def run(self) -> Discovery:
        # Real folders first, then symlinked ones: a link to a folder inside the project
        # that is walked anyway is skipped, whichever order the names come in.
        while self.to_walk or self.links:
            if not self.to_walk:
                self.to_walk.append(self.links.pop())
            self._visit(*self.to_walk.pop())
        return Discovery(
            tuple(sorted(self.found)), tuple(sorted(self.problems)), self.replayable_tree()
        )

    def replayable_tree(self) -> tuple[tuple[str, tuple[int, ...]], ...] | None:
        """The signatures of the folders walked and `.gitignore` files read, or None when
        they would not tell that a new discovery finds the same: a folder or `.gitignore`
        could not be read (it may become readable without changing), a symlink was seen (its
        target may change outside the folders walked), or one changed too recently."""
        if self.problems or self.saw_links:
            return None
        newest = self.started - RACY_NANOSECONDS
        if any(signature[2] >= newest or signature[3] >= newest for _, signature in self.tree):
            return None
        return tuple(self.tree)

    def _visit(self, folder: str, relative: str) -> None:
        try:
            info = os.stat(folder)
            if (info.st_dev, info.st_ino) in self.seen:
                return
            self.seen.add((info.st_dev, info.st_ino))
            listing = _listing(folder)
            self.tree.append((relative, tree_signature(info)))
        except (FileNotFoundError, NotADirectoryError):
            return  # vanished since its parent was listed, like a file that vanishes
        except OSError as error:
            from modlint.model import Problem  # the facts' classes: rarely needed here

            self.problems.append(
                (Path(folder), Problem(1, 1, f"cannot read folder: {error.strerror or error}"))
            )
            return
        prefix = relative + "/" if relative else ""
        if listing.links or listing.unsettled:
            self.saw_links = True
        if ".gitignore" in listing.files and self.filter.respect_gitignore:
            self._load_gitignore(os.path.join(folder, ".gitignore"), relative)
        for name in listing.files:
            if name.endswith(".py") and not self.filter.excluded(prefix + name, False):
                self._add_file(os.path.join(folder, name), name in listing.linked_files)
        for names, queue in ((listing.folders, self.to_walk), (listing.links, self.links)):
            queue.extend(
                (os.path.join(folder, name), prefix + name)
                for name in sorted(names, reverse=True)
                if name not in DEFAULT_EXCLUDE
                and not self.filter.excluded(prefix + name, True)
                and (queue is self.to_walk or self._inside(os.path.join(folder, name)))
            )

    def _load_gitignore(self, path: str, relative: str) -> None:
        """Read the `.gitignore` file at ``path``, in the folder ``relative``, and note its
        signature, taken first: a change while it is read shows at the next run."""
        try:
            self.tree.append((_joined(relative, ".gitignore"), tree_signature(os.stat(path))))
        except OSError:
            pass  # reported by load_gitignore, which leaves no tree to replay
        problem = self.filter.load_gitignore(Path(path), relative)
        if problem is not None:
            self.problems.append((Path(path), problem))

    def _add_file(self, path: str, linked: bool) -> None:
        """Count the Python file at ``path`` in, or, for a symbolic link that leads out of
        the project or into a folder never walked (`.git`), report it without reading it:
        a pull request could otherwise have any file of the machine read, shown
        (`--show-source`) and written (`--fix`)."""
        outside = self._leads_out(path) if linked else None
        if outside is None:
            self.found.append(Path(path))
            return
        from modlint.model import Problem  # the facts' classes: rarely needed here

        self.problems.append((Path(path), Problem(1, 1, f"cannot read file: {outside}")))

    def _leads_out(self, link: str) -> str | None:
        """Why the file the symbolic link ``link`` leads to is not the project's to read, or
        None when it is."""
        target = os.path.realpath(link)
        if not os.path.isfile(target):
            return None  # a device, a fifo or nothing: reading it says so, without reading
        if not target.startswith(self.real_root + os.sep):
            return "it is a symbolic link to a file outside the project"
        never = self._never_walked(os.path.dirname(target))
        if never is not None:
            return f"it is a symbolic link into '{never}', a folder modlint never reads"
        return None

    def _never_walked(self, target: str) -> str | None:
        """The first folder of the resolved ``target`` (inside the root) that is never walked
        into (`.git`, `.venv`), or None."""
        folders = target[len(self.real_root) + 1 :].split(os.sep)
        return next((name for name in folders if name in DEFAULT_EXCLUDE), None)

    def _inside(self, link: str) -> bool:
        """Whether a symlinked folder leads inside the project root, and not into a folder
        never walked (`core/env -> ../.venv` would check every installed package)."""
        target = os.path.realpath(link)
        if target == self.real_root:
            return True
        return target.startswith(self.real_root + os.sep) and self._never_walked(target) is None


def _joined(relative: str, name: str) -> str:
    """The root-relative POSIX path of ``name`` in the folder ``relative``."""
    return relative + "/" + name if relative else name


def tree_signature(info: os.stat_result) -> tuple[int, ...]:
    """What changes when a folder gains, loses or renames an entry (its modification time),
    when its permissions or owner change (who may list it), or when a file is rewritten or
    replaced; the status-change time catches the rest (an access control list)."""
    return (
        info.st_dev,
        info.st_ino,
        info.st_mtime_ns,
        info.st_ctime_ns,
        info.st_size,
        info.st_mode,
        info.st_uid,
        info.st_gid,
    )


def tree_unchanged(root: Path, tree: Iterable[tuple[str, Sequence[int]]]) -> bool:
    """Whether every folder and `.gitignore` file of a discovery's ``tree`` still has its
    signature, so that discovering again would find the same files (one `stat` each)."""
    folder = str(root)
    prefix = os.path.join(folder, "")
    for relative, signature in tree:
        try:
            info = os.stat(prefix + relative if relative else folder)
        except OSError:
            return False
        if tree_signature(info) != tuple(signature):  # any other value never compares equal
            return False
    return True


def discover_python_files(config: Config) -> Discovery:
    """Every `.py` file under the project root that is not excluded, sorted, and the folders
    (and `.gitignore` files) that could not be read.

    Symlinked folders are followed when they lead to a folder inside the project root that
    is not walked otherwise; links out of the project (``ln -s / core/slash``) are not.
    """
    return _Walk(config).run()
