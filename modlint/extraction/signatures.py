"""Signatures as a locked surface records them (``def open_store(url: str, *, timeout: float =
5.0) -> Store``), and their structure, read back from either code or text, for comparison."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from modlint.extraction.positions import Source

POSITIONAL_ONLY = "positional-only"
POSITIONAL_OR_KEYWORD = "positional-or-keyword"
KEYWORD_ONLY = "keyword-only"
VAR_POSITIONAL = "var-positional"
VAR_KEYWORD = "var-keyword"

SIGNATURE_DECORATORS = {
    "property": "property",
    "cached_property": "property",
    "functools.cached_property": "property",
    "staticmethod": "staticmethod",
    "classmethod": "classmethod",
}
"""Decorators that change how a function is called; every other one is assumed to keep the
signature (as functools.wraps-style decorators do)."""


@dataclass(frozen=True)
class Parameter:
    """One parameter: its name, kind, and annotation and default as written (None if absent)."""

    name: str
    kind: str
    annotation: str | None
    default: str | None


@dataclass(frozen=True)
class Signature:
    """A function's calling convention, as compared between a snapshot and the code."""

    name: str
    decorators: tuple[str, ...]
    is_async: bool
    parameters: tuple[Parameter, ...]
    returns: str | None

    def render(self) -> str:
        """The one-line text a `.LOCKED` file stores."""
        prefix = "".join(f"@{decorator} " for decorator in self.decorators)
        prefix += "async " if self.is_async else ""
        returns = f" -> {self.returns}" if self.returns is not None else ""
        return f"{prefix}def {self.name}({_render_parameters(self.parameters)}){returns}"


DYNAMIC_IMPORTERS = frozenset({"__import__", "import_module", "importlib.import_module"})
"""Calls whose string-literal first argument is an import."""
OVERLOAD_DECORATORS = ("overload", "typing.overload")
ACCESSOR_SUFFIXES = (".setter", ".deleter")
"""What both extractors agree to read the same way; kept in one place so that they do."""


def is_public(name: str) -> bool:
    """Public names: no leading underscore, except dunders such as ``__init__``."""
    return not name.startswith("_") or (name.startswith("__") and name.endswith("__"))


def decorator_names(node: ast.FunctionDef | ast.AsyncFunctionDef, source: Source) -> list[str]:
    """Each decorator as written (the called function for ``@decorator(...)``)."""
    return [source.segment(d.func if isinstance(d, ast.Call) else d) for d in node.decorator_list]


def signature_from_ast(
    node: ast.FunctionDef | ast.AsyncFunctionDef,
    source: Source,
    decorators: tuple[str, ...] | None = None,
) -> Signature:
    """The signature of a function definition in CPython's tree; ``decorators`` overrides
    those of the node (for stored signatures, whose decorators are a prefix)."""
    if decorators is None:
        decorators = tuple(
            SIGNATURE_DECORATORS[name]
            for name in decorator_names(node, source)
            if name in SIGNATURE_DECORATORS
        )
    arguments = node.args
    positional = [*arguments.posonlyargs, *arguments.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(arguments.defaults))
    defaults += arguments.defaults

    def parameter(argument: ast.arg, kind: str, default: ast.expr | None) -> Parameter:
        return Parameter(
            argument.arg,
            kind,
            source.segment(argument.annotation, True) if argument.annotation else None,
            source.segment(default, True) if default is not None else None,
        )

    parameters = [parameter(a, POSITIONAL_ONLY, d) for a, d in zip(arguments.posonlyargs, defaults)]
    parameters += [
        parameter(a, POSITIONAL_OR_KEYWORD, d)
        for a, d in zip(arguments.args, defaults[len(arguments.posonlyargs) :])
    ]
    if arguments.vararg is not None:
        parameters.append(parameter(arguments.vararg, VAR_POSITIONAL, None))
    parameters += [
        parameter(a, KEYWORD_ONLY, d) for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults)
    ]
    if arguments.kwarg is not None:
        parameters.append(parameter(arguments.kwarg, VAR_KEYWORD, None))
    return Signature(
        name=node.name,
        decorators=decorators,
        is_async=isinstance(node, ast.AsyncFunctionDef),
        parameters=tuple(parameters),
        returns=source.segment(node.returns, True) if node.returns is not None else None,
    )


def class_bases_from_ast(node: ast.ClassDef, source: Source) -> list[str]:
    """The bases as written; keywords such as metaclass and ``*bases`` left out."""
    return [source.segment(base) for base in node.bases if not isinstance(base, ast.Starred)]


def _render_parameter(parameter: Parameter) -> str:
    text = parameter.name
    if parameter.annotation is not None:
        text += f": {parameter.annotation}"
    if parameter.default is not None:
        text += (
            f" = {parameter.default}"
            if parameter.annotation is not None
            else f"={parameter.default}"
        )
    return text


def _render_parameters(parameters: tuple[Parameter, ...]) -> str:
    parts: list[str] = []
    kinds = [parameter.kind for parameter in parameters]
    for index, parameter in enumerate(parameters):
        if parameter.kind == VAR_POSITIONAL:
            parts.append("*" + _render_parameter(parameter))
            continue
        if parameter.kind == VAR_KEYWORD:
            parts.append("**" + _render_parameter(parameter))
            continue
        if (
            parameter.kind == KEYWORD_ONLY
            and VAR_POSITIONAL not in kinds
            and (index == 0 or kinds[index - 1] != KEYWORD_ONLY)
        ):
            parts.append("*")
        parts.append(_render_parameter(parameter))
        if parameter.kind == POSITIONAL_ONLY and (
            index + 1 == len(parameters) or kinds[index + 1] != POSITIONAL_ONLY
        ):
            parts.append("/")
    return ", ".join(parts)
