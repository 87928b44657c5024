"""Which imports `ignore-imports` entries match, and how many each matched."""

from __future__ import annotations

from modlint.model import IgnoredImport, matches_expression


class IgnoreMatcher:
    """Answers whether an import is ignored, counting the imports each entry matched."""

    def __init__(self, entries: tuple[IgnoredImport, ...]) -> None:
        self._entries = entries
        self._matches = [0] * len(entries)

    def ignores(self, importer: str | None, imported: str) -> bool:
        """Whether an entry matches the import of dotted ``imported`` by the file whose dotted
        name is ``importer`` (a file without one matches no entry)."""
        if importer is None or not self._entries:
            return False
        found = False
        for number, entry in enumerate(self._entries):
            if matches_expression(entry.importer, importer) and matches_expression(
                entry.imported, imported
            ):
                self._matches[number] += 1
                found = True
        return found

    def matches(self) -> tuple[int, ...]:
        """How many imports each entry matched so far, in configuration order."""
        return tuple(self._matches)
