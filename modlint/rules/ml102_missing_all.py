"""ML102 missing-all: a locked module's surface is not spelled out by `__all__`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modlint.model import UNSAFE, Diagnostic, Fix, ModuleSurface, Project, Rule, source_lines

if TYPE_CHECKING:
    import libcst as cst


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
    from modlint.fixing import transformed_edits, tree_of  # libcst: only when fixing

    if not diagnostic.message.endswith("defines no __all__"):
        return None
    surface = project.surfaces.get(project.module_of_file.get(diagnostic.path) or "")
    if surface is None:
        return None
    names = sorted({name.name for path, name in surface.exported if path == diagnostic.path})
    tree = tree_of(text)
    if tree is None:
        return None
    lines = source_lines(text)
    blank_before = bool(lines) and bool(lines[-1].strip())
    edits = transformed_edits(tree, _all_appended(_all_statement(names), blank_before))
    return Fix("Define `__all__` with the names the package exports now", edits, UNSAFE)


def _all_statement(names: list[str]) -> cst.SimpleStatementLine:
    """``__all__ = [...]`` on one line when it fits in 100 characters, else one name a line."""
    import libcst as cst

    quoted = ", ".join(f'"{name}"' for name in names)
    statement = f"__all__ = [{quoted}]"
    if len(statement) > 100:
        statement = "__all__ = [\n" + "".join(f'    "{name}",\n' for name in names) + "]"
    return cst.ensure_type(cst.parse_statement(statement + "\n"), cst.SimpleStatementLine)


def _all_appended(statement: cst.SimpleStatementLine, blank_before: bool) -> cst.CSTTransformer:
    """A transformer that appends ``statement`` after everything in the module, trailing
    comments included, after a blank line unless ``blank_before`` is false."""
    import libcst as cst

    class AllAppended(cst.CSTTransformer):
        """The statement appended after everything in the module, trailing comments included,
        after a blank line unless the file already ends with one."""

        def __init__(self, statement: cst.SimpleStatementLine, blank_before: bool) -> None:
            super().__init__()
            self.statement, self.blank_before = statement, blank_before

        def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
            blank = (cst.EmptyLine(),) if self.blank_before else ()
            statement = self.statement.with_changes(leading_lines=(*updated_node.footer, *blank))
            return updated_node.with_changes(
                body=(*updated_node.body, statement), footer=(), has_trailing_newline=True
            )

    return AllAppended(statement, blank_before)


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
