"""ML204 unused-dependency: a `depends-on` or `external` entry the module never imports."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modlint.model import PROJECT_SCOPE, Diagnostic, Rule

if TYPE_CHECKING:
    from modlint.model import ModuleConfig, Project


def _checked(project: Project, module: ModuleConfig) -> bool:
    return module.exact or project.level(module.name) == "locked"


def _imported_modules(project: Project) -> dict[str, set[str]]:
    used: dict[str, set[str]] = {}
    for edge in project.module_imports():
        used.setdefault(edge.source, set()).add(edge.target)
    return used


def _imported_distributions(project: Project) -> dict[str, set[str]] | None:
    dependencies = project.dependencies
    if dependencies is None:
        # Not read when nothing of the project imports a third-party name: then no entry is used.
        return None if project.externals else {}
    used: dict[str, set[str]] = {}
    # Only modules with an `external` list are compared: the others' distributions would be
    # looked up (reading the installed metadata) for nothing.
    listing = {module.name for module in project.config.modules if module.external}
    for imported in project.externals:
        source = imported.source_module
        if source is not None and source in listing:
            distribution = dependencies.distribution_of[imported.name]
            used.setdefault(source, set()).add(distribution)
    return used


def check(project: Project) -> Iterator[Diagnostic]:
    """One diagnostic per `depends-on` entry (and `external` entry, when the import names'
    distributions are known) that a locked or `exact` module never imports, at the entry."""
    modules = _imported_modules(project)
    distributions = _imported_distributions(project)
    for module in project.config.modules:
        yield from _unused(project, module, modules, distributions)


def module_diagnostics(project: Project, module: ModuleConfig) -> Iterator[Diagnostic]:
    """The diagnostics of ``module``."""
    yield from _unused(
        project, module, _imported_modules(project), _imported_distributions(project)
    )


def _unused(
    project: Project,
    module: ModuleConfig,
    modules: dict[str, set[str]],
    distributions: dict[str, set[str]] | None,
) -> Iterator[Diagnostic]:
    from modlint.metadata import normalize  # a run reusing the last findings never needs it

    if not _checked(project, module):
        return
    for entry in module.depends_on or ():
        if entry not in modules.get(module.name, set()):
            yield _diagnostic(project, module, "depends-on", entry)
    if distributions is None:
        return
    for entry in module.external or ():
        if normalize(entry) not in distributions.get(module.name, set()):
            yield _diagnostic(project, module, "external", entry)


def _diagnostic(project: Project, module: ModuleConfig, key: str, entry: str) -> Diagnostic:
    """The diagnostic of the unused ``entry`` of ``key``, at the entry (else at the key)."""
    line, column = module.entries.get((key, entry), (module.lines.get(key, 1), 1))
    return Diagnostic(
        project.config.file,
        line,
        column,
        RULE.code,
        f"module '{module.name}' lists '{entry}' in {key} but never imports it",
    )


RULE = Rule(
    code="ML204",
    name="unused-dependency",
    summary="A `depends-on` or `external` entry of a locked (or `exact`) module that it never "
    "imports.",
    what_it_does=(
        "For every locked module (it has a `.LOCKED` file), and every module configured with "
        "`exact = true`, reports each entry of `depends-on` that no file of the module imports, "
        "and each distribution of `external` that none of its imports comes from, at the entry "
        "in the configuration."
    ),
    why_bad=(
        "The locking strategy asks of locked modules that their dependencies be minimal. An "
        "entry nothing uses still permits the dependency: the next import of it passes ML002 "
        "and ML005 unreviewed, and the declared architecture overstates what the module needs."
    ),
    example=(
        '# [tool.modlint.modules.auth]  depends-on = ["datastore", "logs"]\n'
        "# auth/ imports datastore only"
    ),
    use_instead=('# [tool.modlint.modules.auth]  depends-on = ["datastore"]'),
    options=(
        "`depends-on` (per module): the modules it may import.",
        "`external` (per module): the third-party distributions it may import.",
        "`exact` (per module): `true` checks a module that is not locked too (as tach's `exact`).",
    ),
    needs_metadata=True,
    scope=PROJECT_SCOPE,
    check=check,
)
