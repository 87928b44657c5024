"""ML001 tier-violation: a module imports a module of a higher tier."""

from __future__ import annotations

from typing import Iterator

from modlint.model import Diagnostic, Project, Rule
from modlint.rules.common import ranked_import


def check(project: Project) -> Iterator[Diagnostic]:
    """One diagnostic per import whose target module sits in a higher tier than its source."""
    config = project.config
    tiers = {module.name: module.tier for module in config.modules}
    for edge in project.module_imports():
        source, target = tiers[edge.source], tiers[edge.target]
        if config.tiers.index(source) < config.tiers.index(target):
            yield ranked_import(edge, RULE.code, source, target)


RULE = Rule(
    code="ML001",
    name="tier-violation",
    summary="A module imports a module of a higher tier.",
    rationale=(
        "Tiers are ordered lowest first (by default foundation, framework, business). Lower "
        "tiers are the base the others build on: when a foundation module imports a business "
        "module, the foundation can no longer be changed, tested or shipped without the "
        "business code, and every change to the business code can break the foundation."
    ),
    bad_example=(
        "# auth/session.py  (auth: foundation, user: business)\n"
        "from user.models import User"
    ),
    good_example=(
        "# auth/session.py depends only on its own tier or lower;\n"
        "# user/ imports auth, never the other way round.\n"
        "from datastore import open_store"
    ),
    check=check,
)
