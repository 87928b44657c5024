"""Stage 2 entry point: one file's bytes in, its FileFacts out (a pure function)."""

from __future__ import annotations

import ast
import warnings

from modlint.extraction.source import decode_source
from modlint.model.facts import FileFacts, Problem


def extract_facts(data: bytes) -> FileFacts:
    """The facts of a file with these bytes; never raises for bad input."""
    text = decode_source(data)
    if isinstance(text, Problem):
        return FileFacts(unreadable=text)
    # libcst is imported here so that runs answered from a cache never pay for it.
    import libcst as cst

    from modlint.extraction.imports import collect_imports

    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        return FileFacts(syntax_error=_syntax_problem(text, error))
    except RecursionError:
        return FileFacts(syntax_error=Problem(1, 1, "file is too deeply nested to parse"))
    collector = collect_imports(module)
    return FileFacts(
        imports=tuple(collector.imports),
        noqa=tuple(collector.noqa),
        malformed_noqa=tuple(collector.malformed_noqa),
    )


def _syntax_problem(text: str, error: Exception) -> Problem:
    """The syntax error as CPython's compiler words and places it, which is more precise than
    libcst's parser; libcst's own report when the running Python accepts the code."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(text, "<file>", "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as compiled:
        return Problem(compiled.lineno or 1, compiled.offset or 1, f"syntax error: {compiled.msg}")
    except (ValueError, RecursionError, MemoryError):
        pass
    line = getattr(error, "raw_line", 1) or 1
    column = (getattr(error, "raw_column", 0) or 0) + 1
    message = getattr(error, "message", str(error)).removeprefix("parser error: ")
    return Problem(line, column, f"syntax error: {message}")
