"""FileFacts to and from JSON-ready lists (never pickle: a cache folder may come from anyone,
and modlint must never run code it did not write)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from typing import Any, Callable, cast

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

SCHEMA = 3
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
        return (
            len(self._raw) if self._items is None and self._raw is not None else len(self._tuple())
        )

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
    definition.__dict__.update(
        zip(
            _DEFINITION_FIELDS,
            (
                value[0],
                value[1],
                value[2],
                value[3],
                value[4],
                tuple([_definition(member) for member in value[5]]) if value[5] else (),
            ),
        )
    )
    return definition


_STATEMENT_FIELDS = tuple(field.name for field in dataclasses.fields(ImportStatement))
_NAME_FIELDS = tuple(field.name for field in dataclasses.fields(ImportedName))


def _statement(value: list[Any]) -> ImportStatement:
    # Every import of every file is decoded on each run after a change: filled in place, as
    # definitions are, this takes half the time of the frozen classes' __init__.
    statement = object.__new__(ImportStatement)
    fields = statement.__dict__
    fields.update(zip(_STATEMENT_FIELDS, value))
    fields["names"] = tuple([_imported_name(name) for name in value[2]])
    return statement


def _imported_name(value: list[Any]) -> ImportedName:
    name = object.__new__(ImportedName)
    name.__dict__.update(zip(_NAME_FIELDS, value))
    return name


def _chain(value: list[Any]) -> AttributeChain:
    return AttributeChain(value[0], tuple([NameAt(*name) for name in value[1]]))


def _noqa(value: list[Any]) -> NoqaDirective:
    line, column, end_column, codes, file_level = value
    return NoqaDirective(
        line, column, end_column, None if codes is None else tuple(codes), file_level
    )


_LIMIT = 2**31
"""Lines and columns are 1-based and below this; anything else is no position."""


# The checks below run over every cached file of every warm run: plain loops and inline
# comparisons, which run about three times as fast as all() over helper calls.


def is_position(value: Any) -> bool:
    """Whether a cached value is a 1-based line or column modlint could have written."""
    return type(value) is int and 0 < value < _LIMIT


def _valid_names_at(values: Any) -> bool:
    if type(values) is not list:
        return False
    for name in values:
        if not (
            type(name) is list
            and len(name) == 3
            and type(name[0]) is str
            and type(name[1]) is int
            and 0 < name[1] < _LIMIT
            and type(name[2]) is int
            and 0 < name[2] < _LIMIT
        ):
            return False
    return True


def _valid_problems(values: list[Any]) -> bool:
    for value in values:
        if not (
            type(value) is list
            and len(value) == 3
            and is_position(value[0])
            and is_position(value[1])
            and type(value[2]) is str
        ):
            return False
    return True


def _valid_imports(values: Any) -> bool:
    if type(values) is not list:
        return False
    for value in values:
        if not (
            type(value) is list
            and len(value) == 12
            and type(value[0]) is str
            and type(value[1]) is int
            and 0 <= value[1] < _LIMIT
            and type(value[2]) is list
            and type(value[3]) is bool
            and is_position(value[4])
            and is_position(value[5])
            and is_position(value[6])
            and is_position(value[7])
            and type(value[8]) is bool
            and (value[9] is None or type(value[9]) is str)
            and type(value[10]) is bool
            and type(value[11]) is int
            and 0 <= value[11] < _LIMIT
        ):
            return False
        for name in value[2]:
            if not (
                type(name) is list
                and len(name) == 4
                and type(name[0]) is str
                and type(name[1]) is int
                and 0 < name[1] < _LIMIT
                and type(name[2]) is int
                and 0 < name[2] < _LIMIT
                and (name[3] is None or type(name[3]) is str)
            ):
                return False
    return True


def _valid_definitions(values: Any, depth: int = 0) -> bool:
    # Classes hold methods and nothing deeper: a deep nest is no cache modlint wrote.
    if type(values) is not list or depth > 3:
        return False
    for value in values:
        if not (
            type(value) is list
            and len(value) == 6
            and type(value[0]) is str
            and type(value[1]) is str
            and type(value[2]) is str
            and type(value[3]) is int
            and 0 < value[3] < _LIMIT
            and type(value[4]) is int
            and 0 < value[4] < _LIMIT
            and (value[5] == [] or _valid_definitions(value[5], depth + 1))
        ):
            return False
    return True


def _valid_chains(values: Any) -> bool:
    if type(values) is not list:
        return False
    for value in values:
        if not (
            type(value) is list
            and len(value) == 2
            and type(value[0]) is str
            and _valid_names_at(value[1])
        ):
            return False
    return True


def _valid_noqa(values: Any) -> bool:
    if type(values) is not list:
        return False
    for value in values:
        if not (
            type(value) is list
            and len(value) == 5
            and is_position(value[0])
            and is_position(value[1])
            and is_position(value[2])
            and type(value[4]) is bool
        ):
            return False
        codes = value[3]
        if codes is not None and not (
            type(codes) is list and all(type(code) is str for code in codes)
        ):
            return False
    return True


def _valid_exports(value: Any) -> bool:
    return value is None or (
        type(value) is list
        and len(value) == 4
        and _valid_names_at(value[0])
        and is_position(value[1])
        and is_position(value[2])
        and type(value[3]) is bool
    )


def is_facts(value: Any) -> bool:
    """Whether ``value`` has exactly the shape and types ``encode_facts`` gives: a cache file
    of valid JSON can still hold nulls, strings for numbers or negative lines, and the facts
    decoded only when used (definitions, attribute chains) must not fail then."""
    return (
        type(value) is list
        and len(value) == 8
        and _valid_imports(value[0])
        and _valid_definitions(value[1])
        and _valid_exports(value[2])
        and _valid_chains(value[3])
        and _valid_noqa(value[4])
        and type(value[5]) is list
        and _valid_problems(value[5])
        and (value[6] is None or _valid_problems([value[6]]))
        and (value[7] is None or _valid_problems([value[7]]))
    )


def decode_facts(value: Any) -> FileFacts:
    """FileFacts from ``encode_facts``'s output; ValueError when it is not that."""
    if not is_facts(value):
        raise ValueError("not the facts of a file")
    imports, definitions, exports, chains, noqa, malformed, syntax_error, unreadable = value
    # List comprehensions, not generators: this runs for every file of every warm run.
    return FileFacts(
        imports=tuple([_statement(value) for value in imports]),
        definitions=cast("tuple[Definition, ...]", LazyTuple(definitions, _definition)),
        exports=None
        if exports is None
        else ExportList(
            tuple([NameAt(*name) for name in exports[0]]), exports[1], exports[2], exports[3]
        ),
        attribute_chains=cast("tuple[AttributeChain, ...]", LazyTuple(chains, _chain)),
        noqa=tuple([_noqa(value) for value in noqa]),
        malformed_noqa=tuple([Problem(*value) for value in malformed]),
        syntax_error=_problem(syntax_error),
        unreadable=_problem(unreadable),
    )
