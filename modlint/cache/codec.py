"""FileFacts to and from JSON-ready lists (never pickle: a cache folder may come from anyone,
and modlint must never run code it did not write)."""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, Iterator, Sequence, cast

from modlint.model import (
    AttributeChain,
    Definition,
    ExportList,
    FileFacts,
    ImportedName,
    ImportStatement,
    NameAt,
    NoqaDirective,
    Problem,
)

SCHEMA = 1
"""Bumped whenever FileFacts changes shape, so that older entries are rebuilt."""


class LazyTuple(Sequence[Any]):
    """A tuple decoded on first use. Definitions and attribute chains are most of a file's
    facts but only matter for the few files near a locked or stable surface, so a warm run
    that decoded them all would pay for nothing. Compares and hashes like the tuple."""

    __slots__ = ("_raw", "_decode", "_items")

    def __init__(self, raw: list[Any], decode: Callable[[Any], Any]) -> None:
        self._raw: list[Any] | None = raw
        self._decode = decode
        self._items: tuple[Any, ...] | None = None

    def _tuple(self) -> tuple[Any, ...]:
        if self._items is None:
            assert self._raw is not None
            self._items = tuple([self._decode(value) for value in self._raw])
            self._raw = None
        return self._items

    def __getitem__(self, index: Any) -> Any:
        return self._tuple()[index]

    def __len__(self) -> int:
        return len(self._raw) if self._items is None and self._raw is not None \
            else len(self._tuple())

    def __iter__(self) -> Iterator[Any]:
        return iter(self._tuple())

    def __bool__(self) -> bool:
        return len(self) > 0

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyTuple):
            other = other._tuple()
        return self._tuple() == other

    def __hash__(self) -> int:
        return hash(self._tuple())

    def __repr__(self) -> str:
        return repr(self._tuple())


def encode_facts(facts: FileFacts) -> list[Any]:
    """The facts as nested lists of plain values, in field order."""
    return list(dataclasses.astuple(facts))


def _problem(value: list[Any] | None) -> Problem | None:
    return None if value is None else Problem(*value)


_DEFINITION_FIELDS = tuple(field.name for field in dataclasses.fields(Definition))


def _definition(value: list[Any]) -> Definition:
    # Definitions are the most numerous facts: fill the frozen instance's __dict__ directly
    # instead of paying for the generated __init__'s object.__setattr__ per field.
    definition = object.__new__(Definition)
    definition.__dict__.update(zip(_DEFINITION_FIELDS, (
        value[0], value[1], value[2], value[3], value[4],
        tuple([_definition(member) for member in value[5]]) if value[5] else ())))
    return definition


def _statement(value: list[Any]) -> ImportStatement:
    return ImportStatement(value[0], value[1], tuple([ImportedName(*n) for n in value[2]]),
                           *value[3:])


def _chain(value: list[Any]) -> AttributeChain:
    return AttributeChain(value[0], tuple([NameAt(*name) for name in value[1]]))


def _noqa(value: list[Any]) -> NoqaDirective:
    line, column, end_column, codes, file_level = value
    return NoqaDirective(line, column, end_column, None if codes is None else tuple(codes),
                         file_level)


def decode_facts(value: list[Any]) -> FileFacts:
    """FileFacts from ``encode_facts``'s output; TypeError or ValueError when it is not that."""
    imports, definitions, exports, chains, noqa, malformed, syntax_error, unreadable = value
    # List comprehensions, not generators: this runs for every file of every warm run.
    return FileFacts(
        imports=tuple([_statement(value) for value in imports]),
        definitions=cast("tuple[Definition, ...]", LazyTuple(definitions, _definition)),
        exports=None if exports is None else ExportList(
            tuple([NameAt(*name) for name in exports[0]]), exports[1], exports[2], exports[3]),
        attribute_chains=cast("tuple[AttributeChain, ...]", LazyTuple(chains, _chain)),
        noqa=tuple([_noqa(value) for value in noqa]),
        malformed_noqa=tuple([Problem(*value) for value in malformed]),
        syntax_error=_problem(syntax_error),
        unreadable=_problem(unreadable),
    )
