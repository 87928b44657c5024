"""Running modlint as a process that file permissions apply to, even when the tests run as root.

Root ignores permission bits through two capabilities (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH).
The child drops both from its bounding set before it starts Python, so a folder or file with
mode 000 is as unreadable to it as to any user; without root, an ordinary child does the same.
"""

from __future__ import annotations

import ctypes
import functools
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Run

_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def _drop_overrides() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


# Asked once per session: each answer costs a Python start-up.
@functools.cache
def _can_drop() -> bool:
    if os.geteuid() != 0:
        return True
    try:
        done = subprocess.run(
            [sys.executable, "-c", "open('/proc/self/status').read()"],
            preexec_fn=_drop_overrides,
            capture_output=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def run_unprivileged(*args: str, cwd: Path, timeout: float = 60) -> Run:
    """``modlint *args`` in ``cwd``, in a child process that file permissions apply to; the
    test is skipped (with the reason) where no such process can be made."""
    if not _can_drop():
        pytest.skip("running as root and cannot drop CAP_DAC_OVERRIDE: permissions never apply")
    done = subprocess.run(
        [sys.executable, "-m", "modlint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=_drop_overrides if os.geteuid() == 0 else None,
        env={**os.environ, "NO_COLOR": "1"},
    )
    return Run(done.returncode, done.stdout, done.stderr)
