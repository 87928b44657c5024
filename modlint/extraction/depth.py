"""How deeply a file's code nests, bounded from its text alone, before libcst sees it.

libcst's native parser recurses once a nesting level: its process dies (SIGSEGV or SIGABRT)
from about 1,000 nested lambdas with defaults or 4,000 chained operators, and its time and
memory grow with the square of the depth long before (1,000 nested brackets take 1.5 GB).
The bound read here lets the extractor refuse such a file with a diagnostic instead.

For each token it counts the tokens that can own a syntax node around it: operators,
keywords, f-strings and brackets (a bracket weighs ``BRACKET_WEIGHT``) of the same
comma-separated segment, of each enclosing bracket or f-string replacement field, and of the
enclosing blocks and ``elif`` chains. Commas separate siblings, which never nest in each
other, so the count starts again after one (except between ``lambda`` and its colon: the
body nests inside all the parameters). Names and numbers own nothing; plain strings,
bytes and comments are skipped (libcst chains implicitly concatenated strings too, but
cheaply, and refuses more than 4,000 of them without crashing); the replacement fields of
f-strings and t-strings are read as the code they are.
"""

from __future__ import annotations

import keyword
import re
import sys
from dataclasses import dataclass

DEPTH_LIMIT = 1000
"""The deepest nesting of a statement that libcst is given. The deepest of 28,000 files of real
code (the standard library, Django, SymPy, NumPy, SciPy and more) is under 500; at the limit libcst
needs at most 3 seconds and 250 MB for any nesting measured."""
BRACKET_LIMIT = 200
"""Brackets (and f-string fields) nested deeper than this are a syntax error for every
Python version, which CPython reports itself."""
WEIGHT_LIMIT = 2_000_000
"""The most total nesting libcst is given: each token weighs one more than its depth. libcst
needs 100 to 600 bytes per unit (at most about a gigabyte here); real files weigh at most
1,200,000 but for one generated SymPy benchmark."""
BRACKET_WEIGHT = 4
"""libcst spends about four times as much on a bracket level as on an operator."""
CPYTHON_SAFE_DEPTH = 50_000
"""Python 3.9 and 3.10 build syntax trees without a recursion guard: 60,000 chained method
calls (120,000 nested nodes, a depth of 300,000 here) crash them, 200,000 chained attributes
too. 3.11 and later raise RecursionError or MemoryError at any depth."""

_KEYWORDS = frozenset(keyword.kwlist)
_CODE = re.compile(
    r"""
    (?P<space>[ \t\f]+|\\\r?\n|\\\r)
  | (?P<newline>\r?\n|\r)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>(?:[rRbBuUfFtT]{1,2})?(?:'''|\"\"\"|'|"))
  | (?P<name>[^\W\d]\w*)
  | (?P<number>\d[\w.]*)
  | (?P<open>[(\[{])
  | (?P<close>[)\]}])
  | (?P<comma>,)
  | (?P<semicolon>;)
  | (?P<op>\*\*=|//=|>>=|<<=|\.\.\.|->|:=|\*\*|//|>>|<<|<=|>=|==|!=|[-+*/%@&|^]=
        |[-+*/%@&|^~<>=.:!])
  | (?P<other>.)
""",
    re.VERBOSE | re.DOTALL,
)


def _inside(quote: str, stops: str) -> str:
    """Regex alternatives for one piece of text inside a string opened by ``quote``: never
    its closing quote, the line end of a one-line string, or a character of ``stops``."""
    line_end = "" if len(quote) == 3 else r"\r\n"
    # Inside triple quotes, a quote character that does not start the closing quote is text.
    lone = rf"|{quote[0]}(?!{quote})" if len(quote) == 3 else ""
    return rf"[^\\{quote[0]}{line_end}{stops}]+|\\(?:\r\n|[\s\S]){lone}"


_QUOTES = ("'", '"', "'''", '"""')
_PLAIN_END = {quote: re.compile(rf"(?:{_inside(quote, '')})*(?:{quote})?") for quote in _QUOTES}
"""The rest of a plain string after its opening quote, closing quote included when present."""
_LITERAL = {quote: re.compile(rf"(?:{_inside(quote, '{}')}|\{{\{{|\}}\}})*") for quote in _QUOTES}
"""An f-string's text up to a replacement field, its closing quote, or where it breaks off."""
_SPEC = re.compile(r"[^{}\r\n]*")
"""A format spec's text up to a nested field or the "}" that ends its field."""


class _Segment:
    """The tokens of one bracket level that can own nodes around what comes after them."""

    __slots__ = ("count", "child", "best", "lambdas", "field")

    def __init__(self, field: bool = False) -> None:
        self.count = 0  # owning tokens of the current comma-separated segment
        self.child = 0  # the deepest bracket inside the current segment
        self.best = 0  # the deepest finished segment
        self.lambdas = 0  # lambdas whose colon has not come yet
        self.field = field  # an f-string replacement field, closed by "}"

    @property
    def depth(self) -> int:
        return max(self.best, self.count + self.child)


class _Text:
    """Literal text being read: an f-string's, up to its closing ``quote``, or a format
    spec's (``quote`` None), up to the "}" that ends its replacement field."""

    __slots__ = ("quote",)

    def __init__(self, quote: str | None) -> None:
        self.quote = quote


@dataclass(frozen=True)
class Nesting:
    """An upper bound of how deeply a text's syntax nests, and the first limit it passes."""

    depth: int
    """The deepest statement, in tokens that can own a node around what follows them."""
    brackets: int
    """The deepest bracket (and f-string replacement field) nesting."""
    weight: int
    """The depth of every token plus one, added up: what libcst's time and memory follow."""
    exceeded: str | None = None
    """The limit the text passes: "depth", "brackets" or "weight" (the first of these that
    it passes); None when it passes none."""
    line: int = 1
    column: int = 1
    """Where the text first passes that limit."""

    def refusal(self) -> str | None:
        """Why libcst must not be given this text, or None when it can be."""
        if self.exceeded is None:
            return None
        measure, limit = {
            "depth": (f"depth {self.depth}", DEPTH_LIMIT),
            "brackets": (f"{self.brackets} nested brackets", BRACKET_LIMIT),
            "weight": (f"nesting weight {self.weight}", WEIGHT_LIMIT),
        }[self.exceeded]
        return f"file is nested too deeply for modlint to analyse ({measure}; limit {limit})"


def cpython_can_parse(nesting: Nesting) -> bool:
    """Whether the running CPython parses a text nested like this without risking a crash."""
    return sys.version_info >= (3, 11) or nesting.depth <= CPYTHON_SAFE_DEPTH


def cpython_may_crash(text: str) -> bool:
    """Whether the running CPython could crash on ``text`` (cheap for all but huge texts)."""
    if sys.version_info >= (3, 11) or len(text) * BRACKET_WEIGHT <= CPYTHON_SAFE_DEPTH:
        return False  # a token weighs at most BRACKET_WEIGHT and takes a character or more
    return not cpython_can_parse(nesting_of(text))


def nesting_of(text: str) -> Nesting:
    """How deeply ``text`` nests (an upper bound, read without parsing it)."""
    scanner = _Scanner(text)
    scanner.scan()
    return scanner.result()


class _Scanner:
    """One pass over the text; the work is in the token handlers."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.stack: list[_Segment | _Text] = [_Segment()]
        self.running = 0  # weights of the owning tokens around the current position
        self.blocks: list[list[int]] = [[0, 0]]  # indentation width, elif chain length
        self.block_depth = 0
        self.line_start = True
        self.statement_start = -1  # offset of the current statement's first token
        self.deepest = 0
        self.brackets = 0
        self.open_brackets = 0
        self.weight = 0
        self.passed: dict[str, int] = {}  # offset where each limit was first passed

    def result(self) -> Nesting:
        if not self.passed:
            return Nesting(self.deepest, self.brackets, self.weight)
        # The plainest measure first: a file too deep is often too heavy as well.
        exceeded = next(limit for limit in ("depth", "brackets", "weight") if limit in self.passed)
        offset = self.passed[exceeded]
        text = self.text
        # Lines end as Python ends them: at "\n", "\r\n" or a lone "\r".
        line = (
            text.count("\n", 0, offset)
            + text.count("\r", 0, offset)
            - text.count("\r\n", 0, offset)
            + 1
        )
        column = offset - max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset))
        return Nesting(self.deepest, self.brackets, self.weight, exceeded, line, column)

    def _pass(self, limit: str, offset: int) -> None:
        self.passed.setdefault(limit, offset)

    def scan(self) -> None:
        position = 0
        end = len(self.text)
        while position < end:
            top = self.stack[-1]
            if isinstance(top, _Text):
                position = self._literal(top, position)
                continue
            match = _CODE.match(self.text, position)
            assert match is not None  # the last alternative matches any character
            kind, start, position = match.lastgroup, match.start(), match.end()
            if kind in ("space", "newline", "comment"):
                if kind == "newline":
                    self._end_statement(newline=True)
                continue
            self._token(top, kind, match.group(), start)
            if kind == "string":
                position = self._string(top, match.group(), start)
        while len(self.stack) > 1:
            self._pop()
        self._end_statement(newline=True)

    def _token(self, segment: _Segment, kind: str | None, token: str, start: int) -> None:
        if self.line_start:
            self._start_line(start, token if kind == "name" else "")
        if self.statement_start < 0:
            self.statement_start = start
        self.weight += 1 + self.running
        if self.weight > WEIGHT_LIMIT:
            self._pass("weight", start)
        if kind == "semicolon":
            self._end_statement(newline=False)
        elif kind == "name":
            self._name(segment, token, start)
        elif kind == "open":
            self._open(segment, start, field=False)
        elif kind == "close":
            self._close()
        elif kind == "comma":
            self._comma(segment)
        elif kind == "op":
            self._op(segment, token, start)
        elif kind == "other":
            self._own(segment, start)

    # -- statements ------------------------------------------------------------------------

    def _start_line(self, position: int, word: str) -> None:
        self.line_start = False
        width = position - (
            max(self.text.rfind("\n", 0, position), self.text.rfind("\r", 0, position)) + 1
        )
        while len(self.blocks) > 1 and width < self.blocks[-1][0]:
            self.blocks.pop()
        if width > self.blocks[-1][0]:
            self.blocks.append([width, 0])
        # An elif nests in the If before it, and so does everything after it in the chain.
        if word == "elif":
            self.blocks[-1][1] += 1
        elif word != "else":
            self.blocks[-1][1] = 0
        self.block_depth = sum(1 + chain for _, chain in self.blocks)
        self.running = self.block_depth
        self._check(position)

    def _end_statement(self, newline: bool) -> None:
        if len(self.stack) > 1:
            return  # inside brackets, lines do not end statements
        statement = self.stack[0]
        assert isinstance(statement, _Segment)
        depth = self.block_depth + statement.depth
        if depth > DEPTH_LIMIT:
            self._pass("depth", max(self.statement_start, 0))
        self.deepest = max(self.deepest, depth)
        self.stack[0] = _Segment()
        self.running = self.block_depth
        self.statement_start = -1
        self.line_start = self.line_start or newline

    # -- tokens ----------------------------------------------------------------------------

    def _own(self, segment: _Segment, position: int, weight: int = 1) -> None:
        segment.count += weight
        self.running += weight
        self._check(position)

    def _check(self, position: int) -> None:
        if self.running > DEPTH_LIMIT:
            self._pass("depth", position)

    def _name(self, segment: _Segment, word: str, position: int) -> None:
        if word in _KEYWORDS:
            segment.lambdas += word == "lambda"
            self._own(segment, position)

    def _op(self, segment: _Segment, operator: str, position: int) -> None:
        self._own(segment, position)
        if operator != ":":
            return
        if segment.lambdas:
            segment.lambdas -= 1
        elif segment.field:
            self.stack.append(_Text(None))

    def _comma(self, segment: _Segment) -> None:
        if segment.lambdas:
            return  # lambda parameters: the body after the colon nests inside them all
        segment.best = segment.depth
        self.running -= segment.count
        segment.count = segment.child = 0

    def _open(self, segment: _Segment, position: int, field: bool) -> None:
        self._own(segment, position, BRACKET_WEIGHT)
        self.stack.append(_Segment(field=field))
        self.open_brackets += 1
        self.brackets = max(self.brackets, self.open_brackets)
        if self.open_brackets > BRACKET_LIMIT:
            self._pass("brackets", position)

    def _close(self) -> None:
        if len(self.stack) > 1:  # else unbalanced: a syntax error the parser reports
            self._pop()

    def _pop(self) -> None:
        top = self.stack.pop()
        if isinstance(top, _Text):
            return
        self.open_brackets -= 1
        self.running -= top.count
        parent = self._innermost_segment()
        parent.child = max(parent.child, top.depth)

    def _innermost_segment(self) -> _Segment:
        for frame in reversed(self.stack):
            if isinstance(frame, _Segment):
                return frame
        raise AssertionError("the statement level is always a segment")

    # -- strings ---------------------------------------------------------------------------

    def _string(self, segment: _Segment, opening: str, start: int) -> int:
        """Skip a plain string, or enter an f-string; the position after what was read."""
        quote = opening.lstrip("rRbBuUfFtT")
        after = start + len(opening)
        if any(letter in "fFtT" for letter in opening[: -len(quote)]):
            # Only f-strings own nodes that nest: libcst chains implicitly concatenated
            # strings too, but cheaply and without crashing (it refuses beyond 4,000).
            self._own(segment, start)
            self.stack.append(_Text(quote))
            return after
        match = _PLAIN_END[quote].match(self.text, after)
        return match.end() if match else len(self.text)

    def _literal(self, text: _Text, position: int) -> int:
        """Read literal text up to a replacement field or the end of the text; the position
        after what was read."""
        pattern = _SPEC if text.quote is None else _LITERAL[text.quote]
        match = pattern.match(self.text, position)
        position = match.end() if match else position
        following = self.text[position : position + 1]
        if following == "{":
            self._open(self._innermost_segment(), position, field=True)
            return position + 1
        self.stack.pop()
        if text.quote is None:
            if following == "}":
                self._close()  # the spec's "}" ends its field too
                return position + 1
            self._close()  # a format spec broken off by a line end: its field ends here
            return position
        if self.text.startswith(text.quote, position):
            return position + len(text.quote)
        if following == "}":
            self.stack.append(text)  # a lone "}" (a syntax error): read on
            return position + 1
        return position  # a line end in a one-line f-string: the code goes on from there
