"""The keys that constrain imports beyond tiers and depends-on: `forbidden`, `independent` and
`ignore-imports` (issue 12)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from modlint.configuration.schema import closest
from modlint.model import IgnoredImport, UsageError, expression_error

if TYPE_CHECKING:
    from modlint.configuration.schema import TableReader
    from modlint.model import ModuleConfig


def forbidden_names(reader: TableReader) -> tuple[str, ...]:
    """The `forbidden` key of a table: dotted import names; UsageError for anything else."""
    names = reader.strings("forbidden", ()) or ()
    for name in names:
        if not name or not all(part.isidentifier() for part in name.split(".")):
            raise UsageError(
                f"{reader.where}: key 'forbidden': '{name}' is not a dotted import name"
            )
    return names


def independent_groups(
    reader: TableReader, modules: Sequence[ModuleConfig]
) -> tuple[tuple[str, ...], ...]:
    """The top-level `independent` key: groups of at least two distinct declared modules."""
    if "independent" not in reader.data:
        return ()
    value = reader.data["independent"]
    expected = "an array of arrays of module names"
    if not isinstance(value, list) or not all(
        isinstance(group, list) and all(isinstance(name, str) for name in group) for group in value
    ):
        raise reader.fail("independent", expected)
    names = [module.name for module in modules]
    for group in value:
        if len(group) < 2 or len(set(group)) != len(group):
            raise UsageError(
                f"{reader.where}: key 'independent': group {_shown(group)} must name at least "
                "two distinct modules"
            )
        for name in group:
            if name not in names:
                raise UsageError(
                    f"{reader.where}: key 'independent' names unknown module "
                    f"'{name}'{closest(name, names)}"
                )
    return tuple(tuple(group) for group in value)


def _shown(group: Sequence[str]) -> str:
    return "[" + ", ".join(f"'{name}'" for name in group) + "]"


def ignored_imports(
    reader: TableReader, text: str, key_line: int | None
) -> tuple[IgnoredImport, ...]:
    """The `ignore-imports` key: `importer -> imported` entries, each with where it is written
    (found in ``text`` from the key's line on)."""
    entries = reader.strings("ignore-imports", ()) or ()
    lines = text.splitlines()
    line, column = (key_line or 1) - 1, 0
    found = []
    for entry in entries:
        importer, arrow, imported = entry.partition("->")
        importer, imported = importer.strip(), imported.strip()
        for side in (importer, imported):
            problem = "no '->'" if not arrow else expression_error(side)
            if problem is not None:
                raise UsageError(
                    f"{reader.where}: key 'ignore-imports': entry '{entry}' is not "
                    f"'importer -> imported' with module expressions: {problem}"
                )
        line, column = _written_at(lines, entry, line, column)
        found.append(IgnoredImport(entry, importer, imported, line + 1, column + 1))
        column += len(entry) + 2  # the next entry is written after this one
    return tuple(found)


def _written_at(lines: Sequence[str], entry: str, line: int, column: int) -> tuple[int, int]:
    """The 0-based line and column of the string literal of ``entry`` at or after (line,
    column); the start when it is not found (written with escapes)."""
    for number in range(line, len(lines)):
        start = column if number == line else 0
        found = [
            at
            for quote in ('"', "'")
            if (at := lines[number].find(f"{quote}{entry}{quote}", start)) >= 0
        ]
        if found:
            return number, min(found)
    return line, column
