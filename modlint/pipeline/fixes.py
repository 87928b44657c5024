"""The fix engine: which fixes the diagnostics of a file offer, applying them to its text, and
`check --fix` for a whole project, each fix verified before anything is written.

Every function here but `write_fixes` is pure (the project's files are read, never written):
the command line writes what `fix_project` returns, an editor could apply the same edits to its
buffer.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from modlint.discovery import Discovery, Unread, read_regular_file
from modlint.docs import encoded
from modlint.extraction import decode_source
from modlint.model import (
    SAFE,
    Config,
    Diagnostic,
    Edit,
    Fix,
    Project,
    UsageError,
    source_lines,
)
from modlint.pipeline import CheckResult, Selection, analysed
from modlint.pipeline.docs import doc_fixes, terminal_safe_line
from modlint.rules import RULES_BY_CODE
from modlint.support import OutsideProject, display_path, write_atomically

__all__ = [
    "Applied",
    "Dropped",
    "FileFix",
    "FixOutcome",
    "Fixable",
    "SourceText",
    "Written",
    "apply_fixes",
    "available_fixes",
    "fix_project",
    "offered_fixes",
    "parses",
    "source_text",
    "write_fixes",
    "written_outcome",
]


@dataclass(frozen=True)
class Fixable:
    """A diagnostic with the fix its rule offers for it."""

    diagnostic: Diagnostic
    fix: Fix


@dataclass(frozen=True)
class Applied:
    """A text with fixes applied, and those fixes (a fix whose edits overlap an earlier
    one's is left out: it applies on the next run, as ruff's do)."""

    text: str
    fixes: tuple[Fixable, ...]


@dataclass(frozen=True)
class SourceText:
    """A Python file's decoded text (no BOM) and the encoding that gives its bytes back."""

    text: str
    encoding: str

    def encoded(self, text: str) -> bytes:
        """``text`` in this file's encoding, with its BOM when it had one."""
        return text.encode(self.encoding)


def source_text(data: bytes) -> SourceText | None:
    """The text of a Python file's bytes, or None when it does not decode or when encoding
    it again would not give the same bytes back (a fix would then change bytes it does not
    touch)."""
    text = decode_source(data)
    if not isinstance(text, str):
        return None
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    source = SourceText(text, encoding)
    try:
        same = source.encoded(text) == data
    except (UnicodeError, LookupError, ValueError, TypeError):
        return None
    return source if same else None


def available_fixes(
    diagnostics: Iterable[Diagnostic], text: str, project: Project, unsafe: bool = False
) -> tuple[Fixable, ...]:
    """The fixes the rules offer for ``diagnostics`` (all of one file whose decoded text is
    ``text``): safe ones, and unsafe ones too when ``unsafe``."""
    found = []
    for diagnostic in diagnostics:
        rule = RULES_BY_CODE.get(diagnostic.code)
        fix = rule.fix(diagnostic, text, project) if rule and rule.fix else None
        if fix is not None and (unsafe or fix.applicability == SAFE):
            found.append(Fixable(diagnostic, fix))
    return tuple(found)


def _offsets(text: str) -> list[int]:
    """The offset in ``text`` where each line starts, and one past the end."""
    starts = [0]
    for line in source_lines(text):
        starts.append(starts[-1] + len(line))
    return starts


def _span(edit: Edit, starts: Sequence[int]) -> tuple[int, int] | None:
    """The offsets the edit replaces, or None when it points outside the text."""
    found = []
    for line, column in ((edit.line, edit.column), (edit.end_line, edit.end_column)):
        if not 1 <= line <= len(starts) or column < 1:
            return None
        offset = starts[line - 1] + column - 1
        if offset > (starts[line] if line < len(starts) else starts[-1]):
            return None
        found.append(offset)
    return (found[0], found[1]) if found[0] <= found[1] else None


def apply_fixes(text: str, fixes: Iterable[Fixable]) -> Applied:
    """``text`` with the ``fixes`` applied, in order of position; a fix whose edits overlap
    one already taken, or point outside the text, is left out, and one with the very edits
    of a fix taken settles its diagnostic too (as ruff counts them: `import pkg.internal`
    and its uses share one fix)."""
    starts = _offsets(text)
    taken: list[tuple[int, int, str]] = []
    applied = []
    same: set[tuple[Edit, ...]] = set()
    for fixable in sorted(
        fixes, key=lambda f: min(f.fix.edits, default=None) or Edit(0, 0, 0, 0, "")
    ):
        if fixable.fix.edits in same:
            applied.append(fixable)
            continue
        spans = [_span(edit, starts) for edit in fixable.fix.edits]
        if not spans or any(span is None for span in spans):
            continue
        new = [
            (span[0], span[1], edit.content) for span, edit in zip(spans, fixable.fix.edits) if span
        ]
        if any(
            _overlap(one, other)
            for one in new
            for other in taken + [n for n in new if n is not one]
        ):
            continue
        taken += new
        applied.append(fixable)
        same.add(fixable.fix.edits)
    for start, end, content in sorted(taken, reverse=True):
        text = text[:start] + content + text[end:]
    return Applied(text, tuple(applied))


def _overlap(one: tuple[int, int, str], other: tuple[int, int, str]) -> bool:
    """Whether two replacements touch the same text (two insertions at one point do too)."""
    return one[0] < other[1] and other[0] < one[1] or one[0] == other[0]


def parses(text: str) -> bool:
    """Whether CPython's parser reads ``text``."""
    try:
        ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


@dataclass(frozen=True)
class FileFix:
    """A Python file's bytes before and after its fixes."""

    path: Path
    before: bytes
    after: bytes
    fixes: tuple[Fixable, ...]

    def diff(self, shown: str) -> str:
        """The unified diff from the old text to the new one, safe for a terminal."""
        import difflib

        old, new = (source_lines(_shown_text(data)) for data in (self.before, self.after))
        return "".join(
            terminal_safe_line(line)
            for line in difflib.unified_diff(old, new, fromfile=f"a/{shown}", tofile=f"b/{shown}")
        )


def _shown_text(data: bytes) -> str:
    text = decode_source(data)
    return text if isinstance(text, str) else data.decode("utf-8", "replace")


@dataclass(frozen=True)
class Dropped:
    """A file whose fixes were not applied, and why."""

    path: Path
    reason: str


@dataclass(frozen=True)
class FixOutcome:
    """What `check --fix` finds: the diagnostics before, the fixed files (not yet written),
    the files whose fixes were dropped, and the check of the project with the fixes."""

    before: tuple[Diagnostic, ...]
    files: tuple[FileFix, ...]
    dropped: tuple[Dropped, ...]
    after: CheckResult
    hidden: int = 0
    """How many diagnostics have only an unsafe fix, not applied without `unsafe`."""

    @property
    def fixed(self) -> int:
        """How many diagnostics the fixes settle."""
        return sum(len(file.fixes) for file in self.files)


def _wanted(path: Path, paths: Sequence[Path]) -> bool:
    return not paths or any(path == given or given in path.parents for given in paths)


def _file_fix(
    path: Path, diagnostics: Sequence[Diagnostic], project: Project, unsafe: bool
) -> FileFix | Dropped | None:
    """The fixed bytes of one file, Dropped when the fixed text does not parse, None when
    there is nothing to fix (or the file cannot be fixed without changing other bytes)."""
    data = read_regular_file(path, project.config.max_file_size)
    if isinstance(data, Unread):
        return None
    source = source_text(data)
    if source is None:
        return None
    applied = apply_fixes(source.text, available_fixes(diagnostics, source.text, project, unsafe))
    if not applied.fixes or applied.text == source.text:
        return None
    if not parses(applied.text):
        return Dropped(path, "the fixed file would not parse")
    return FileFix(path, data, source.encoded(applied.text), applied.fixes)


def _doc_files(
    result: CheckResult, by_path: Mapping[Path, Sequence[Diagnostic]], unsafe: bool
) -> tuple[dict[Path, FileFix], int]:
    """The lock tables and module READMEs `modlint docs --fix` would rewrite, for the docs
    diagnostics reported (each fix replaces the file's whole text), then the fixes the docs
    rules offer for the other docs files (ML301's unsafe lock table section) and how many
    unsafe ones were left out because ``unsafe`` is False."""
    found = {}
    for doc_fix in doc_fixes(result.project):
        path, old = doc_fix.doc.path, doc_fix.doc.text
        settled = [d for d in by_path.get(path, ()) if RULES_BY_CODE[d.code].checks_docs]
        data = read_regular_file(path, result.project.config.max_file_size)
        if not settled or old is None or isinstance(data, Unread):
            continue
        lines = source_lines(old)
        edit = Edit(1, 1, len(lines) + 1, 1, doc_fix.text)
        fix = Fix("Regenerate the lock table and status lines", (edit,))
        found[path] = FileFix(
            path, data, encoded(doc_fix.doc, doc_fix.text), tuple(Fixable(d, fix) for d in settled)
        )
    hidden = 0
    for doc in result.project.docs:
        reported = [d for d in by_path.get(doc.path, ()) if RULES_BY_CODE[d.code].checks_docs]
        if doc.path in found or not reported or doc.text is None:
            continue
        offered = available_fixes(reported, doc.text, result.project, unsafe=True)
        data = read_regular_file(doc.path, result.project.config.max_file_size)
        if not offered or isinstance(data, Unread):
            continue
        hidden += 0 if unsafe else sum(1 for f in offered if f.fix.applicability != SAFE)
        applied = apply_fixes(
            doc.text, [f for f in offered if unsafe or f.fix.applicability == SAFE]
        )
        if applied.fixes:
            found[doc.path] = FileFix(doc.path, data, encoded(doc, applied.text), applied.fixes)
    return found, hidden


def _unsafe_only(path: Path, diagnostics: Sequence[Diagnostic], project: Project) -> int:
    """How many of a file's diagnostics offer an unsafe fix only."""
    data = read_regular_file(path, project.config.max_file_size)
    source = None if isinstance(data, Unread) else source_text(data)
    if source is None:
        return 0
    offered = available_fixes(diagnostics, source.text, project, unsafe=True)
    return sum(1 for fixable in offered if fixable.fix.applicability != SAFE)


def _introduced(before: Sequence[Diagnostic], after: Sequence[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics of ``after`` that ``before`` does not have (by path, code and message:
    a fix moves lines)."""
    seen = Counter((d.path, d.code, d.message) for d in before)
    new = []
    for diagnostic in after:
        key = (diagnostic.path, diagnostic.code, diagnostic.message)
        if seen[key]:
            seen[key] -= 1
        else:
            new.append(diagnostic)
    return new


def fix_project(
    config: Config,
    paths: Sequence[Path] = (),
    selection: Selection = Selection(),
    cache_dir: Path | None = None,
    python_files: Sequence[Path] | Discovery | None = None,
    unsafe: bool = False,
) -> FixOutcome:
    """Check the project, fix the diagnostics under ``paths`` that have a fix, and check it
    again with the fixed contents overlaid: a file whose fixes would not parse, or would
    bring a new violation anywhere, keeps its old content (its fixes are dropped)."""
    first = analysed(config, (), selection, cache_dir, python_files)
    by_path: dict[Path, list[Diagnostic]] = {}
    for diagnostic in first.diagnostics:
        if _wanted(diagnostic.path, paths):
            by_path.setdefault(diagnostic.path, []).append(diagnostic)
    files: dict[Path, FileFix] = {}
    dropped: list[Dropped] = []
    hidden = 0
    for path, diagnostics in by_path.items():
        if path not in first.project.files:
            continue
        if not unsafe:
            hidden += _unsafe_only(path, diagnostics, first.project)
        found = _file_fix(path, diagnostics, first.project, unsafe)
        if isinstance(found, FileFix):
            files[path] = found
        elif isinstance(found, Dropped):
            dropped.append(found)
    doc_files, hidden_docs = _doc_files(first, by_path, unsafe)
    files.update(doc_files)
    hidden += hidden_docs
    after = first
    while files:
        overlay: Mapping[Path, bytes] = {path: fix.after for path, fix in files.items()}
        after = analysed(config, (), selection, cache_dir, python_files, overlay)
        new = _introduced(first.diagnostics, after.diagnostics)
        if not new:
            break
        blamed = {d.path for d in new if d.path in files} or set(files)
        for path in sorted(blamed):
            cause = next((d for d in new if d.path == path), new[0])
            dropped.append(Dropped(path, f"it would introduce {cause.code}: {cause.message}"))
            del files[path]
        after = first
    return FixOutcome(
        before=tuple(d for d in first.diagnostics if _wanted(d.path, paths)),
        files=tuple(files.values()),
        dropped=tuple(dropped),
        hidden=hidden,
        after=CheckResult(
            diagnostics=tuple(d for d in after.diagnostics if _wanted(d.path, paths)),
            notices=tuple(n for n in after.notices if _wanted(n.path, paths)),
            files_checked=after.files_checked,
            project=after.project,
        ),
    )


def write_fixes(
    files: Iterable[FileFix], within: Path | None = None
) -> tuple[list[FileFix], list[Dropped]]:
    """Write each fixed file atomically (a symbolic link stays a link, its target is
    updated): the fixes written, and the files left alone because they changed since they
    were read or are a link out of ``within``. UsageError when a file cannot be written."""
    written, changed = [], []
    for fix in files:
        if read_regular_file(fix.path, max(len(fix.before), 1)) != fix.before:
            changed.append(Dropped(fix.path, "the file changed while it was being fixed"))
            continue
        try:
            write_atomically(fix.path, fix.after, within)
        except OutsideProject as outside:
            changed.append(Dropped(fix.path, str(outside.strerror)))
            continue
        except OSError as error:
            raise UsageError(
                f"cannot write {display_path(fix.path)}: {error.strerror or error}"
            ) from None
        written.append(fix)
    return written, changed


@dataclass(frozen=True)
class Written:
    """The fixes written, the files left alone because they changed meanwhile, and the
    findings that remain."""

    fixed: tuple[FileFix, ...]
    changed: tuple[Dropped, ...]
    remaining: CheckResult


def written_outcome(
    outcome: FixOutcome,
    config: Config,
    paths: Sequence[Path] = (),
    selection: Selection = Selection(),
    python_files: Sequence[Path] | Discovery | None = None,
) -> Written:
    """Write the fixes of ``outcome`` (see `write_fixes`): what remains is ``outcome.after``,
    or, when a file changed while it was being fixed, the project under ``paths`` checked
    again as it is on disk now. UsageError when a file cannot be written."""
    fixed, changed = write_fixes(outcome.files, config.root)
    remaining = outcome.after
    if changed:
        remaining = analysed(config, paths, selection, None, python_files)
    return Written(tuple(fixed), tuple(changed), remaining)


def offered_fixes(result: CheckResult) -> dict[Diagnostic, Fix]:
    """The fix each diagnostic of ``result`` offers, safe or unsafe (what JSON and SARIF
    show); files that cannot be read or decoded offer none."""
    by_path: dict[Path, list[Diagnostic]] = {}
    for diagnostic in result.diagnostics:
        by_path.setdefault(diagnostic.path, []).append(diagnostic)
    found: dict[Diagnostic, Fix] = {}
    for path, diagnostics in by_path.items():
        if path not in result.project.files:
            continue
        data = read_regular_file(path, result.project.config.max_file_size)
        source = None if isinstance(data, Unread) else source_text(data)
        if source is not None:
            for fixable in available_fixes(diagnostics, source.text, result.project, True):
                found[fixable.diagnostic] = fixable.fix
    for file in _doc_files(result, by_path, unsafe=True)[0].values():
        found.update((fixable.diagnostic, fixable.fix) for fixable in file.fixes)
    return found
