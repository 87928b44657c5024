"""ML102 missing-all: a locked module's surface is not spelled out by `__all__`."""

from __future__ import annotations

from typing import Iterator

from modlint.model import Diagnostic, Project, Rule


def check(project: Project) -> Iterator[Diagnostic]:
    """Each locked module whose packages lack a readable `__all__`, or whose `__all__` names
    something that does not exist."""
    for name, record in project.locks.items():
        surface = project.surfaces.get(name)
        if surface is None:
            continue
        if not surface.init_files:
            yield Diagnostic(record.path, 1, 1, RULE.code,
                             f"locked module '{name}' has no package `__init__.py` to define "
                             "its surface")
        for problem in surface.problems:
            yield Diagnostic(problem.path, problem.problem.line, problem.problem.column, RULE.code,
                             f"locked module '{name}': {problem.problem.message}")


RULE = Rule(
    code="ML102",
    name="missing-all",
    summary="A locked module's package defines no `__all__`, or `__all__` names something that "
    "does not exist.",
    rationale=(
        "A locked module's surface is what it promises to keep. `__all__` makes that promise "
        "explicit and minimal: without it every public name, helpers included, becomes part of "
        "the frozen API. A name listed in `__all__` that is neither defined nor imported (or "
        "imported only under `TYPE_CHECKING`) fails `from module import *` at run time."
    ),
    bad_example=(
        "# datastore/__init__.py\n"
        "from .store import Store, open_store, helper"
    ),
    good_example=(
        "# datastore/__init__.py\n"
        "from .store import Store, open_store\n\n"
        "__all__ = [\"Store\", \"open_store\"]"
    ),
    check=check,
)
