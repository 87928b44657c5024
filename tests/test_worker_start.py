"""Worker processes never import the checked project's code, whatever the start method."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from conftest import write

from modlint.pipeline import isolation

IMPORTED = "import pathlib\npathlib.Path({marker!r}).write_text(__name__)\n"


@pytest.mark.parametrize("method", ["fork", "spawn", "forkserver"])
def test_workers_do_not_import_the_projects_pickle_or_socket(
    modlint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} start method on this platform")
    marker = tmp_path / "imported"
    files: dict[str, str] = {
        "pyproject.toml": (
            '[tool.modlint]\ntiers = ["low", "high"]\ndocs = []\n'
            '[tool.modlint.modules.core]\npath = "core"\ntier = "low"\n'
            '[tool.modlint.modules.app]\npath = "app"\ntier = "high"\n'
        ),
        "pickle.py": IMPORTED.format(marker=str(marker)),
        "socket.py": IMPORTED.format(marker=str(marker)),
        "core/__init__.py": "",
        "app/__init__.py": "",
        # Enough files for two worker processes.
        **{f"app/m{index}.py": "import os\n" for index in range(70)},
        "core/bad.py": "from app import m1\n",
    }
    root = write(tmp_path / "project", files)
    monkeypatch.setattr(isolation, "START_METHOD", method)
    run = modlint("--no-cache", ".", cwd=root)
    assert (run.code, run.out, run.err) == (
        1,
        "core/bad.py:1:17: ML001 low module 'core' imports high module 'app' (app.m1)\n",
        "Found 1 error.\n",
    )
    assert not marker.exists()
