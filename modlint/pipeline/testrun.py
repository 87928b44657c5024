"""`test-command`: the project's tests, run by `lock` before it writes anything.

This is the one place modlint runs the project's code, and only because the user configured
the command: it is split like a shell command line but run without a shell, in the project
root, with a time limit; the whole process group is stopped when the limit is reached.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
from dataclasses import dataclass

from modlint.model import Config, UsageError
from modlint.support import display_path

__all__ = [
    "TestRun",
    "failure_message",
    "run_tests",
]

TAIL_LINES = 20
"""Lines of a failing run's output shown with the refusal."""


@dataclass(frozen=True)
class TestRun:
    """A finished run of the test command: what ran, its exit code, its last lines."""

    command: str
    code: int | None
    """None when the time limit stopped it."""
    tail: tuple[str, ...]

    @property
    def passed(self) -> bool:
        """Whether the command exited with 0."""
        return self.code == 0


def test_arguments(config: Config, module: str) -> list[str]:
    """The configured command for ``module`` as program and arguments; UsageError when it
    does not split (an unclosed quote) or names nothing to run."""
    assert config.test_command is not None
    folder = config.module(module).path.relative_to(config.root).as_posix() or "."
    try:
        text = config.test_command.format(path=shlex.quote(folder), module=shlex.quote(module))
        arguments = shlex.split(text)
    except ValueError as error:  # an unclosed quote
        raise UsageError(
            f"{display_path(config.file)}: key 'test-command' cannot be split into "
            f"arguments: {error}"
        ) from None
    if not arguments:
        raise UsageError(f"{display_path(config.file)}: key 'test-command' names no program")
    return arguments


def run_tests(config: Config, module: str, timeout: float) -> TestRun:
    """Run the test command for ``module`` in the project root; UsageError when it cannot be
    started at all."""
    arguments = test_arguments(config, module)
    shown = shlex.join(arguments)
    try:
        process = subprocess.Popen(
            arguments,
            cwd=config.root,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    except OSError as error:
        raise UsageError(f"cannot run test-command `{shown}`: {error.strerror or error}") from None
    try:
        output, _ = process.communicate(timeout=timeout)
        code: int | None = process.returncode
    except subprocess.TimeoutExpired:
        _stop(process)
        output, _ = process.communicate()
        code = None
    lines = output.decode("utf-8", "replace").splitlines()
    return TestRun(shown, code, tuple(lines[-TAIL_LINES:]))


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Kill the command and everything it started (its own process group)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        process.kill()


def failure_message(module: str, run: TestRun, timeout: float) -> str:
    """Why `lock` refuses after a failing run."""
    if run.code is None:
        what = f"did not finish within {timeout:g} seconds (stopped)"
    else:
        what = f"exited with code {run.code}"
    return f"refusing to lock '{module}': its tests failed: `{run.command}` {what}"
