"""FileFacts to and from JSON-ready lists (never pickle: a cache folder may come from anyone,
and modlint must never run code it did not write)."""

from __future__ import annotations

import dataclasses
from typing import Any

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


def encode_facts(facts: FileFacts) -> list[Any]:
    """The facts as nested lists of plain values, in field order."""
    return list(dataclasses.astuple(facts))


def _tuple(values: Any, item: Any) -> tuple[Any, ...]:
    return tuple(item(value) for value in values)


def _name_at(value: list[Any]) -> NameAt:
    return NameAt(*value)


def _problem(value: list[Any] | None) -> Problem | None:
    return None if value is None else Problem(*value)


def _definition(value: list[Any]) -> Definition:
    return Definition(*value[:5], _tuple(value[5], _definition))


def _statement(value: list[Any]) -> ImportStatement:
    return ImportStatement(value[0], value[1], _tuple(value[2], lambda n: ImportedName(*n)),
                           *value[3:])


def _noqa(value: list[Any]) -> NoqaDirective:
    line, column, end_column, codes, file_level = value
    return NoqaDirective(line, column, end_column, None if codes is None else tuple(codes),
                         file_level)


def decode_facts(value: list[Any]) -> FileFacts:
    """FileFacts from ``encode_facts``'s output; TypeError or ValueError when it is not that."""
    imports, definitions, exports, chains, noqa, malformed, syntax_error, unreadable = value
    return FileFacts(
        imports=_tuple(imports, _statement),
        definitions=_tuple(definitions, _definition),
        exports=None if exports is None else ExportList(
            _tuple(exports[0], _name_at), exports[1], exports[2], exports[3]),
        attribute_chains=_tuple(
            chains, lambda c: AttributeChain(c[0], _tuple(c[1], _name_at))),
        noqa=_tuple(noqa, _noqa),
        malformed_noqa=_tuple(malformed, lambda p: Problem(*p)),
        syntax_error=_problem(syntax_error),
        unreadable=_problem(unreadable),
    )
