"""Stage 2 entry point: one file's bytes in, its FileFacts out (a pure function)."""

from __future__ import annotations

import ast
import re
import warnings

from modlint.extraction.source import decode_source
from modlint.model import FileFacts, Problem


def extract_facts(data: bytes) -> FileFacts:
    """The facts of a file with these bytes; never raises for bad input."""
    text = decode_source(data)
    if isinstance(text, Problem):
        return FileFacts(unreadable=text)
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
        return FileFacts(syntax_error=Problem(1, 1, "syntax error: too deeply nested to parse"))
    collector = collect_facts(module)
    return FileFacts(
        imports=tuple(collector.imports),
        definitions=tuple(collector.definitions.values()),
        exports=collector.exports,
        attribute_chains=collector.import_chains(),
        noqa=tuple(collector.noqa),
        malformed_noqa=tuple(collector.malformed_noqa),
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
