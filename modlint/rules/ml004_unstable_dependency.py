"""ML004 unstable-dependency: a module imports a module of a less stable lock level."""

from __future__ import annotations

from typing import Iterator

from modlint.model import LEVELS, Diagnostic, Project, Rule
from modlint.rules.common import ranked_import


def check(project: Project) -> Iterator[Diagnostic]:
    """One diagnostic per import from a module to one less stable than itself."""
    for edge in project.module_imports():
        source, target = project.level(edge.source), project.level(edge.target)
        if LEVELS.index(source) < LEVELS.index(target):
            yield ranked_import(edge, RULE.code, source, target)


RULE = Rule(
    code="ML004",
    name="unstable-dependency",
    summary="A module imports a module of a less stable lock level.",
    rationale=(
        "A module is only as stable as what it stands on. A locked module's API is frozen; if "
        "it imports a stable or development module, a change there can still break it. "
        "Locked modules may use locked modules only, stable modules locked or stable ones. A "
        "module is locked exactly when its folder holds a `.LOCKED` file; otherwise its "
        "`level` comes from the configuration."
    ),
    bad_example=(
        "# auth/ is locked, user/ is in development\n"
        "# auth/session.py\n"
        "from user.models import User"
    ),
    good_example=(
        "# auth/session.py uses only locked modules\n"
        "from datastore import open_store"
    ),
    check=check,
)
