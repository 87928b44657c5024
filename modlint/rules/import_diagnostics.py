"""What the import rules share: a diagnostic at an import, and how to word one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from modlint.model import Diagnostic

if TYPE_CHECKING:
    from modlint.model import ModuleImport, ResolvedImport


def at_import(site: ResolvedImport, code: str, message: str) -> Diagnostic:
    """A diagnostic spanning the name that resolves to the import's target."""
    return Diagnostic(
        path=site.path,
        line=site.line,
        column=site.column,
        code=code,
        message=message,
        end_column=site.end_column,
    )


def ranked_import(edge: ModuleImport, code: str, source_rank: str, target_rank: str) -> Diagnostic:
    """``<rank> module 'a' imports <rank> module 'b' (b.target)``, for the rules that order
    modules (tiers, lock levels)."""
    return at_import(
        edge.site,
        code,
        f"{source_rank} module '{edge.source}' imports {target_rank} module '{edge.target}' "
        f"({edge.site.target})",
    )
