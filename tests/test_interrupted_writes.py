"""Each writing command killed with SIGKILL at random moments: the file it writes is always
exactly the old bytes or exactly the new ones, and the next run leaves no temp file behind."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

import pytest
from conftest import Run, write

SEED = 10
RUNS = 20
START = "<!-- modlint:lock-table:start -->"
END = "<!-- modlint:lock-table:end -->"
CONFIG = """
[project]
name = "shop"

[tool.modlint]
tiers = ["base", "top"]

[tool.modlint.modules.core]
tier = "base"
level = "stable"
description = "The core | its parts"

[tool.modlint.modules.app]
tier = "top"
description = "The app"
"""
CORE = '__all__ = ["f"]\n\n\ndef f() -> int:\n    return 1\n'
GROWN_CORE = (
    '__all__ = ["f", "g"]\n\n\ndef f() -> int:\n    return 1\n\n\ndef g() -> int:\n    return 2\n'
)

State = dict[str, Optional[bytes]]
"""Each file the command may change (root-relative) and its bytes, None when absent."""


@dataclass(frozen=True)
class Case:
    """A writing command, the project it runs in and the files it changes."""

    arguments: tuple[str, ...]
    files: tuple[str, ...]
    prepare: Callable[[Path, Callable[..., Run]], None]


def _docs_project(root: Path, modlint: Callable[..., Run]) -> None:
    write(
        root,
        {
            "pyproject.toml": CONFIG,
            "core/__init__.py": CORE,
            "core/README.md": "# core\n\nStatus: 🟡 STABLE v0.9\n\nThe core.\n",
            "app/__init__.py": "",
            "README.md": f"# Shop\r\n\r\n{START}\r\n| Module | Level |\r\n|--|--|\r\n| core | "
            f"locked |\r\n{END}\r\n\r\n```\r\n{START}\r\n{END}\r\n```\r\nThe end.",
        },
    )


def _lock_project(root: Path, modlint: Callable[..., Run]) -> None:
    write(root, {"pyproject.toml": CONFIG, "core/__init__.py": CORE, "app/__init__.py": ""})
    assert modlint("lock", "core", "--version", "1.0.0", "--no-cache", cwd=root).code == 0
    (root / "core" / "__init__.py").write_text(GROWN_CORE)


def _init_project(root: Path, modlint: Callable[..., Run]) -> None:
    write(
        root,
        {
            "pyproject.toml": '[project]\r\nname = "shop"',
            "core/__init__.py": CORE,
            "app/__init__.py": "",
        },
    )


CASES = {
    "docs-fix": Case(
        ("docs", "--fix", "--no-cache"), ("README.md", "core/README.md"), _docs_project
    ),
    "lock": Case(
        ("lock", "core", "--version", "1.1.0", "--no-cache"), ("core/.LOCKED",), _lock_project
    ),
    "unlock": Case(("unlock", "core"), ("core/.LOCKED",), _lock_project),
    "init": Case(("init",), ("pyproject.toml",), _init_project),
}


def _state(root: Path, files: tuple[str, ...]) -> State:
    return {name: (root / name).read_bytes() if (root / name).exists() else None for name in files}


def _restore(root: Path, state: State) -> None:
    for name, data in state.items():
        if data is None:
            (root / name).unlink(missing_ok=True)
        else:
            (root / name).write_bytes(data)


def _temporaries(root: Path) -> list[str]:
    return sorted(path.relative_to(root).as_posix() for path in root.rglob(".*.tmp"))


# Python and modlint start once, in this process, which forks a child per run: a kill then
# lands in the command's own work, not in interpreter start-up, and twenty runs per case cost
# what the work costs (spawning `python -m modlint` cost a third of a second per run).
FORKER = """
import json, os, sys
from modlint.cli import main

print(json.dumps(0), flush=True)
for line in sys.stdin:
    request = json.loads(line)
    if "wait" in request:
        answer = os.waitstatus_to_exitcode(os.waitpid(request["wait"], 0)[1])
    else:
        answer = os.fork()
        if answer == 0:
            code = 70
            try:
                null = os.open(os.devnull, os.O_RDWR)
                for descriptor in (0, 1, 2):
                    os.dup2(null, descriptor)
                os.chdir(request["cwd"])
                code = main(request["arguments"])
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code)
    print(json.dumps(answer), flush=True)
"""


@dataclass(frozen=True)
class Forker:
    """A Python process with modlint imported that runs each command in a forked child."""

    process: subprocess.Popen[str]

    def _ask(self, request: dict[str, object]) -> int:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        answer = json.loads(self.process.stdout.readline())
        assert isinstance(answer, int)
        return answer

    def start(self, root: Path, arguments: tuple[str, ...]) -> int:
        """The process id of ``modlint *arguments`` started in ``root``."""
        return self._ask({"cwd": str(root), "arguments": list(arguments)})

    def wait(self, pid: int) -> int:
        """The exit code of the child ``pid`` once it has ended (minus the signal's number)."""
        return self._ask({"wait": pid})


@pytest.fixture(scope="module")
def forker() -> Iterator[Forker]:
    process = subprocess.Popen(
        [sys.executable, "-c", FORKER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    # Ready once modlint is imported: the first run timed must not include the start-up.
    assert process.stdout is not None and json.loads(process.stdout.readline()) == 0
    yield Forker(process)
    assert process.stdin is not None
    process.stdin.close()
    assert process.wait(timeout=60) == 0


def _runtime(forker: Forker, root: Path, arguments: tuple[str, ...]) -> float:
    """How long one uninterrupted run takes here."""
    began = time.monotonic()
    assert forker.wait(forker.start(root, arguments)) == 0
    return time.monotonic() - began


@pytest.mark.parametrize("name", list(CASES))
def test_a_killed_write_leaves_old_or_new_bytes_and_no_temp_file(
    modlint, forker: Forker, tmp_path: Path, name: str
) -> None:
    case = CASES[name]
    root = tmp_path / "shop"
    case.prepare(root, modlint)
    old = _state(root, case.files)
    runtime = _runtime(forker, root, case.arguments)
    new = _state(root, case.files)
    assert all(new[file] != old[file] for file in case.files)
    chooser = random.Random(f"{SEED}-{name}")
    for run in range(RUNS):
        _restore(root, old)
        # A third of the kills anywhere in the run, the rest in its last part, where it writes.
        low = 0.0 if run % 3 == 0 else 0.7 * runtime
        delay = chooser.uniform(low, 1.1 * runtime)
        pid = forker.start(root, case.arguments)
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
        forker.wait(pid)
        after = _state(root, case.files)
        for file in case.files:
            assert after[file] in (old[file], new[file]), (
                f"run {run}: {file} after a kill at {delay:.3f}s is neither old nor new"
            )
        follow_up = modlint(*case.arguments, cwd=root)
        if name in ("unlock", "init") and after == new:
            assert follow_up.code == 2  # nothing left to do: a usage error, as designed
        else:
            assert follow_up.code == 0, follow_up.err
        assert _state(root, case.files) == new
        assert _temporaries(root) == [], f"run {run}: temp files after the next run"
