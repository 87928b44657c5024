"""`modlint docs`: check the lock tables and module READMEs, show or apply the fixes."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from modlint.docs import (
    MARKERS,
    encoded,
    fixed_readme,
    fixed_table,
    module_statuses,
    readme_drift,
    split_lines,
    table_drift,
)
from modlint.model import Config, Diagnostic, DocFile, Project, UsageError
from modlint.pipeline import Selection, analysed
from modlint.rules import RULES
from modlint.support import display_path, remove_stale_temporaries, write_atomically

__all__ = [
    "DocFix",
    "DocsReport",
    "apply_fixes",
    "doc_fixes",
    "docs_report",
    "terminal_safe_line",
]


@dataclass(frozen=True)
class DocFix:
    """The new text of one docs file."""

    doc: DocFile
    text: str

    def diff(self, shown: str) -> str:
        """The unified diff from the file's text to the fixed one, line for line as the file
        splits, safe for a terminal: control characters escaped (``\\x1b``)."""
        assert self.doc.text is not None
        return "".join(
            terminal_safe_line(line)
            for line in difflib.unified_diff(
                split_lines(self.doc.text),
                split_lines(self.text),
                fromfile=f"a/{shown}",
                tofile=f"b/{shown}",
            )
        )


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe_line(line: str) -> str:
    """A line of a unified diff as a terminal may show it: control characters escaped
    (``\\x1b``), a lone carriage return or a missing line end made visible."""
    body = line.rstrip("\r\n")
    ending = line[len(body) :]
    if ending == "\r":  # a lone carriage return would take the cursor back over the line
        body, ending = body + "\r", "\n"
    elif not ending:
        ending = "\n\\ No newline at end of file\n"
    return _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", body) + ending


@dataclass(frozen=True)
class DocsReport:
    """The diagnostics of the docs rules and the fixes that would settle them."""

    diagnostics: tuple[Diagnostic, ...]
    fixes: tuple[DocFix, ...]
    files: tuple[Path, ...] = ()
    """Every docs file and module README, written or not."""

    def unfixed(self) -> tuple[Diagnostic, ...]:
        """The diagnostics of the files that no fix rewrites (what remains after them)."""
        fixed = {fix.doc.path for fix in self.fixes}
        return tuple(d for d in self.diagnostics if d.path not in fixed)


def docs_report(config: Config, cache_dir: Path | None = None) -> DocsReport:
    """What disagrees, and the rewritten files; files whose markers are missing or wrong get
    no fix (their diagnostic says why)."""
    docs_codes = tuple(rule.code for rule in RULES if rule.checks_docs)
    result = analysed(config, (), Selection(select=docs_codes), cache_dir)
    project = result.project
    files = [doc.path for doc in project.docs] + [doc.path for doc in project.readmes.values()]
    return DocsReport(result.diagnostics, doc_fixes(project), tuple(files))


def doc_fixes(project: Project) -> tuple[DocFix, ...]:
    """The rewritten lock tables and module READMEs that disagree with ``project``; files
    whose markers are missing or wrong get no fix (their diagnostic says why)."""
    fixes: list[DocFix] = []
    for doc in project.docs:
        drift = table_drift(project, doc)
        if drift and not any(d.kind == MARKERS for d in drift):
            text = fixed_table(project, doc)
            if text is not None and text != doc.text:
                fixes.append(DocFix(doc, text))
    for status in module_statuses(project):
        readme = project.readmes.get(status.module)
        if readme is not None and readme_drift(project, status, readme):
            text = fixed_readme(status, readme)
            if text is not None and text != readme.text:
                fixes.append(DocFix(readme, text))
    return tuple(fixes)


def apply_fixes(
    fixes: tuple[DocFix, ...], files: tuple[Path, ...] = (), within: Path | None = None
) -> list[Path]:
    """Write each fix atomically, never through a link out of ``within``, and remove the temp
    files that killed writes of ``files`` left, also of those that need no fix now; the paths
    actually changed. UsageError when one cannot be written."""
    for path in files:
        remove_stale_temporaries(path)
    changed = []
    for fix in fixes:
        try:
            if write_atomically(fix.doc.path, encoded(fix.doc, fix.text), within):
                changed.append(fix.doc.path)
        except OSError as error:
            raise UsageError(
                f"cannot write {display_path(fix.doc.path)}: {error.strerror or error}"
            ) from None
    return changed
