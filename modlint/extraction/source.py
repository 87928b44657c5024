"""Turning a file's bytes into text the way Python does (BOM, coding cookie, UTF-8 default)."""

from __future__ import annotations

import codecs
import io
import tokenize

from modlint.model import Problem


def decode_source(data: bytes) -> str | Problem:
    """The file's text without a BOM, or a Problem (at line 1) saying why it cannot be decoded."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        # detect_encoding also fails on undecodable first lines: say where the bad byte is.
        encoding, reason = "utf-8", error.msg.split(" for ")[0]
    else:
        reason = ""
    if codecs.lookup(encoding).name in _QUADRATIC:
        return Problem(
            1,
            1,
            f"cannot read file: unsupported encoding '{encoding}' (decoding "
            "it takes time that grows with the square of the file's size)",
        )
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        return Problem(1, 1, f"cannot read file: {_bad_byte(data, error, encoding)}")
    except LookupError:  # a codec that is not a text encoding: rot13, hex, zlib...
        return Problem(1, 1, f"cannot read file: '{encoding}' is not a text encoding")
    except (UnicodeError, ValueError, TypeError) as error:  # what other codecs raise
        cause: BaseException = error
        while cause.__cause__ is not None:  # Python wraps a codec's error in its own
            cause = cause.__cause__
        return Problem(1, 1, f"cannot read file: it does not decode as '{encoding}': {cause}")
    if reason:
        return Problem(1, 1, f"cannot read file: {reason}")
    return text


_QUADRATIC = frozenset({"punycode"})
"""Text encodings Python accepts in a coding line whose decoding a crafted file can make
take hours; idna limits the punycode it decodes to 63-character labels."""


def _bad_byte(data: bytes, error: UnicodeDecodeError, encoding: str) -> str:
    """Where decoding failed, as a line and column a person can look up."""
    line = data.count(b"\n", 0, error.start) + 1
    column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
    name = "UTF-8" if encoding.replace("-", "").lower().startswith("utf8") else encoding
    return f"invalid {name}: byte 0x{data[error.start]:02x} at line {line}, column {column}"
