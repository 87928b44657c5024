"""A flake8 plugin, so that editors running flake8 on one file show modlint's findings there.

modlint needs the whole project to judge one file (a cycle, a locked surface), so the plugin
checks the project once per flake8 process and answers each file from that result.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import sys
from collections.abc import Iterator
from pathlib import Path

from modlint.model import UsageError, __version__
from modlint.support import printable


@functools.lru_cache(maxsize=8)
def _diagnostics_by_file(config_file: Path) -> dict[Path, list[tuple[int, int, str]]]:
    from modlint.configuration import load_config
    from modlint.pipeline import cache_folder, check

    # flake8 runs wherever an editor or a hook does, on code nobody vetted: it never runs the
    # project's build backend, whatever the `metadata` key that comes with the code says.
    config = dataclasses.replace(load_config(config_file), metadata="static")
    found: dict[Path, list[tuple[int, int, str]]] = {}
    # Editors run flake8 on every save: an unchanged project's findings come from the cache.
    for diagnostic in check(config, cache_dir=cache_folder(config)).diagnostics:
        found.setdefault(diagnostic.path, []).append(
            # Project text in the message must not forge a line of flake8's output.
            (
                diagnostic.line,
                diagnostic.column - 1,
                printable(f"{diagnostic.code} {diagnostic.message}"),
            )
        )
    return found


class ModlintChecker:
    """flake8 calls this for each file; it yields the modlint diagnostics of that file."""

    name = "modlint"
    version = __version__

    def __init__(self, tree: ast.AST, filename: str) -> None:
        self.filename = filename

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        from modlint.configuration import find_config_file

        if self.filename in ("", "-", "stdin"):
            return
        path = Path(self.filename).resolve()
        config_file = find_config_file(path.parent)
        if config_file is None:
            return
        try:
            found = _diagnostics_by_file(config_file)
        except UsageError as error:
            print(f"modlint: error: {printable(str(error))}", file=sys.stderr)
            return
        for line, column, text in found.get(path, []):
            yield line, column, text, type(self)
