"""What the peers see of the project tree: its modules by dotted name, and the files they never
read. Names are resolved by looking at folders and files, never by importing anything."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from modlint.discovery import DEFAULT_EXCLUDE, discover_python_files
from modlint.model import Config, UsageError

_GLOB_SPECIAL = re.compile(r"([\\*?\[\]])")
_UNSAFE_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


@dataclass(frozen=True)
class ModuleTree:
    """Modules by dotted name, each with its path relative to the project root (a package's
    folder, or a module's `.py` file), and gitignore patterns for the files the peer skips."""

    paths: Mapping[str, str]
    unread: tuple[str, ...] = ()

    def is_package(self, name: str) -> bool:
        """Whether module ``name`` is a folder rather than one file."""
        return not self.paths[name].endswith(".py")


def pattern_literal(relative: str) -> str:
    """A root-relative POSIX path as a gitignore pattern that matches exactly it."""
    return "/" + _GLOB_SPECIAL.sub(r"\\\1", relative)


def is_safe_name(name: str) -> bool:
    """Whether a file name can be written into the configuration as it is."""
    return not _UNSAFE_NAME.search(name)


def _entries(folder: Path, shown: str) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as listing:
            return sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        raise UsageError(f"cannot read folder '{shown}': {error.strerror or error}") from None


def _holds_python(folder: Path) -> bool:
    for _, subfolders, files in os.walk(folder):
        subfolders[:] = [name for name in subfolders if name not in DEFAULT_EXCLUDE]
        if any(name.endswith(".py") for name in files):
            return True
    return False


def grimp_tree(root: Path, packages: Sequence[tuple[str, str]]) -> ModuleTree:
    """The modules import-linter's graph holds for these root packages (dotted name, folder
    relative to ``root``): every `.py` file whose name holds no other dot (`0001_initial.py`
    too), in the root folders and in sub-folders that have `__init__.py` and an identifier for
    a name. What it skips becomes `unread` patterns: other folders that hold Python files, and
    files like `a.b.py` or `.hidden.py`."""
    paths: dict[str, str] = {}
    unread: list[str] = []
    seen: set[tuple[int, int]] = set()
    pending = [(name, relative) for name, relative in packages]
    while pending:
        name, relative = pending.pop(0)
        folder = root / relative
        status = folder.stat()
        if (status.st_dev, status.st_ino) in seen:
            continue
        seen.add((status.st_dev, status.st_ino))
        paths[name] = relative
        for entry in _entries(folder, relative):
            if not is_safe_name(entry.name):
                continue
            child = f"{relative}/{entry.name}"
            if entry.is_dir():
                if entry.name in DEFAULT_EXCLUDE:
                    continue
                if entry.name.isidentifier() and (Path(entry.path) / "__init__.py").is_file():
                    pending.append((f"{name}.{entry.name}", child))
                elif _holds_python(Path(entry.path)):
                    unread.append(pattern_literal(child) + "/")
            elif entry.name.endswith(".py") and entry.name != "__init__.py":
                stem = entry.name[:-3]
                if "." in stem:
                    unread.append(pattern_literal(child))
                else:
                    paths[f"{name}.{stem}"] = child
    return ModuleTree(dict(sorted(paths.items())), tuple(sorted(unread)))


def tach_tree(
    root: Path, source_roots: Sequence[str], exclude: Sequence[str], respect_gitignore: bool
) -> ModuleTree:
    """The modules tach's globs expand against: packages (folders with `__init__.py`) and
    `.py` files under the source roots that ``exclude`` and .gitignore leave in."""
    config = Config(
        root=root,
        file=root / "tach.toml",
        exclude=tuple(exclude),
        respect_gitignore=respect_gitignore,
    )
    paths: dict[str, str] = {}
    for file in discover_python_files(config).files:
        relative = file.relative_to(root).as_posix()
        for source_root in source_roots:
            prefix = "" if source_root == "." else source_root.rstrip("/") + "/"
            if not relative.startswith(prefix):
                continue
            parts = relative[len(prefix) :][:-3].split("/")
            if parts[-1] == "__init__":
                parts, relative_path = parts[:-1], relative.rsplit("/", 1)[0]
            else:
                relative_path = relative
            if parts and all(part and "." not in part for part in parts):
                paths.setdefault(".".join(parts), relative_path)
            break
    return ModuleTree(dict(sorted(paths.items())))


def tach_module_path(root: Path, source_roots: Sequence[str], dotted: str) -> str | None:
    """Where tach finds module ``dotted``, relative to ``root``: in the first source root that
    has it as a folder, a `.pyi` or a `.py` file (in that order); None when none has it."""
    base = dotted.replace(".", "/")
    for source_root in source_roots:
        prefix = "" if source_root == "." else source_root.rstrip("/") + "/"
        for candidate in (prefix + base, prefix + base + ".pyi", prefix + base + ".py"):
            if (candidate.endswith(".py") or candidate.endswith(".pyi")) and (
                root / candidate
            ).is_file():
                return candidate
            if not candidate.endswith((".py", ".pyi")) and (root / candidate).is_dir():
                return candidate
    return None


def outside_exclusions(root: Path, kept: Iterable[str], respect_gitignore: bool) -> tuple[str, ...]:
    """Gitignore patterns that leave out everything but the folders ``kept`` (relative to
    ``root``); none when no Python file lies outside them."""
    folders = sorted(set(kept))
    if "." in folders:
        return ()
    folders = [
        folder for folder in folders if not any(folder.startswith(other + "/") for other in folders)
    ]
    config = Config(root=root, file=root / "pyproject.toml", respect_gitignore=respect_gitignore)
    if all(
        any(file.relative_to(root).as_posix().startswith(folder + "/") for folder in folders)
        for file in discover_python_files(config).files
    ):
        return ()
    patterns = ["/*"]
    for folder in folders:
        parts = folder.split("/")
        for depth in range(1, len(parts) + 1):
            # A folder is taken back in, then everything in it left out again but the next one.
            stages = [f"!{pattern_literal('/'.join(parts[:depth]))}/"]
            if depth < len(parts):
                stages.append(f"{pattern_literal('/'.join(parts[:depth]))}/*")
            patterns += [stage for stage in stages if stage not in patterns]
    return tuple(patterns)
