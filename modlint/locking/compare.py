"""How a surface changed against its snapshot: breaking changes and additions, each worded for
the person who has to act on it (spec section 4)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Callable

from modlint.extraction import (
    KEYWORD_ONLY,
    POSITIONAL_ONLY,
    POSITIONAL_OR_KEYWORD,
    VAR_KEYWORD,
    VAR_POSITIONAL,
    Parameter,
    Signature,
    parse_class_bases,
    parse_function_signature,
)
from modlint.locking.surface import entry_kind
from modlint.model import SurfaceEntry

_POSITIONAL = (POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD)
_KIND_WORDS = {
    POSITIONAL_ONLY: "positional-only",
    KEYWORD_ONLY: "keyword-only",
    POSITIONAL_OR_KEYWORD: "positional-or-keyword",
}


@dataclass(frozen=True)
class Change:
    """One difference between snapshot and code; ``name`` is the surface entry it concerns."""

    name: str
    breaking: bool
    description: str


def compare_surfaces(old: Mapping[str, str], new: Mapping[str, SurfaceEntry]) -> list[Change]:
    """Every breaking and additive change from ``old`` (the snapshot) to ``new`` (the code),
    sorted by name. Members of a removed or added class are not reported one by one."""
    changes: list[Change] = []
    for name in sorted(old.keys() - new.keys()):
        if _parent(name) in old and _parent(name) not in new:
            continue
        changes.append(Change(name, True, f"removed '{name}'"))
    for name in sorted(new.keys() - old.keys()):
        if _parent(name) in new and _parent(name) not in old:
            continue
        changes.append(Change(name, False, f"added '{name}'"))
    for name in sorted(old.keys() & new.keys()):
        changes += _compare_entry(name, old[name], new[name].signature)
    return sorted(changes, key=lambda change: (change.name, not change.breaking))


def _parent(name: str) -> str:
    return name.rpartition(".")[0]


def _compare_entry(name: str, before: str, after: str) -> list[Change]:
    if before == after:
        return []
    old_kind, new_kind = entry_kind(before), entry_kind(after)
    if old_kind != new_kind:
        return [Change(name, True, f"'{name}' changed from {old_kind} to {new_kind}")]
    if old_kind == "class":
        return _compare_classes(name, before, after)
    if old_kind == "function":
        old_signature = parse_function_signature(before)
        new_signature = parse_function_signature(after)
        if old_signature is not None and new_signature is not None:
            return _compare_functions(name, old_signature, new_signature)
    return [Change(name, True, f"'{name}' changed from '{before}' to '{after}'")]


def _compare_classes(name: str, before: str, after: str) -> list[Change]:
    old_bases, new_bases = parse_class_bases(before) or (), parse_class_bases(after) or ()
    changes = [
        Change(name, True, f"class '{name}' lost base class '{base}'")
        for base in old_bases
        if base not in new_bases
    ]
    changes += [
        Change(name, False, f"class '{name}' gained base class '{base}'")
        for base in new_bases
        if base not in old_bases
    ]
    return changes


def _compare_functions(name: str, old: Signature, new: Signature) -> list[Change]:
    changes: list[Change] = []

    def breaking(text: str) -> None:
        changes.append(Change(name, True, text))

    def additive(text: str) -> None:
        changes.append(Change(name, False, text))

    if old.is_async != new.is_async:
        breaking(f"'{name}' became {'async def' if new.is_async else 'def'}")
    for decorator in sorted(set(old.decorators) ^ set(new.decorators)):
        verb = "gained" if decorator in new.decorators else "lost"
        breaking(f"'{name}' {verb} @{decorator}")
    _compare_annotation(
        f"return annotation of {name}", old.returns, new.returns, breaking, additive
    )

    old_params = {p.name: p for p in old.parameters}
    new_params = {p.name: p for p in new.parameters}
    old_positional = [p.name for p in old.parameters if p.kind in _POSITIONAL]
    new_positional = [p.name for p in new.parameters if p.kind in _POSITIONAL]
    # A positional parameter whose slot another new name took was renamed.
    renamed = {
        before: after
        for before, after in zip(old_positional, new_positional)
        if before != after and before not in new_params and after not in old_params
    }
    new_kinds = {p.kind for p in new.parameters}
    for parameter in old.parameters:
        subject = f"parameter '{parameter.name}' of {name}"
        if parameter.kind in (VAR_POSITIONAL, VAR_KEYWORD):
            if parameter.kind not in new_kinds:
                breaking(f"removed {_starred(parameter)} of {name}")
            continue
        if parameter.name in renamed:
            breaking(f"{subject} was renamed to '{renamed[parameter.name]}'")
            after = new_params[renamed[parameter.name]]
        elif parameter.name in new_params:
            after = new_params[parameter.name]
            if parameter.kind in _POSITIONAL and after.kind in _POSITIONAL:
                before_at = old_positional.index(parameter.name) + 1
                after_at = new_positional.index(parameter.name) + 1
                if before_at != after_at:
                    breaking(f"{subject} moved from position {before_at} to {after_at}")
        else:
            if not _absorbed(parameter, new_kinds):
                breaking(f"removed {subject}")
            continue
        _compare_parameter(subject, parameter, after, breaking, additive)
    matched = set(old_params) | set(renamed.values())
    for parameter in new.parameters:
        if parameter.name in matched:
            continue
        subject = f"parameter '{parameter.name}' of {name}"
        if parameter.kind in (VAR_POSITIONAL, VAR_KEYWORD):
            additive(f"added {_starred(parameter)} to {name}")
        elif parameter.default is None:
            breaking(f"new required {subject}")
        else:
            additive(f"new optional {subject}")
    return changes


def _starred(parameter: Parameter) -> str:
    return ("*" if parameter.kind == VAR_POSITIONAL else "**") + parameter.name


def _compare_parameter(
    subject: str,
    before: Parameter,
    after: Parameter,
    breaking: Callable[[str], None],
    additive: Callable[[str], None],
) -> None:
    if before.kind != after.kind:
        # Narrowing removes a way to pass the argument; widening only adds one.
        narrowed = (
            before.kind == POSITIONAL_OR_KEYWORD
            or after.kind == POSITIONAL_ONLY
            or (before.kind == POSITIONAL_ONLY and after.kind == KEYWORD_ONLY)
        )
        (breaking if narrowed else additive)(f"{subject} became {_KIND_WORDS[after.kind]}")
    if before.default is not None and after.default is None:
        breaking(f"{subject} became required")
    elif before.default is None and after.default is not None:
        additive(f"{subject} became optional")
    elif before.default != after.default:
        breaking(f"default of {subject} changed from {before.default} to {after.default}")
    _compare_annotation(
        f"annotation of {subject}", before.annotation, after.annotation, breaking, additive
    )


def _absorbed(parameter: Parameter, new_kinds: set[str]) -> bool:
    """Whether ``*args`` / ``**kwargs`` of the new signature still accept the removed one."""
    if parameter.kind == POSITIONAL_ONLY:
        return VAR_POSITIONAL in new_kinds
    if parameter.kind == KEYWORD_ONLY:
        return VAR_KEYWORD in new_kinds
    return VAR_POSITIONAL in new_kinds and VAR_KEYWORD in new_kinds


def _compare_annotation(
    subject: str,
    before: str | None,
    after: str | None,
    breaking: Callable[[str], None],
    additive: Callable[[str], None],
) -> None:
    if before == after:
        return
    if before is None:
        additive(f"{subject} added: '{after}'")
    elif after is None:
        breaking(f"{subject} removed (was '{before}')")
    else:
        breaking(f"{subject} changed from '{before}' to '{after}'")
