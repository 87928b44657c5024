"""ML001 tier-violation: a module imports a module of a higher tier."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modlint.model import FILE_SCOPE, Rule
from modlint.rules.import_diagnostics import ranked_import

if TYPE_CHECKING:
    from modlint.model import Diagnostic, Project


def check(project: Project) -> Iterator[Diagnostic]:
    """One diagnostic per import whose target module sits in a higher tier than its source
    (modules without a tier are in no order)."""
    config = project.config
    tiers = {module.name: module.tier for module in config.modules}
    for edge in project.module_imports():
        source, target = tiers[edge.source], tiers[edge.target]
        if source is None or target is None:
            continue
        if config.tiers.index(source) < config.tiers.index(target):
            yield ranked_import(edge, RULE.code, source, target)


RULE = Rule(
    code="ML001",
    name="tier-violation",
    summary="A module imports a module of a higher tier.",
    what_it_does=(
        "Checks every import between two modules and reports it when the imported module sits "
        "in a higher tier than the importer. Tiers are ordered lowest first (by default "
        "foundation, framework, business); imports within a tier or down to a lower one are "
        "allowed, and imports between files of the same module are never reported."
    ),
    why_bad=(
        "Lower tiers are the base the others build on: when a foundation module imports a "
        "business module, the foundation can no longer be changed, tested or shipped without the "
        "business code, and every change to the business code can break the foundation."
    ),
    example=("# auth/session.py  (auth: foundation, user: business)\nfrom user.models import User"),
    use_instead=(
        "# auth/session.py depends only on its own tier or lower;\n"
        "# user/ imports auth, never the other way round.\n"
        "from datastore import open_store"
    ),
    options=(
        "`tiers`: the tier names, lowest first.",
        "`tier` (per module): the module's tier; a module without one is not checked.",
        "`type-checking-imports`: `false` leaves imports under `if TYPE_CHECKING:` out "
        "(their `else:` still counts).",
    ),
    marks_edges=True,
    scope=FILE_SCOPE,
    check=check,
)
