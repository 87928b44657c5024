"""Per-file facts: everything the rules need to know about one file, extracted once.

Facts depend only on a file's bytes, never on its path or the configuration, so they can be
cached by content hash and computed in parallel.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NameAt:
    """A name at its 1-based position."""

    name: str
    line: int
    column: int


@dataclass(frozen=True)
class ImportedName:
    """One name of ``from module import name [as alias]``, at its 1-based position."""

    name: str
    line: int
    column: int
    alias: str | None = None

    @property
    def bound_as(self) -> str:
        """The local name the import binds."""
        return self.alias or self.name


@dataclass(frozen=True)
class ImportStatement:
    """One imported module as written: ``import a.b``, ``from ..a import b, c`` or a literal
    ``importlib.import_module("a.b")``.

    ``line``/``column`` locate the module name (the first dot of a relative import);
    ``first_line``/``last_line`` span the whole statement, where ``# noqa`` comments apply.
    ``end_column`` ends a dynamic import's string literal on ``line`` (0 when the name as
    written ends where it starts plus its length, or the literal spans lines).
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
    alias: str | None = None
    module_level: bool = True
    end_column: int = 0


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
class Definition:
    """A function, class or constant defined at module level (under `if`/`try` included), with
    its signature as the surface records it: ``def f(a: int) -> str``, ``class C(Base)``,
    ``constant``. A class's ``members`` are its public methods."""

    name: str
    kind: str
    signature: str
    line: int
    column: int
    members: tuple[Definition, ...] = ()


@dataclass(frozen=True)
class ExportList:
    """A module's ``__all__``: its literal names, or ``readable=False`` when it is computed."""

    names: tuple[NameAt, ...]
    line: int
    column: int
    readable: bool = True


@dataclass(frozen=True)
class AttributeChain:
    """``root.a.b`` where ``root`` is a name the file binds by an import."""

    root: str
    attributes: tuple[NameAt, ...]


@dataclass(frozen=True)
class FileFacts:
    """What one file holds: its imports and suppression comments, or why it could not be read."""

    imports: tuple[ImportStatement, ...] = ()
    definitions: tuple[Definition, ...] = ()
    exports: ExportList | None = None
    attribute_chains: tuple[AttributeChain, ...] = ()
    noqa: tuple[NoqaDirective, ...] = ()
    malformed_noqa: tuple[Problem, ...] = ()
    syntax_error: Problem | None = None
    unreadable: Problem | None = None
