"""The libcst visitor that collects imports (with exact positions) and comments from one module."""

from __future__ import annotations

from typing import Sequence

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from modlint.extraction.noqa import parse_noqa
from modlint.model.facts import ImportedName, ImportStatement, NoqaDirective, Problem

_DYNAMIC_IMPORTERS = frozenset({"__import__", "import_module", "importlib.import_module"})


class ImportCollector(cst.CSTVisitor):
    """Collects every import statement, literal dynamic import and noqa comment of a module."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self) -> None:
        super().__init__()
        self.imports: list[ImportStatement] = []
        self.noqa: list[NoqaDirective] = []
        self.malformed_noqa: list[Problem] = []
        self._type_checking_depth = 0

    def _range(self, node: cst.CSTNode) -> CodeRange:
        return self.get_metadata(PositionProvider, node)

    def _statement(
        self, node: cst.CSTNode, module: str, level: int, names: Sequence[ImportedName],
        anchor: cst.CSTNode, is_from: bool,
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
        )

    def visit_Import(self, node: cst.Import) -> bool:
        for alias in node.names:
            name = get_full_name_for_node(alias.name) or ""
            self.imports.append(self._statement(node, name, 0, (), alias.name, is_from=False))
        return True  # comments inside the statement still need visiting

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        module = get_full_name_for_node(node.module) if node.module is not None else ""
        anchor: cst.CSTNode = node.relative[0] if node.relative else node.module  # type: ignore[assignment]
        if isinstance(node.names, cst.ImportStar):
            star = self._range(node.names).start
            names = [ImportedName("*", star.line, star.column + 1)]
        else:
            names = []
            for alias in node.names:
                position = self._range(alias.name).start
                names.append(
                    ImportedName(
                        get_full_name_for_node(alias.name) or "",
                        position.line,
                        position.column + 1,
                    )
                )
        self.imports.append(
            self._statement(node, module or "", len(node.relative), names, anchor, is_from=True)
        )
        return True  # comments inside the parentheses still need visiting

    def visit_Call(self, node: cst.Call) -> None:
        if get_full_name_for_node(node.func) not in _DYNAMIC_IMPORTERS or not node.args:
            return
        argument = node.args[0].value
        if not isinstance(argument, cst.SimpleString):
            return
        target = argument.evaluated_value
        if not isinstance(target, str) or not target or target.startswith("."):
            return  # relative names need `package=`, which is rarely a literal
        self.imports.append(self._statement(node, target, 0, (), argument, is_from=False))

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


def _is_type_checking_test(test: cst.BaseExpression) -> bool:
    """True for ``TYPE_CHECKING`` and ``<anything>.TYPE_CHECKING`` (e.g. ``typing.TYPE_CHECKING``)."""
    if isinstance(test, cst.Name):
        return test.value == "TYPE_CHECKING"
    return isinstance(test, cst.Attribute) and test.attr.value == "TYPE_CHECKING"


def collect_imports(module: cst.Module) -> ImportCollector:
    """Run the collector over a parsed module and return it with its findings."""
    collector = ImportCollector()
    MetadataWrapper(module, unsafe_skip_copy=True).visit(collector)
    return collector
