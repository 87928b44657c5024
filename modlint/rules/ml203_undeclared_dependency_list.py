"""ML203 undeclared-dependency-list: a locked or stable module without a `depends-on` list."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modlint.model import PROJECT_SCOPE, Diagnostic, Rule

if TYPE_CHECKING:
    from modlint.model import ModuleConfig, Project


def check(project: Project) -> Iterator[Diagnostic]:
    """One diagnostic per locked or stable module (its effective level) that has no
    `depends-on`, at its table in the configuration."""
    for module in project.config.modules:
        yield from module_diagnostics(project, module)


def module_diagnostics(project: Project, module: ModuleConfig) -> Iterator[Diagnostic]:
    """The diagnostic of ``module``, if it has one."""
    level = project.level(module.name)
    if module.depends_on is None and level in ("locked", "stable"):
        yield Diagnostic(
            project.config.file,
            module.lines.get("", 1),
            1,
            RULE.code,
            f"{level} module '{module.name}' has no depends-on list: declare the modules "
            "it may import (`depends-on = []` for none)",
        )


RULE = Rule(
    code="ML203",
    name="undeclared-dependency-list",
    summary="A locked or stable module has no `depends-on` list (off unless selected).",
    what_it_does=(
        "Reports a module whose level is locked (it has a `.LOCKED` file) or stable and whose "
        "configuration has no `depends-on` key, at the module's table. Off unless selected "
        '(`extend-select = ["ML203"]`); once selected, `modlint lock` also refuses a module '
        "that would break it."
    ),
    why_bad=(
        "The locking strategy asks of locked and stable modules that their dependencies be "
        "well-defined. Without `depends-on` any import of another module is allowed "
        "(ML002 checks nothing), so the module's dependencies are whatever the code says today."
    ),
    example=('[tool.modlint.modules.auth]\ntier = "foundation"\nlevel = "stable"'),
    use_instead=(
        '[tool.modlint.modules.auth]\ntier = "foundation"\nlevel = "stable"\n'
        'depends-on = ["datastore", "logs"]'
    ),
    options=(
        "`depends-on` (per module): the modules it may import; `[]` for none.",
        "`level` (per module): the module's level when it has no `.LOCKED` file.",
    ),
    default_enabled=False,
    scope=PROJECT_SCOPE,
    check=check,
)
