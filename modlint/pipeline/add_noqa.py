"""`check --add-noqa`: a `# noqa: CODE` for every current violation, on the line whose
directive suppresses it, merged into an existing `# noqa:` comment (other tools' codes kept).

Pure functions: the command line writes the `FileFix` values through `write_fixes`.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from modlint.discovery import Discovery, Unread, read_regular_file
from modlint.model import Config, Diagnostic, Edit, FileFacts, Fix, source_lines
from modlint.pipeline import Selection, analysed
from modlint.pipeline.fixes import (
    Dropped,
    FileFix,
    Fixable,
    apply_fixes,
    parses,
    source_text,
)
from modlint.rules import ml901_syntax_error, ml902_unreadable_file, ml903_unused_noqa

__all__ = [
    "UNSUPPRESSIBLE",
    "NoqaOutcome",
    "add_noqa",
    "noqa_edit",
    "noqa_fixes",
    "suppressing_line",
]

UNSUPPRESSIBLE = frozenset(
    rule.code
    for rule in (ml901_syntax_error.RULE, ml902_unreadable_file.RULE, ml903_unused_noqa.RULE)
)
"""Codes a line's `# noqa` cannot silence: a file that cannot be read or parsed, and the
rule that judges the directives themselves."""

_HEAD = re.compile(r"#\s*(?:modlint\s*:\s*)?noqa\s*:[,\s]*", re.IGNORECASE)
_CODE = r"[A-Z]+[0-9]+(?![A-Za-z0-9])"
_CODES = re.compile(rf"{_CODE}(?:[,\s]+{_CODE})*")


def suppressing_line(diagnostic: Diagnostic, facts: FileFacts) -> int:
    """The line whose `# noqa` suppresses ``diagnostic``: the first line of the import
    statement holding it, else its own line."""
    for statement in facts.imports:
        if statement.first_line <= diagnostic.line <= statement.last_line:
            return statement.first_line
    return diagnostic.line


def noqa_edit(line: int, codes: Iterable[str], text: str, facts: FileFacts) -> Edit | None:
    """The edit that makes line ``line`` of ``text`` suppress ``codes``: the codes merged
    into the line's `# noqa:` directive, or a new `  # noqa: CODES` comment at the line's
    end; None when the line has a directive this cannot merge into (a malformed one)."""
    lines = source_lines(text)
    if not 1 <= line <= len(lines) or any(p.line == line for p in facts.malformed_noqa):
        return None
    content = lines[line - 1].rstrip("\r\n")
    for directive in facts.noqa:
        if directive.line != line or directive.file_level:
            continue
        if directive.codes is None:
            return None  # a blanket directive suppresses everything already
        head = _HEAD.match(content, directive.column - 1, directive.end_column - 1)
        run = _CODES.match(content, head.end(), directive.end_column - 1) if head else None
        if run is None:
            return None
        merged = list(directive.codes) + sorted(set(codes) - set(directive.codes))
        return Edit(line, run.start() + 1, line, run.end() + 1, ", ".join(merged))
    stripped = content.rstrip(" \t")
    return Edit(
        line,
        len(stripped) + 1,
        line,
        len(content) + 1,
        f"  # noqa: {', '.join(sorted(set(codes)))}",
    )


def _lines_ending_in_strings(text: str) -> set[int] | None:
    """The lines whose end lies inside a string (a triple-quoted one, an f-string's text);
    None when the text does not tokenize."""
    inside: set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type != tokenize.COMMENT and token.end[0] > token.start[0]:
                inside.update(range(token.start[0], token.end[0]))
    except (tokenize.TokenError, SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return inside


def noqa_fixes(
    diagnostics: Sequence[Diagnostic], text: str, facts: FileFacts
) -> tuple[tuple[Fixable, ...], tuple[str, ...]]:
    """One fix per suppressing line of a file's ``diagnostics``: the `# noqa` edit that
    silences all of them on that line (the fix carries the line's first diagnostic); and,
    for each line that needs one and cannot have it, why."""
    by_line: dict[int, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        if diagnostic.code not in UNSUPPRESSIBLE:
            by_line.setdefault(suppressing_line(diagnostic, facts), []).append(diagnostic)
    inside = _lines_ending_in_strings(text)
    found, refused = [], []
    for line, on_line in sorted(by_line.items()):
        if inside is None or line in inside:
            refused.append(f"line {line} ends inside a string, which a comment would join")
            continue
        codes = sorted({d.code for d in on_line})
        edit = noqa_edit(line, codes, text, facts)
        if edit is None:
            refused.append(f"line {line} has a noqa comment whose codes cannot be added to")
            continue
        found.append(Fixable(on_line[0], Fix(f"Add `# noqa: {', '.join(codes)}`", (edit,))))
    return tuple(found), tuple(refused)


@dataclass(frozen=True)
class NoqaOutcome:
    """The files `--add-noqa` would change, and those it cannot."""

    files: tuple[FileFix, ...]
    skipped: tuple[Dropped, ...]


def add_noqa(
    config: Config,
    paths: Sequence[Path] = (),
    selection: Selection = Selection(),
    cache_dir: Path | None = None,
    python_files: Sequence[Path] | Discovery | None = None,
) -> NoqaOutcome:
    """The `# noqa` comments that silence every current violation under ``paths`` in a
    Python file; a file that would not parse after them is skipped and reported."""
    result = analysed(config, paths, selection, cache_dir, python_files)
    by_path: dict[Path, list[Diagnostic]] = {}
    for diagnostic in result.diagnostics:
        if diagnostic.path in result.project.files:
            by_path.setdefault(diagnostic.path, []).append(diagnostic)
    files, skipped = [], []
    for path, diagnostics in by_path.items():
        facts = result.project.files[path]
        if facts.syntax_error or facts.unreadable:
            continue
        data = read_regular_file(path, config.max_file_size)
        if isinstance(data, Unread):
            continue
        source = source_text(data)
        if source is None:
            skipped.append(Dropped(path, "its bytes would not survive decoding and encoding"))
            continue
        fixes, refused = noqa_fixes(diagnostics, source.text, facts)
        skipped += (Dropped(path, reason) for reason in refused)
        applied = apply_fixes(source.text, fixes)
        if applied.text == source.text:
            continue
        if not parses(applied.text):
            skipped.append(Dropped(path, "the file would not parse with the comments"))
            continue
        files.append(FileFix(path, data, source.encoded(applied.text), applied.fixes))
    return NoqaOutcome(tuple(files), tuple(skipped))
