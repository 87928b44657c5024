"""ML002 undeclared-dependency: an import of a module missing from the importer's depends-on."""

from __future__ import annotations

from typing import Iterator

from modlint.model import Diagnostic, Project, Rule
from modlint.rules.common import at_import


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
    rationale=(
        "`depends-on` is the module's declared list of the modules it may use. Keeping it "
        "explicit makes every new dependency a reviewed change to the configuration instead of "
        "a line slipped into the code. Modules without `depends-on` are not checked."
    ),
    bad_example=(
        "# [tool.modlint.modules.project]  depends-on = [\"datastore\"]\n"
        "# project/tasks.py\n"
        "from messaging import notify"
    ),
    good_example=(
        "# [tool.modlint.modules.project]  depends-on = [\"datastore\", \"messaging\"]\n"
        "# project/tasks.py\n"
        "from messaging import notify"
    ),
    check=check,
)
