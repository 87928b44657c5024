"""The fast extractor: the same facts as the libcst collector, from CPython's own parser.

libcst stays the reference (tests compare the two on every file of the fixtures, of modlint
and of the benchmark corpora); this one serves the hot path because CPython's C parser is two
orders of magnitude faster than libcst with position metadata. It declines (returns None)
whenever it could differ: before Python 3.10 (import aliases have no positions), on code the
running Python does not parse, and on a comment stream ``tokenize`` cannot read. On Python
3.10 it also declines a text nested deeply enough to crash that CPython's parser (see
``modlint.extraction.depth``); libcst then refuses it too.
"""

from __future__ import annotations

import ast
import bisect
import dataclasses
import io
import re
import sys
import tokenize
from typing import Any

from modlint.extraction.conventions import EXPORTS, exports_after, guards_type_checking
from modlint.extraction.depth import cpython_may_crash
from modlint.extraction.noqa import parse_noqa
from modlint.extraction.positions import Source
from modlint.extraction.signatures import (
    ACCESSOR_SUFFIXES,
    DYNAMIC_IMPORTERS,
    OVERLOAD_DECORATORS,
    Signature,
    class_bases_from_ast,
    decorator_names,
    is_public,
    signature_from_ast,
)
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

_NOQA = re.compile(r"noqa", re.IGNORECASE)
_DEF_NAME = re.compile(r"(?:async[\s\\]+)?def[\s\\]+")
_CLASS_NAME = re.compile(r"class[\s\\]+")
_AFTER_FROM = re.compile(r"from[\s\\]*")


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base is not None else None
    return None


def _string(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


class _Collector(ast.NodeVisitor):
    """Mirrors ``FactCollector`` on CPython's tree."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.imports: list[ImportStatement] = []
        self.definitions: dict[str, Definition] = {}
        self.exports: ExportList | None = None
        self.chains: list[AttributeChain] = []
        self._type_checking_depth = 0
        self._scope_depth = 0

    # -- positions ---------------------------------------------------------------------------

    def _at(self, node: Any) -> tuple[int, int]:
        return node.lineno, self.source.column(node.lineno, node.col_offset) + 1

    def _end_on_line(self, node: Any) -> int:
        """The 1-based column after the node when it ends on its first line, else 0."""
        if node.end_lineno != node.lineno or node.end_col_offset is None:
            return 0
        return self.source.column(node.lineno, node.end_col_offset) + 1

    def _after(self, node: Any, pattern: re.Pattern[str]) -> tuple[int, int]:
        """The position right after ``pattern`` matched at the node's start."""
        start = self.source.offset(node.lineno, node.col_offset)
        match = pattern.match(self.source.text, start)
        return self.source.position(match.end() if match else start)

    def _statement(
        self,
        node: ast.stmt | ast.expr,
        module: str,
        level: int,
        names: list[ImportedName],
        at: tuple[int, int],
        is_from: bool,
        alias: str | None = None,
    ) -> ImportStatement:
        return ImportStatement(
            module=module,
            level=level,
            names=tuple(names),
            is_from=is_from,
            line=at[0],
            column=at[1],
            first_line=node.lineno,
            last_line=node.end_lineno or node.lineno,
            type_checking=self._type_checking_depth > 0,
            alias=alias,
            module_level=self._scope_depth == 0,
        )

    # -- imports -----------------------------------------------------------------------------

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.imports.append(
                self._statement(
                    node, alias.name, 0, [], self._at(alias), is_from=False, alias=alias.asname
                )
            )

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        names = []
        for alias in node.names:
            line, column = self._at(alias)
            names.append(ImportedName(alias.name, line, column, alias.asname))
        at = self._after(node, _AFTER_FROM)
        self.imports.append(
            self._statement(node, node.module or "", node.level, names, at, is_from=True)
        )

    def visit_Call(self, node: ast.Call) -> None:
        arguments = [*node.args, *(keyword.value for keyword in node.keywords)]
        if _dotted(node.func) in DYNAMIC_IMPORTERS and arguments:
            target = _string(arguments[0])
            if target and not target.startswith("."):
                statement = self._statement(node, target, 0, [], self._at(arguments[0]), False)
                self.imports.append(
                    dataclasses.replace(statement, end_column=self._end_on_line(arguments[0]))
                )
        self.generic_visit(node)

    def visit_If(self, node: ast.If) -> None:
        if not _is_type_checking(node.test):
            self.generic_visit(node)
            return
        self._type_checking_depth += 1
        for statement in node.body:
            self.visit(statement)
        self._type_checking_depth -= 1
        for statement in node.orelse:
            self.visit(statement)

    # -- definitions -------------------------------------------------------------------------

    def _signature(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> Signature:
        return signature_from_ast(node, self.source)

    def _skipped(self, node: ast.FunctionDef | ast.AsyncFunctionDef, members: bool) -> bool:
        names = decorator_names(node, self.source)
        if any(name in OVERLOAD_DECORATORS for name in names):
            return True
        return members and any(name.endswith(ACCESSOR_SUFFIXES) for name in names)

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        if self._scope_depth == 0 and not self._skipped(node, members=False):
            line, column = self._after(node, _DEF_NAME)
            self.definitions.setdefault(
                node.name,
                Definition(node.name, "function", self._signature(node).render(), line, column),
            )
        self._scope_depth += 1
        self.generic_visit(node)
        self._scope_depth -= 1

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        if self._scope_depth == 0:
            bases = class_bases_from_ast(node, self.source)
            signature = f"class {node.name}({', '.join(bases)})" if bases else f"class {node.name}"
            members: dict[str, Definition] = {}
            for statement in node.body:
                if (
                    isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef))
                    and is_public(statement.name)
                    and not self._skipped(statement, members=True)
                ):
                    line, column = self._after(statement, _DEF_NAME)
                    members.setdefault(
                        statement.name,
                        Definition(
                            statement.name,
                            "function",
                            self._signature(statement).render(),
                            line,
                            column,
                        ),
                    )
            line, column = self._after(node, _CLASS_NAME)
            self.definitions.setdefault(
                node.name,
                Definition(node.name, "class", signature, line, column, tuple(members.values())),
            )
        self._scope_depth += 1
        self.generic_visit(node)
        self._scope_depth -= 1

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._scope_depth += 1
        self.generic_visit(node)
        self._scope_depth -= 1

    def _constant(self, name: ast.Name) -> None:
        line, column = self._at(name)
        self.definitions.setdefault(
            name.id, Definition(name.id, "constant", "constant", line, column)
        )

    def _names(self, target: ast.expr) -> list[ast.Name]:
        if isinstance(target, ast.Name):
            return [target]
        if isinstance(target, ast.Starred):
            return self._names(target.value)
        if isinstance(target, (ast.Tuple, ast.List)):
            return [name for element in target.elts for name in self._names(element)]
        return []

    def visit_Assign(self, node: ast.Assign) -> None:
        if not self._scope_depth:
            for target in node.targets:
                for name in self._names(target):
                    if name.id == EXPORTS:
                        self._set_exports(node.value, name, replace=True)
                    else:
                        self._constant(name)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if not self._scope_depth and node.value is not None and isinstance(node.target, ast.Name):
            if node.target.id == EXPORTS:
                self._set_exports(node.value, node.target, replace=True)
            else:
                self._constant(node.target)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        if (
            not self._scope_depth
            and isinstance(node.target, ast.Name)
            and node.target.id == EXPORTS
        ):
            self._set_exports(node.value, node.target, replace=False)
        self.generic_visit(node)

    def visit_Expr(self, node: ast.Expr) -> None:
        call = node.value
        if (
            not self._scope_depth
            and isinstance(call, ast.Call)
            and len(call.args) + len(call.keywords) == 1
            and isinstance(call.func, ast.Attribute)
            and _dotted(call.func.value) == EXPORTS
        ):
            value = call.args[0] if call.args else call.keywords[0].value
            if call.func.attr == "extend":
                self._set_exports(value, call.func.value, replace=False)
            elif call.func.attr == "append":
                self._set_exports(ast.List(elts=[value]), call.func.value, replace=False)
        self.generic_visit(node)

    def _set_exports(self, value: ast.expr, anchor: ast.expr, replace: bool) -> None:
        names: list[NameAt] = []
        readable = isinstance(value, (ast.List, ast.Tuple))
        for element in value.elts if isinstance(value, (ast.List, ast.Tuple)) else ():
            text = _string(element)
            if text is None:
                readable = False
                continue
            line, column = self._at(element)
            names.append(NameAt(text, line, column))
        at = NameAt(EXPORTS, *self._at(anchor))
        self.exports = exports_after(self.exports, names, readable, at, replace)

    # -- attribute chains --------------------------------------------------------------------

    def visit_Attribute(self, node: ast.Attribute) -> None:
        attributes: list[ast.Attribute] = []
        current: ast.expr = node
        while isinstance(current, ast.Attribute):
            attributes.append(current)
            current = current.value
        if not isinstance(current, ast.Name):
            self.generic_visit(node)
            return
        chain = []
        for attribute in reversed(attributes):
            end_line = attribute.end_lineno or attribute.lineno
            end = self.source.column(end_line, attribute.end_col_offset or 0)
            chain.append(NameAt(attribute.attr, end_line, end - len(attribute.attr) + 1))
        self.chains.append(AttributeChain(current.id, tuple(chain)))


def _comments(
    text: str, source: Source, tree: ast.Module
) -> tuple[list[NoqaDirective], list[Problem]] | None:
    """Noqa directives from the comments, as ``tokenize`` reads them. Only lines that mention
    noqa are looked at; the syntax tree says which ``#`` on them starts a comment, and the
    token stream is read only where a string spanning lines (or an f-string) could hide it."""
    directives: list[NoqaDirective] = []
    problems: list[Problem] = []
    if not _mentions_noqa(text):
        return directives, problems
    lines = sorted({bisect.bisect_right(source.starts, m.start()) for m in _NOQA.finditer(text)})
    for line in lines:
        comment = _comment_on(line, source, tree)
        if comment is None:
            return _tokenized_comments(text)
        if not comment:
            continue
        column, string = comment
        own_line = not source.lines[line - 1][:column].strip()
        found = parse_noqa(string, line, column + 1, own_line)
        if isinstance(found, NoqaDirective):
            directives.append(found)
        elif isinstance(found, Problem):
            problems.append(found)
    return directives, problems


def _mentions_noqa(text: str) -> bool:
    """Whether ``_NOQA`` may match: every character it matches lowercases to one of n, o, q
    or a, and searching the lowered text is a tenth of the case-blind search's cost."""
    return "noqa" in text.lower()


def _comment_on(line: int, source: Source, tree: ast.Module) -> tuple[int, str] | tuple[()] | None:
    """The 0-based column and text of the comment on a line, () when it has none, or None
    when only the token stream can tell."""
    text = source.lines[line - 1]
    start = source.starts[line - 1]
    column = text.find("#")
    while column >= 0:
        inside = _string_around(tree, line, start + column, source)
        if inside is None:
            return None
        if not inside:
            return column, text[column:].rstrip("\r\n")
        column = text.find("#", column + 1)
    return ()


def _string_around(node: ast.AST, line: int, offset: int, source: Source) -> bool | None:
    """Whether a one-line string literal holds this character offset of ``line``; None when a
    string spanning lines or an f-string does (implicitly joined strings may have comments
    between their parts, and f-string fields may hold comments)."""
    for child in ast.iter_child_nodes(node):
        first = getattr(child, "lineno", None)
        if first is not None and not first <= line <= (getattr(child, "end_lineno", 0) or first):
            continue
        if first is not None and isinstance(child, (ast.Constant, ast.JoinedStr)):
            begin = source.offset(first, child.col_offset)
            end = source.offset(child.end_lineno or first, child.end_col_offset or 0)
            if begin <= offset < end:
                single = isinstance(child, ast.Constant) and child.end_lineno == first
                return True if single else None
            continue
        inside = _string_around(child, line, offset, source)
        if inside is not False:
            return inside
    return False


def _tokenized_comments(text: str) -> tuple[list[NoqaDirective], list[Problem]] | None:
    """Noqa directives from the comments, read from the token stream."""
    directives: list[NoqaDirective] = []
    problems: list[Problem] = []
    if not _mentions_noqa(text):
        return directives, problems
    try:
        # One token at a time: a list of all of them would hold the file many times over.
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type != tokenize.COMMENT:
                continue
            line, column = token.start
            own_line = not token.line[:column].strip()
            found = parse_noqa(token.string, line, column + 1, own_line)
            if isinstance(found, NoqaDirective):
                directives.append(found)
            elif isinstance(found, Problem):
                problems.append(found)
    except (tokenize.TokenError, SyntaxError):
        return None
    return directives, problems


class _ImportWalker:
    """Finds exactly the imports ``_Collector`` finds, visiting only the statements whose
    lines mention ``import`` (every dynamic importer's name contains it)."""

    def __init__(self, collector: _Collector, text: str) -> None:
        self.collector = collector
        self.mentions = [m.start() for m in _IMPORT_WORD.finditer(text)]

    def _mentions_import(self, node: ast.stmt) -> bool:
        source = self.collector.source
        start = source.starts[node.lineno - 1]
        end = source.starts[min(node.end_lineno or node.lineno, len(source.lines))]
        index = bisect.bisect_left(self.mentions, start)
        return index < len(self.mentions) and self.mentions[index] < end

    def statements(self, body: list[ast.stmt]) -> None:
        """Visit each statement of a block that can hold an import."""
        for statement in body:
            if self._mentions_import(statement):
                self.statement(statement)

    def statement(self, node: ast.stmt) -> None:
        """Visit one statement as ``_Collector.visit`` would, for its imports only."""
        collector = self.collector
        if isinstance(node, ast.Import):
            collector.visit_Import(node)
        elif isinstance(node, ast.ImportFrom):
            collector.visit_ImportFrom(node)
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            collector._type_checking_depth += 1
            self.statements(node.body)
            collector._type_checking_depth -= 1
            self.statements(node.orelse)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            collector._scope_depth += 1
            self.children(node)
            collector._scope_depth -= 1
        else:
            self.children(node)

    def children(self, node: ast.AST) -> None:
        """Visit the node's children: statements through the line filter, the rest fully."""
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.stmt):
                if self._mentions_import(child):
                    self.statement(child)
            elif isinstance(child, ast.Call):
                self.collector.visit_Call(child)
            elif isinstance(child, ast.Lambda):
                self.collector.visit_Lambda(child)
            else:
                self.children(child)


_IMPORT_WORD = re.compile("import")


def _is_type_checking(test: ast.expr) -> bool:
    """True for ``TYPE_CHECKING`` and ``<anything>.TYPE_CHECKING``."""
    return (isinstance(test, ast.Name) and guards_type_checking(test.id)) or (
        isinstance(test, ast.Attribute) and guards_type_checking(test.attr)
    )


def collect_fast(
    text: str, imports_only: bool = False
) -> tuple[_Collector, list[NoqaDirective], list[Problem]] | None:
    """The collector run over ``text``, or None when the fast path must not be trusted. With
    ``imports_only``, only its imports are collected (no definitions, exports or chains)."""
    if sys.version_info < (3, 10) or cpython_may_crash(text):
        return None
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return collect_tree(text, tree, imports_only)


def collect_tree(
    text: str, tree: ast.Module, imports_only: bool = False
) -> tuple[_Collector, list[NoqaDirective], list[Problem]] | None:
    """The collector run over ``text``'s syntax tree, or None when the fast path declines."""
    source = Source(text)
    try:
        comments = _comments(text, source, tree)
    except RecursionError:
        return None
    if comments is None:
        return None
    collector = _Collector(source)
    try:
        if imports_only:
            _ImportWalker(collector, text).statements(tree.body)
        else:
            collector.visit(tree)
    except RecursionError:
        return None
    return collector, comments[0], comments[1]
