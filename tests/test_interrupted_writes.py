"""Each writing command killed with SIGKILL at random moments: the file it writes is always
exactly the old bytes or exactly the new ones, and the next run leaves no temp file behind."""

from __future__ import annotations

import random
import subprocess
import sys
import time
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


def _start(root: Path, arguments: tuple[str, ...]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "modlint", *arguments],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _runtime(root: Path, arguments: tuple[str, ...]) -> float:
    """How long one uninterrupted run takes here."""
    began = time.monotonic()
    assert _start(root, arguments).wait(timeout=120) == 0
    return time.monotonic() - began


@pytest.mark.parametrize("name", list(CASES))
def test_a_killed_write_leaves_old_or_new_bytes_and_no_temp_file(
    modlint, tmp_path: Path, name: str
) -> None:
    case = CASES[name]
    root = tmp_path / "shop"
    case.prepare(root, modlint)
    old = _state(root, case.files)
    runtime = _runtime(root, case.arguments)
    new = _state(root, case.files)
    assert all(new[file] != old[file] for file in case.files)
    chooser = random.Random(f"{SEED}-{name}")
    for run in range(RUNS):
        _restore(root, old)
        # A third of the kills anywhere in the run, the rest in its last part, where it writes.
        low = 0.0 if run % 3 == 0 else 0.7 * runtime
        delay = chooser.uniform(low, 1.1 * runtime)
        process = _start(root, case.arguments)
        time.sleep(delay)
        process.kill()
        process.wait(timeout=60)
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
