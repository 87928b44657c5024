"""The first-party namespace: which dotted Python names the project's files provide."""

from __future__ import annotations

import keyword
import os
from collections.abc import Iterable
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


def build_index(config: Config, python_files: Iterable[Path]) -> NameIndex:
    """The dotted name of each file under the deepest source root holding it; files whose path
    is not made of identifiers (e.g. `api-key/setup.py` under root `.`) get none."""
    roots = {str(root): root for root in source_roots(config)}
    files: dict[Path, str] = {}
    modules: dict[str, Path] = {}
    packages: dict[str, Path] = {}
    root_of_folder: dict[str, str | None] = {}
    for path in python_files:
        folder = os.path.dirname(str(path))
        root_text = _deepest_root(folder, roots, root_of_folder)
        if root_text is None:
            continue
        root = roots[root_text]
        relative = str(path)[len(root_text) + 1 : -3]
        parts = relative.split(os.sep)
        is_init = parts[-1] == "__init__"
        if is_init:
            parts.pop()
        if not parts or not all(
            part.isidentifier() and not keyword.iskeyword(part) for part in parts
        ):
            continue
        name = ".".join(parts)
        files[path] = name
        modules.setdefault(name, path)
        package_depth = len(parts) if is_init else len(parts) - 1
        for depth in range(1, package_depth + 1):
            package = ".".join(parts[:depth])
            if package not in packages:
                packages[package] = root.joinpath(*parts[:depth])
    top_level = frozenset(name.split(".")[0] for name in (*modules, *packages))
    return NameIndex(files=files, modules=modules, packages=packages, top_level=top_level)
