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
        definitions=tuple([_definition(value) for value in definitions]),
        exports=None if exports is None else ExportList(
            tuple([NameAt(*name) for name in exports[0]]), exports[1], exports[2], exports[3]),
        attribute_chains=tuple([
            AttributeChain(chain[0], tuple([NameAt(*name) for name in chain[1]]))
            for chain in chains]),
        noqa=tuple([_noqa(value) for value in noqa]),
        malformed_noqa=tuple([Problem(*value) for value in malformed]),
        syntax_error=_problem(syntax_error),
        unreadable=_problem(unreadable),
    )
