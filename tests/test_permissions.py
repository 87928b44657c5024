"""Files and folders modlint may not read or write, in a process that permissions apply to
(also when the tests run as root): each gives a diagnostic while the rest is checked, or one
`modlint: error: ...` line with exit 2 and nothing changed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import write
from unprivileged import run_unprivileged

PYPROJECT = """
[tool.modlint]
[tool.modlint.modules.core]
tier = "foundation"
level = "stable"
[tool.modlint.modules.app]
tier = "business"
"""
LOCKED = (
    'module = "core"\nversion = "1.0.0"\nlocked-on = 2026-01-01\n[surface]\n'
    '"f" = "def f() -> int"\n'
)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A project with a locked module core and a violation in app."""
    return write(
        tmp_path / "p",
        {
            "pyproject.toml": PYPROJECT,
            "core/__init__.py": '__all__ = ["f"]\n\n\ndef f() -> int:\n    return 1\n',
            "core/.LOCKED": LOCKED,
            "app/__init__.py": "import core.missing\n",
        },
    )


@contextmanager
def mode(path: Path, bits: int) -> Iterator[None]:
    """``path`` with permission ``bits`` for the block; its mode is restored afterwards."""
    before = path.stat().st_mode & 0o7777
    os.chmod(path, bits)
    try:
        yield
    finally:
        os.chmod(path, before)


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file under ``root`` (the cache aside) with its bytes."""
    return {
        str(path.relative_to(root)): path.read_bytes() if path.is_file() else None
        for path in sorted(root.rglob("*"))
        if ".modlint_cache" not in path.parts
    }


IMPORT = (
    "app/__init__.py:1:8: ML006 cannot resolve 'core.missing': no such module or package "
    "in the project"
)


def test_the_project_checks_clean_apart_from_the_planted_import(root: Path) -> None:
    run = run_unprivileged("--no-cache", cwd=root)
    assert (run.code, run.lines) == (1, [IMPORT])


def test_an_unreadable_lock_file_is_ml202_and_lock_refuses(root: Path) -> None:
    with mode(root / "core" / ".LOCKED", 0o000):
        run = run_unprivileged("--no-cache", cwd=root)
        assert (run.code, run.lines) == (
            1,
            [IMPORT, "core/.LOCKED:1:1: ML202 cannot read lock file: Permission denied"],
        )
        before = snapshot(root)
        run = run_unprivileged("lock", "core", "--version", "1.0.1", "--no-cache", cwd=root)
        assert (run.code, run.out, run.err) == (
            2,
            "",
            "modlint: error: cannot read core/.LOCKED: Permission denied\n",
        )
        assert snapshot(root) == before


def test_an_unreadable_project_readme_is_ml301(root: Path) -> None:
    write(root, {"README.md": "# p\n"})
    with mode(root / "README.md", 0o000):
        run = run_unprivileged("--no-cache", cwd=root)
    assert (run.code, run.lines) == (
        1,
        [
            "README.md:1:1: ML301 README.md cannot be read: Permission denied: it should hold the "
            "lock table (or leave it out of `docs`)",
            IMPORT,
        ],
    )


def test_an_unreadable_module_readme_is_ml303(root: Path) -> None:
    write(root, {"core/README.md": "# core\n"})
    with mode(root / "core" / "README.md", 0o000):
        run = run_unprivileged("--no-cache", cwd=root)
    assert (run.code, run.lines) == (
        1,
        [
            IMPORT,
            "core/README.md:1:1: ML303 core/README.md cannot be read: Permission denied: its "
            "status line cannot be checked",
        ],
    )


@pytest.mark.parametrize("packages", ["", 'packages = ["core_pkg"]\n'])
def test_an_unreadable_module_folder_is_no_crash_and_the_rest_is_checked(
    tmp_path: Path, packages: str
) -> None:
    root = write(
        tmp_path / "p",
        {
            "pyproject.toml": PYPROJECT.replace(
                'level = "stable"\n', f'level = "stable"\n{packages}'
            ),
            "core/core_pkg/__init__.py": "",
            "core/.LOCKED": LOCKED,
            "core/README.md": "# core\n",
            "app/__init__.py": "import app.missing\n",
        },
    )
    with mode(root / "core", 0o000):
        run = run_unprivileged("--no-cache", cwd=root)
    # Discovery reports the folder itself (ML902); nothing in it is guessed at.
    assert (run.code, [line for line in run.lines if " ML902 " not in line]) == (
        1,
        [
            "app/__init__.py:1:8: ML006 cannot resolve 'app.missing': no such module or package in "
            "the project"
        ],
    )


def test_unlock_in_a_read_only_folder_changes_nothing(root: Path) -> None:
    before = snapshot(root)
    with mode(root / "core", 0o555):
        run = run_unprivileged("unlock", "core", cwd=root)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: cannot unlock 'core': cannot remove core/.LOCKED: Permission denied\n",
    )
    assert snapshot(root) == before


def test_unlock_of_a_lock_file_in_an_unsearchable_folder(root: Path) -> None:
    before = snapshot(root)
    with mode(root / "core", 0o000):
        run = run_unprivileged("unlock", "core", cwd=root)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: cannot unlock 'core': cannot read core/.LOCKED: Permission denied\n",
    )
    assert snapshot(root) == before


def test_lock_in_a_read_only_folder_changes_nothing(root: Path) -> None:
    write(root, {"app/__init__.py": ""})
    before = snapshot(root)
    with mode(root / "core", 0o555):
        run = run_unprivileged("lock", "core", "--version", "1.1.0", "--no-cache", cwd=root)
    assert (run.code, run.out) == (2, "")
    assert run.err == ("modlint: error: cannot write core/.LOCKED: Permission denied\n")
    assert snapshot(root) == before


def test_init_in_a_read_only_folder_changes_nothing(tmp_path: Path) -> None:
    root = write(
        tmp_path / "p", {"pyproject.toml": '[project]\nname = "p"\n', "core/__init__.py": ""}
    )
    before = snapshot(root)
    with mode(root, 0o555):
        run = run_unprivileged("init", cwd=root)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: cannot write pyproject.toml: Permission denied\n",
    )
    assert snapshot(root) == before


def test_an_unreadable_configuration_names_it(root: Path) -> None:
    with mode(root / "pyproject.toml", 0o000):
        run = run_unprivileged("--no-cache", cwd=root)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: pyproject.toml: cannot read file: Permission denied\n",
    )


def test_a_cache_that_cannot_be_read_or_written_is_no_error(root: Path) -> None:
    assert run_unprivileged(cwd=root).lines == [IMPORT]  # writes the cache
    cache = root / ".modlint_cache"
    for path in cache.iterdir():
        os.chmod(path, 0o000)
    try:
        with mode(cache, 0o555):
            run = run_unprivileged(cwd=root)
    finally:
        for path in cache.iterdir():
            os.chmod(path, 0o644)
    assert (run.code, run.lines) == (1, [IMPORT])
