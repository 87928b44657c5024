"""Reading back the signatures stored in lock files: CPython's parser, and libcst for syntax
newer than the running Python.

Kept apart from ``modlint.extraction.signatures`` so that the libcst signatures depend on it
and not the other way round.
"""

from __future__ import annotations

import ast

from modlint.extraction.positions import Source
from modlint.extraction.signatures import Signature, class_bases_from_ast, signature_from_ast


def parse_function_signature(text: str) -> Signature | None:
    """The structure of a stored function signature; None when it is not one."""
    decorators = []
    rest = text.strip()
    while rest.startswith("@"):
        decorator, _, rest = rest.partition(" ")
        decorators.append(decorator[1:])
    source = f"{rest}: ..."
    try:
        node = ast.parse(source).body[0]
    except (SyntaxError, ValueError, RecursionError, IndexError):
        # Newer syntax than the running Python knows: let libcst read it.
        from modlint.extraction.cst_signatures import parse_with_libcst

        return parse_with_libcst(source, tuple(decorators))
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    return signature_from_ast(node, Source(source), tuple(decorators))


def parse_class_bases(text: str) -> tuple[str, ...] | None:
    """The bases of a stored class signature; None when it is not one."""
    source = f"{text.strip()}: ..."
    try:
        node = ast.parse(source).body[0]
    except (SyntaxError, ValueError, RecursionError, IndexError):
        from modlint.extraction.cst_signatures import bases_with_libcst

        return bases_with_libcst(source)
    if not isinstance(node, ast.ClassDef):
        return None
    return tuple(class_bases_from_ast(node, Source(source)))
