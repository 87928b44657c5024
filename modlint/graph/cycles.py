"""Cycles in the module graph: strongly connected components and shortest cycles through edges."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping


def strongly_connected_components(graph: Mapping[str, Iterable[str]]) -> dict[str, int]:
    """A component number for every node (Tarjan's algorithm, iterative so that deep graphs
    cannot exhaust the recursion limit)."""
    index: dict[str, int] = {}
    lowlink: dict[str, int] = {}
    component: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    counter = 0
    components = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = lowlink[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            advanced = False
            for successor in successors:
                if successor not in index:
                    index[successor] = lowlink[successor] = counter
                    counter += 1
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph.get(successor, ())))))
                    advanced = True
                    break
                if successor in on_stack:
                    lowlink[node] = min(lowlink[node], index[successor])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                lowlink[parent] = min(lowlink[parent], lowlink[node])
            if lowlink[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component[member] = components
                    if member == node:
                        break
                components += 1
    return component


def shortest_path(graph: Mapping[str, Iterable[str]], start: str, goal: str) -> list[str]:
    """The shortest path from ``start`` to ``goal`` (both included), ties broken by name;
    empty when there is none."""
    previous: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = [node]
            while previous[path[-1]] is not None:
                path.append(previous[path[-1]])  # type: ignore[arg-type]
            return path[::-1]
        for successor in sorted(graph.get(node, ())):
            if successor not in previous:
                previous[successor] = node
                queue.append(successor)
    return []


def edge_cycles(graph: Mapping[str, Iterable[str]]) -> dict[tuple[str, str], str | None]:
    """Each edge of ``graph`` with the shortest cycle through it, written `a -> b -> a` (ties
    broken by name), or None when it lies on no cycle."""
    component = strongly_connected_components(graph)
    found: dict[tuple[str, str], str | None] = {}
    for source in sorted(graph):
        for target in sorted(graph[source]):
            cycle = None
            if component[source] == component.get(target):
                cycle = " -> ".join([source, *shortest_path(graph, target, source)])
            found[source, target] = cycle
    return found
