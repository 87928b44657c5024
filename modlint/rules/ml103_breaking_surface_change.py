"""ML103 breaking-surface-change: a locked surface broke against its `.LOCKED` snapshot."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modlint.model import PROJECT_SCOPE, Diagnostic, Rule
from modlint.rules.surface_changes import change_location, surface_changes

if TYPE_CHECKING:
    from modlint.model import Project


def check(project: Project) -> Iterator[Diagnostic]:
    """One diagnostic per breaking change, at the definition that changed."""
    for record, lock, surface, change in surface_changes(project):
        if change.breaking:
            path, line, column = change_location(project, record, surface, change.name)
            yield Diagnostic(
                path,
                line,
                column,
                RULE.code,
                f"{change.description}: breaking change to locked module "
                f"'{record.module}' {lock.version} (unlock it, and lock it again "
                f"as {lock.version.next_major()})",
            )


RULE = Rule(
    code="ML103",
    name="breaking-surface-change",
    summary="A locked module's surface broke against its `.LOCKED` snapshot.",
    what_it_does=(
        "Compares a locked module's surface with the snapshot in its `.LOCKED` file and reports "
        "each breaking change at the definition that changed: a removed name, a new required "
        "parameter, a removed, renamed or moved positional parameter, a narrowed parameter "
        "kind, a changed default or annotation, a lost base class, a function that became "
        "async, an added or removed `@property`, `@staticmethod` or `@classmethod`."
    ),
    why_bad=(
        "Locked modules promise no breaking change without a new major version: each of these "
        "breaks code that uses the module. To change a locked surface, follow the unlocking "
        "process: `modlint unlock`, change the code, `modlint lock --version` with a new major "
        "version."
    ),
    example=(
        '# .LOCKED: "open_store" = "def open_store(url: str, *, timeout: float = 5.0)"\n'
        "def open_store(url: str, *, timeout: float) -> Store: ..."
    ),
    use_instead=(
        "# unchanged while locked, or re-locked as 2.0.0 after `modlint unlock datastore`\n"
        "def open_store(url: str, *, timeout: float = 5.0) -> Store: ..."
    ),
    blocks_lock=False,
    scope=PROJECT_SCOPE,
    check=check,
)
