"""Issue 14: a module that is a single `.py` file is locked like a folder module; its lock
file is `NAME.LOCKED` beside `NAME.py`, its surface what the file's `__all__` lists."""

from __future__ import annotations

import datetime
import os
import subprocess
from pathlib import Path

import pytest
from conftest import edit, write

CONFIG = """\
[tool.modlint]
tiers = ["low", "high"]

[tool.modlint.modules.utils]
path = "utils.py"
tier = "low"
level = "{level}"
version = "0.9.0"
description = "Text helpers"
depends-on = []

[tool.modlint.modules.app]
path = "app"
tier = "high"
description = "The application"
"""

UTILS = '''\
"""Text helpers."""

__all__ = ["Box", "slug"]


def slug(text: str, sep: str = "-") -> str:
    return _clean(text).replace(" ", sep)


def _clean(text: str) -> str:
    return text.strip().lower()


class Box:
    def size(self) -> int:
        return 0
'''

README = """\
# p

<!-- modlint:lock-table:start -->
| Module | Tier | Level | Version | Description |
| --- | --- | --- | --- | --- |
| `utils.py` | Low | {status} | {version} | Text helpers |
| `app/` | High | 🟢 DEVELOPMENT | — | The application |
<!-- modlint:lock-table:end -->
"""

STABLE = README.format(status="🟡 STABLE", version="0.9.0")


def lock_text(version: str = "1.0.0", reason: str = "Proven") -> str:
    today = datetime.date.today().isoformat()
    return (
        "# Written by `modlint lock`. While this file exists the module is locked: its public\n"
        "# API may not change. To change it: `modlint unlock utils`, edit, lock again.\n"
        'module = "utils"\n'
        f'version = "{version}"\n'
        f"locked-on = {today}\n"
        f'reason = "{reason}"\n'
        "\n"
        "[[history]]\n"
        f'version = "{version}"\n'
        f"locked-on = {today}\n"
        f'reason = "{reason}"\n'
        "\n"
        "[surface]\n"
        '"Box" = "class Box"\n'
        '"Box.size" = "def size(self) -> int"\n'
        '"slug" = "def slug(text: str, sep: str = \\"-\\") -> str"\n'
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project whose stable module `utils` is the single file utils.py, used by `app`."""
    return write(
        tmp_path / "p",
        {
            "pyproject.toml": CONFIG.format(level="stable"),
            "utils.py": UTILS,
            "app/__init__.py": "from utils import Box, slug\n\nprint(slug('a b'), Box().size())\n",
            "README.md": STABLE,
        },
    )


@pytest.fixture
def locked(modlint, project: Path) -> Path:
    """``project`` with `utils` locked at 1.0.0."""
    run = modlint("lock", "utils", "--version", "1.0.0", "--reason", "Proven", cwd=project)
    assert (run.code, run.err) == (0, "")
    return project


def test_lock_writes_name_locked_beside_the_file(modlint, project: Path) -> None:
    run = modlint("lock", "utils", "--version", "1.0.0", "--reason", "Proven", cwd=project)
    assert (run.code, run.out, run.err) == (
        0,
        "locked 'utils' 1.0.0 (3 surface entries): wrote utils.LOCKED, pyproject.toml, README.md\n",
        "",
    )
    assert (project / "utils.LOCKED").read_text(encoding="utf-8") == lock_text()
    assert (project / "pyproject.toml").read_text() == CONFIG.format(level="stable").replace(
        'version = "0.9.0"', 'version = "1.0.0"'
    )
    assert (project / "README.md").read_text(encoding="utf-8") == README.format(
        status="🔴 LOCKED", version="1.0.0"
    )
    clean = modlint(cwd=project)
    assert (clean.code, clean.out) == (0, "")
    docs = modlint("docs", "--check", cwd=project)
    assert (docs.code, docs.out, docs.err) == (0, "", "")
    again = modlint("lock", "utils", "--version", "1.0.0", cwd=project)
    assert (again.code, again.out) == (
        0,
        ("'utils' is already locked at 1.0.0 with this surface: utils.LOCKED unchanged\n"),
    )


def test_a_breaking_change_is_ml103(modlint, locked: Path) -> None:
    edit(locked / "utils.py", 'sep: str = "-"', "sep: str")
    run = modlint(cwd=locked)
    assert (run.code, run.out) == (
        1,
        "utils.py:6:5: ML103 parameter 'sep' of slug became required: breaking change to "
        "locked module 'utils' 1.0.0 (unlock it, and lock it again as 2.0.0)\n",
    )


def test_growth_is_ml104(modlint, locked: Path) -> None:
    edit(locked / "utils.py", '__all__ = ["Box", "slug"]', '__all__ = ["Box", "shout", "slug"]')
    with (locked / "utils.py").open("a") as handle:
        handle.write("\n\ndef shout(text: str) -> str:\n    return text.upper()\n")
    run = modlint(cwd=locked)
    assert (run.code, run.out) == (
        1,
        "utils.py:19:5: ML104 added 'shout': locked module 'utils' 1.0.0 grew (unlock it, "
        "and lock it again as 1.1.0)\n",
    )


@pytest.mark.parametrize("level", ["locked", "stable"])
def test_importing_outside_the_surface_is_ml101(modlint, project: Path, level: str) -> None:
    if level == "locked":
        assert modlint("lock", "utils", "--version", "1.0.0", cwd=project).code == 0
    write(
        project,
        {
            "app/extra.py": "from utils import _clean, slug\nimport utils\n\nutils._clean(utils.slug)\n"
        },
    )
    run = modlint("--select", "ML101", cwd=project)
    assert (run.code, run.out) == (
        1,
        f"app/extra.py:1:19: ML101 'utils._clean' is not in the surface of {level} module "
        "'utils' (use what 'utils' exports)\n"
        f"app/extra.py:4:7: ML101 'utils._clean' is not in the surface of {level} module "
        "'utils' (use what 'utils' exports)\n",
    )


def test_unlock_removes_the_lock_file(modlint, locked: Path) -> None:
    run = modlint("unlock", "utils", cwd=locked)
    assert (run.code, run.out, run.err) == (
        0,
        "unlocked 'utils': removed utils.LOCKED, wrote README.md; it is stable as configured "
        "until it is locked again\n",
        "",
    )
    assert not (locked / "utils.LOCKED").exists()
    assert (locked / "README.md").read_text(encoding="utf-8") == README.format(
        status="🟡 STABLE", version="1.0.0"
    )
    clean = modlint(cwd=locked)
    assert (clean.code, clean.out) == (0, "")
    again = modlint("unlock", "utils", cwd=locked)
    assert (again.code, again.err) == (
        2,
        "modlint: error: module 'utils' is not locked: it has no utils.LOCKED file\n",
    )


def test_a_locked_file_without_all_is_ml102(modlint, locked: Path) -> None:
    edit(locked / "utils.py", '__all__ = ["Box", "slug"]\n', "")
    run = modlint("--select", "ML102", cwd=locked)
    assert (run.code, run.out) == (
        1,
        "utils.py:1:1: ML102 locked module 'utils': file 'utils' of module 'utils' defines "
        "no __all__\n",
    )


def test_lock_refuses_a_file_without_all(modlint, project: Path) -> None:
    edit(project / "utils.py", '__all__ = ["Box", "slug"]\n', "")
    run = modlint("lock", "utils", "--version", "1.0.0", cwd=project)
    assert (run.code, run.out, run.err) == (
        1,
        "utils.py:1:1: ML102 file 'utils' of module 'utils' defines no __all__\n",
        "modlint: refusing to lock 'utils': fix its 1 diagnostic first\n",
    )
    assert not (project / "utils.LOCKED").exists()


def test_configured_locked_without_its_lock_file_is_ml201(modlint, project: Path) -> None:
    write(project, {"pyproject.toml": CONFIG.format(level="locked")})
    run = modlint("--select", "ML201", cwd=project)
    assert (run.code, run.out) == (
        1,
        "pyproject.toml:7:1: ML201 module 'utils' is configured as locked but has no "
        "utils.LOCKED file: run `modlint lock utils --version X.Y.Z`, or configure another "
        "level\n",
    )


def test_a_nested_file_module_locks_beside_its_file(modlint, tmp_path: Path) -> None:
    config = (
        '[tool.modlint]\ntiers = ["low", "high"]\n\n'
        '[tool.modlint.modules.checker]\npath = "pkg/checker.py"\ntier = "low"\n'
        'depends-on = []\n\n[tool.modlint.modules.pkg]\npath = "pkg"\ntier = "high"\n'
    )
    root = write(
        tmp_path / "n",
        {
            "pyproject.toml": config,
            "pkg/__init__.py": "from pkg.checker import check\n",
            "pkg/checker.py": '__all__ = ["check"]\n\n\ndef check() -> None: ...\n\n\n_x = 1\n',
        },
    )
    run = modlint("lock", "checker", "--version", "1.0.0", cwd=root)
    assert (run.code, run.out) == (
        0,
        "locked 'checker' 1.0.0 (1 surface entry): wrote pkg/checker.LOCKED\n",
    )
    write(root, {"pkg/other.py": "from pkg.checker import _x\n"})
    run = modlint(cwd=root)
    assert (run.code, run.out) == (
        1,
        "pkg/other.py:1:25: ML101 'pkg.checker._x' is not in the surface of locked module "
        "'checker' (use what 'pkg.checker' exports)\n",
    )


def git(root: Path, *arguments: str) -> str:
    done = subprocess.run(["git", *arguments], cwd=root, check=True, capture_output=True, text=True)
    return done.stdout


@pytest.fixture
def repo(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``project`` as a git repository with one commit on branch main."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    git(project, "init", "-q", "-b", "main")
    git(project, "config", "user.name", "Lock Tester")
    git(project, "config", "user.email", "lock@example.com")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "p")
    return project


def test_lock_git_commits_the_lock_file(modlint, repo: Path) -> None:
    run = modlint("lock", "utils", "--version", "1.0.0", "--reason", "Proven", "--git", cwd=repo)
    assert (run.code, run.err) == (0, "")
    assert git(repo, "show", "--name-status", "--format=", "HEAD") == (
        "M\tREADME.md\nM\tpyproject.toml\nA\tutils.LOCKED\n"
    )
    assert git(repo, "show", "HEAD:utils.LOCKED") == lock_text()
    run = modlint("unlock", "utils", "--git", cwd=repo)
    assert (run.code, run.err) == (0, "")
    assert git(repo, "show", "--name-status", "--format=", "HEAD") == (
        "M\tREADME.md\nD\tutils.LOCKED\n"
    )


def test_base_reads_the_lock_file_at_the_revision(modlint, locked: Path, repo: Path) -> None:
    edit(locked / "utils.py", 'sep: str = "-"', "sep: str")
    run = modlint("--select", "ML106", "--base", "HEAD", cwd=locked)
    assert (run.code, run.out) == (
        1,
        "utils.py:6:5: ML106 parameter 'sep' of slug became required: breaking change to "
        "locked module 'utils' since 'HEAD' (1.0.0 there, 1.0.0 now): give it a new major "
        "version (2.0.0)\n",
    )


def test_the_findings_cache_sees_the_lock_file_change(modlint, locked: Path) -> None:
    assert modlint("--select", "ML201", cwd=locked).code == 0  # findings cached
    edit(locked / "utils.LOCKED", 'utils"\nversion = "1.0.0"', 'utils"\nversion = "1.2.0"')
    run = modlint("--select", "ML201", cwd=locked)
    assert (run.code, run.out) == (
        1,
        "pyproject.toml:8:1: ML201 module 'utils' has version 1.0.0 here but 1.2.0 in its "
        "utils.LOCKED file\n",
    )
