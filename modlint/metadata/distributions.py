"""Which distribution provides an import name (`yaml` is PyYAML, `PIL` is pillow)."""

from __future__ import annotations

import functools
import importlib.metadata
from collections.abc import Iterable, Mapping

from modlint.metadata.declared import normalize


@functools.lru_cache(maxsize=1)
def _installed() -> dict[str, list[str]]:
    """Import name to distributions, from the metadata installed beside modlint; read once
    per process (a long-running `modlint server` checks many times). Callers only read it."""
    if hasattr(importlib.metadata, "packages_distributions"):
        return {
            name: list(dists) for name, dists in importlib.metadata.packages_distributions().items()
        }
    found: dict[str, list[str]] = {}  # Python 3.9: read top_level.txt ourselves
    for distribution in importlib.metadata.distributions():
        top_level = distribution.read_text("top_level.txt") or ""
        for name in top_level.split():
            found.setdefault(name, []).append(distribution.metadata["Name"])
    return found


def distributions_for(names: Iterable[str], overrides: Mapping[str, str]) -> dict[str, str]:
    """The normalized distribution of each import name: the configuration's `import-names`
    first, then the installed metadata, else the import name itself."""
    installed: dict[str, list[str]] | None = None
    found = {}
    for name in names:
        if name in overrides:
            found[name] = normalize(overrides[name])
            continue
        if installed is None:
            installed = _installed()
        candidates = installed.get(name)
        found[name] = normalize(candidates[0]) if candidates else normalize(name)
    return found
