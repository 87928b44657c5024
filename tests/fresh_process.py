"""A modlint run in a fresh interpreter, for tests of what a run imports."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

_SCRIPT = """
import sys
from modlint.cli import main
watched = sys.argv[1].split(",")
code = main(sys.argv[2:])
print(code, sorted(name for name in watched if name in sys.modules))
"""


def imported_after_run(root: Path, watched: Sequence[str], *args: str) -> str:
    """The output of `modlint ARGS` run at ``root`` in a fresh process, then a line with its
    exit code and which of the ``watched`` modules it imported."""
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, ",".join(watched), *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout
