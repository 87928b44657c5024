"""Markdown files read and written as UTF-8, byte for byte outside what is rewritten."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from modlint.model import DocFile

_BOM = b"\xef\xbb\xbf"
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def read_doc(path: Path) -> DocFile:
    """The file at ``path``, or a DocFile saying why it cannot be read (also when it is no
    regular file: a fifo never blocks the run, a link to a device never fills memory)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        if path.is_symlink():
            return DocFile(
                path, None, f"is a symbolic link to '{os.readlink(path)}', which does not exist"
            )
        return DocFile(path, None, "does not exist")
    except OSError as error:
        return DocFile(path, None, f"cannot be read: {error.strerror or error}")
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
            return DocFile(path, None, f"cannot be read: it is {kind}")
        with os.fdopen(os.dup(descriptor), "rb") as handle:
            data = handle.read()
    except OSError as error:
        return DocFile(path, None, f"cannot be read: {error.strerror or error}")
    finally:
        os.close(descriptor)
    bom = data.startswith(_BOM)
    try:
        text = data[len(_BOM) if bom else 0 :].decode("utf-8")
    except UnicodeDecodeError as error:
        return DocFile(path, None, f"is not valid UTF-8 (byte {error.start})")
    return DocFile(path, text, None, bom)


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
