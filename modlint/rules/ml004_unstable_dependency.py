"""ML004 unstable-dependency: a module imports a module of a less stable lock level."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modlint.model import FILE_SCOPE, LEVELS, Rule
from modlint.rules.import_diagnostics import ranked_import

if TYPE_CHECKING:
    from modlint.model import Diagnostic, Project


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
    what_it_does=(
        "Checks every import between two modules and reports it when the imported module is "
        "less stable than the importer: locked modules may import locked modules only, stable "
        "modules locked or stable ones. A module is locked exactly when its folder holds a "
        "`.LOCKED` file; otherwise its level is the configured `level`."
    ),
    why_bad=(
        "A module is only as stable as what it stands on. A locked module's API is frozen; if "
        "it imports a stable or development module, a change there can still break it."
    ),
    example=(
        "# auth/ is locked, user/ is in development\n"
        "# auth/session.py\n"
        "from user.models import User"
    ),
    use_instead=("# auth/session.py uses only locked modules\nfrom datastore import open_store"),
    options=(
        "`level` (per module): `locked`, `stable` or `development` (the default), for a module "
        "without a `.LOCKED` file.",
        "`type-checking-imports`: `false` leaves imports under `if TYPE_CHECKING:` out "
        "(their `else:` still counts).",
    ),
    marks_edges=True,
    scope=FILE_SCOPE,
    check=check,
)
