"""Stage 2 entry point: one file's bytes in, its FileFacts out (a pure function)."""

from __future__ import annotations

import ast
import contextlib
import sys
import warnings
from collections.abc import Iterable, Iterator

from modlint.extraction.depth import cpython_can_parse, nesting_of
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

_TOO_DEEP = "file is nested too deeply for modlint to analyse"


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


def extract_without_libcst(data: bytes) -> FileFacts | None:
    """The facts of a file with these bytes as the fast extractor reads them, or None where it
    declines and libcst must read the file. Never raises for bad input, and never runs libcst,
    whose native parser a hostile file can crash: this is safe to run in any process."""
    text = decode_source(data)
    if isinstance(text, Problem):
        return FileFacts(unreadable=text)
    with _recursion_limit(_DEEP_TREES):
        return _fast(text)


def _extract(text: str, extractor: str) -> FileFacts:
    facts = _fast(text) if extractor == "fast" else None
    return facts if facts is not None else extract_with_libcst(text)


def extract_imports(data: bytes) -> FileFacts | None:
    """The imports and suppression comments of a file with these bytes (no definitions,
    exports or attribute chains), as ``extract_without_libcst`` finds them, or None where it
    declines. Never raises for bad input and never runs libcst."""
    text = decode_source(data)
    if isinstance(text, Problem):
        return FileFacts(unreadable=text)
    with _recursion_limit(_DEEP_TREES):
        return _fast(text, imports_only=True)


def _fast(text: str, imports_only: bool = False) -> FileFacts | None:
    from modlint.extraction.fast import collect_fast

    fast = collect_fast(text, imports_only)
    if fast is None:
        return None
    collector, noqa, malformed = fast
    if imports_only:
        return _assemble(collector.imports, (), None, (), noqa, malformed)
    return _assemble(
        collector.imports,
        collector.definitions.values(),
        collector.exports,
        collector.chains,
        noqa,
        malformed,
    )


def extract_with_libcst(text: str) -> FileFacts:
    """The facts of ``text`` as the reference extractor, libcst, reads them; a text nested
    too deeply for libcst (see ``modlint.extraction.depth``) is refused with a diagnostic."""
    nesting = nesting_of(text)
    refusal = nesting.refusal()
    if refusal is not None:
        # A syntax error that CPython finds (such as too many nested brackets) is what the
        # file needs fixed; otherwise say why modlint gave up.
        problem = _compile_problem(text) if cpython_can_parse(nesting) else None
        return FileFacts(syntax_error=problem or Problem(nesting.line, nesting.column, refusal))
    # libcst is imported here so that runs answered from a cache never pay for it.
    import libcst as cst

    from modlint.extraction.collector import collect_facts

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
    return _assemble(
        collector.imports,
        collector.definitions.values(),
        collector.exports,
        collector.chains,
        collector.noqa,
        collector.malformed_noqa,
    )


def _assemble(
    imports: Iterable[ImportStatement],
    definitions: Iterable[Definition],
    exports: ExportList | None,
    chains: Iterable[AttributeChain],
    noqa: Iterable[NoqaDirective],
    malformed: Iterable[Problem],
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
        attribute_chains=tuple(
            sorted(
                (chain for chain in chains if chain.root in bound and chain.attributes),
                key=lambda c: (c.attributes[0].line, c.attributes[0].column),
            )
        ),
        noqa=tuple(sorted(noqa, key=lambda d: (d.line, d.column))),
        malformed_noqa=tuple(sorted(malformed, key=lambda p: (p.line, p.column))),
    )


def _compile_problem(text: str) -> Problem | None:
    """CPython's syntax error for ``text``, or None when the running Python accepts it (or
    gives up on its depth)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(text, "<file>", "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as compiled:
        return Problem(compiled.lineno or 1, compiled.offset or 1, f"syntax error: {compiled.msg}")
    except ValueError as error:  # null bytes, before Python 3.12
        return Problem(1, 1, f"syntax error: {error}")
    except (RecursionError, MemoryError):
        return None  # too deep for CPython too: not an error in the code
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
