"""ML003 dependency-cycle: an import whose module-to-module edge lies on a cycle."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modlint.model import FILE_SCOPE, Rule
from modlint.rules.import_diagnostics import at_import

if TYPE_CHECKING:
    from modlint.model import Diagnostic, Project


def check(project: Project) -> Iterator[Diagnostic]:
    """One diagnostic per import on a cycle, naming a shortest cycle through its edge."""
    # Imported here: a run that reuses the last findings never needs it.
    from modlint.graph import edge_cycles

    cycles = edge_cycles(project.module_graph())
    for edge in project.module_imports():
        cycle = cycles[edge.source, edge.target]
        if cycle is not None:
            yield at_import(
                edge.site,
                RULE.code,
                f"module '{edge.source}' imports '{edge.target}' ({edge.site.target}), closing "
                f"the cycle {cycle}",
            )


RULE = Rule(
    code="ML003",
    name="dependency-cycle",
    summary="An import whose module-to-module edge lies on a dependency cycle.",
    what_it_does=(
        "Builds the graph of imports between modules and reports every import whose edge lies "
        "on a cycle, each with a shortest cycle through its edge, so that whichever import you "
        "remove is visible."
    ),
    why_bad=(
        "Modules in a cycle can only be understood, tested, locked and released together: they "
        "are one module in disguise."
    ),
    example=(
        "# messaging/send.py\n"
        "from cloudfunction import run\n"
        "# cloudfunction/runner.py\n"
        "from messaging import notify"
    ),
    use_instead=(
        "# cloudfunction/runner.py takes the notifier as an argument instead:\n"
        "def run(task, notify): ..."
    ),
    options=(
        "`type-checking-imports`: `false` leaves imports under `if TYPE_CHECKING:` out "
        "(their `else:` still counts).",
    ),
    marks_edges=True,
    scope=FILE_SCOPE,
    check=check,
)
