"""ML002 undeclared-dependency: an import of a module missing from the importer's depends-on."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modlint.model import FILE_SCOPE, Rule
from modlint.rules.import_diagnostics import at_import

if TYPE_CHECKING:
    from modlint.model import Diagnostic, Project


def check(project: Project) -> Iterator[Diagnostic]:
    """One diagnostic per import from a module with `depends-on` to a module not listed there."""
    allowed = {module.name: module.depends_on for module in project.config.modules}
    for edge in project.module_imports():
        declared = allowed[edge.source]
        if declared is not None and edge.target not in declared:
            yield at_import(
                edge.site,
                RULE.code,
                f"module '{edge.source}' imports '{edge.target}' ({edge.site.target}), which is "
                "not in its depends-on",
            )


RULE = Rule(
    code="ML002",
    name="undeclared-dependency",
    summary="A module imports a module that its `depends-on` does not list.",
    what_it_does=(
        "Checks every import from a module that has a `depends-on` list and reports it when "
        "the imported module is not in that list. Modules without `depends-on` are not checked."
    ),
    why_bad=(
        "`depends-on` is the module's declared list of the modules it may use. Keeping it "
        "explicit makes every new dependency a reviewed change to the configuration instead of "
        "a line slipped into the code."
    ),
    example=(
        '# [tool.modlint.modules.project]  depends-on = ["datastore"]\n'
        "# project/tasks.py\n"
        "from messaging import notify"
    ),
    use_instead=(
        '# [tool.modlint.modules.project]  depends-on = ["datastore", "messaging"]\n'
        "# project/tasks.py\n"
        "from messaging import notify"
    ),
    options=(
        "`depends-on` (per module): the modules it may import; without the key, any.",
        "`type-checking-imports`: `false` leaves imports under `if TYPE_CHECKING:` out "
        "(their `else:` still counts).",
    ),
    marks_edges=True,
    scope=FILE_SCOPE,
    check=check,
)
