"""The distributions a project declares, read statically from pyproject.toml's `[project]`
(dependencies and every optional-dependency group)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modlint.configuration.schema import type_name
from modlint.configuration.toml import read_toml
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
    them to the build backend, ``found`` False when there is no `[project]` table at all."""

    names: frozenset[str]
    dynamic: bool = False
    found: bool = True


def names_of(requirements: Iterable[str]) -> frozenset[str]:
    return frozenset(name for name in map(requirement_name, requirements) if name)


def declared_statically(root: Path) -> Declared:
    """What `[project]` in the root's pyproject.toml declares, without running anything."""
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        return Declared(frozenset(), found=False)
    project: Any = read_toml(pyproject, "pyproject.toml").get("project")
    if not isinstance(project, dict):
        return Declared(frozenset(), found=False)
    requirements = list(_strings(project, "dependencies"))
    optional = project.get("optional-dependencies", {})
    if not isinstance(optional, dict):
        raise _invalid("optional-dependencies", "a table of arrays of strings", optional)
    for group in optional:
        requirements += _strings(optional, group, f"optional-dependencies.{group}")
    dynamic = _strings(project, "dynamic")
    is_dynamic = any(key in dynamic for key in ("dependencies", "optional-dependencies"))
    return Declared(names_of(requirements), dynamic=is_dynamic)


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
