"""Stage 2 entry point: one file's bytes in, its FileFacts out (a pure function)."""

from __future__ import annotations

import ast
import contextlib
import re
import sys
import warnings
from typing import Iterable, Iterator

from modlint.extraction.source import decode_source
from modlint.model import (
    AttributeChain,
    Definition,
    ExportList,
    FileFacts,
    ImportStatement,
    NoqaDirective,
    Problem,
)

EXTRACTORS = ("fast", "libcst")
_TOO_DEEP = "syntax error: the code is nested too deeply for libcst to analyse"


def extract_facts(data: bytes, extractor: str = "fast") -> FileFacts:
    """The facts of a file with these bytes; never raises for bad input.

    ``fast`` reads them with CPython's parser where that is known to give libcst's facts and
    falls back to libcst otherwise; ``libcst`` always uses the reference extractor.
    """
    text = decode_source(data)
    if isinstance(text, Problem):
        return FileFacts(unreadable=text)
    with _recursion_limit(_DEEP_TREES):
        return _extract(text, extractor)


_DEEP_TREES = 12_000
"""Generated code (long operator chains) nests syntax trees a few thousand levels deep; both
visitors recurse once a level. Python 3.11+ keeps Python recursion off the C stack."""


@contextlib.contextmanager
def _recursion_limit(limit: int) -> Iterator[None]:
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(max(previous, limit if sys.version_info >= (3, 11) else 4_000))
    try:
        yield
    finally:
        sys.setrecursionlimit(previous)


def _extract(text: str, extractor: str) -> FileFacts:
    if extractor == "fast":
        from modlint.extraction.fast import collect_fast

        fast = collect_fast(text)
        if fast is not None:
            collector, noqa, malformed = fast
            return _assemble(collector.imports, collector.definitions.values(),
                             collector.exports, collector.chains, noqa, malformed)
    return extract_with_libcst(text)


def extract_with_libcst(text: str) -> FileFacts:
    """The facts of ``text`` as the reference extractor, libcst, reads them."""
    # libcst is imported here so that runs answered from a cache never pay for it.
    import libcst as cst

    from modlint.extraction.collector import collect_facts

    if _bracket_depth_bound(text) > _CPYTHON_MAX_BRACKET_DEPTH:
        # libcst's native parser overflows its stack on a few thousand nested brackets; CPython
        # rejects more than 200, so let CPython judge such files first.
        problem = _compile_problem(text)
        if problem is not None:
            return FileFacts(syntax_error=problem)
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        return FileFacts(syntax_error=_syntax_problem(text, error))
    except RecursionError:
        return FileFacts(syntax_error=Problem(1, 1, _TOO_DEEP))
    try:
        collector = collect_facts(module)
    except RecursionError:
        return FileFacts(syntax_error=Problem(1, 1, _TOO_DEEP))
    return _assemble(collector.imports, collector.definitions.values(), collector.exports,
                     collector.chains, collector.noqa, collector.malformed_noqa)


def _assemble(
    imports: Iterable[ImportStatement], definitions: Iterable[Definition],
    exports: ExportList | None, chains: Iterable[AttributeChain],
    noqa: Iterable[NoqaDirective], malformed: Iterable[Problem],
) -> FileFacts:
    """FileFacts in canonical order (by position), whichever extractor found them; only the
    attribute chains whose root an import of the file binds are kept."""
    imports = sorted(imports, key=lambda i: (i.line, i.column, i.first_line))
    bound: set[str] = set()
    for statement in imports:
        if statement.is_from:
            bound.update(name.bound_as for name in statement.names)
        else:
            bound.add(statement.alias or statement.module.split(".")[0])
    return FileFacts(
        imports=tuple(imports),
        definitions=tuple(definitions),
        exports=exports,
        attribute_chains=tuple(sorted(
            (chain for chain in chains if chain.root in bound and chain.attributes),
            key=lambda c: (c.attributes[0].line, c.attributes[0].column))),
        noqa=tuple(sorted(noqa, key=lambda d: (d.line, d.column))),
        malformed_noqa=tuple(sorted(malformed, key=lambda p: (p.line, p.column))),
    )


_CPYTHON_MAX_BRACKET_DEPTH = 200
_BRACKET = re.compile(r"[()\[\]{}]")
_DEPTH_STEP = {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}


def _bracket_depth_bound(text: str) -> int:
    """An upper bound of the bracket nesting depth (brackets in strings and comments count)."""
    depth = deepest = 0
    for match in _BRACKET.finditer(text):
        depth += _DEPTH_STEP[match.group()]
        deepest = max(deepest, depth)
    return deepest


def _compile_problem(text: str) -> Problem | None:
    """CPython's syntax error for ``text``, or None when the running Python accepts it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(text, "<file>", "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as compiled:
        return Problem(compiled.lineno or 1, compiled.offset or 1, f"syntax error: {compiled.msg}")
    except (ValueError, RecursionError, MemoryError) as error:
        return Problem(1, 1, f"syntax error: {error}")
    return None


def _syntax_problem(text: str, error: Exception) -> Problem:
    """The syntax error as CPython's compiler words and places it, which is more precise than
    libcst's parser; libcst's own report when the running Python accepts the code (newer
    syntax than the running Python knows)."""
    compiled = _compile_problem(text)
    if compiled is not None:
        return compiled
    line = getattr(error, "raw_line", 1) or 1
    column = (getattr(error, "raw_column", 0) or 0) + 1
    message = getattr(error, "message", str(error)).removeprefix("parser error: ")
    return Problem(line, column, f"syntax error: {message}")
