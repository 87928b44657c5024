"""ML102 missing-all: a locked module's surface is not spelled out by `__all__`."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from modlint.model import PROJECT_SCOPE, UNSAFE, Diagnostic, Rule

if TYPE_CHECKING:
    import libcst as cst

    from modlint.model import Fix, ModuleSurface, Project


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
    (public definitions, public names imported from the project); for a literal `__all__`
    that leaves out public definitions: add all of them to it, in the literal's style. Both
    are unsafe, since they fix the surface. Other `__all__` problems have no fix."""
    # Imported here: a run that reuses the last findings never needs it.
    from modlint.locking import UNLISTED_TAIL

    surface = project.surfaces.get(project.module_of_file.get(diagnostic.path) or "")
    if surface is None:
        return None
    if diagnostic.message.endswith("defines no __all__"):
        return _defined_all(diagnostic, text, surface)
    names = surface.unlisted.get(diagnostic.path, ())
    if diagnostic.message.endswith(UNLISTED_TAIL) and names:
        return _completed_all(text, names)
    return None


def _defined_all(diagnostic: Diagnostic, text: str, surface: ModuleSurface) -> Fix | None:
    """`__all__` appended to a file that has none, listing the names it exports now."""
    from modlint.fixing import transformed_edits, tree_of  # libcst: only when fixing
    from modlint.model import Fix, source_lines

    names = sorted({name.name for path, name in surface.exported if path == diagnostic.path})
    tree = tree_of(text)
    if tree is None:
        return None
    lines = source_lines(text)
    blank_before = bool(lines) and bool(lines[-1].strip())
    edits = transformed_edits(tree, _all_appended(_all_statement(names), blank_before))
    return Fix("Define `__all__` with the names the package exports now", edits, UNSAFE)


@lru_cache(maxsize=4)  # every diagnostic of the file asks for this same fix: compute it once
def _completed_all(text: str, names: tuple[str, ...]) -> Fix | None:
    """``names`` added to the file's one literal `__all__` (each at its place when the
    literal is sorted, else at its end); None when `__all__` is also changed elsewhere
    (``+=``, ``.extend()``, a second assignment) or is not a list or tuple of plain strings."""
    from modlint.fixing import transformed_edits, tree_of  # libcst: only when fixing
    from modlint.model import Fix

    tree = tree_of(text)
    literal = _only_literal_all(tree.module) if tree is not None else None
    if tree is None or literal is None:
        return None
    # The whole module is transformed, not the node alone: a literal inside a block renders
    # its lines' indentation only in its place.
    edits = transformed_edits(tree, _replaced(literal, _extended(literal, names)))
    if not edits:
        return None
    listed = ", ".join(f"`{name}`" for name in names)
    return Fix(f"Add {listed} to `__all__`", edits, UNSAFE)


def _only_literal_all(module: cst.Module) -> cst.List | cst.Tuple | None:
    """The list or tuple of plain strings assigned to `__all__`, when that assignment is
    the only statement in the file that binds or changes `__all__`."""
    import libcst as cst
    import libcst.matchers as m

    target = m.Name("__all__")
    changes = m.findall(
        module,
        m.Assign(targets=[m.ZeroOrMore(), m.AssignTarget(target), m.ZeroOrMore()])
        | m.AnnAssign(target=target)
        | m.AugAssign(target=target)
        | m.Call(func=m.Attribute(value=target))
        | m.Del(target=target),
    )
    if len(changes) != 1:
        return None
    change = changes[0]
    if isinstance(change, cst.Assign) and len(change.targets) == 1:
        value = change.value
    elif isinstance(change, cst.AnnAssign) and change.value is not None:
        value = change.value
    else:
        return None
    if not isinstance(value, (cst.List, cst.Tuple)) or not all(
        isinstance(e, cst.Element) and isinstance(e.value, cst.SimpleString) for e in value.elements
    ):
        return None
    return value


def _extended(literal: cst.List | cst.Tuple, names: tuple[str, ...]) -> cst.List | cst.Tuple:
    """``literal`` with ``names`` added, laid out as its elements are: the quote of its
    last string, its separator (one name a line with that line's indentation, or all on one
    line), its trailing comma; its comments stay where they are. In a sorted literal of two
    or more each name goes to its sorted place, else they are appended in the given order."""
    import libcst as cst

    elements = list(literal.elements)
    opening, closing = _bracket_whitespace(literal)
    last = elements[-1].value if elements else None
    quote = last.value[-1] if isinstance(last, cst.SimpleString) else '"'
    between = _separator(elements, opening)
    listed = [_string_value(element) for element in elements]
    is_sorted = len(listed) >= 2 and listed == sorted(listed)
    within = sorted(name for name in names if is_sorted and name < listed[-1])
    appended = [name for name in names if name not in within]
    if within:
        elements, opening = _inserted(elements, opening, within, listed, quote, between)
    if not appended:
        return _with_opening(literal.with_changes(elements=elements), opening)
    if is_sorted:
        appended.sort()
    comma = cst.Comma(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=between)
    added = [_element(name, quote, comma) for name in appended]
    end = cst.Comma(whitespace_before=cst.SimpleWhitespace(""))
    trailing = _keeps_trailing_comma(literal, closing)
    added[-1] = added[-1].with_changes(comma=end if trailing else cst.MaybeSentinel.DEFAULT)
    if elements:
        old = elements[-1].comma
        after, closing = _comment_kept(closing, between)
        elements[-1] = elements[-1].with_changes(
            comma=cst.Comma(
                whitespace_before=(
                    old.whitespace_before
                    if isinstance(old, cst.Comma)
                    else cst.SimpleWhitespace("")
                ),
                whitespace_after=after,
            )
        )
    extended = literal.with_changes(elements=[*elements, *added])
    return _with_closing(_with_opening(extended, opening), closing)


def _string_value(element: cst.BaseElement) -> str:
    """The text of a plain string element."""
    import libcst as cst

    value = cst.ensure_type(element.value, cst.SimpleString).evaluated_value
    return value if isinstance(value, str) else ""


def _element(name: str, quote: str, comma: cst.Comma) -> cst.Element:
    """``name`` as a string element in ``quote``, followed by ``comma``."""
    import libcst as cst

    return cst.Element(cst.SimpleString(f"{quote}{name}{quote}"), comma)


def _inserted(
    elements: list[cst.BaseElement],
    opening: cst.BaseParenthesizableWhitespace | None,
    names: list[str],
    listed: list[str],
    quote: str,
    between: cst.BaseParenthesizableWhitespace,
) -> tuple[list[cst.BaseElement], cst.BaseParenthesizableWhitespace | None]:
    """``elements`` with each of the sorted ``names`` inserted before the first listed name
    that sorts after it, and the new whitespace after the opening bracket: an element keeps
    the comment at the end of its line, and the comment lines above the element they lead."""
    import libcst as cst

    result: list[cst.BaseElement] = []
    for index, element in enumerate(elements):
        before = [
            name
            for name in names
            if name < listed[index] and (index == 0 or listed[index - 1] < name)
        ]
        if before:
            ahead = opening if index == 0 else _comma_after(result[-1])
            to_new, to_next = _comment_lines_kept(ahead, between)
            if index == 0:
                opening = to_new
            else:
                result[-1] = result[-1].with_changes(
                    comma=cst.ensure_type(result[-1].comma, cst.Comma).with_changes(
                        whitespace_after=to_new
                    )
                )
            comma = cst.Comma(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=between)
            result += [_element(name, quote, comma) for name in before]
            result[-1] = result[-1].with_changes(comma=comma.with_changes(whitespace_after=to_next))
        result.append(element)
    return result, opening


def _comma_after(element: cst.BaseElement) -> cst.BaseParenthesizableWhitespace:
    """What follows the comma after ``element`` (not the last one: it has a comma)."""
    import libcst as cst

    return cst.ensure_type(element.comma, cst.Comma).whitespace_after


def _comment_lines_kept(
    ahead: cst.BaseParenthesizableWhitespace | None,
    between: cst.BaseParenthesizableWhitespace,
) -> tuple[cst.BaseParenthesizableWhitespace | None, cst.BaseParenthesizableWhitespace]:
    """What leads to an inserted element, and what follows it, for an insertion where
    ``ahead`` led to the next element: the comment ending the line before stays there, the
    comment lines move below the inserted element, with the element they lead."""
    import libcst as cst

    if not isinstance(ahead, cst.ParenthesizedWhitespace) or not isinstance(
        between, cst.ParenthesizedWhitespace
    ):
        return ahead, between
    to_new = ahead.with_changes(empty_lines=[], indent=between.indent, last_line=between.last_line)
    to_next = ahead.with_changes(first_line=cst.TrailingWhitespace())
    return to_new, to_next


def _with_opening(
    literal: cst.List | cst.Tuple, opening: cst.BaseParenthesizableWhitespace | None
) -> cst.List | cst.Tuple:
    """``literal`` with ``opening`` after its opening bracket."""
    import libcst as cst

    if opening is None:
        return literal
    if isinstance(literal, cst.List):
        return literal.with_changes(
            lbracket=literal.lbracket.with_changes(whitespace_after=opening)
        )
    lpar = [literal.lpar[0].with_changes(whitespace_after=opening), *literal.lpar[1:]]
    return literal.with_changes(lpar=lpar)


def _replaced(old: cst.List | cst.Tuple, new: cst.List | cst.Tuple) -> cst.CSTTransformer:
    """A transformer that puts ``new`` where the node ``old`` is."""
    import libcst as cst

    class Replaced(cst.CSTTransformer):
        """``new`` where ``old`` was."""

        def leave_List(self, original_node: cst.List, updated_node: cst.List) -> cst.BaseExpression:
            return new if original_node is old else updated_node

        def leave_Tuple(
            self, original_node: cst.Tuple, updated_node: cst.Tuple
        ) -> cst.BaseExpression:
            return new if original_node is old else updated_node

    return Replaced()


def _bracket_whitespace(
    literal: cst.List | cst.Tuple,
) -> tuple[cst.BaseParenthesizableWhitespace | None, cst.BaseParenthesizableWhitespace | None]:
    """The whitespace after the opening bracket and before the closing one (None for a tuple
    without parentheses)."""
    import libcst as cst

    if isinstance(literal, cst.List):
        return literal.lbracket.whitespace_after, literal.rbracket.whitespace_before
    if not literal.lpar or not literal.rpar:
        return None, None
    return literal.lpar[0].whitespace_after, literal.rpar[-1].whitespace_before


def _separator(
    elements: list[cst.BaseElement], opening: cst.BaseParenthesizableWhitespace | None
) -> cst.BaseParenthesizableWhitespace:
    """What follows a comma between two elements: as between the last two, without their
    comments; else, in a literal of one, a new line indented as its first element is."""
    import libcst as cst

    previous = elements[-2].comma if len(elements) >= 2 else None
    if isinstance(previous, cst.Comma):
        found: cst.BaseParenthesizableWhitespace | None = previous.whitespace_after
    elif len(elements) == 1 and isinstance(opening, cst.ParenthesizedWhitespace):
        found = opening
    else:
        found = None
    if isinstance(found, cst.ParenthesizedWhitespace):
        return found.with_changes(first_line=cst.TrailingWhitespace(), empty_lines=[])
    return found if found is not None else cst.SimpleWhitespace(" ")


def _keeps_trailing_comma(
    literal: cst.List | cst.Tuple, closing: cst.BaseParenthesizableWhitespace | None
) -> bool:
    """Whether the extended literal ends with a comma: when it did, unless that comma only
    made a one-line tuple of one (``("name",)``); always for a tuple of one."""
    import libcst as cst

    elements = literal.elements
    if not elements:
        return False
    if isinstance(literal, cst.Tuple) and len(elements) == 1:
        if not isinstance(closing, cst.ParenthesizedWhitespace):
            return False
    return isinstance(elements[-1].comma, cst.Comma)


def _comment_kept(
    closing: cst.BaseParenthesizableWhitespace | None,
    between: cst.BaseParenthesizableWhitespace,
) -> tuple[cst.BaseParenthesizableWhitespace, cst.BaseParenthesizableWhitespace | None]:
    """What follows the old last element's comma, and the new closing whitespace: a comment
    that ended the old last element's line stays on that line; comment lines before the
    closing bracket stay before it."""
    import libcst as cst

    if not isinstance(closing, cst.ParenthesizedWhitespace) or not isinstance(
        between, cst.ParenthesizedWhitespace
    ):
        return between, closing
    after = between.with_changes(first_line=closing.first_line)
    return after, closing.with_changes(first_line=cst.TrailingWhitespace())


def _with_closing(
    literal: cst.List | cst.Tuple, closing: cst.BaseParenthesizableWhitespace | None
) -> cst.List | cst.Tuple:
    """``literal`` with ``closing`` before its closing bracket."""
    import libcst as cst

    if closing is None:
        return literal
    if isinstance(literal, cst.List):
        return literal.with_changes(
            rbracket=literal.rbracket.with_changes(whitespace_before=closing)
        )
    rpar = [*literal.rpar[:-1], literal.rpar[-1].with_changes(whitespace_before=closing)]
    return literal.with_changes(rpar=rpar)


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
    summary="A locked module's package defines no `__all__`, or its `__all__` names something "
    "that does not exist or leaves out a public name defined there.",
    what_it_does=(
        "Reports a locked module whose package `__init__.py` (or, for a single-file module, "
        "whose file) has no literal `__all__` (a list "
        "or tuple, with `+=`, `.extend()` and `.append()`), whose `__all__` names something "
        "that does not exist at run time, whose literal `__all__` leaves out a public name "
        "the file defines (a `def`, `class` or assignment at module level, reported at the "
        "definition; names it imports, even with a fallback assignment as in `except "
        "ImportError: json = None`, `_private` names and dunders do not count), or "
        "that has no package `__init__.py` at all. "
        "`modlint lock` refuses a module with these problems. "
        "Unsafe fix (it changes the surface): a file without `__all__` gets one listing the "
        "names it exports now; a literal `__all__` gets all the names it leaves out at once, "
        "each at its place when the literal is sorted (two names or more), else appended in "
        "the order of the file, in its own style (quote character, one name a line or one "
        "line, indentation, trailing comma; its comments stay). There is "
        "no fix for a computed or starred `__all__`, one changed with `+=`, `.extend()` or "
        "`.append()` or assigned twice. A name not in the `.LOCKED` snapshot grows the "
        "surface: with ML104 selected `--fix` then drops the fix (it would introduce ML104), "
        "so run `modlint check --select ML102 --fix --unsafe-fixes`, then re-lock with a new "
        "minor version, or rename the helper `_name`."
    ),
    why_bad=(
        "A locked module's surface is what it promises to keep. `__all__` makes that promise "
        "explicit and minimal: without it every public name, helpers included, becomes part of "
        "the frozen API. A name listed in `__all__` that is neither defined nor imported (or "
        "imported only under `TYPE_CHECKING`) fails `from module import *` at run time. A "
        "public name defined in the package but left out of `__all__` is either part of the "
        "surface someone forgot to list or a helper that should be named `_helper`."
    ),
    example=(
        "# datastore/__init__.py\n"
        "from .store import Store, open_store, helper\n\n\n"
        "def connect(url):\n"
        "    return open_store(url)"
    ),
    use_instead=(
        "# datastore/__init__.py\n"
        "from .store import Store, open_store\n\n"
        '__all__ = ["Store", "connect", "open_store"]\n\n\n'
        "def connect(url):\n"
        "    return open_store(url)"
    ),
    blocks_lock=False,
    scope=PROJECT_SCOPE,
    check=check,
    fix=fix,
    fix_applicability=UNSAFE,
)
