"""A file's libcst tree, parsed once for all the fixes of its diagnostics, and the edits a
transformation of it makes."""

from __future__ import annotations

from functools import lru_cache

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from modlint.extraction.depth import nesting_of
from modlint.fixing.edits import edits_between
from modlint.model import Edit


@lru_cache(maxsize=8)
def tree_of(text: str) -> MetadataWrapper | None:
    """libcst's tree of ``text`` with its metadata, or None when libcst cannot parse it, must
    not be given it (nested too deeply: its parser would crash) or would not give it back
    byte for byte."""
    if nesting_of(text).refusal() is not None:
        return None
    try:
        module = cst.parse_module(text)
    except (cst.ParserSyntaxError, RecursionError, MemoryError, ValueError):
        return None
    if module.code != text:
        return None
    # The tree is never changed (libcst nodes are immutable), so the wrapper need not copy
    # it: transformers then meet the very nodes the positions are known for.
    return MetadataWrapper(module, unsafe_skip_copy=True)


def position_of(tree: MetadataWrapper, node: cst.CSTNode) -> CodeRange:
    """Where ``node`` of ``tree`` is (lines 1-based, columns 0-based, in characters)."""
    return tree.resolve(PositionProvider)[node]


def transformed_edits(tree: MetadataWrapper, transformer: cst.CSTTransformer) -> tuple[Edit, ...]:
    """The edits that turn the tree's text into its code after ``transformer``; none when it
    changes nothing."""
    return edits_between(tree.module.code, tree.module.visit(transformer).code)


def dotted_name(name: str) -> cst.Name | cst.Attribute:
    """The expression that names ``name`` (``a.b.c``), as libcst builds it."""
    first, *rest = name.split(".")
    node: cst.Name | cst.Attribute = cst.Name(first)
    for part in rest:
        node = cst.Attribute(node, cst.Name(part))
    return node
