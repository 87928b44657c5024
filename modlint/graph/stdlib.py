"""Names of the standard library's top-level modules, which are never first-party."""

from __future__ import annotations

import os
import sys
import sysconfig


def _stdlib_module_names() -> frozenset[str]:
    names = getattr(sys, "stdlib_module_names", None)
    if names is not None:
        return frozenset(names)
    # Python 3.9 has no sys.stdlib_module_names: list the standard library's folder instead.
    found = set(sys.builtin_module_names)
    for key in ("stdlib", "platstdlib"):
        folder = sysconfig.get_paths()[key]
        for folder_name in (folder, os.path.join(folder, "lib-dynload")):
            try:
                entries = os.listdir(folder_name)
            except OSError:
                continue
            found.update(entry.split(".")[0] for entry in entries if entry != "site-packages")
    return frozenset(found)


NEWER_STDLIB_NAMES = frozenset({"annotationlib", "compression", "graphlib", "tomllib", "zoneinfo"})
"""Standard-library modules of Pythons newer than the oldest one modlint supports: code that
imports `tomllib` under `if sys.version_info >= (3, 11)` imports no third-party package."""

STDLIB_MODULE_NAMES = _stdlib_module_names() | NEWER_STDLIB_NAMES
