"""ML102 missing-all: a locked module's surface is not spelled out by `__all__`."""

from __future__ import annotations

from collections.abc import Iterator

from modlint.model import Diagnostic, ModuleSurface, Project, Rule


def missing_all(surface: ModuleSurface, lead: str = "") -> Iterator[Diagnostic]:
    """One diagnostic per `__all__` problem of one module's surface (a package without a
    literal `__all__`, a listed name that does not exist), its message led by ``lead``;
    `modlint lock` asks this of the module it is about to lock."""
    for problem in surface.problems:
        yield Diagnostic(
            problem.path,
            problem.problem.line,
            problem.problem.column,
            RULE.code,
            f"{lead}{problem.problem.message}",
        )


def check(project: Project) -> Iterator[Diagnostic]:
    """Each locked module whose packages lack a readable `__all__`, or whose `__all__` names
    something that does not exist."""
    for name, record in project.locks.items():
        surface = project.surfaces.get(name)
        if surface is None:
            continue
        if not surface.init_files:
            yield Diagnostic(
                record.path,
                1,
                1,
                RULE.code,
                f"locked module '{name}' has no package `__init__.py` to define its surface",
            )
        yield from missing_all(surface, f"locked module '{name}': ")


RULE = Rule(
    code="ML102",
    name="missing-all",
    summary="A locked module's package defines no `__all__`, or `__all__` names something that "
    "does not exist.",
    what_it_does=(
        "Reports a locked module whose package `__init__.py` has no literal `__all__` (a list "
        "or tuple, with `+=`, `.extend()` and `.append()`), whose `__all__` names something "
        "that does not exist at run time, or that has no package `__init__.py` at all. "
        "`modlint lock` refuses a module with these problems."
    ),
    why_bad=(
        "A locked module's surface is what it promises to keep. `__all__` makes that promise "
        "explicit and minimal: without it every public name, helpers included, becomes part of "
        "the frozen API. A name listed in `__all__` that is neither defined nor imported (or "
        "imported only under `TYPE_CHECKING`) fails `from module import *` at run time."
    ),
    example=("# datastore/__init__.py\nfrom .store import Store, open_store, helper"),
    use_instead=(
        "# datastore/__init__.py\n"
        "from .store import Store, open_store\n\n"
        '__all__ = ["Store", "open_store"]'
    ),
    blocks_lock=False,
    check=check,
)
