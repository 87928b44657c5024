"""The code actions modlint offers in an editor, as plain data: each rule's fix for a
diagnostic, a `# noqa` for its line, and every safe fix of a file at once; and which of them
are sound: verified as `check --fix` verifies its fixes, before any is offered."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from modlint.model import SAFE, Diagnostic, Edit, FileFacts, Fix
from modlint.pipeline import CheckResult
from modlint.pipeline.add_noqa import UNSUPPRESSIBLE, noqa_edit, suppressing_line
from modlint.pipeline.fixes import Fixable, apply_fixes, available_fixes, parses

QUICK_FIX, FIX_ALL = "quickfix", "source.fixAll.modlint"
"""The kinds of action: one diagnostic's fix or noqa; all safe fixes of a file."""


@dataclass(frozen=True)
class Action:
    """A titled set of edits to one file, the diagnostics it settles, and the file's text
    once the edits are applied."""

    title: str
    kind: str
    edits: tuple[Edit, ...]
    diagnostics: tuple[Diagnostic, ...]
    after: str
    preferred: bool = False


def _overlaps(diagnostic: Diagnostic, lines: tuple[int, int]) -> bool:
    return diagnostic.line <= lines[1] and diagnostic.end_line >= lines[0]


def _applied(text: str, diagnostic: Diagnostic, fix: Fix) -> str | None:
    """``text`` with ``fix``'s edits applied; None when they cannot all be (they point
    outside the text or overlap)."""
    applied = apply_fixes(text, [Fixable(diagnostic, fix)])
    return applied.text if applied.fixes else None


def _suppressible(
    diagnostics: Iterable[Diagnostic], facts: FileFacts
) -> dict[tuple[int, str], list[Diagnostic]]:
    """The ``diagnostics`` a `# noqa` can suppress, by the line whose noqa does and their code
    (in their order): one action for each, not one for each diagnostic (a line importing the
    same module a hundred times offered the same action a hundred times)."""
    grouped: dict[tuple[int, str], list[Diagnostic]] = {}
    for found in diagnostics:
        if found.code not in UNSUPPRESSIBLE:
            grouped.setdefault((suppressing_line(found, facts), found.code), []).append(found)
    return grouped


def code_actions(
    result: CheckResult, path: Path, text: str, lines: tuple[int, int]
) -> list[Action]:
    """The actions for the diagnostics of ``path`` (whose text the check saw is ``text``)
    on the 1-based ``lines`` (first, last): each diagnostic's fix (unsafe ones say so),
    then a noqa for its line, then one action applying every safe fix of the file. They are
    not verified yet: see ``is_sound``."""
    everything = [found for found in result.diagnostics if found.path == path]
    here = [found for found in everything if _overlaps(found, lines)]
    facts = result.project.files.get(path)
    actions = []
    for fixable in available_fixes(here, text, result.project, unsafe=True):
        unsafe = fixable.fix.applicability != SAFE
        after = _applied(text, fixable.diagnostic, fixable.fix)
        if after is not None:
            actions.append(
                Action(
                    f"{fixable.fix.message}{' (unsafe)' if unsafe else ''}",
                    QUICK_FIX,
                    fixable.fix.edits,
                    (fixable.diagnostic,),
                    after,
                    preferred=not unsafe,
                )
            )
    if facts is not None:
        for (line, code), settled in _suppressible(here, facts).items():
            edit = noqa_edit(line, [code], text, facts)
            title = f"Ignore {code} on this line (noqa)"
            after = None if edit is None else _applied(text, settled[0], Fix(title, (edit,)))
            if edit is not None and after is not None:
                actions.append(Action(title, QUICK_FIX, (edit,), tuple(settled), after))
    safe = apply_fixes(text, available_fixes(everything, text, result.project))
    if safe.fixes:
        actions.append(
            Action(
                "Fix all modlint problems in this file",
                FIX_ALL,
                tuple(edit for fixable in safe.fixes for edit in fixable.fix.edits),
                tuple(fixable.diagnostic for fixable in safe.fixes),
                safe.text,
            )
        )
    return actions


def _key(found: Diagnostic) -> tuple[Path, str, str]:
    """What tells diagnostics apart across an edit: path, code and message (lines move)."""
    return (found.path, found.code, found.message)


def introduced(before: Iterable[Diagnostic], after: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics of ``after`` that ``before`` does not have, as `check --fix`
    compares them."""
    seen = Counter(_key(found) for found in before)
    new = []
    for found in after:
        if seen[_key(found)]:
            seen[_key(found)] -= 1
        else:
            new.append(found)
    return new


def settles(action: Action, before: Iterable[Diagnostic], after: Iterable[Diagnostic]) -> bool:
    """Whether each diagnostic ``action`` says it settles is gone from ``after``."""
    counted, remaining = Counter(map(_key, before)), Counter(map(_key, after))
    settled = Counter(map(_key, action.diagnostics))
    return all(remaining[key] <= counted[key] - number for key, number in settled.items())


def is_sound(
    action: Action, path: Path, result: CheckResult, recheck: Callable[[str], CheckResult]
) -> bool:
    """Whether ``action`` keeps ``path`` a Python file that parses, settles the diagnostics
    it names and brings no new one anywhere in the project; ``recheck`` gives the check of
    the project with the file's text replaced."""
    if path.suffix == ".py" and not parses(action.after):
        return False
    after = recheck(action.after).diagnostics
    return settles(action, result.diagnostics, after) and not introduced(result.diagnostics, after)
