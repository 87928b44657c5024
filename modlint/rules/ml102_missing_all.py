"""ML102 missing-all: a locked module's surface is not spelled out by `__all__`."""

from __future__ import annotations

from collections.abc import Iterator

from modlint.model import UNSAFE, Diagnostic, Edit, Fix, ModuleSurface, Project, Rule, source_lines


def missing_all(surface: ModuleSurface, lead: str = "") -> Iterator[Diagnostic]:
    """One diagnostic per `__all__` problem of one module's surface (a package without a
    literal `__all__`, a listed name that does not exist), its message led by ``lead``;
    `modlint lock` asks this of the module it is about to lock."""
    for problem in surface.problems:
        yield Diagnostic(
            problem.path,
            problem.problem.line,
            problem.problem.column,
            RULE.code,
            f"{lead}{problem.problem.message}",
        )


def check(project: Project) -> Iterator[Diagnostic]:
    """Each locked module whose packages lack a readable `__all__`, or whose `__all__` names
    something that does not exist."""
    for name, record in project.locks.items():
        surface = project.surfaces.get(name)
        if surface is None:
            continue
        if not surface.init_files:
            yield Diagnostic(
                record.path,
                1,
                1,
                RULE.code,
                f"locked module '{name}' has no package `__init__.py` to define its surface",
            )
        yield from missing_all(surface, f"locked module '{name}': ")


def fix(diagnostic: Diagnostic, text: str, project: Project) -> Fix | None:
    """For a package that defines no `__all__`: append one listing the names it exports now
    (public definitions, public names imported from the project); unsafe, since it fixes
    the surface. Other `__all__` problems have no fix."""
    if not diagnostic.message.endswith("defines no __all__"):
        return None
    surface = project.surfaces.get(project.module_of_file.get(diagnostic.path) or "")
    if surface is None:
        return None
    names = sorted({name.name for path, name in surface.exported if path == diagnostic.path})
    lines = source_lines(text)
    ending = _line_ending(lines)
    statement = _all_statement(names, ending)
    last = lines[-1] if lines else ""
    if last and not last.endswith(("\r", "\n")):  # the file ends without a line break
        at = (len(lines), len(last) + 1)
        statement = ending + ending + statement
    else:
        at = (len(lines) + 1, 1)
        statement = ending + statement if last.strip() else statement
    return Fix(
        "Define `__all__` with the names the package exports now",
        (Edit(at[0], at[1], at[0], at[1], statement),),
        UNSAFE,
    )


def _line_ending(lines: list[str]) -> str:
    """The file's first line break, or a newline when it has none."""
    for line in lines:
        body = line.rstrip("\r\n")
        if body != line:
            return line[len(body) :]
    return "\n"


def _all_statement(names: list[str], ending: str) -> str:
    """``__all__ = [...]`` on one line when it fits in 100 characters, else one name a line."""
    quoted = ", ".join(f'"{name}"' for name in names)
    statement = f"__all__ = [{quoted}]"
    if len(statement) <= 100:
        return statement + ending
    listed = "".join(f'    "{name}",{ending}' for name in names)
    return f"__all__ = [{ending}{listed}]{ending}"


RULE = Rule(
    code="ML102",
    name="missing-all",
    summary="A locked module's package defines no `__all__`, or `__all__` names something that "
    "does not exist.",
    what_it_does=(
        "Reports a locked module whose package `__init__.py` (or, for a single-file module, "
        "whose file) has no literal `__all__` (a list "
        "or tuple, with `+=`, `.extend()` and `.append()`), whose `__all__` names something "
        "that does not exist at run time, or that has no package `__init__.py` at all. "
        "`modlint lock` refuses a module with these problems."
    ),
    why_bad=(
        "A locked module's surface is what it promises to keep. `__all__` makes that promise "
        "explicit and minimal: without it every public name, helpers included, becomes part of "
        "the frozen API. A name listed in `__all__` that is neither defined nor imported (or "
        "imported only under `TYPE_CHECKING`) fails `from module import *` at run time."
    ),
    example=("# datastore/__init__.py\nfrom .store import Store, open_store, helper"),
    use_instead=(
        "# datastore/__init__.py\n"
        "from .store import Store, open_store\n\n"
        '__all__ = ["Store", "open_store"]'
    ),
    blocks_lock=False,
    check=check,
    fix=fix,
    fix_applicability=UNSAFE,
)
