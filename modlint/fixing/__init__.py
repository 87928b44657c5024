"""Fixes as libcst transformations: a file's tree parsed once, and the `Edit`s that turn its
text into a transformed tree's code, so every byte a fix does not change stays as it was."""

from modlint.fixing.edits import edits_between
from modlint.fixing.trees import (
    Tree,
    dotted_name,
    node_edits,
    nodes_at,
    position_of,
    transformed_edits,
    tree_of,
)

__all__ = [
    "Tree",
    "dotted_name",
    "edits_between",
    "node_edits",
    "nodes_at",
    "position_of",
    "transformed_edits",
    "tree_of",
]
