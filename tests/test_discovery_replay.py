"""A run that can reuse the last findings replays the last discovery too, with one `stat` per
folder, when no folder it walked and no `.gitignore` it read has changed since; every change
that could change what discovery finds makes it walk the tree again."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import write
from unprivileged import run_unprivileged

from modlint.discovery import files as discovery

SELECT = ("--select", "ML001,ML902")
UPWARD = "ML001 foundation module 'core' imports business module 'app' (app)"


@pytest.fixture
def listed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folders discovery lists; folders changed just before a run count as settled (the
    tests would otherwise wait out the two seconds of `RACY_NANOSECONDS`)."""
    monkeypatch.setattr(discovery, "RACY_NANOSECONDS", 0)
    folders: list[str] = []
    real = discovery._listing

    def listing(folder: str) -> discovery._Listing:
        folders.append(folder)
        return real(folder)

    monkeypatch.setattr(discovery, "_listing", listing)
    return folders


@pytest.fixture
def project(small) -> Path:
    return small({"core/a.py": "import app\n", "core/deep/er/b.py": "import os\n"})


def _settled_run(modlint, root: Path, listed: list[str], *args: str) -> list[str]:
    """The lines of a run that replays the tree without listing any folder, after two that
    may walk it (a first run makes the cache folder, changing the root's signature; the
    second keeps the new tree): all three the same."""
    first = modlint(*SELECT, *args, cwd=root)
    assert modlint(*SELECT, *args, cwd=root) == first
    listed.clear()
    second = modlint(*SELECT, *args, cwd=root)
    assert listed == []
    assert (second.code, second.out, second.err) == (first.code, first.out, first.err)
    return second.lines


def test_an_unchanged_tree_is_not_walked_again(modlint, project: Path, listed) -> None:
    assert _settled_run(modlint, project, listed) == [f"core/a.py:1:8: {UPWARD}"]
    # Replayed on a miss too: a changed file is checked with the files the tree holds.
    (project / "core" / "deep" / "er" / "b.py").write_text("import app\n", encoding="utf-8")
    assert modlint(*SELECT, cwd=project).lines == [
        f"core/a.py:1:8: {UPWARD}",
        f"core/deep/er/b.py:1:8: {UPWARD}",
    ]
    assert listed == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("add", ["core/a.py", "core/deep/er/b.py", "core/deep/er/new.py"]),
        ("remove", []),
        ("rename", ["core/deep/er/renamed.py"]),
        ("folder", ["core/a.py", "core/deep/er/b.py", "core/deep/er/sub/new.py"]),
    ],
)
def test_a_file_added_removed_or_renamed_deep_down_is_seen(
    modlint, project: Path, listed, change: str, expected: list[str]
) -> None:
    (project / "core" / "deep" / "er" / "b.py").write_text("import app\n", encoding="utf-8")
    _settled_run(modlint, project, listed)
    folder = project / "core" / "deep" / "er"
    if change == "add":
        write(project, {"core/deep/er/new.py": "import app\n"})
    elif change == "remove":
        (folder / "b.py").unlink()
        (project / "core" / "a.py").unlink()  # and in another folder
    elif change == "rename":
        (folder / "b.py").rename(folder / "renamed.py")
        (project / "core" / "a.py").unlink()
    else:
        write(project, {"core/deep/er/sub/new.py": "import app\n"})
    run = modlint(*SELECT, cwd=project)
    assert run.lines == [f"{path}:1:8: {UPWARD}" for path in expected]
    assert listed != []


def test_a_gitignore_added_or_edited_is_applied(modlint, project: Path, listed) -> None:
    write(project, {"core/deep/er/b.py": "import app\n", "core/deep/.gitignore": "x.py\n"})
    both = [f"core/a.py:1:8: {UPWARD}", f"core/deep/er/b.py:1:8: {UPWARD}"]
    assert _settled_run(modlint, project, listed) == both
    # Same size, same folder entries: only the file's own signature tells.
    (project / "core" / "deep" / ".gitignore").write_text("b.py\n", encoding="utf-8")
    assert modlint(*SELECT, cwd=project).lines == both[:1]
    assert _settled_run(modlint, project, listed) == both[:1]
    write(project, {".gitignore": "a.py\n"})
    assert modlint(*SELECT, cwd=project).lines == []


def test_a_folder_made_unreadable_is_reported(modlint, project: Path, listed) -> None:
    _settled_run(modlint, project, listed)
    leaf = project / "core" / "deep" / "er"  # its own signature tells, not its children's
    leaf.chmod(0)
    try:
        run = run_unprivileged(*SELECT, cwd=project)
        modlint(*SELECT, cwd=project)  # as root, which reads it all the same
    finally:
        leaf.chmod(0o755)
    assert (run.code, run.err) == (1, "Found 2 errors.\n")
    assert run.lines == [
        f"core/a.py:1:8: {UPWARD}",
        "core/deep/er:1:1: ML902 cannot read folder: Permission denied",
    ]
    assert listed != []


def _tree(root: Path) -> object:
    document = json.loads((root / ".modlint_cache" / "results.json").read_bytes())
    return document.get("tree")


def test_no_tree_is_kept_when_it_could_not_tell(
    modlint, small, listed, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A symlink, an unreadable `.gitignore`, or a folder changed within the last two
    seconds (as a coarse clock could leave its time unchanged by the next change): no tree
    is kept, and the next run walks again."""
    root = small({"core/a.py": "import app\n"})
    modlint(*SELECT, cwd=root)
    assert [entry[0] for entry in _tree(root)] == ["", "app", "core", "service"]
    os.symlink("core", root / "alias")
    modlint(*SELECT, cwd=root)
    assert _tree(root) is None
    os.remove(root / "alias")
    os.mkfifo(root / "service" / ".gitignore")
    modlint(*SELECT, cwd=root)
    assert _tree(root) is None
    os.remove(root / "service" / ".gitignore")
    # A dangling link could come to lead into a folder that is not walked (`build/`).
    os.symlink("../build/later", root / "core" / "later")
    modlint(*SELECT, cwd=root)
    assert _tree(root) is None
    os.remove(root / "core" / "later")
    modlint(*SELECT, cwd=root)
    assert [entry[0] for entry in _tree(root)] == ["", "app", "core", "service"]
    monkeypatch.setattr(discovery, "RACY_NANOSECONDS", 2_000_000_000)
    (root / "app" / "notes.txt").write_text("", encoding="utf-8")  # the same files found
    assert modlint(*SELECT, cwd=root).lines == [f"core/a.py:1:8: {UPWARD}"]
    assert _tree(root) is None


@pytest.mark.parametrize(
    "tree",
    [
        "not a list",
        [["../outside", [1, 2]]],
        [["core", ["1"]]],
        [["/etc", [1]]],
    ],
)
def test_a_tree_that_is_not_what_modlint_writes_is_not_replayed(
    modlint, project: Path, listed, tree: object
) -> None:
    _settled_run(modlint, project, listed)
    results = project / ".modlint_cache" / "results.json"
    document = json.loads(results.read_bytes())
    document["tree"] = tree
    results.write_text(json.dumps(document), encoding="utf-8")
    assert modlint(*SELECT, cwd=project).lines == [f"core/a.py:1:8: {UPWARD}"]
    assert listed != []


def test_a_folder_without_python_files_made_unreadable_is_reported(modlint, small, listed) -> None:
    """The same Python files are found, but the folder that cannot be read is reported; once
    it can be read again, the findings from before are those replayed."""
    root = small({"core/a.py": "import app\n", "core/notes/todo.txt": "later\n"})
    assert _settled_run(modlint, root, listed) == [f"core/a.py:1:8: {UPWARD}"]
    notes = root / "core" / "notes"
    notes.chmod(0)
    try:
        unreadable = run_unprivileged(*SELECT, cwd=root)
        again = run_unprivileged(*SELECT, cwd=root)
    finally:
        notes.chmod(0o755)
    expected = [
        f"core/a.py:1:8: {UPWARD}",
        "core/notes:1:1: ML902 cannot read folder: Permission denied",
    ]
    assert (unreadable.code, unreadable.lines) == (1, expected)
    assert (again.code, again.lines) == (1, expected)
    assert modlint(*SELECT, cwd=root).lines == [f"core/a.py:1:8: {UPWARD}"]
