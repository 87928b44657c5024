"""Text from the checked project made safe to show: it can never start an output line of its
own, reach the terminal as a control character, or make an output format invalid.

A file name, a string in code or a configuration value can hold any character. Everything that
could move the cursor, end a line, reorder the text around it or fail to encode is shown as an
escape instead, the way git and ruff show it: ``\\n``, ``\\r``, ``\\t``, ``\\x1b`` for the other
ASCII controls and DEL, ``\\xNN`` for a byte of a file name that is not UTF-8 (Python keeps such
a byte as a lone surrogate), and ``\\uNNNN`` for the Unicode controls (C1, the line and paragraph
separators, the bidirectional controls that make "Trojan Source" text read differently from
what it is), other lone surrogates and the noncharacters U+FFFE and U+FFFF, which XML cannot
hold. Backslashes themselves are kept as they are: the escaped text is for people and parsers
that split lines, not a reversible encoding.
"""

from __future__ import annotations

import functools
import json
import re

_UNICODE_CONTROLS = (
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # Unicode's Bidi_Control characters
    "\u2028\u2029"  # line and paragraph separators: str.splitlines and JavaScript break there
    "\ud800-\udfff"  # lone surrogates: undecodable file-name bytes, or cannot be encoded
    "\ufffe\uffff"  # noncharacters that XML 1.0 forbids
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

# The three patterns are compiled on first use (each takes about a millisecond, for their
# large character classes): a run that prints nothing needs none, a text report only the first.


@functools.cache
def _unsafe() -> re.Pattern[str]:
    """What `printable` escapes."""
    return re.compile(f"[\x00-\x1f\x7f-\x9f{_UNICODE_CONTROLS}]")


@functools.cache
def _unsafe_in_block() -> re.Pattern[str]:
    """What `printable_block` escapes: the same but tab, line feed and the CR of a CRLF."""
    return re.compile(f"\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_UNICODE_CONTROLS}]")


@functools.cache
def _unsafe_in_json() -> re.Pattern[str]:
    """What `json_document` escapes: json.dumps escapes C0 controls itself, not these."""
    return re.compile(f"[\x7f-\x9f{_UNICODE_CONTROLS}]")


def _escape(character: str) -> str:
    """The printable escape of one unsafe character."""
    if character in _NAMED:
        return _NAMED[character]
    code = ord(character)
    if code < 0x80:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for the byte code - 0xDC00
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` on one line with every control, separator, bidi control and lone surrogate
    escaped; applying it again changes nothing."""
    return _unsafe().sub(lambda match: _escape(match.group()), text)


def printable_block(text: str) -> str:
    """Lines of ``text`` (a diff, TOML, a document) escaped as :func:`printable` does, except
    that its line breaks (``\\n``, ``\\r\\n``) and tabs stay."""
    return _unsafe_in_block().sub(lambda match: _escape(match.group()), text)


def _json_escape(character: str) -> str:
    code = ord(character)
    if 0xD800 <= code <= 0xDFFF:
        # JSON strings hold Unicode text only: a lone surrogate becomes its visible escape.
        return json.dumps(_escape(character))[1:-1]
    return f"\\u{code:04x}"


def json_document(value: object) -> str:
    """``value`` as indented UTF-8-ready JSON whose strings decode to the exact text, except
    that a lone surrogate (an undecodable file-name byte) decodes to its escape ``\\xNN``;
    the document itself holds no control, separator or bidi character."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
    return _unsafe_in_json().sub(lambda match: _json_escape(match.group()), text) + "\n"
