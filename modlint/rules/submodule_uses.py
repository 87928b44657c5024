"""ML101's fix for `import pkg.internal`: the import becomes `import pkg` and every use
`pkg.internal.Name` becomes `pkg.Name` (also such uses under a plain `import pkg`), and
`import pkg.internal as name` becomes `import pkg as name`, when each use goes through a name
the package re-exports from that very submodule."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

import libcst as cst
from libcst.metadata import (
    CodeRange,
    ExpressionContext,
    ExpressionContextProvider,
    ParentNodeProvider,
    PositionProvider,
)

from modlint.fixing import Tree, dotted_name, node_edits, nodes_at
from modlint.model import Edit


@dataclass(frozen=True)
class SubmoduleRewrite:
    """The edits that import the package instead of its submodule, and where the rewritten
    uses and imports are (what the diagnostics of this rewrite point into)."""

    edits: tuple[Edit, ...]
    places: tuple[CodeRange, ...]


@lru_cache(maxsize=8)  # the import's diagnostic and each use's ask for the same rewrite
def submodule_rewrite(
    tree: Tree, target: str, package: str, reexported: frozenset[str], alias: str | None = None
) -> SubmoduleRewrite | None:
    """How to import ``package`` instead of ``target`` (a submodule below it) in ``tree``,
    `import target` becoming `import package` and its uses `target.Name` becoming
    `package.Name`, or, for `import target as alias`, that import becoming `import package as
    alias` (its uses `alias.Name` stay). None unless the name the import binds is bound by
    nothing else (but `import root...` when there is no alias), is only used as the start of
    attribute chains, and every chain through the submodule reads (never assigns) a name in
    ``reexported``; and at least one does."""
    root = alias or target.split(".")[0]
    wanted = [alias] if alias else target.split(".")
    parents = tree.resolve(ParentNodeProvider)
    imports = _target_imports(tree.module, root, target, alias)
    if imports is None:
        return None
    replaced: dict[cst.CSTNode, cst.CSTNode | None] = {
        found.name: dotted_name(package) for found in imports
    }
    uses = 0
    for name in _names(tree.module, root):
        use = _use(name, parents)
        if use is _Skip.NOT_A_USE:
            continue
        rewrite = (
            _rewritten(use, wanted, reexported, tree) if isinstance(use, cst.Attribute) else None
        )
        if rewrite is None:
            return None
        if isinstance(rewrite, cst.Attribute):
            uses += 1
            if alias is None:
                replaced[rewrite] = rewrite.with_changes(value=dotted_name(package))
    if not uses:  # the import may be there for what importing the submodule does
        return None
    positions = tree.resolve(PositionProvider)
    edits = node_edits(tree, replaced)
    return SubmoduleRewrite(edits, tuple(positions[node] for node in replaced)) if edits else None


def _target_imports(
    module: cst.Module, root: str, target: str, alias: str | None
) -> list[cst.ImportAlias] | None:
    """The `import target` aliases (`as alias`, or without `as` when ``alias`` is None), or
    None when any other import binds the name ``root`` (`from x import root`, `import x as
    root`, a star import; `import root.x` too when there is an alias)."""
    found = []
    for statement in _all(module, (cst.Import, cst.ImportFrom)):
        if isinstance(statement, cst.ImportFrom):
            if isinstance(statement.names, cst.ImportStar):
                return None
            if any(_bound(name) == root for name in statement.names):
                return None
            continue
        for name in statement.names if isinstance(statement, cst.Import) else ():
            as_name = _bound(name) if name.asname is not None else None
            if _dotted(name.name) == target and as_name == alias:
                found.append(name)
            elif _bound(name) == root and (alias is not None or as_name is not None):
                return None
    return found


def _bound(alias: cst.ImportAlias) -> str:
    """The name an import alias binds (`as` name, else its first part)."""
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return _dotted(alias.name).split(".")[0]


def _dotted(node: cst.BaseExpression) -> str:
    """``a.b.c`` for a chain of names and attributes; empty for anything else."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = _dotted(node.value)
        return f"{head}.{node.attr.value}" if head else ""
    return ""


def _all(module: cst.Module, kinds: tuple[type[cst.CSTNode], ...]) -> list[cst.CSTNode]:
    """Every node of one of ``kinds`` in ``module``."""
    found: list[cst.CSTNode] = []

    class Collector(cst.CSTVisitor):
        def on_visit(self, node: cst.CSTNode) -> bool:
            if isinstance(node, kinds):
                found.append(node)
            return True

    module.visit(Collector())
    return found


def _names(module: cst.Module, root: str) -> list[cst.Name]:
    """Every `Name` node spelled ``root``."""
    return [
        node
        for node in _all(module, (cst.Name,))
        if isinstance(node, cst.Name) and node.value == root
    ]


class _Skip(Enum):
    """Occurrences of the root name the rewrite leaves alone."""

    NOT_A_USE = "the name of an attribute or keyword, or a part of an import"
    UNTOUCHED = "a chain through another path than the submodule's"


def _use(
    name: cst.Name, parents: Mapping[cst.CSTNode, cst.CSTNode]
) -> cst.Attribute | _Skip | None:
    """The whole attribute chain ``name`` starts, NOT_A_USE for the name of an attribute, a
    keyword argument or a part of an import, and None for any other occurrence (a bare use,
    an assignment, a parameter: the fix then cannot be proven safe)."""
    parent = parents[name]
    if isinstance(parent, cst.Attribute) and parent.attr is name:
        return _Skip.NOT_A_USE
    if isinstance(parent, cst.Arg) and parent.keyword is name:
        return _Skip.NOT_A_USE
    node: cst.CSTNode = parent
    while not isinstance(node, (cst.Module, cst.BaseStatement, cst.BaseSmallStatement)):
        node = parents[node]
    if isinstance(node, (cst.Import, cst.ImportFrom)):
        return _Skip.NOT_A_USE
    if not isinstance(parent, cst.Attribute) or parent.value is not name:
        return None
    chain: cst.Attribute = parent
    while True:
        above = parents[chain]
        if not isinstance(above, cst.Attribute) or above.value is not chain:
            return chain
        chain = above


def _rewritten(
    use: cst.Attribute, wanted: list[str], reexported: frozenset[str], tree: Tree
) -> cst.Attribute | _Skip | None:
    """The `submodule.Name` node of ``use`` (``wanted`` are the submodule's parts as
    written), UNTOUCHED for a chain that does not go through the submodule, None for one
    that cannot be rewritten."""
    parts = _dotted(use).split(".")
    if parts[: len(wanted)] != wanted:
        return None if wanted[: len(parts)] == parts else _Skip.UNTOUCHED
    if len(parts) == len(wanted) or parts[len(wanted)] not in reexported:
        return None
    node = use
    while isinstance(node.value, cst.Attribute) and _dotted(node).count(".") > len(wanted):
        node = node.value
    contexts = tree.resolve(ExpressionContextProvider)
    if contexts.get(node) in (ExpressionContext.STORE, ExpressionContext.DEL):
        return None
    return node


def places_hold(places: Sequence[CodeRange], line: int, column: int) -> bool:
    """Whether 1-based (``line``, ``column``) lies in one of ``places``."""
    return any(
        (place.start.line, place.start.column)
        <= (line, column - 1)
        < (place.end.line, place.end.column)
        for place in places
    )


def chain_at(tree: Tree, line: int, column: int) -> str:
    """The dotted name (``a.b.c``) of the longest chain of names at 1-based (``line``,
    ``column``); empty when there is none."""
    chains = [
        (where.end.line, where.end.column, _dotted(node))
        for node, where in nodes_at(tree, cst.Attribute, line)
        if isinstance(node, cst.Attribute) and places_hold((where,), line, column)
    ]
    return max((chain for chain in chains if chain[2]), default=(0, 0, ""))[2]


def aliased_import_at(tree: Tree, line: int, column: int) -> tuple[str, str] | None:
    """The module and the name of the `import module as name` whose module starts at 1-based
    (``line``, ``column``), if one does."""
    for node, where in nodes_at(tree, cst.ImportAlias, line):
        if (
            isinstance(node, cst.ImportAlias)
            and node.asname is not None
            and (where.start.line, where.start.column) == (line, column - 1)
        ):
            return _dotted(node.name), _bound(node)
    return None
