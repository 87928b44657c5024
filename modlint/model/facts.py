"""Per-file facts: everything the rules need to know about one file, extracted once.

Facts depend only on a file's bytes, never on its path or the configuration, so they can be
cached by content hash and computed in parallel.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ImportedName:
    """One name of ``from module import name``, at its 1-based position."""

    name: str
    line: int
    column: int


@dataclass(frozen=True)
class ImportStatement:
    """One imported module as written: ``import a.b``, ``from ..a import b, c`` or a literal
    ``importlib.import_module("a.b")``.

    ``line``/``column`` locate the module name (the first dot of a relative import);
    ``first_line``/``last_line`` span the whole statement, where ``# noqa`` comments apply.
    """

    module: str
    level: int
    names: tuple[ImportedName, ...]
    is_from: bool
    line: int
    column: int
    first_line: int
    last_line: int
    type_checking: bool


@dataclass(frozen=True)
class NoqaDirective:
    """A ``# noqa`` comment; ``codes`` is None for a blanket one. File-level ones cover the file."""

    line: int
    column: int
    end_column: int
    codes: tuple[str, ...] | None
    file_level: bool


@dataclass(frozen=True)
class Problem:
    """A position and a message: a syntax error, a decoding error or a malformed directive."""

    line: int
    column: int
    message: str


@dataclass(frozen=True)
class FileFacts:
    """What one file holds: its imports and suppression comments, or why it could not be read."""

    imports: tuple[ImportStatement, ...] = ()
    noqa: tuple[NoqaDirective, ...] = ()
    malformed_noqa: tuple[Problem, ...] = ()
    syntax_error: Problem | None = None
    unreadable: Problem | None = None
