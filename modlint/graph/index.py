"""The first-party namespace: which dotted Python names the project's files provide."""

from __future__ import annotations

import keyword
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from modlint.model import Config, NameIndex


def source_roots(config: Config) -> tuple[Path, ...]:
    """The folders that act as sys.path entries: `source-roots`, plus the folder of every module
    that names its `packages`."""
    module_roots = (module.path for module in config.modules if module.packages)
    return tuple(dict.fromkeys((*config.source_roots, *module_roots)))


def _deepest_root(folder: str, roots: dict[str, Path], memo: dict[str, str | None]) -> str | None:
    """The deepest source root at or above ``folder`` (as strings, remembered per folder)."""
    # A loop, not recursion: folders can nest deeper than Python's recursion limit.
    unknown: list[str] = []
    while folder not in memo and folder not in roots:
        unknown.append(folder)
        parent = os.path.dirname(folder)
        if parent == folder:
            memo[folder] = None
            break
        folder = parent
    found = memo[folder] if folder in memo else folder
    for below in unknown:
        memo[below] = found
    return found


def _is_folder_name(part: str) -> bool:
    """Whether a folder name can be part of a dotted name: an identifier, not a keyword."""
    return part.isidentifier() and not keyword.iskeyword(part)


def _is_module_stem(part: str) -> bool:
    """Whether a file name (without `.py`) inside a package gets a dotted name: as grimp and
    ``importlib.import_module`` allow, any name without a dot (`0001_initial`), not hidden."""
    return bool(part) and "." not in part


def _dotted_parts(relative: str) -> list[str] | None:
    """The parts of the dotted name of a file at ``relative`` (its path below its root, without
    `.py`); None when it has none. Only a file inside a package may have a name that is no
    identifier (Django's `migrations/0001_initial.py`)."""
    parts = relative.split(os.sep)
    if parts[-1] == "__init__":
        parts.pop()
        stem = None
    else:
        stem = parts.pop()
    if not all(_is_folder_name(part) for part in parts):
        return None
    if stem is None:
        return parts or None
    if _is_folder_name(stem) or (parts and _is_module_stem(stem)):
        return [*parts, stem]
    return None


def _package_base(folder: str, package_folders: frozenset[str]) -> str | None:
    """The folder above the outermost package holding ``folder`` (where pytest's default import
    mode puts a test file's root); None when ``folder`` is no package."""
    if folder not in package_folders:
        return None
    while folder in package_folders:
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent
    return folder


@dataclass(frozen=True)
class _Names:
    """The index being built."""

    files: dict[Path, str] = field(default_factory=dict)
    modules: dict[str, Path] = field(default_factory=dict)
    packages: dict[str, Path] = field(default_factory=dict)

    def add(self, path: Path, root: Path, parts: list[str]) -> None:
        """Name the file at ``path`` (below ``root``) and its packages."""
        name = ".".join(parts)
        self.files[path] = name
        self.modules.setdefault(name, path)
        package_depth = len(parts) if path.name == "__init__.py" else len(parts) - 1
        for depth in range(1, package_depth + 1):
            package = ".".join(parts[:depth])
            if package not in self.packages:
                self.packages[package] = root.joinpath(*parts[:depth])


def build_index(config: Config, python_files: Iterable[Path]) -> NameIndex:
    """The dotted name of each file under the deepest source root holding it; files whose path
    is not made of identifiers (e.g. `api-key/setup.py` under root `.`) get none.

    A file outside every source root but inside a package (`tests/pkg/test_a.py` beside
    `tests/pkg/__init__.py`) is named below that package's parent folder, as pytest imports
    it, so that its relative imports resolve; its names do not count as first-party top-level
    names (absolute imports never resolve to them) and a name a source root provides wins.
    """
    roots = {str(root): root for root in source_roots(config)}
    names = _Names()
    outside: list[Path] = []
    root_of_folder: dict[str, str | None] = {}
    paths = list(python_files)
    for path in paths:
        folder = os.path.dirname(str(path))
        root_text = _deepest_root(folder, roots, root_of_folder)
        if root_text is None:
            outside.append(path)
            continue
        parts = _dotted_parts(str(path)[len(root_text) + 1 : -3])
        if parts is not None:
            names.add(path, roots[root_text], parts)
    top_level = frozenset(name.split(".")[0] for name in (*names.modules, *names.packages))
    if outside:
        _add_outside(names, outside, paths, top_level)
    return NameIndex(
        files=names.files, modules=names.modules, packages=names.packages, top_level=top_level
    )


def _add_outside(
    names: _Names, outside: list[Path], paths: list[Path], top_level: frozenset[str]
) -> None:
    """Name the files outside every source root that lie in a package, unless their top-level
    package clashes with a first-party one."""
    package_folders = frozenset(
        os.path.dirname(str(path)) for path in paths if path.name == "__init__.py"
    )
    for path in outside:
        base = _package_base(os.path.dirname(str(path)), package_folders)
        if base is None:
            continue
        parts = _dotted_parts(str(path)[len(base.rstrip(os.sep)) + 1 : -3])
        if parts is not None and parts[0] not in top_level:
            names.add(path, Path(base), parts)
