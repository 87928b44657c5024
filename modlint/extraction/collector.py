"""The one libcst visitor that collects a module's facts: imports (with exact positions),
module-level definitions and ``__all__``, attribute chains on imported names, noqa comments."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from modlint.extraction.conventions import EXPORTS, exports_after, guards_type_checking
from modlint.extraction.cst_signatures import (
    class_signature,
    is_accessor,
    is_overload,
    signature_of,
)
from modlint.extraction.noqa import parse_noqa
from modlint.extraction.signatures import DYNAMIC_IMPORTERS, is_public
from modlint.model import (
    AttributeChain,
    Definition,
    ExportList,
    ImportedName,
    ImportStatement,
    NameAt,
    NoqaDirective,
    Problem,
)


class FactCollector(cst.CSTVisitor):
    """Collects every fact of one module in a single pass over its syntax tree."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self) -> None:
        super().__init__()
        self.imports: list[ImportStatement] = []
        self.definitions: dict[str, Definition] = {}
        self.exports: ExportList | None = None
        self.chains: list[AttributeChain] = []
        self.noqa: list[NoqaDirective] = []
        self.malformed_noqa: list[Problem] = []
        self._type_checking_depth = 0
        self._scope_depth = 0  # functions, classes and lambdas around the current node
        self._in_import = False  # dotted names in import statements are not attribute access

    # -- positions ---------------------------------------------------------------------------

    def _range(self, node: cst.CSTNode) -> CodeRange:
        return self.get_metadata(PositionProvider, node)

    def _name_at(self, name: str, node: cst.CSTNode) -> NameAt:
        start = self._range(node).start
        return NameAt(name, start.line, start.column + 1)

    # -- imports -----------------------------------------------------------------------------

    def _statement(
        self,
        node: cst.CSTNode,
        module: str,
        level: int,
        names: Sequence[ImportedName],
        anchor: cst.CSTNode,
        is_from: bool,
        alias: str | None = None,
    ) -> ImportStatement:
        span, start = self._range(node), self._range(anchor).start
        return ImportStatement(
            module=module,
            level=level,
            names=tuple(names),
            is_from=is_from,
            line=start.line,
            column=start.column + 1,
            first_line=span.start.line,
            last_line=span.end.line,
            type_checking=self._type_checking_depth > 0,
            alias=alias,
            module_level=self._scope_depth == 0,
        )

    def visit_Import(self, node: cst.Import) -> bool:
        for alias in node.names:
            name = get_full_name_for_node(alias.name) or ""
            bound = alias.evaluated_alias
            self.imports.append(
                self._statement(node, name, 0, (), alias.name, is_from=False, alias=bound)
            )
        self._in_import = True
        return True  # comments inside the statement still need visiting

    def leave_Import(self, original_node: cst.Import) -> None:
        self._in_import = False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        module = get_full_name_for_node(node.module) if node.module is not None else ""
        anchor: cst.CSTNode = node.relative[0] if node.relative else node.module  # type: ignore[assignment]
        names: list[ImportedName] = []
        if isinstance(node.names, cst.ImportStar):
            star = self._name_at("*", node.names)
            names.append(ImportedName("*", star.line, star.column))
        else:
            for alias in node.names:
                at = self._name_at(get_full_name_for_node(alias.name) or "", alias.name)
                names.append(ImportedName(at.name, at.line, at.column, alias.evaluated_alias))
        self.imports.append(
            self._statement(node, module or "", len(node.relative), names, anchor, is_from=True)
        )
        self._in_import = True
        return True  # comments inside the parentheses still need visiting

    def leave_ImportFrom(self, original_node: cst.ImportFrom) -> None:
        self._in_import = False

    def visit_Call(self, node: cst.Call) -> None:
        if get_full_name_for_node(node.func) not in DYNAMIC_IMPORTERS or not node.args:
            return
        argument = node.args[0].value
        if not isinstance(argument, (cst.SimpleString, cst.ConcatenatedString)):
            return
        target = argument.evaluated_value
        if not isinstance(target, str) or not target or target.startswith("."):
            return  # relative names need `package=`, which is rarely a literal
        statement = self._statement(node, target, 0, (), argument, is_from=False)
        span = self._range(argument)
        end_column = span.end.column + 1 if span.end.line == span.start.line else 0
        self.imports.append(dataclasses.replace(statement, end_column=end_column))

    def visit_If(self, node: cst.If) -> bool:
        if not _is_type_checking_test(node.test):
            return True
        # The body is type-checking only; the `else:` branch always counts.
        for line in node.leading_lines:
            line.visit(self)
        self._type_checking_depth += 1
        node.body.visit(self)
        self._type_checking_depth -= 1
        if node.orelse is not None:
            node.orelse.visit(self)
        return False

    # -- module-level definitions and __all__ ------------------------------------------------

    def _define(self, definition: Definition) -> None:
        # The first definition wins, for conditional ones (`if sys.version_info ...`) too.
        self.definitions.setdefault(definition.name, definition)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        if self._scope_depth == 0 and not is_overload(node):
            at = self._name_at(node.name.value, node.name)
            self._define(
                Definition(at.name, "function", signature_of(node).render(), at.line, at.column)
            )
        self._scope_depth += 1
        return True

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._scope_depth -= 1

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        if self._scope_depth == 0:
            at = self._name_at(node.name.value, node.name)
            self._define(
                Definition(
                    at.name, "class", class_signature(node), at.line, at.column, self._members(node)
                )
            )
        self._scope_depth += 1
        return True

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._scope_depth -= 1

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self._scope_depth += 1

    def leave_Lambda(self, original_node: cst.Lambda) -> None:
        self._scope_depth -= 1

    def _members(self, node: cst.ClassDef) -> tuple[Definition, ...]:
        """The class's public methods, properties, classmethods and staticmethods."""
        members: dict[str, Definition] = {}
        body = node.body.body if isinstance(node.body, cst.IndentedBlock) else ()
        for statement in body:
            if (
                isinstance(statement, cst.FunctionDef)
                and is_public(statement.name.value)
                and not is_overload(statement)
                and not is_accessor(statement)
            ):
                at = self._name_at(statement.name.value, statement.name)
                members.setdefault(
                    at.name,
                    Definition(
                        at.name, "function", signature_of(statement).render(), at.line, at.column
                    ),
                )
        return tuple(members.values())

    def visit_Assign(self, node: cst.Assign) -> None:
        if self._scope_depth:
            return
        for target in node.targets:
            for name in _assigned_names(target.target):
                if name.value == EXPORTS:
                    self._set_exports(node.value, name, replace=True)
                else:
                    self._define_constant(name)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if self._scope_depth or node.value is None or not isinstance(node.target, cst.Name):
            return
        if node.target.value == EXPORTS:
            self._set_exports(node.value, node.target, replace=True)
        else:
            self._define_constant(node.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if (
            not self._scope_depth
            and isinstance(node.target, cst.Name)
            and node.target.value == EXPORTS
        ):
            self._set_exports(node.value, node.target, replace=False)

    def visit_Expr(self, node: cst.Expr) -> None:
        # __all__.extend([...]) and __all__.append("name")
        call = node.value
        if self._scope_depth or not isinstance(call, cst.Call) or len(call.args) != 1:
            return
        if (
            not isinstance(call.func, cst.Attribute)
            or get_full_name_for_node(call.func.value) != EXPORTS
        ):
            return
        method, value = call.func.attr.value, call.args[0].value
        if method == "extend":
            self._set_exports(value, call.func.value, replace=False)
        elif method == "append":
            self._set_exports(cst.List([cst.Element(value)]), call.func.value, replace=False)

    def _define_constant(self, name: cst.Name) -> None:
        at = self._name_at(name.value, name)
        self._define(Definition(at.name, "constant", "constant", at.line, at.column))

    def _set_exports(self, value: cst.BaseExpression, anchor: cst.CSTNode, replace: bool) -> None:
        names: list[NameAt] = []
        readable = isinstance(value, (cst.List, cst.Tuple))
        for element in value.elements if isinstance(value, (cst.List, cst.Tuple)) else ():
            literal = element.value
            if (
                isinstance(element, cst.Element)
                and isinstance(literal, (cst.SimpleString, cst.ConcatenatedString))
                and isinstance(literal.evaluated_value, str)
            ):
                names.append(self._literal_at(literal))
            else:
                readable = False
        at = self._name_at(EXPORTS, anchor)
        self.exports = exports_after(self.exports, names, readable, at, replace)

    def _literal_at(self, literal: cst.SimpleString | cst.ConcatenatedString) -> NameAt:
        # Positions of nodes built here (append's List) are unknown: fall back to the statement.
        try:
            return self._name_at(str(literal.evaluated_value), literal)
        except KeyError:
            return NameAt(str(literal.evaluated_value), 0, 0)

    # -- attribute chains --------------------------------------------------------------------

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        if self._in_import:
            return False
        attributes: list[cst.Name] = []
        current: cst.BaseExpression = node
        while isinstance(current, cst.Attribute):
            attributes.append(current.attr)
            current = current.value
        if not isinstance(current, cst.Name):
            return True  # e.g. call().attr: visit the call's own chains
        self.chains.append(
            AttributeChain(
                current.value,
                tuple(self._name_at(attr.value, attr) for attr in reversed(attributes)),
            )
        )
        return False

    # -- comments ----------------------------------------------------------------------------

    def visit_EmptyLine(self, node: cst.EmptyLine) -> None:
        if node.comment is not None:
            self._comment(node.comment, own_line=True)

    def visit_TrailingWhitespace(self, node: cst.TrailingWhitespace) -> None:
        if node.comment is not None:
            self._comment(node.comment, own_line=False)

    def _comment(self, comment: cst.Comment, own_line: bool) -> None:
        start = self._range(comment).start
        found = parse_noqa(comment.value, start.line, start.column + 1, own_line)
        if isinstance(found, NoqaDirective):
            self.noqa.append(found)
        elif isinstance(found, Problem):
            self.malformed_noqa.append(found)


def _assigned_names(target: cst.BaseExpression) -> list[cst.Name]:
    """Names bound by an assignment target (tuples and lists unpacked)."""
    if isinstance(target, cst.Name):
        return [target]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [name for element in target.elements for name in _assigned_names(element.value)]
    return []


def _is_type_checking_test(test: cst.BaseExpression) -> bool:
    """True for ``TYPE_CHECKING`` and ``<anything>.TYPE_CHECKING`` (such as
    ``typing.TYPE_CHECKING``)."""
    if isinstance(test, cst.Name):
        return guards_type_checking(test.value)
    return isinstance(test, cst.Attribute) and guards_type_checking(test.attr.value)


def collect_facts(module: cst.Module) -> FactCollector:
    """Run the collector over a parsed module and return it with its findings."""
    collector = FactCollector()
    MetadataWrapper(module, unsafe_skip_copy=True).visit(collector)
    return collector
