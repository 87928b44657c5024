"""Stage 3: the project graph, every first-party import resolved to a file and a module."""

from modlint.graph.build import build_project
from modlint.graph.cycles import edge_cycles, shortest_path, strongly_connected_components
from modlint.graph.index import build_index  # issue 14 §5: surfaces at a git base
from modlint.graph.resolve import Unresolvable, absolute_name
from modlint.graph.summary import (
    ProjectSummary,
    decoded_summary,
    encoded_summary,
    revised_summary,
    summary_of,
)

__all__ = [
    "ProjectSummary",
    "Unresolvable",
    "absolute_name",
    "build_index",
    "build_project",
    "decoded_summary",
    "edge_cycles",
    "encoded_summary",
    "revised_summary",
    "shortest_path",
    "strongly_connected_components",
    "summary_of",
]
