"""ML005 undeclared-external: a third-party import its module or the project does not declare."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modlint.model import FILE_SCOPE, Diagnostic, Rule

if TYPE_CHECKING:
    from modlint.model import Project


def check(project: Project) -> Iterator[Diagnostic]:
    """One diagnostic per third-party import outside the module's `external` list (when it
    has one), else outside the project's declared dependencies (when it has readable ones)."""
    # Imported here: a run that reuses the last findings never needs it.
    from modlint.metadata import normalize

    dependencies = project.dependencies
    if dependencies is None:
        return
    allowed = {
        module.name: None
        if module.external is None
        else {normalize(name) for name in module.external}
        for module in project.config.modules
    }
    for imported in project.externals:
        if imported.source_module is None or imported.ignored:
            continue
        listed = allowed[imported.source_module]
        if listed is None and dependencies.declared is None:
            continue  # nothing to compare with: the distribution is not even looked up
        distribution = dependencies.distribution_of[imported.name]
        if listed is not None:
            if distribution in listed:
                continue
            why = f"which is not in the external list of module '{imported.source_module}'"
        elif dependencies.declared is None or distribution in dependencies.declared:
            continue
        else:
            why = "which the project does not declare as a dependency"
        yield Diagnostic(
            imported.path,
            imported.line,
            imported.column,
            RULE.code,
            f"module '{imported.source_module}' imports '{imported.name}' from distribution "
            f"'{distribution}', {why}",
            end_column=imported.end_column,
        )


RULE = Rule(
    code="ML005",
    name="undeclared-external",
    summary="A third-party import that the module's `external` list, or else the project's "
    "declared dependencies, does not allow.",
    what_it_does=(
        "Reports a third-party import from a module when its distribution is not in the "
        "module's `external` list or, for a module without one, when the project does not "
        "declare it (`[project]` dependencies or an optional group, Poetry's "
        "`[tool.poetry]` dependency tables and groups, PEP 735 `[dependency-groups]`). Import "
        "names map to distributions through `import-names`, the installed metadata, or a "
        "built-in table of common names (`yaml` is PyYAML, `PIL` is Pillow); the standard "
        "library and code outside every module never count. With no declaration anywhere, "
        "a warning says so and only `external` lists are checked."
    ),
    why_bad=(
        "Locked modules should have minimal, well-defined dependencies. A distribution outside "
        "a module's `external` list is a dependency nobody reviewed, and one the project does "
        "not declare works only where someone happened to install it."
    ),
    example=(
        '# [tool.modlint.modules.datastore]  external = ["sqlalchemy"]\n'
        "# datastore/cache.py\n"
        "import redis"
    ),
    use_instead=(
        '# [tool.modlint.modules.datastore]  external = ["sqlalchemy", "redis"]\n'
        "# datastore/cache.py\n"
        "import redis"
    ),
    options=(
        "`external` (per module): the distributions it may use.",
        "`import-names`: import name to distribution, where the installed metadata does not "
        'say (`PIL = "Pillow"`).',
        '`metadata`: `"build-backend"` reads dynamic dependencies through the project\'s build '
        "backend (it runs the project's build code).",
    ),
    needs_metadata=True,
    scope=FILE_SCOPE,
    check=check,
)
