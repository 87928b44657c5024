"""Trees built to break discovery: links out of the project, deep folders, folders that vanish
or cannot be read, special `.gitignore` files and patterns git would skip."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from unprivileged import run_unprivileged

from modlint.discovery import files as discovery

UPWARD = "ML001 foundation module 'core' imports business module 'app' (app)"
SELECT = ("--no-cache", "--select", "ML001,ML9")


def test_a_link_to_the_filesystem_root_is_not_walked(modlint, small) -> None:
    root = small({"core/a.py": "import app\n"})
    os.symlink("/", root / "core" / "slash")
    started = time.monotonic()
    assert modlint(*SELECT, cwd=root).lines == [f"core/a.py:1:8: {UPWARD}"]
    assert time.monotonic() - started < 10


def test_links_into_the_project_are_walked_once(modlint, small, tmp_path: Path) -> None:
    root = small(
        {
            "core/a.py": "import app\n",
            "vendor/lib/v.py": "import app\n",
            "service/s.py": "import app\n",
        },
        extra='exclude = ["vendor"]',
    )
    outside = tmp_path / "outside"
    (outside / "pkg").mkdir(parents=True)
    (outside / "pkg" / "o.py").write_text("import app\n")
    os.symlink(root / "vendor" / "lib", root / "core" / "lib")  # inside, walked by no other way
    os.symlink(root / "service", root / "core" / "service")  # inside, walked already
    os.symlink(root / "core", root / "core" / "again")  # a loop
    os.symlink(outside, root / "core" / "outside")  # outside the project
    assert modlint(*SELECT, cwd=root).lines == [
        f"core/a.py:1:8: {UPWARD}",
        f"core/lib/v.py:1:8: {UPWARD}",
        "service/s.py:1:8: ML001 framework module 'service' imports business module 'app' (app)",
    ]


def test_deeply_nested_folders_are_walked(modlint, small) -> None:
    root = small({})
    folder = str(root / "core")
    for _ in range(1200):  # a loop: pathlib's mkdir(parents=True) recurses too
        folder += "/d"
        os.mkdir(folder)
    Path(folder, "deep.py").write_text("import app\n")
    deep = "core/" + "d/" * 1200
    try:
        assert modlint(*SELECT, cwd=root).lines == [f"{deep}deep.py:1:8: {UPWARD}"]
    finally:  # pytest's clean-up of old temporary folders would recurse through these
        os.remove(Path(folder, "deep.py"))
        while folder != str(root / "core"):
            os.rmdir(folder)
            folder = os.path.dirname(folder)


def test_an_unreadable_folder_is_reported(small) -> None:
    root = small({"core/a.py": "import app\n", "core/private/p.py": "import app\n"})
    (root / "core" / "private").chmod(0)
    try:
        run = run_unprivileged(*SELECT, cwd=root)
    finally:
        (root / "core" / "private").chmod(0o755)
    assert (run.code, run.err) == (1, "Found 2 errors.\n")
    assert run.lines == [
        f"core/a.py:1:8: {UPWARD}",
        "core/private:1:1: ML902 cannot read folder: Permission denied",
    ]


def test_a_folder_that_vanishes_during_discovery_is_skipped(
    modlint, small, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = small({"core/a.py": "import app\n", "core/gone/g.py": "import app\n"})
    real = discovery._listing

    def vanishing(folder: str) -> discovery._Listing:
        if folder.endswith("gone"):
            shutil.rmtree(folder)  # between its parent's listing and its own
        return real(folder)

    monkeypatch.setattr(discovery, "_listing", vanishing)
    assert modlint(*SELECT, cwd=root).lines == [f"core/a.py:1:8: {UPWARD}"]


def test_invalid_gitignore_patterns_are_skipped_as_git_skips_them(modlint, small) -> None:
    root = small(
        {
            "core/.gitignore": "!\na\\\n[z-a].py\nignored.py\n",
            "core/ignored.py": "import app\n",
            "core/kept.py": "import app\n",
        }
    )
    assert modlint(*SELECT, cwd=root).lines == [f"core/kept.py:1:8: {UPWARD}"]


def test_a_gitignore_that_is_not_a_regular_file_is_reported(modlint, small) -> None:
    root = small({"core/a.py": "import app\n"})
    os.mkfifo(root / "core" / ".gitignore")
    os.symlink("/dev/zero", root / "app" / ".gitignore")
    assert modlint(*SELECT, cwd=root).lines == [
        "app/.gitignore:1:1: ML902 not a regular file (a character device)",
        "core/.gitignore:1:1: ML902 not a regular file (a fifo)",
        f"core/a.py:1:8: {UPWARD}",
    ]


def test_a_python_file_linked_out_of_the_project_is_not_read(
    modlint, small, tmp_path: Path
) -> None:
    root = small({"core/a.py": "import app\n", ".git/config": "[core]\n\tbare = false\n"})
    (tmp_path / "elsewhere.py").write_text("import app  # noqa: ML001, ML002\n")
    os.symlink(tmp_path / "elsewhere.py", root / "core" / "out.py")
    os.symlink("../.git/config", root / "core" / "token.py")
    os.symlink("a.py", root / "core" / "same.py")  # inside the project: read as any file
    expected = [
        f"core/a.py:1:8: {UPWARD}",
        "core/out.py:1:1: ML902 cannot read file: it is a symbolic link to a file outside the "
        "project",
        f"core/same.py:1:8: {UPWARD}",
        "core/token.py:1:1: ML902 cannot read file: it is a symbolic link into '.git', a folder "
        "modlint never reads",
    ]
    for cache in (("--no-cache",), (), ()):
        assert modlint(*cache, "--select", "ML001,ML9", cwd=root).lines == expected
    assert modlint("--fix", cwd=root).code == 1
    assert (tmp_path / "elsewhere.py").read_text() == "import app  # noqa: ML001, ML002\n"


def test_a_gitignore_pattern_with_too_many_stars_is_skipped_not_stalled(modlint, small) -> None:
    long_name = "a" * 200 + ".py"
    root = small(
        {
            ".gitignore": "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b\n*x*y*.py\n",
            f"core/{long_name}": "import app\n",
            "core/1x2y3z4.py": "import app\n",
        }
    )
    started = time.monotonic()
    assert modlint(*SELECT, cwd=root).lines == [f"core/{long_name}:1:8: {UPWARD}"]
    assert time.monotonic() - started < 10


def test_a_gitignore_pattern_with_too_many_globstars_is_skipped(modlint, small) -> None:
    deep = "core/" + "/".join(["a"] * 80)
    root = small(
        {
            ".gitignore": "core/**/a/**/a/**/a/**/a/**/a/**/b\n**/a/**/ignored.py\n",
            f"{deep}/b/x.py": "import app\n",
            f"{deep}/ignored.py": "import app\n",
        }
    )
    started = time.monotonic()
    assert modlint(*SELECT, cwd=root).lines == [f"{deep}/b/x.py:1:8: {UPWARD}"]
    assert time.monotonic() - started < 10


def test_a_folder_link_into_a_folder_never_walked_is_not_followed(modlint, small) -> None:
    root = small({"core/a.py": "import app\n", ".venv/lib/site.py": "import app\n"})
    os.symlink("../.venv/lib", root / "core" / "lib")
    os.symlink("../.git", root / "core" / "git")
    (root / ".git").mkdir()
    assert modlint(*SELECT, cwd=root).lines == [f"core/a.py:1:8: {UPWARD}"]
