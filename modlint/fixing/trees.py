"""A file's libcst tree, parsed once for all the fixes of its diagnostics, and the edits a
transformation of it makes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

import libcst as cst
from libcst.metadata import BaseMetadataProvider, CodeRange, MetadataWrapper, PositionProvider

from modlint.extraction.depth import nesting_of
from modlint.fixing.edits import edits_between
from modlint.model import Edit

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
