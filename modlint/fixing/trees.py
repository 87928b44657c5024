"""A file's libcst tree, parsed once for all the fixes of its diagnostics, and the edits a
transformation of it makes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

import libcst as cst
from libcst.metadata import (
    BaseMetadataProvider,
    CodeRange,
    MetadataWrapper,
    PositionProvider,
    WhitespaceInclusivePositionProvider,
)

from modlint.extraction import nesting_of
from modlint.fixing.edits import edits_between
from modlint.model import Edit, source_lines

T = TypeVar("T")


@dataclass(frozen=True)
class Tree:
    """libcst's tree of a file's text with its metadata, and the text's last line break when
    libcst leaves it out of its code (a file whose lines end with ``\r`` alone)."""

    wrapper: MetadataWrapper
    tail: str = ""

    @property
    def module(self) -> cst.Module:
        """The parsed module."""
        return self.wrapper.module

    def resolve(self, provider: type[BaseMetadataProvider[T]]) -> Mapping[cst.CSTNode, T]:
        """The metadata ``provider`` computes for the tree's nodes."""
        return self.wrapper.resolve(provider)


@lru_cache(maxsize=8)
def tree_of(text: str) -> Tree | None:
    """libcst's tree of ``text``, or None when libcst cannot parse it, must not be given it
    (nested too deeply: its parser would crash) or would not give it back byte for byte."""
    if nesting_of(text).refusal() is not None:
        return None
    try:
        module = cst.parse_module(text)
    except (cst.ParserSyntaxError, RecursionError, MemoryError, ValueError):
        return None
    code = module.code
    tail = text[len(code) :] if text.startswith(code) else None
    if tail not in ("", "\r"):
        return None
    # The tree is never changed (libcst nodes are immutable), so the wrapper need not copy
    # it: transformers then meet the very nodes the positions are known for.
    return Tree(MetadataWrapper(module, unsafe_skip_copy=True), tail or "")


def position_of(tree: Tree, node: cst.CSTNode) -> CodeRange:
    """Where ``node`` of ``tree`` is (lines 1-based, columns 0-based, in characters)."""
    return tree.resolve(PositionProvider)[node]


def nodes_at(tree: Tree, kind: type[cst.CSTNode], line: int) -> list[tuple[cst.CSTNode, CodeRange]]:
    """The nodes of ``kind`` in ``tree`` that span 1-based ``line``, with where they are."""
    return _line_index(tree, kind).get(line, [])


@lru_cache(maxsize=32)  # a file's diagnostics each look for their node: index it once
def _line_index(
    tree: Tree, kind: type[cst.CSTNode]
) -> dict[int, list[tuple[cst.CSTNode, CodeRange]]]:
    """The nodes of ``kind`` by each line they span."""
    index: dict[int, list[tuple[cst.CSTNode, CodeRange]]] = {}
    for node, where in tree.resolve(PositionProvider).items():
        if isinstance(node, kind):
            for line in range(where.start.line, where.end.line + 1):
                index.setdefault(line, []).append((node, where))
    return index


def node_edits(
    tree: Tree, replaced: Mapping[cst.CSTNode, cst.CSTNode | None]
) -> tuple[Edit, ...] | None:
    """The edits that put the code of each new node of ``replaced`` (None: nothing) where
    its old node is, smallest spans that change; None when an old node's code is not the
    text at its place. Unlike a transformation of the whole module this costs what the nodes
    do, not what the file does: a file may have thousands of diagnostics."""
    positions = tree.resolve(WhitespaceInclusivePositionProvider)
    lines = _lines(tree)
    edits: list[Edit] = []
    for old, new in replaced.items():
        where = positions[old]
        code = tree.module.code_for_node(old)
        if _text_at(lines, where) != code:
            return None
        fresh = "" if new is None else tree.module.code_for_node(new)
        edits.extend(_shifted(edit, where) for edit in edits_between(code, fresh))
    return tuple(sorted(edits))


@lru_cache(maxsize=8)
def _lines(tree: Tree) -> list[str]:
    """The tree's text, as lines with their endings."""
    return source_lines(tree.module.code + tree.tail)


def _text_at(lines: list[str], where: CodeRange) -> str:
    """The text from ``where``'s start up to its end."""
    first, last = where.start.line - 1, where.end.line - 1
    if last < first or first >= len(lines):
        return ""
    if first == last:
        return lines[first][where.start.column : where.end.column]
    tail = lines[last][: where.end.column] if last < len(lines) else ""
    return lines[first][where.start.column :] + "".join(lines[first + 1 : last]) + tail


def _shifted(edit: Edit, where: CodeRange) -> Edit:
    """``edit``, made within a node's code, moved to where the node is."""
    line, column = where.start.line - 1, where.start.column
    return Edit(
        edit.line + line,
        edit.column + (column if edit.line == 1 else 0),
        edit.end_line + line,
        edit.end_column + (column if edit.end_line == 1 else 0),
        edit.content,
    )


def transformed_edits(tree: Tree, transformer: cst.CSTTransformer) -> tuple[Edit, ...]:
    """The edits that turn the tree's text into its code after ``transformer``; none when it
    changes nothing."""
    new = tree.module.visit(transformer).code
    if not new.endswith(("\r", "\n")):
        new += tree.tail
    return edits_between(tree.module.code + tree.tail, new)


def dotted_name(name: str) -> cst.Name | cst.Attribute:
    """The expression that names ``name`` (``a.b.c``), as libcst builds it."""
    first, *rest = name.split(".")
    node: cst.Name | cst.Attribute = cst.Name(first)
    for part in rest:
        node = cst.Attribute(node, cst.Name(part))
    return node
