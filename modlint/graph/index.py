"""The first-party namespace: which dotted Python names the project's files provide."""

from __future__ import annotations

import keyword
from pathlib import Path
from typing import Iterable

from modlint.model import Config, NameIndex


def source_roots(config: Config) -> tuple[Path, ...]:
    """The folders that act as sys.path entries: `source-roots`, plus the folder of every module
    that names its `packages`."""
    module_roots = (module.path for module in config.modules if module.packages)
    return tuple(dict.fromkeys((*config.source_roots, *module_roots)))


def build_index(config: Config, python_files: Iterable[Path]) -> NameIndex:
    """The dotted name of each file under the deepest source root holding it; files whose path
    is not made of identifiers (e.g. `api-key/setup.py` under root `.`) get none."""
    roots = sorted(source_roots(config), key=lambda root: len(root.parts), reverse=True)
    files: dict[Path, str] = {}
    modules: dict[str, Path] = {}
    packages: dict[str, Path] = {}
    for path in python_files:
        root = next((root for root in roots if root in path.parents), None)
        if root is None:
            continue
        parts = list(path.relative_to(root).with_suffix("").parts)
        is_init = parts[-1] == "__init__"
        if is_init:
            parts.pop()
        if not parts or not all(part.isidentifier() and not keyword.iskeyword(part)
                                for part in parts):
            continue
        name = ".".join(parts)
        files[path] = name
        modules.setdefault(name, path)
        package_depth = len(parts) if is_init else len(parts) - 1
        for depth in range(1, package_depth + 1):
            packages.setdefault(".".join(parts[:depth]), root.joinpath(*parts[:depth]))
    top_level = frozenset(name.split(".")[0] for name in (*modules, *packages))
    return NameIndex(files=files, modules=modules, packages=packages, top_level=top_level)
