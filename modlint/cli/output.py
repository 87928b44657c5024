"""Where the command line's output goes. Every line passes through one writer per stream, which
escapes the checked project's text and turns any failure to write into one clear error."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from modlint.model import UsageError
from modlint.support import printable, printable_block, write_atomically


def _reason(error: OSError | ValueError) -> str:
    """What went wrong, in the operating system's words."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return os.strerror(errno.EBADF) if isinstance(error, ValueError) else str(error)


def _send(stream: TextIO | None, text: str, utf8: bool) -> None:
    """Write and flush ``text``: as UTF-8 with ``utf8``, else in the stream's encoding with
    the characters it cannot encode as escapes; OSError or ValueError when that fails."""
    if stream is None:  # Python found the descriptor closed when it started
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a plain text stream (io.StringIO) has no encoding of its own
        stream.write(text)
        stream.flush()
        return
    stream.flush()  # what others (argparse) wrote first goes first
    buffer.write(text.encode("utf-8" if utf8 else stream.encoding or "utf-8", "backslashreplace"))
    buffer.flush()


def _quiet(stream: TextIO | None) -> None:
    """Point the stream's descriptor at the null device, so that the flush at interpreter exit
    cannot fail again and print "Exception ignored" or change the exit code."""
    try:
        descriptor = stream.fileno() if stream is not None else -1
    except (OSError, ValueError):
        return
    if descriptor < 0:
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, descriptor)
    finally:
        os.close(null)


@dataclass(frozen=True)
class Console:
    """Standard output and standard error of a run (None for a stream that was closed)."""

    out: TextIO | None
    err: TextIO | None

    def line(self, text: str) -> None:
        """``text`` as exactly one line on standard output, every control character in it
        escaped."""
        self.emit(printable(text) + "\n")

    def block(self, text: str, *, utf8: bool = False) -> None:
        """Lines of text on standard output, its line breaks and tabs kept and every other
        control character escaped; ``utf8`` for text meant for another program (TOML, a
        diff), else in the stream's encoding as for people."""
        self.emit(printable_block(text), utf8=utf8)

    def emit(self, rendered: str, *, utf8: bool = False) -> None:
        """Output a reporter has already made safe, as it is (its colour codes stay): UTF-8
        with ``utf8`` (machine formats), else in the stream's encoding; UsageError when
        standard output cannot be written, BrokenPipeError when its reader went away."""
        try:
            _send(self.out, rendered, utf8)
        except BrokenPipeError:
            _quiet(self.out)
            raise
        except (OSError, ValueError) as error:
            _quiet(self.out)
            raise UsageError(f"cannot write standard output: {_reason(error)}") from None

    def warn(self, text: str) -> None:
        """``text`` as exactly one escaped line on standard error; dropped when standard error
        cannot be written, since there is nowhere left to say so."""
        try:
            _send(self.err, printable(text) + "\n", utf8=False)
        except (OSError, ValueError):
            _quiet(self.err)

    def finish(self) -> None:
        """Flush anything written to the streams outside this writer; UsageError when
        standard output cannot take it."""
        if self.out is not None:
            self.emit("")
        try:
            if self.err is not None:
                self.err.flush()
        except (OSError, ValueError):
            _quiet(self.err)


def hold_closed_descriptors() -> None:
    """Open the null device on the standard descriptors that are closed, so that no file
    modlint opens (and no child process it starts) takes their place; a closed stream stays
    None in sys and is still reported when written to."""
    for descriptor in (0, 1, 2):
        try:
            os.fstat(descriptor)
        except OSError:
            null = os.open(os.devnull, os.O_RDWR)
            if null != descriptor:
                os.dup2(null, descriptor)
                os.close(null)


def write_output_file(name: str, text: str) -> None:
    """Write ``text`` as UTF-8 to the file ``name`` (``--output-file``): a regular file is
    replaced atomically (through a symlink, its target; the link stays), a device or pipe is
    written in place; UsageError ``cannot write 'NAME': reason`` when that fails."""
    data = text.encode("utf-8", "backslashreplace")
    try:
        try:
            mode: int | None = os.stat(name).st_mode
        except FileNotFoundError:  # to be created (at the end of a dangling link, too)
            mode = None
        if mode is not None and stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
        if mode is not None and not stat.S_ISREG(mode):
            with open(name, "wb") as handle:  # /dev/stdout, a pipe, /dev/full
                handle.write(data)
        else:
            write_atomically(Path(name), data)
    except OSError as error:
        raise UsageError(f"cannot write '{name}': {_reason(error)}") from None
