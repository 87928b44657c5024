"""ML105 unused-public-name: a locked module exports a name no other module uses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modlint.model import Diagnostic, Rule
from modlint.rules.surfaces import module_bindings, package_of

if TYPE_CHECKING:
    from modlint.model import Project


def _used_names(project: Project, module: str) -> set[str]:
    """Top-level names of ``module``'s packages that other modules import or reach."""
    surface = project.surfaces[module]
    used: set[str] = set()
    for site in project.imports:
        if site.target_module != module or site.source_module in (None, module):
            continue
        package = package_of(surface, site.target)
        if package is None:
            continue
        if site.target == package:
            used.update(name.name for name in site.names)
        else:
            used.add(site.target[len(package) + 1 :].split(".")[0])
    for path, facts in project.files.items():
        source = project.module_of_file.get(path)
        if source in (None, module) or not facts.attribute_chains:
            continue
        bindings = module_bindings(
            facts, project.index.files.get(path), path.name == "__init__.py", project.index
        )
        for chain in facts.attribute_chains:
            if bindings.get(chain.root) in surface.packages and chain.attributes:
                used.add(chain.attributes[0].name)
    return used


def check(project: Project) -> Iterator[Diagnostic]:
    """One diagnostic per exported name of a locked module that no other module uses."""
    for module in project.locks:
        surface = project.surfaces.get(module)
        if surface is None:
            continue
        used = _used_names(project, module)
        for path, name in surface.exported:
            if name.name not in used and name.line:
                yield Diagnostic(
                    path,
                    name.line,
                    name.column,
                    RULE.code,
                    f"'{name.name}' is exported by locked module '{module}' but no "
                    "other module uses it (keep the surface minimal)",
                    end_column=name.column + len(name.name),
                )


RULE = Rule(
    code="ML105",
    name="unused-public-name",
    summary="A locked module exports a name that no other module uses (off by default).",
    what_it_does=(
        "Reports each exported name of a locked module, at its place in `__all__`, that no "
        "other module of the project imports or reaches through attribute access."
    ),
    why_bad=(
        "Every exported name of a locked module is a promise that is costly to change. A name "
        "nobody uses is a promise kept for nothing: drop it from `__all__` before locking, or "
        "when the module is next unlocked."
    ),
    example='# datastore/__init__.py\n__all__ = ["Store", "open_store", "DEFAULT_TIMEOUT"]',
    use_instead='# datastore/__init__.py\n__all__ = ["Store", "open_store"]',
    options=(
        "`extend-select`: the rule is off by default, because a library's users may live "
        'outside the project; enable it by its exact code (`extend-select = ["ML105"]`, or '
        "`--extend-select ML105`).",
    ),
    default_enabled=False,
    blocks_lock=False,
    check=check,
)
