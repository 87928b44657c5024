"""ML903 unused-noqa: a `# noqa: ML…` directive that suppresses nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from modlint.model import FILE_SCOPE, SAFE, Diagnostic, Rule

if TYPE_CHECKING:
    import libcst as cst

    from modlint.fixing import Tree
    from modlint.model import Edit, Fix, Project, SuppressionOutcome

PREFIX = "ML"
"""The codes this rule judges: modlint's own, never another tool's (E501, F401)."""


def check(project: Project, outcome: SuppressionOutcome) -> Iterator[Diagnostic]:
    """One diagnostic per `# noqa: ML…` directive with codes that suppressed nothing, run
    after every other rule and suppression."""
    for path, facts in project.files.items():
        if any(d.file_level and d.codes is None for d in facts.noqa):
            continue  # `# modlint: noqa` silences the whole file, this rule included
        for directive in facts.noqa:
            if directive.codes is None:
                continue
            suppressed = outcome.used.get((path, directive), frozenset())
            unused = [
                code
                for code in directive.codes
                if code.startswith(PREFIX) and code not in suppressed
            ]
            if not unused:
                continue
            yield Diagnostic(
                path=path,
                line=directive.line,
                column=directive.column,
                code=RULE.code,
                message=f"unused noqa directive ({_described(unused, outcome)})",
                end_column=directive.end_column,
            )


def _described(codes: list[str], outcome: SuppressionOutcome) -> str:
    """The unused codes grouped as ruff groups them: unknown, non-enabled, unused."""
    groups: dict[str, list[str]] = {"unknown": [], "non-enabled": [], "unused": []}
    for code in codes:
        if code not in outcome.known:
            groups["unknown"].append(code)
        elif code not in outcome.enabled:
            groups["non-enabled"].append(code)
        else:
            groups["unused"].append(code)
    return "; ".join(f"{kind}: {', '.join(found)}" for kind, found in groups.items() if found)


# Patterns compiled where a fix uses them (re caches them): a check never needs them.
_HEAD = r"#\s*(?:modlint\s*:\s*)?noqa\s*:[,\s]*"
_CODE = r"[A-Z]+[0-9]+(?![A-Za-z0-9])"
_CODES = rf"{_CODE}(?:[,\s]+{_CODE})*"


def fix(diagnostic: Diagnostic, text: str, project: Project) -> Fix | None:
    """Remove the unused codes from the directive, or the whole comment when no code stays
    (and the whole line when the comment was all it held); safe. Edits of the comment's
    libcst node, so nothing else changes."""
    from modlint.fixing import position_of, tree_of  # libcst: only when fixing
    from modlint.model import Fix

    tree = tree_of(text)
    comment = _comment_at(tree, diagnostic) if tree is not None else None
    if tree is None or comment is None:
        return None
    at = position_of(tree, comment).start.column
    start, end = diagnostic.column - 1 - at, diagnostic.end_column - 1 - at
    head = re.compile(_HEAD, re.IGNORECASE).match(comment.value, start, end)
    codes = re.compile(_CODES).match(comment.value, head.end(), end) if head else None
    if head is None or codes is None:
        return None
    unused = set(re.findall(r"[A-Z]+[0-9]+", diagnostic.message.partition("(")[2]))
    kept = [code for code in re.findall(r"[A-Z]+[0-9]+", codes.group()) if code not in unused]
    value = comment.value
    if kept:
        message = f"Remove unused code{'s' if len(unused) > 1 else ''} from `noqa` directive"
        replacement: str | None = value[: codes.start()] + ", ".join(kept) + value[codes.end() :]
    else:
        message = "Remove unused `noqa` directive"
        rest = value[:start].rstrip(" \t") + value[end:]
        replacement = None if not rest.strip() else rest if rest.startswith("#") else "#" + rest
    edits = _comment_edits(tree, comment, replacement)
    return Fix(message, edits) if edits else None


def _comment_edits(
    tree: Tree, comment: cst.Comment, replacement: str | None
) -> tuple[Edit, ...] | None:
    """The edits that give ``comment`` the text ``replacement``, or remove it (with the
    space before it; with its line when it held nothing else) when that is None."""
    import libcst as cst
    from libcst.metadata import ParentNodeProvider

    from modlint.fixing import node_edits, position_of
    from modlint.model import Edit

    if replacement is not None:
        return node_edits(tree, {comment: comment.with_changes(value=replacement)})
    owner = tree.resolve(ParentNodeProvider)[comment]
    if isinstance(owner, cst.TrailingWhitespace):
        space = cst.SimpleWhitespace(owner.whitespace.value.rstrip(" \t"))
        return node_edits(tree, {owner: owner.with_changes(whitespace=space, comment=None)})
    if isinstance(owner, cst.EmptyLine):
        line = position_of(tree, owner).start.line
        return (Edit(line, 1, line + 1, 1, ""),)
    return None


def _comment_at(tree: Tree, diagnostic: Diagnostic) -> cst.Comment | None:
    """The comment that holds the directive ``diagnostic`` reports."""
    import libcst as cst

    from modlint.fixing import nodes_at

    for node, where in nodes_at(tree, cst.Comment, diagnostic.line):
        if (
            isinstance(node, cst.Comment)
            and where.start.line == diagnostic.line
            and where.start.column < diagnostic.column <= where.end.column
        ):
            return node
    return None


RULE = Rule(
    code="ML903",
    name="unused-noqa",
    summary="A `# noqa: ML…` directive suppresses nothing.",
    what_it_does=(
        "Reports a `# noqa: ML…` directive whose codes suppressed nothing, grouping them as "
        "`unused`, `non-enabled` (not selected in this run) or `unknown`. It runs after every "
        "other rule and suppression. Only ML codes are judged: codes of other tools (`E501`, "
        "`F401`) and a bare `# noqa` are left alone, and a `# modlint: noqa` file is skipped."
    ),
    why_bad=(
        "A suppression that no longer suppresses anything hides the next real violation on "
        "that line."
    ),
    example="from datastore import open_store  # noqa: ML001",
    use_instead="from datastore import open_store",
    options=(
        "`per-file-ignores`: turns it off for matching files (a line's `# noqa` cannot "
        "suppress it).",
        "`select`, `extend-select` and `ignore`: which codes count as enabled.",
    ),
    scope=FILE_SCOPE,
    check_suppressions=check,
    fix=fix,
    fix_applicability=SAFE,
)
