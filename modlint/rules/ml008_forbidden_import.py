"""ML008 forbidden-import: a module imports a name that `forbidden` lists for it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from modlint.model import FILE_SCOPE, Diagnostic, Rule

if TYPE_CHECKING:
    from modlint.model import ExternalImport, Project, ResolvedImport


def check(project: Project) -> Iterator[Diagnostic]:
    """One diagnostic per import of a module whose target falls under a `forbidden` entry of
    that module or of the top level (imports within a module and ignored imports excepted)."""
    config = project.config
    folders = {module.name: module.path for module in config.modules}
    entries = {
        module.name: [(name, f"forbidden of module '{module.name}'") for name in module.forbidden]
        + [(name, "the top-level forbidden") for name in config.forbidden]
        for module in config.modules
    }
    for site in project.imports:
        source = site.source_module
        if source is None or site.ignored or source == site.target_module:
            continue
        location = project.index.location(site.target)
        for entry, origin in entries[source]:
            if _under(site.target, entry) or (
                entry in folders and _inside(location, folders[entry])
            ):
                yield _diagnostic(site, site.target, source, entry, origin)
                break
    for outside in (*project.externals, *project.stdlib):
        if outside.source_module is None or outside.ignored:
            continue
        for entry, origin in entries[outside.source_module]:
            if _under(outside.module, entry):
                yield _diagnostic(outside, outside.module, outside.source_module, entry, origin)
                break


def _under(name: str, prefix: str) -> bool:
    """Whether the dotted ``name`` is ``prefix`` or one of its submodules."""
    return name == prefix or name.startswith(prefix + ".")


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _diagnostic(
    site: ResolvedImport | ExternalImport, imported: str, source: str, entry: str, origin: str
) -> Diagnostic:
    """``module 'a' imports 'x.y', which 'x' in <origin> forbids``, at the import."""
    return Diagnostic(
        path=site.path,
        line=site.line,
        column=site.column,
        code=RULE.code,
        message=f"module '{source}' imports '{imported}', forbidden by '{entry}' in {origin}",
        end_column=site.end_column,
    )


RULE = Rule(
    code="ML008",
    name="forbidden-import",
    summary="A module imports a name that `forbidden` lists for it or for every module.",
    what_it_does=(
        "Checks every import of a module's files against the `forbidden` lists: the top-level "
        "one, which applies to every module, and the module's own. An entry is a dotted import "
        "name and forbids that name and everything below it, whether first-party (a dotted "
        "import name, or the name of a declared module, which forbids every file in it), "
        "standard library (`pickle`) or third party (`requests`). Imports between files of the "
        "same module and imports that `ignore-imports` matches are not reported."
    ),
    why_bad=(
        "Some dependencies are wrong whatever the tiers say: a domain model that talks HTTP, "
        "a library that pulls in a web framework, code that unpickles data. Listing them makes "
        "each such import fail review-free, at the line that adds it."
    ),
    example=(
        '# [tool.modlint.modules.models]  forbidden = ["requests"]\n'
        "# models/order.py\n"
        "import requests"
    ),
    use_instead=(
        "# models/order.py gets what it needs from its caller\n"
        "def order_from(payload: dict) -> Order: ..."
    ),
    options=(
        "`forbidden` (top level): import names no module may import.",
        "`forbidden` (per module): import names this module may not import.",
        "`ignore-imports`: single imports that are no dependency.",
        "`type-checking-imports`: `false` leaves imports under `if TYPE_CHECKING:` out "
        "(their `else:` still counts).",
    ),
    marks_edges=True,
    scope=FILE_SCOPE,
    check=check,
)
