"""Markdown files read and written as UTF-8, byte for byte outside what is rewritten."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

from modlint.model import DocFile
from modlint.support import Reason, Unread, read_regular_file

_BOM = b"\xef\xbb\xbf"
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def read_doc(path: Path) -> DocFile:
    """The file at ``path``, or a DocFile saying why it cannot be read (also when it is no
    regular file: a fifo never blocks the run, a link to a device never fills memory)."""
    data = read_regular_file(path)
    if isinstance(data, Unread):
        return DocFile(path, None, _why_unread(path, data))
    bom = data.startswith(_BOM)
    try:
        text = data[len(_BOM) if bom else 0 :].decode("utf-8")
    except UnicodeDecodeError as error:
        return DocFile(path, None, f"is not valid UTF-8 (byte {error.start})")
    return DocFile(path, text, None, bom)


def _why_unread(path: Path, unread: Unread) -> str:
    """How a document's problem reads after its path."""
    if unread.error_number == errno.ENOENT:
        if path.is_symlink():
            return f"is a symbolic link to '{os.readlink(path)}', which does not exist"
        return "does not exist"
    if unread.reason is Reason.FOLDER:
        return "cannot be read: it is a folder"
    if unread.reason is Reason.SPECIAL:
        return "cannot be read: it is not a regular file"
    return f"cannot be read: {unread.strerror}"


def encoded(doc: DocFile, text: str) -> bytes:
    """``text`` as the bytes of ``doc``'s file (with its BOM, if it had one)."""
    return (_BOM if doc.bom else b"") + text.encode("utf-8")


def split_lines(text: str) -> list[str]:
    """Lines with their own endings (``\\n``, ``\\r\\n`` or ``\\r``), the last one possibly
    without; joining them gives ``text`` back."""
    return _LINE.findall(text)


def newline_of(lines: list[str]) -> str:
    """The file's line ending: that of its first line, ``\\n`` when it has none."""
    for line in lines:
        stripped = line.rstrip("\r\n")
        if stripped != line:
            return line[len(stripped) :]
    return "\n"


def ending_of(line: str) -> str:
    """The line's own ending (empty for a last line without one)."""
    return line[len(line.rstrip("\r\n")) :]
