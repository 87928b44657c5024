"""The rule record: everything `modlint rule CODE` shows, in one place per rule."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from modlint.model.diagnostic import Diagnostic
from modlint.model.project import Project


@dataclass(frozen=True)
class Rule:
    """A diagnostic code with its documentation and its check.

    ``check`` is None for codes that a pipeline stage emits itself (ML903 unused-noqa comes from
    suppression, after every other rule has run).
    """

    code: str
    name: str
    summary: str
    rationale: str
    bad_example: str
    good_example: str
    default_enabled: bool = True
    check: Callable[[Project], Iterable[Diagnostic]] | None = None
