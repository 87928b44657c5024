"""The distributions a project declares, read statically from pyproject.toml: `[project]`
(dependencies and every optional-dependency group), Poetry's `[tool.poetry]` dependency tables
and PEP 735 `[dependency-groups]`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modlint.configuration import read_toml, type_name
from modlint.model import UsageError

_NAME = re.compile(r"^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)")


def normalize(name: str) -> str:
    """A distribution name as PEP 503 compares them: `PyYAML`, `pyyaml` and `py_yaml` alike."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str | None:
    """The distribution a PEP 508 requirement names (``requests[socks]>=2; python_version<"4"``
    names `requests`)."""
    match = _NAME.match(requirement)
    return normalize(match.group(1)) if match else None


@dataclass(frozen=True)
class Declared:
    """The project's declared distributions (normalized); ``dynamic`` when `[project]` leaves
    them to the build backend and nothing else declares them, ``found`` False when pyproject.toml
    has no `[project]`, Poetry dependency table or `[dependency-groups]` at all."""

    names: frozenset[str]
    dynamic: bool = False
    found: bool = True


def names_of(requirements: Iterable[str]) -> frozenset[str]:
    return frozenset(name for name in map(requirement_name, requirements) if name)


def declared_statically(root: Path) -> Declared:
    """What pyproject.toml declares (`[project]`, `[tool.poetry]`, `[dependency-groups]`),
    without running anything; UsageError naming the key when a declaration is malformed."""
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        return Declared(frozenset(), found=False)
    document = read_toml(pyproject, "pyproject.toml")
    project: Any = document.get("project")
    poetry = _poetry_names(document)
    groups = _dependency_group_names(document)
    if not isinstance(project, dict):
        if poetry is None and groups is None:
            return Declared(frozenset(), found=False)
        return Declared((poetry or frozenset()) | (groups or frozenset()))
    requirements = list(_strings(project, "dependencies"))
    optional = project.get("optional-dependencies", {})
    if not isinstance(optional, dict):
        raise _invalid("optional-dependencies", "a table of arrays of strings", optional)
    for group in optional:
        requirements += _strings(optional, group, f"optional-dependencies.{group}")
    dynamic = _strings(project, "dynamic")
    # Poetry 2 keeps `dependencies` dynamic in [project] and declares them in [tool.poetry].
    is_dynamic = poetry is None and any(
        key in dynamic for key in ("dependencies", "optional-dependencies")
    )
    names = names_of(requirements) | (poetry or frozenset()) | (groups or frozenset())
    return Declared(names, dynamic=is_dynamic)


def _poetry_names(document: dict[str, Any]) -> frozenset[str] | None:
    """The distributions of `[tool.poetry.dependencies]`, `[tool.poetry.dev-dependencies]` and
    every `[tool.poetry.group.NAME.dependencies]` (without `python`); None when there is none."""
    tool = document.get("tool")
    poetry = tool.get("poetry") if isinstance(tool, dict) else None
    if not isinstance(poetry, dict):
        return None
    tables: list[tuple[str, Any]] = [
        (f"tool.poetry.{key}", poetry[key])
        for key in ("dependencies", "dev-dependencies")
        if key in poetry
    ]
    groups = poetry.get("group", {})
    if not isinstance(groups, dict):
        raise _invalid_in("tool.poetry.group", "a table of groups", groups)
    for name, group in groups.items():
        if not isinstance(group, dict):
            raise _invalid_in(f"tool.poetry.group.{name}", "a table", group)
        if "dependencies" in group:
            tables.append((f"tool.poetry.group.{name}.dependencies", group["dependencies"]))
    if not tables:
        return None
    names: set[str] = set()
    for shown, table in tables:
        if not isinstance(table, dict):
            raise _invalid_in(shown, "a table of distributions", table)
        names.update(normalize(name) for name in table if name.lower() != "python")
    return frozenset(names)


def _dependency_group_names(document: dict[str, Any]) -> frozenset[str] | None:
    """The distributions of every PEP 735 `[dependency-groups]` group; None when there is no
    such table. Each `{include-group = "..."}` must name a group, without a cycle."""
    groups = document.get("dependency-groups")
    if groups is None:
        return None
    if not isinstance(groups, dict):
        raise _invalid_in("dependency-groups", "a table of arrays", groups)
    by_name = {normalize(name): name for name in groups}
    requirements: list[str] = []
    includes: dict[str, list[str]] = {}
    for name, items in groups.items():
        shown = f"dependency-groups.{name}"
        if not isinstance(items, list):
            raise _invalid_in(shown, "an array of requirements and include-group tables", items)
        includes[name] = []
        for item in items:
            if isinstance(item, str):
                requirements.append(item)
            elif isinstance(item, dict) and set(item) == {"include-group"}:
                included = item["include-group"]
                if not isinstance(included, str) or normalize(included) not in by_name:
                    raise UsageError(
                        f"pyproject.toml: [dependency-groups]: group '{name}' includes "
                        f"{_shown_group(included)}, which is not a group of [dependency-groups]"
                    )
                includes[name].append(by_name[normalize(included)])
            else:
                raise _invalid_in(
                    shown, "an array of requirement strings and {include-group = ...} tables", item
                )
    _check_no_include_cycle(includes)
    return names_of(requirements)


def _shown_group(value: object) -> str:
    return f"'{value}'" if isinstance(value, str) else type_name(value)


def _check_no_include_cycle(includes: dict[str, list[str]]) -> None:
    """UsageError naming the groups of the first include cycle (PEP 735 forbids them)."""
    done: set[str] = set()
    for start in includes:
        # Depth-first, iteratively: a chain of groups may be longer than the recursion limit.
        path: list[str] = []
        on_path: set[str] = set()
        stack: list[tuple[str, int]] = [(start, 0)]
        while stack:
            group, position = stack.pop()
            if position == 0:
                if group in done:
                    continue
                path.append(group)
                on_path.add(group)
            children = includes[group]
            if position < len(children):
                stack.append((group, position + 1))
                child = children[position]
                if child in on_path:
                    cycle = [*path[path.index(child) :], child]
                    raise UsageError(
                        "pyproject.toml: [dependency-groups]: include-group cycle: "
                        + " -> ".join(f"'{name}'" for name in cycle)
                    )
                stack.append((child, 0))
            else:
                path.pop()
                on_path.discard(group)
                done.add(group)


def _strings(table: dict[str, Any], key: str, shown: str | None = None) -> tuple[str, ...]:
    """The array of strings at ``key``, empty when absent; UsageError for anything else (PEP
    621 allows nothing else, and a guess would misreport ML005)."""
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _invalid(shown or key, "an array of strings", value)
    return tuple(value)


def _invalid(key: str, expected: str, value: Any) -> UsageError:
    return UsageError(
        f"pyproject.toml: [project]: key '{key}' must be {expected}, got {type_name(value)}"
    )


def _invalid_in(key: str, expected: str, value: Any) -> UsageError:
    table, _, last = key.rpartition(".")
    where = f"[{table}]: key '{last}'" if table else f"key '{last}'"
    return UsageError(f"pyproject.toml: {where} must be {expected}, got {type_name(value)}")
