"""ML901 syntax-error, ML902 unreadable-file and ML903 unused-noqa: problems with the input."""

from __future__ import annotations

from typing import Iterator

from modlint.model import Diagnostic, Project, Rule


def check_syntax_errors(project: Project) -> Iterator[Diagnostic]:
    """One diagnostic per file that does not parse, at the error's position."""
    for path, facts in project.files.items():
        if facts.syntax_error is not None:
            problem = facts.syntax_error
            yield Diagnostic(path, problem.line, problem.column, SYNTAX_ERROR.code, problem.message)


def check_unreadable_files(project: Project) -> Iterator[Diagnostic]:
    """One diagnostic at line 1 of each file that cannot be read or decoded."""
    for path, facts in project.files.items():
        if facts.unreadable is not None:
            problem = facts.unreadable
            yield Diagnostic(path, 1, 1, UNREADABLE_FILE.code, problem.message)


SYNTAX_ERROR = Rule(
    code="ML901",
    name="syntax-error",
    summary="A file does not parse as Python; its imports are unknown, the rest is still checked.",
    rationale=(
        "modlint reads imports from the syntax tree, so it cannot see the dependencies of a "
        "file that does not parse. It reports the error where the parser stopped and checks "
        "every other file as usual, so one broken file never hides the rest."
    ),
    bad_example="def open_store(url:\n    ...",
    good_example="def open_store(url: str) -> Store:\n    ...",
    check=check_syntax_errors,
)

UNREADABLE_FILE = Rule(
    code="ML902",
    name="unreadable-file",
    summary="A file cannot be read, or is not valid in its declared encoding (UTF-8 by default).",
    rationale=(
        "A file that cannot be read or decoded is as invisible to modlint as to Python's "
        "import system. The message says which byte is wrong, so it can be fixed or the file "
        "excluded."
    ),
    bad_example="# a file saved as Latin-1 without a coding line:\nname = 'caf\\xe9'",
    good_example="# the same file saved as UTF-8\nname = 'café'",
    check=check_unreadable_files,
)

UNUSED_NOQA = Rule(
    code="ML903",
    name="unused-noqa",
    summary="A `# noqa: ML…` directive suppresses nothing.",
    rationale=(
        "A suppression that no longer suppresses anything hides the next real violation on "
        "that line. The message says which codes are unused, not enabled or unknown. Only ML "
        "codes are checked: codes of other tools (E501, F401) are theirs to judge. Emitted by "
        "the suppression stage after every other rule has run."
    ),
    bad_example="from datastore import open_store  # noqa: ML001",
    good_example="from datastore import open_store",
)
