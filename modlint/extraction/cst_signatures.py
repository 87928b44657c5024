"""Signatures read from libcst nodes (the reference extractor, and the fallback for syntax
newer than the running Python)."""

from __future__ import annotations

import re

import libcst as cst

from modlint.extraction.signatures import (
    ACCESSOR_SUFFIXES,
    KEYWORD_ONLY,
    OVERLOAD_DECORATORS,
    POSITIONAL_ONLY,
    POSITIONAL_OR_KEYWORD,
    SIGNATURE_DECORATORS,
    VAR_KEYWORD,
    VAR_POSITIONAL,
    Parameter,
    Signature,
)

_EMPTY_MODULE = cst.Module(body=[])
_WHITESPACE = re.compile(r"\s+")


def code_of(node: cst.CSTNode) -> str:
    """The node's source on one line, whitespace runs collapsed."""
    return _WHITESPACE.sub(" ", _EMPTY_MODULE.code_for_node(node)).strip()


def _decorator_name(decorator: cst.Decorator) -> str:
    target = decorator.decorator
    return code_of(target.func if isinstance(target, cst.Call) else target)


def is_overload(node: cst.FunctionDef) -> bool:
    """Whether the definition is a ``@typing.overload`` variant."""
    return any(_decorator_name(d) in OVERLOAD_DECORATORS for d in node.decorators)


def is_accessor(node: cst.FunctionDef) -> bool:
    """Whether the definition is a property's ``@x.setter`` or ``@x.deleter``."""
    return any(_decorator_name(d).endswith(ACCESSOR_SUFFIXES) for d in node.decorators)


def signature_of(node: cst.FunctionDef) -> Signature:
    """The signature of a function definition."""
    decorators = tuple(
        SIGNATURE_DECORATORS[name]
        for name in (_decorator_name(d) for d in node.decorators)
        if name in SIGNATURE_DECORATORS
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


def parse_with_libcst(source: str, decorators: tuple[str, ...]) -> Signature | None:
    """A stored signature (``def ...: ...``) read by libcst; None when it is not one."""
    try:
        node = cst.parse_statement(source)
    except (cst.ParserSyntaxError, RecursionError):
        return None
    if not isinstance(node, cst.FunctionDef):
        return None
    signature = signature_of(node)
    return Signature(
        signature.name, decorators, signature.is_async, signature.parameters, signature.returns
    )


def bases_with_libcst(source: str) -> tuple[str, ...] | None:
    """The bases of a stored class signature read by libcst; None when it is not one."""
    try:
        node = cst.parse_statement(source)
    except (cst.ParserSyntaxError, RecursionError):
        return None
    if not isinstance(node, cst.ClassDef):
        return None
    return tuple(code_of(arg.value) for arg in node.bases if arg.keyword is None and not arg.star)
