"""The project's totals that rules read across files: the module-to-module edges, the
third-party imports and the `ignore-imports` matches, each counted, so that one file's share
can be taken away and its new share added without reading any other file."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from modlint.model import Project


@dataclass(frozen=True)
class ProjectSummary:
    """How many imports make each module-to-module edge, how many import each third-party
    name from each module (None: from a file of no module), and how many each `ignore-imports`
    entry matched."""

    edges: Mapping[tuple[str, str], int] = field(hash=False)
    externals: Mapping[tuple[str | None, str], int] = field(hash=False)
    ignores: tuple[int, ...]

    def matched(self) -> tuple[bool, ...]:
        """Whether each `ignore-imports` entry matched an import, in configuration order."""
        return tuple(count > 0 for count in self.ignores)

    def module_graph(self) -> dict[str, set[str]]:
        """Each module's successors along the edges."""
        graph: dict[str, set[str]] = {}
        for source, target in self.edges:
            graph.setdefault(source, set()).add(target)
        return graph


def summary_of(project: Project) -> ProjectSummary:
    """The totals of ``project``'s files."""
    return ProjectSummary(
        edges=Counter((edge.source, edge.target) for edge in project.module_imports()),
        externals=Counter(
            (imported.source_module, imported.name) for imported in project.externals
        ),
        ignores=project.ignore_matches,
    )


def revised_summary(
    summary: ProjectSummary, before: Project, after: Project
) -> ProjectSummary | None:
    """``summary`` without the totals of ``before`` (some files as they were) and with those
    of ``after`` (the same files now); None when ``summary`` does not hold ``before``'s."""
    old, new = summary_of(before), summary_of(after)
    edges, externals = Counter(summary.edges), Counter(summary.externals)
    edges.subtract(old.edges)
    externals.subtract(old.externals)
    ignores = [total - was for total, was in zip(summary.ignores, old.ignores)]
    if len(ignores) != len(old.ignores) or any(
        count < 0 for count in (*edges.values(), *externals.values(), *ignores)
    ):
        return None
    edges.update(new.edges)
    externals.update(new.externals)
    return ProjectSummary(
        +edges, +externals, tuple(left + now for left, now in zip(ignores, new.ignores))
    )


def encoded_summary(summary: ProjectSummary) -> dict[str, Any]:
    """``summary`` as JSON values, in a stable order."""
    return {
        "edges": sorted(
            [source, target, count] for (source, target), count in summary.edges.items()
        ),
        "externals": sorted(
            ([source, name, count] for (source, name), count in summary.externals.items()),
            key=lambda entry: (entry[0] or "", entry[0] is not None, entry[1]),
        ),
        "ignores": list(summary.ignores),
    }


def decoded_summary(value: Any, entries: int) -> ProjectSummary | None:
    """The summary `encoded_summary` wrote, for a configuration with ``entries``
    `ignore-imports` entries; None for anything else."""
    if not (type(value) is dict and value.keys() == {"edges", "externals", "ignores"}):
        return None
    edges, externals, ignores = value["edges"], value["externals"], value["ignores"]
    if not (
        type(edges) is list
        and all(_is_entry(entry, str) for entry in edges)
        and type(externals) is list
        and all(_is_entry(entry, (str, type(None))) for entry in externals)
        and type(ignores) is list
        and len(ignores) == entries
        and all(type(count) is int and count >= 0 for count in ignores)
    ):
        return None
    found_edges = {(source, target): count for source, target, count in edges}
    found_externals = {(source, name): count for source, name, count in externals}
    if len(found_edges) != len(edges) or len(found_externals) != len(externals):
        return None
    return ProjectSummary(found_edges, found_externals, tuple(ignores))


def _is_entry(entry: Any, first: type | tuple[type, ...]) -> bool:
    """Whether ``entry`` is [first, name, count] with a count above zero."""
    return (
        type(entry) is list
        and len(entry) == 3
        and isinstance(entry[0], first)
        and type(entry[1]) is str
        and type(entry[2]) is int
        and entry[2] > 0
    )
