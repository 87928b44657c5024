"""What both extractors (libcst's and CPython's trees) agree a module says: which test guards
type-checking-only imports, and how ``__all__`` grows."""

from __future__ import annotations

from collections.abc import Sequence

from modlint.model import ExportList, NameAt

TYPE_CHECKING = "TYPE_CHECKING"
EXPORTS = "__all__"
EXPORT_METHODS = ("extend", "append")
"""``__all__.extend([...])`` and ``__all__.append("name")`` add to the exports."""


def guards_type_checking(name: str | None) -> bool:
    """Whether an ``if`` test whose name (``TYPE_CHECKING``) or last attribute
    (``typing.TYPE_CHECKING``) is ``name`` holds type-checking-only code."""
    return name == TYPE_CHECKING


def exports_after(
    previous: ExportList | None,
    names: Sequence[NameAt],
    readable: bool,
    at: NameAt,
    replace: bool,
) -> ExportList:
    """``__all__`` after an assignment (``replace``) or an addition of ``names`` at ``at``;
    it stays readable only while every addition is a literal list of strings."""
    if replace or previous is None:
        return ExportList(tuple(names), at.line, at.column, readable)
    return ExportList(
        previous.names + tuple(names),
        previous.line,
        previous.column,
        previous.readable and readable,
    )
