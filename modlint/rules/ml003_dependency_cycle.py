"""ML003 dependency-cycle: an import whose module-to-module edge lies on a cycle."""

from __future__ import annotations

from collections import defaultdict
from typing import Iterator

from modlint.graph.cycles import shortest_path, strongly_connected_components
from modlint.model.diagnostic import Diagnostic
from modlint.model.project import Project
from modlint.model.rule import Rule
from modlint.rules.common import at_import


def check(project: Project) -> Iterator[Diagnostic]:
    """One diagnostic per import on a cycle, naming a shortest cycle through its edge."""
    imports = project.cross_module_imports()
    graph: dict[str, set[str]] = defaultdict(set)
    for imported in imports:
        graph[imported.source_module].add(imported.target_module)
    component = strongly_connected_components(graph)
    cycles: dict[tuple[str, str], str] = {}
    for imported in imports:
        edge = (imported.source_module, imported.target_module)
        if component[edge[0]] != component[edge[1]]:
            continue
        if edge not in cycles:
            back = shortest_path(graph, edge[1], edge[0])
            cycles[edge] = " -> ".join([edge[0], *back])
        yield at_import(
            imported,
            RULE.code,
            f"module '{edge[0]}' imports '{edge[1]}' ({imported.target}), closing the cycle "
            f"{cycles[edge]}",
        )


RULE = Rule(
    code="ML003",
    name="dependency-cycle",
    summary="An import whose module-to-module edge lies on a dependency cycle.",
    rationale=(
        "Modules in a cycle can only be understood, tested, locked and released together: they "
        "are one module in disguise. Every import on the cycle is reported, each with a "
        "shortest cycle through it, so that whichever import you remove is visible."
    ),
    bad_example=(
        "# messaging/send.py\n"
        "from cloudfunction import run\n"
        "# cloudfunction/runner.py\n"
        "from messaging import notify"
    ),
    good_example=(
        "# cloudfunction/runner.py takes the notifier as an argument instead:\n"
        "def run(task, notify): ..."
    ),
    check=check,
)
