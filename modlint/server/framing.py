"""The client's byte stream as pygls reads it, checked: each message's header names its
Content-Length, and a body is read as its bytes arrive; a stream that breaks the framing ends
the session with one line saying how (pygls alone lost its place in it for good and stopped
answering, or reserved a promised size at once and died of a MemoryError)."""

from __future__ import annotations

import re
from typing import BinaryIO

from modlint.support import printable

MAX_HEADER_LINE = 4096
"""Bytes of one header line read before it counts as malformed."""
CHUNK = 1 << 20
"""Bytes of a body read at a time: memory follows what was sent, not what was promised."""
_FIELD = re.compile(rb"([!-9;-~]+):[ \t]*(.*?)[ \t]*\r\n", re.DOTALL)
"""A header field, ``Name: value`` ended by CRLF (a name is printable ASCII without ':')."""


def _shown(data: bytes) -> str:
    """``data`` as a quoted, printable and short excerpt for a message."""
    text = data.decode("utf-8", errors="backslashreplace")
    return f"'{printable(text if len(text) <= 60 else f'{text[:60]}...')}'"


class Framing:
    """A reader with the ``readline`` and ``read`` pygls calls, over the client's stream;
    ``error`` says how the stream broke the protocol, once it did (it then reads as ended)."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._length: int | None = None
        self.error: str | None = None

    def _broken(self, problem: str) -> bytes:
        self.error = f"the client broke the Language Server Protocol: {problem}"
        return b""

    def readline(self) -> bytes:
        """The next header line (Content-Length spelt as pygls matches it), b"" at the end of
        the stream or once the stream broke the framing."""
        if self.error is not None:
            return b""
        line = self._stream.readline(MAX_HEADER_LINE)
        if line == b"\r\n":
            if self._length is None:
                return self._broken("a message header without Content-Length")
            return line
        if not line:
            return line
        field = _FIELD.fullmatch(line)
        if field is None:
            return self._broken(f"a malformed header line {_shown(line)}")
        name, value = field.groups()
        if name.lower() != b"content-length":
            return line
        if self._length is not None:
            return self._broken("two Content-Length fields in one message header")
        # pygls takes a length of 0 for none: the blank line would not end the header.
        if not value.isdigit() or int(value) == 0:
            return self._broken(f"Content-Length {_shown(value)} (expected one positive integer)")
        self._length = int(value)
        return b"Content-Length: %d\r\n" % self._length

    def read(self, size: int) -> bytes:
        """The body of ``size`` bytes, read as it arrives; b"" (and ``error`` set) when the
        stream ends before it."""
        self._length = None
        pieces = []
        left = size
        while left > 0:
            piece = self._stream.read(min(left, CHUNK))
            if not piece:
                return self._broken(
                    f"the input ended inside a message ({size - left} of {size} bytes)"
                )
            pieces.append(piece)
            left -= len(piece)
        return b"".join(pieces)
