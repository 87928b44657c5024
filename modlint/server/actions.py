"""The code actions modlint offers in an editor, as plain data: each rule's fix for a
diagnostic, a `# noqa` for its line, and every safe fix of a file at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from modlint.model import SAFE, Diagnostic, Edit
from modlint.pipeline import CheckResult
from modlint.pipeline.add_noqa import UNSUPPRESSIBLE, noqa_edit, suppressing_line
from modlint.pipeline.fixes import apply_fixes, available_fixes

QUICK_FIX, FIX_ALL = "quickfix", "source.fixAll.modlint"
"""The kinds of action: one diagnostic's fix or noqa; all safe fixes of a file."""


@dataclass(frozen=True)
class Action:
    """A titled set of edits to one file, and the diagnostics it settles."""

    title: str
    kind: str
    edits: tuple[Edit, ...]
    diagnostics: tuple[Diagnostic, ...]
    preferred: bool = False


def _overlaps(diagnostic: Diagnostic, lines: tuple[int, int]) -> bool:
    return diagnostic.line <= lines[1] and diagnostic.end_line >= lines[0]


def code_actions(
    result: CheckResult, path: Path, text: str, lines: tuple[int, int]
) -> list[Action]:
    """The actions for the diagnostics of ``path`` (whose text the check saw is ``text``)
    on the 1-based ``lines`` (first, last): each diagnostic's fix (unsafe ones say so),
    then a noqa for its line, then one action applying every safe fix of the file."""
    everything = [found for found in result.diagnostics if found.path == path]
    here = [found for found in everything if _overlaps(found, lines)]
    facts = result.project.files.get(path)
    actions = []
    for fixable in available_fixes(here, text, result.project, unsafe=True):
        unsafe = fixable.fix.applicability != SAFE
        actions.append(
            Action(
                f"{fixable.fix.message}{' (unsafe)' if unsafe else ''}",
                QUICK_FIX,
                fixable.fix.edits,
                (fixable.diagnostic,),
                preferred=not unsafe,
            )
        )
    if facts is not None:
        for found in here:
            if found.code in UNSUPPRESSIBLE:
                continue
            edit = noqa_edit(suppressing_line(found, facts), [found.code], text, facts)
            if edit is not None:
                actions.append(
                    Action(f"Ignore {found.code} on this line (noqa)", QUICK_FIX, (edit,), (found,))
                )
    safe = apply_fixes(text, available_fixes(everything, text, result.project))
    if safe.fixes:
        actions.append(
            Action(
                "Fix all modlint problems in this file",
                FIX_ALL,
                tuple(edit for fixable in safe.fixes for edit in fixable.fix.edits),
                tuple(fixable.diagnostic for fixable in safe.fixes),
            )
        )
    return actions
