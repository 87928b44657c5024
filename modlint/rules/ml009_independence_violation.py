"""ML009 independence-violation: a module of an `independent` group imports another of it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modlint.model import FILE_SCOPE, Rule
from modlint.rules.import_diagnostics import at_import

if TYPE_CHECKING:
    from modlint.model import Config, Diagnostic, Project


def check(project: Project) -> Iterator[Diagnostic]:
    """One diagnostic per import between two different members of an `independent` group (a
    module nested inside a member counts as that member)."""
    config = project.config
    for edge in project.module_imports():
        for group in config.independent:
            source = _member(config, group, edge.source)
            target = _member(config, group, edge.target)
            if source is not None and target is not None and source != target:
                shown = ", ".join(group)
                yield at_import(
                    edge.site,
                    RULE.code,
                    f"module '{edge.source}' imports '{edge.target}' ({edge.site.target}), but "
                    f"'{source}' and '{target}' are independent (group [{shown}])",
                )
                break


def _member(config: Config, group: tuple[str, ...], module: str) -> str | None:
    """The member of ``group`` that is ``module`` or holds it (the deepest), else None."""
    if module in group:
        return module
    path = config.module(module).path
    holders = [
        (len(holder.parts), name)
        for name in group
        if (holder := config.module(name).path) in path.parents
    ]
    return max(holders)[1] if holders else None


RULE = Rule(
    code="ML009",
    name="independence-violation",
    summary="A module imports another module of the same `independent` group.",
    what_it_does=(
        "Checks every import between two modules against the `independent` groups and "
        "reports it when both belong to the same group, as different members. A module "
        "nested inside a member (by path) counts as that member. Imports that "
        "`ignore-imports` matches are not reported."
    ),
    why_bad=(
        "Independent modules (plugins, apps, bounded contexts) must be usable, testable and "
        "removable one without the others. One import between them couples them for good: "
        "the next change to one can break the other."
    ),
    example=(
        '# independent = [["billing", "catalog"]]\n'
        "# billing/invoice.py\n"
        "from catalog.models import Product"
    ),
    use_instead=(
        "# billing/invoice.py receives what it needs, or both use a shared lower module\n"
        "from core.products import ProductRef"
    ),
    options=(
        "`independent` (top level): groups of modules that may not import each other.",
        "`ignore-imports`: single imports that are no dependency.",
        "`type-checking-imports`: `false` leaves imports under `if TYPE_CHECKING:` out "
        "(their `else:` still counts).",
    ),
    marks_edges=True,
    scope=FILE_SCOPE,
    check=check,
)
