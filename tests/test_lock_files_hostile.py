"""Lock files and READMEs that are not what they should be: not UTF-8, a folder, a fifo, a
link to nothing or to a device. `check` reports them (ML202, ML301, ML303) and checks the
rest; `lock` and `unlock` say in one line why they cannot go on, and change nothing."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import write

PYPROJECT = """
[tool.modlint]
[tool.modlint.modules.core]
tier = "foundation"
level = "stable"
[tool.modlint.modules.app]
tier = "business"
"""
VIOLATION = (
    "app/__init__.py:1:8: ML006 cannot resolve 'core.missing': no such module or "
    "package in the project"
)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A project whose module core has a surface to lock, and a violation in app."""
    return write(
        tmp_path / "p",
        {
            "pyproject.toml": PYPROJECT,
            "core/__init__.py": '__all__ = ["f"]\n\n\ndef f() -> int:\n    return 1\n',
            "app/__init__.py": "import core.missing\n",
        },
    )


def test_a_non_utf8_lock_file_is_ml202_at_the_byte(modlint, root: Path) -> None:
    (root / "core" / ".LOCKED").write_bytes(b'module = "core"\n# caf\xe9\n')
    run = modlint("--no-cache", cwd=root)
    assert (run.code, run.lines) == (
        1,
        [
            VIOLATION,
            "core/.LOCKED:2:6: ML202 cannot read lock file: invalid UTF-8: byte 0xe9 at line 2, "
            "column 6",
        ],
    )


def test_lock_replaces_a_non_utf8_lock_file_like_any_invalid_one(modlint, root: Path) -> None:
    (root / "app" / "__init__.py").write_text("")
    (root / "core" / ".LOCKED").write_bytes(b"\xef\xbb\xbf\xff\n")
    run = modlint("lock", "core", "--version", "1.0.0", "--no-cache", cwd=root)
    assert (run.code, run.lines) == (
        0,
        ["locked 'core' 1.0.0 (1 surface entry): wrote core/.LOCKED"],
    )
    assert (root / "core" / ".LOCKED").read_text().splitlines()[2:4] == [
        'module = "core"',
        'version = "1.0.0"',
    ]


def test_a_lock_file_that_is_a_folder(modlint, root: Path) -> None:
    (root / "core" / ".LOCKED").mkdir()
    run = modlint("--no-cache", cwd=root)
    assert (run.code, run.lines) == (
        1,
        [VIOLATION, "core/.LOCKED:1:1: ML202 cannot read lock file: it is a folder, not a file"],
    )
    run = modlint("lock", "core", "--version", "1.0.0", "--no-cache", cwd=root)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: cannot read core/.LOCKED: it is a folder, not a file\n",
    )
    run = modlint("unlock", "core", cwd=root)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: cannot unlock 'core': core/.LOCKED is a folder, not a lock file\n",
    )
    assert (root / "core" / ".LOCKED").is_dir()


def test_a_lock_file_that_is_a_fifo_never_blocks(modlint, root: Path) -> None:
    os.mkfifo(root / "core" / ".LOCKED")
    for cache in (("--no-cache",), ()):
        run = modlint(*cache, cwd=root)
        assert (run.code, run.lines) == (
            1,
            [VIOLATION, "core/.LOCKED:1:1: ML202 cannot read lock file: it is not a regular file"],
        )
    run = modlint("lock", "core", "--version", "1.0.0", cwd=root)
    assert (run.code, run.err) == (
        2,
        "modlint: error: cannot read core/.LOCKED: it is not a regular file\n",
    )


def test_unlock_of_a_lock_file_that_is_a_fifo_never_blocks(modlint, root: Path) -> None:
    readme = write(root, {"core/README.md": "# core\n\nStatus: 🔴 LOCKED v1.0.0\n"})
    before = (readme / "core" / "README.md").read_bytes()
    os.mkfifo(root / "core" / ".LOCKED")
    run = modlint("unlock", "core", cwd=root)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: cannot unlock 'core': cannot remove core/.LOCKED: it is not a regular "
        "file (a fifo)\n",
    )
    assert (root / "core" / "README.md").read_bytes() == before
    assert (root / "core" / ".LOCKED").is_fifo()


def test_a_lock_file_linked_to_a_device_is_no_regular_file(modlint, root: Path) -> None:
    (root / "core" / ".LOCKED").symlink_to("/dev/zero")
    run = modlint("--no-cache", cwd=root)
    assert (run.code, run.lines) == (
        1,
        [VIOLATION, "core/.LOCKED:1:1: ML202 cannot read lock file: it is not a regular file"],
    )


def test_a_lock_file_linked_to_nothing(modlint, root: Path) -> None:
    (root / "core" / ".LOCKED").symlink_to("gone")
    run = modlint("--no-cache", cwd=root)
    assert (run.code, run.lines) == (
        1,
        [
            VIOLATION,
            "core/.LOCKED:1:1: ML202 cannot read lock file: it is a symbolic link to 'gone', which "
            "does not exist",
        ],
    )
    run = modlint("unlock", "core", cwd=root)
    assert run.code == 0
    assert not os.path.lexists(root / "core" / ".LOCKED")


def test_unlock_without_a_lock_file_changes_nothing(modlint, root: Path) -> None:
    run = modlint("unlock", "core", cwd=root)
    assert (run.code, run.err) == (
        2,
        "modlint: error: module 'core' is not locked: it has no .LOCKED file\n",
    )


def test_the_cached_findings_follow_what_the_lock_file_is(modlint, root: Path) -> None:
    lock = root / "core" / ".LOCKED"
    lock.mkdir()
    assert modlint(cwd=root).lines[1].endswith("it is a folder, not a file")
    lock.rmdir()
    os.mkfifo(lock)
    assert modlint(cwd=root).lines[1].endswith("it is not a regular file")
    lock.unlink()
    assert modlint(cwd=root).lines == [VIOLATION]


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (
            lambda path: path.write_bytes(b"# core\n\nStatus: caf\xe9\n"),
            "is not valid UTF-8 (byte 19)",
        ),
        (lambda path: path.mkdir(), "cannot be read: it is a folder"),
        (lambda path: os.mkfifo(path), "cannot be read: it is not a regular file"),
    ],
)
def test_a_module_readme_that_cannot_be_read_is_ml303(
    modlint, root: Path, make, problem: str
) -> None:
    make(root / "core" / "README.md")
    run = modlint("--no-cache", cwd=root)
    assert (run.code, run.lines) == (
        1,
        [
            VIOLATION,
            f"core/README.md:1:1: ML303 core/README.md {problem}: its status line cannot be "
            "checked",
        ],
    )
    run = modlint("docs", "--fix", "--no-cache", cwd=root)
    assert (run.code, run.lines) == (
        1,
        [f"core/README.md:1:1: ML303 core/README.md {problem}: its status line cannot be checked"],
    )


def test_a_project_readme_that_is_a_fifo_is_ml301(modlint, root: Path) -> None:
    os.mkfifo(root / "README.md")
    run = modlint("--no-cache", cwd=root)
    assert (run.code, run.lines) == (
        1,
        [
            "README.md:1:1: ML301 README.md cannot be read: it is not a regular file: it should "
            "hold the lock table (or leave it out of `docs`)",
            VIOLATION,
        ],
    )


def test_versions_too_long_to_be_numbers_are_no_versions(modlint, root: Path) -> None:
    huge = "7" * 5000
    (root / "core" / ".LOCKED").write_text(
        f'module = "core"\nversion = "{huge}.0"\nlocked-on = 2026-01-01\n[surface]\n'
    )
    run = modlint("--no-cache", cwd=root)
    assert (run.code, run.lines) == (
        1,
        [
            VIOLATION,
            f"core/.LOCKED:2:1: ML202 invalid lock file: key 'version' must be a version like "
            f"\"1.0.0\", got '{huge}.0'",
        ],
    )
    run = modlint("lock", "core", "--version", f"{huge}.0.0", cwd=root)
    assert (run.code, run.err) == (
        2,
        f"modlint: error: --version must be a version like 1.0.0, got '{huge}.0.0'\n",
    )


@pytest.mark.parametrize("committed_unlock", [False, True])
def test_a_non_utf8_lock_file_in_git_history_is_like_an_invalid_one(
    modlint, root: Path, committed_unlock
) -> None:
    (root / "app" / "__init__.py").write_text("")
    (root / "core" / ".LOCKED").write_bytes(b'module = "core"\n# caf\xe9\n')
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "locked"]):
        subprocess.run(
            ["git", *command], cwd=root, check=True, capture_output=True, env=environment
        )
    assert modlint("unlock", "core", cwd=root).code == 0
    if committed_unlock:
        subprocess.run(
            ["git", "commit", "-qam", "unlocked"],
            cwd=root,
            check=True,
            capture_output=True,
            env=environment,
        )
    run = modlint("lock", "core", "--version", "1.0.0", "--no-cache", cwd=root)
    assert (run.code, run.lines) == (
        0,
        ["locked 'core' 1.0.0 (1 surface entry): wrote core/.LOCKED"],
    )


def test_a_lock_file_nested_too_deeply_for_the_toml_reader_is_ml202(modlint, root: Path) -> None:
    (root / "core" / ".LOCKED").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    run = modlint("--no-cache", cwd=root)
    assert (run.code, run.lines) == (
        1,
        [
            VIOLATION,
            "core/.LOCKED:1:1: ML202 invalid lock file: invalid TOML: arrays or inline tables are "
            "nested too deeply",
        ],
    )


def test_a_reason_that_is_not_utf8_is_refused(modlint, root: Path) -> None:
    (root / "app" / "__init__.py").write_text("")
    run = modlint(
        "lock",
        "core",
        "--version",
        "1.0.0",
        "--reason",
        os.fsdecode(b"caf\xe9"),
        "--no-cache",
        cwd=root,
    )
    assert (run.code, run.out, run.err) == (2, "", "modlint: error: --reason must be UTF-8 text\n")
    assert not (root / "core" / ".LOCKED").exists()


def test_lock_files_and_readmes_linked_out_of_the_project_are_not_read(modlint, root: Path) -> None:
    secret = root.parent / "secret.toml"
    secret.write_text('module = "core"\nversion = "token-1234"\n')
    for link in ("README.md", "core/.LOCKED", "core/README.md"):
        (root / link).symlink_to(secret)
    link_out = "it is a symbolic link to a file outside the project"
    expected = [
        f"README.md:1:1: ML301 README.md cannot be read: {link_out}: it should hold the lock "
        "table (or leave it out of `docs`)",
        VIOLATION,
        "  |",
        "1 | import core.missing",
        "  |        ^^^^^^^^^^^^",
        f"core/.LOCKED:1:1: ML202 cannot read lock file: {link_out}",
        f"core/README.md:1:1: ML303 core/README.md cannot be read: {link_out}: its status line "
        "cannot be checked",
    ]
    for cache in (("--no-cache",), (), ()):
        run = modlint(*cache, "--show-source", cwd=root)
        assert (run.code, run.lines) == (1, expected)
    assert secret.read_text() == 'module = "core"\nversion = "token-1234"\n'
