"""`modlint graph`: the dependency graph as JSON, Mermaid or Graphviz DOT, tiers as groups and
the edges that break a rule marked."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from modlint.model import LEVEL_MARKS
from modlint.support import json_document, printable

if TYPE_CHECKING:
    from modlint.model import Diagnostic, Project


@dataclass(frozen=True)
class Node:
    name: str
    group: str
    label: str


NO_TIER = "no tier"
"""The group of modules without a tier."""


@dataclass
class Edge:
    source: str
    target: str
    imports: list[tuple[str, int]] = field(default_factory=list)
    violations: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Graph:
    """Nodes grouped by tier, and edges with the imports behind them."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    groups: tuple[str, ...]


def build_graph(project: Project, diagnostics: tuple[Diagnostic, ...], granularity: str) -> Graph:
    """The module graph (``granularity="module"``) or the graph of first-party files named by
    their dotted Python names (``"file"``)."""
    from modlint.rules import RULES  # not at import time: every command imports the reporters

    config, index = project.config, project.index
    root = config.root
    tier_of = {module.name: module.tier or NO_TIER for module in config.modules}
    marked_codes = {rule.code for rule in RULES if rule.marks_edges}
    marks: dict[tuple[str, int, int], set[str]] = {}
    for d in diagnostics:
        if d.code in marked_codes:
            marks.setdefault((str(d.path), d.line, d.column), set()).add(d.code)
    edges: dict[tuple[str, str], Edge] = {}
    nodes: dict[str, Node] = {}
    if granularity == "module":
        for module in config.modules:
            level = project.level(module.name)
            nodes[module.name] = Node(
                module.name, tier_of[module.name], f"{module.name} {LEVEL_MARKS[level]}"
            )
    for site in project.imports:
        if site.ignored:
            continue  # `ignore-imports`: no dependency
        if granularity == "module":
            if (
                site.source_module is None
                or site.target_module is None
                or site.source_module == site.target_module
            ):
                continue
            source, target = site.source_module, site.target_module
        else:
            source = index.files.get(site.path, "")
            target = site.target
            if not source or source == target:
                continue
            for name, owner in ((source, site.source_module), (target, site.target_module)):
                group = tier_of.get(owner, "unassigned") if owner else "unassigned"
                nodes.setdefault(name, Node(name, group, name))
        edge = edges.setdefault((source, target), Edge(source, target))
        edge.imports.append((site.path.relative_to(root).as_posix(), site.line))
        edge.violations |= marks.get((str(site.path), site.line, site.column), set())
    groups = (
        tuple(tier for tier in config.tiers)
        + ((NO_TIER,) if any(n.group == NO_TIER for n in nodes.values()) else ())
        + (("unassigned",) if any(n.group == "unassigned" for n in nodes.values()) else ())
    )
    return Graph(
        tuple(sorted(nodes.values(), key=lambda n: (groups.index(n.group), n.name))),
        tuple(sorted(edges.values(), key=lambda e: (e.source, e.target))),
        groups,
    )


def render_graph_json(graph: Graph) -> str:
    """The graph as JSON: nodes by name, edges with their imports and the codes they break."""
    return json_document(
        {
            "nodes": [node.name for node in graph.nodes],
            "edges": [
                {
                    "source": edge.source,
                    "target": edge.target,
                    "imports": [{"path": path, "line": line} for path, line in edge.imports],
                    "violations": sorted(edge.violations),
                }
                for edge in graph.edges
            ],
        }
    )


_MERMAID_ENTITIES = {"#": "#35;", '"': "#quot;", "<": "#60;", ">": "#62;", "`": "#96;"}


def _mermaid_text(text: str) -> str:
    """Text for a quoted Mermaid label: controls escaped, and as entity codes the characters
    Mermaid would read as the end of the label, an entity, HTML or a Markdown string."""
    return "".join(_MERMAID_ENTITIES.get(character, character) for character in printable(text))


def render_mermaid(graph: Graph) -> str:
    """A Mermaid flowchart, lowest tier at the bottom; it renders in a GitHub README."""
    ids = {node.name: f"n{number}" for number, node in enumerate(graph.nodes)}
    lines = ["flowchart BT"]
    for number, group in enumerate(graph.groups):
        members = [node for node in graph.nodes if node.group == group]
        if not members:
            continue
        lines.append(f'    subgraph tier{number}["{_mermaid_text(group)}"]')
        lines += [f'        {ids[node.name]}["{_mermaid_text(node.label)}"]' for node in members]
        lines.append("    end")
    marked = []
    for number, edge in enumerate(graph.edges):
        if edge.violations:
            lines.append(
                f"    {ids[edge.source]} -->|{' '.join(sorted(edge.violations))}| "
                f"{ids[edge.target]}"
            )
            marked.append(str(number))
        else:
            lines.append(f"    {ids[edge.source]} --> {ids[edge.target]}")
    if marked:
        lines.append(f"    linkStyle {','.join(marked)} stroke:#d1242f,stroke-width:2px")
    return "\n".join(lines) + "\n"


def _dot_id(text: str) -> str:
    """A quoted DOT ID: controls escaped, backslashes and quotes taken literally."""
    return '"' + printable(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_dot(graph: Graph) -> str:
    """A Graphviz digraph, one cluster per tier."""
    lines = ["digraph modlint {", "    rankdir=BT;", "    node [shape=box];"]
    for number, group in enumerate(graph.groups):
        members = [node for node in graph.nodes if node.group == group]
        if not members:
            continue
        lines.append(f"    subgraph cluster_{number} {{")
        lines.append(f"        label={_dot_id(group)};")
        lines += [
            f"        {_dot_id(node.name)} [label={_dot_id(node.label)}];" for node in members
        ]
        lines.append("    }")
    for edge in graph.edges:
        attributes = (
            f' [color="#d1242f", fontcolor="#d1242f", '
            f"label={_dot_id(' '.join(sorted(edge.violations)))}]"
            if edge.violations
            else ""
        )
        lines.append(f"    {_dot_id(edge.source)} -> {_dot_id(edge.target)}{attributes};")
    lines.append("}")
    return "\n".join(lines) + "\n"


GRAPH_FORMATS = {"json": render_graph_json, "mermaid": render_mermaid, "dot": render_dot}
