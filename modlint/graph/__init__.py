"""Stage 3: the project graph, every first-party import resolved to a file and a module."""

from modlint.graph.build import build_project

__all__ = ["build_project"]
