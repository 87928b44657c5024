"""Signatures as a locked surface records them (``def open_store(url: str, *, timeout: float =
5.0) -> Store``), and their structure, read back from either code or text, for comparison."""

from __future__ import annotations

import re
from dataclasses import dataclass

import libcst as cst

POSITIONAL_ONLY = "positional-only"
POSITIONAL_OR_KEYWORD = "positional-or-keyword"
KEYWORD_ONLY = "keyword-only"
VAR_POSITIONAL = "var-positional"
VAR_KEYWORD = "var-keyword"

_SIGNATURE_DECORATORS = {
    "property": "property",
    "cached_property": "property",
    "functools.cached_property": "property",
    "staticmethod": "staticmethod",
    "classmethod": "classmethod",
}
"""Decorators that change how a function is called; every other one is assumed to keep the
signature (as functools.wraps-style decorators do)."""

_EMPTY_MODULE = cst.Module(body=[])
_WHITESPACE = re.compile(r"\s+")


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


def code_of(node: cst.CSTNode) -> str:
    """The node's source on one line, whitespace runs collapsed."""
    return _WHITESPACE.sub(" ", _EMPTY_MODULE.code_for_node(node)).strip()


def _decorator_name(decorator: cst.Decorator) -> str:
    target = decorator.decorator
    return code_of(target.func if isinstance(target, cst.Call) else target)


def is_overload(node: cst.FunctionDef) -> bool:
    """Whether the definition is a ``@typing.overload`` variant."""
    return any(_decorator_name(d) in ("overload", "typing.overload") for d in node.decorators)


def is_accessor(node: cst.FunctionDef) -> bool:
    """Whether the definition is a property's ``@x.setter`` or ``@x.deleter``."""
    return any(_decorator_name(d).endswith((".setter", ".deleter")) for d in node.decorators)


def signature_of(node: cst.FunctionDef) -> Signature:
    """The signature of a function definition."""
    decorators = tuple(
        _SIGNATURE_DECORATORS[name]
        for name in (_decorator_name(d) for d in node.decorators)
        if name in _SIGNATURE_DECORATORS
    )
    return Signature(
        name=node.name.value,
        decorators=decorators,
        is_async=node.asynchronous is not None,
        parameters=_parameters_of(node.params),
        returns=code_of(node.returns.annotation) if node.returns is not None else None,
    )


def class_signature(node: cst.ClassDef) -> str:
    """``class Name(Base, Other)``: the bases as written, keywords such as metaclass left out."""
    bases = [code_of(arg.value) for arg in node.bases if arg.keyword is None and not arg.star]
    return f"class {node.name.value}({', '.join(bases)})" if bases else f"class {node.name.value}"


def parse_function_signature(text: str) -> Signature | None:
    """The structure of a stored function signature; None when it is not one."""
    decorators = []
    rest = text.strip()
    while rest.startswith("@"):
        decorator, _, rest = rest.partition(" ")
        decorators.append(decorator[1:])
    try:
        node = cst.parse_statement(f"{rest}: ...")
    except (cst.ParserSyntaxError, RecursionError):
        return None
    if not isinstance(node, cst.FunctionDef):
        return None
    return Signature(
        name=node.name.value,
        decorators=tuple(decorators),
        is_async=node.asynchronous is not None,
        parameters=_parameters_of(node.params),
        returns=code_of(node.returns.annotation) if node.returns is not None else None,
    )


def parse_class_bases(text: str) -> tuple[str, ...] | None:
    """The bases of a stored class signature; None when it is not one."""
    try:
        node = cst.parse_statement(f"{text.strip()}: ...")
    except (cst.ParserSyntaxError, RecursionError):
        return None
    if not isinstance(node, cst.ClassDef):
        return None
    return tuple(code_of(arg.value) for arg in node.bases if arg.keyword is None and not arg.star)


def _parameter(param: cst.Param, kind: str) -> Parameter:
    return Parameter(
        name=param.name.value,
        kind=kind,
        annotation=code_of(param.annotation.annotation) if param.annotation else None,
        default=code_of(param.default) if param.default is not None else None,
    )


def _parameters_of(params: cst.Parameters) -> tuple[Parameter, ...]:
    found = [_parameter(p, POSITIONAL_ONLY) for p in params.posonly_params]
    found += [_parameter(p, POSITIONAL_OR_KEYWORD) for p in params.params]
    if isinstance(params.star_arg, cst.Param):
        found.append(_parameter(params.star_arg, VAR_POSITIONAL))
    found += [_parameter(p, KEYWORD_ONLY) for p in params.kwonly_params]
    if params.star_kwarg is not None:
        found.append(_parameter(params.star_kwarg, VAR_KEYWORD))
    return tuple(found)


def _render_parameter(parameter: Parameter) -> str:
    text = parameter.name
    if parameter.annotation is not None:
        text += f": {parameter.annotation}"
    if parameter.default is not None:
        text += f" = {parameter.default}" if parameter.annotation is not None else f"={parameter.default}"
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
        if parameter.kind == KEYWORD_ONLY and VAR_POSITIONAL not in kinds and (
            index == 0 or kinds[index - 1] != KEYWORD_ONLY
        ):
            parts.append("*")
        parts.append(_render_parameter(parameter))
        if parameter.kind == POSITIONAL_ONLY and (
            index + 1 == len(parameters) or kinds[index + 1] != POSITIONAL_ONLY
        ):
            parts.append("/")
    return ", ".join(parts)
