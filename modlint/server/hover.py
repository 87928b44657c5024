"""Which rule a position in the editor is about: a code in a `# noqa:` comment under the
cursor, or a diagnostic whose span covers it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from modlint.model import Diagnostic

_NOQA = re.compile(r"#\s*(?:modlint:\s*)?noqa\s*:\s*(?P<codes>[A-Z0-9, \t]+)", re.IGNORECASE)
_CODE = re.compile(r"[A-Z]+[0-9]+")


def noqa_code_at(line: str, character: int) -> str | None:
    """The code of a `# noqa:` (or `# modlint: noqa:`) comment in ``line`` that spans the
    0-based code point ``character``, as written (upper case); None elsewhere."""
    for comment in _NOQA.finditer(line):
        start = comment.start("codes")
        for code in _CODE.finditer(comment.group("codes").upper()):
            if start + code.start() <= character <= start + code.end():
                return code.group()
    return None


def diagnostic_code_at(diagnostics: Iterable[Diagnostic], line: int, character: int) -> str | None:
    """The code of the first diagnostic whose span covers the 0-based ``line`` and code point
    ``character`` (a zero-width span covers its own position)."""
    position = (line + 1, character + 1)
    for found in diagnostics:
        if (found.line, found.column) <= position <= (found.end_line, found.end_column):
            return found.code
    return None
