"""`lock --git` / `unlock --git`: branch from HEAD, one commit of what changed, annotated tag;
and a tag as the previous snapshot of a lock."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import edit

BREAKING = (
    "def invoke(session: Session, name: str, *args: object) -> Invocation:",
    "def invoke(session: Session, name: str, flag: int, *args: object) -> Invocation:",
)


def git(root: Path, *arguments: str) -> str:
    done = subprocess.run(["git", *arguments], cwd=root, check=True, capture_output=True, text=True)
    return done.stdout


@pytest.fixture
def repo(nimbus: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """nimbus as a git repository with one commit on branch main, its own identity, and no
    global or system git configuration."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(nimbus.parent / "no-global-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    git(nimbus, "init", "-q", "-b", "main")
    git(nimbus, "config", "user.name", "Lock Tester")
    git(nimbus, "config", "user.email", "lock@example.com")
    git(nimbus, "add", "-A")
    git(nimbus, "commit", "-qm", "nimbus")
    return nimbus


def test_lock_git_branches_commits_and_tags(modlint, repo: Path) -> None:
    run = modlint(
        "lock",
        "cloudfunction",
        "--version",
        "1.1.0",
        "--reason",
        "Ready for prod",
        "--git",
        cwd=repo,
    )
    head = git(repo, "rev-parse", "--short", "HEAD").strip()
    assert (run.code, run.lines, run.err) == (
        0,
        [
            "locked 'cloudfunction' 1.1.0 (4 surface entries): wrote cloudfunction/.LOCKED, "
            "pyproject.toml, README.md, cloudfunction/README.md",
            f"committed {head} on new branch 'lock/cloudfunction-v1.1.0', tagged "
            "'cloudfunction-v1.1.0'",
        ],
        "",
    )
    assert git(repo, "branch", "--show-current") == "lock/cloudfunction-v1.1.0\n"
    assert git(repo, "log", "--format=%s%n%b---", "main..HEAD") == (
        "Lock cloudfunction v1.1.0\nReady for prod\n\nWritten by `modlint lock --git`.\n---\n"
    )
    assert git(repo, "show", "--name-status", "--format=", "HEAD") == (
        "M\tREADME.md\nA\tcloudfunction/.LOCKED\nM\tcloudfunction/README.md\nM\tpyproject.toml\n"
    )
    assert git(repo, "status", "--porcelain") == ""
    assert git(repo, "cat-file", "-t", "cloudfunction-v1.1.0") == "tag\n"  # annotated
    assert git(repo, "tag", "-l", "--format=%(contents)", "cloudfunction-v1.1.0") == (
        "Ready for prod\n\n"
    )
    assert git(repo, "rev-parse", "cloudfunction-v1.1.0^{commit}") == git(repo, "rev-parse", "HEAD")

    run = modlint("unlock", "cloudfunction", "--git", cwd=repo)
    head = git(repo, "rev-parse", "--short", "HEAD").strip()
    assert (run.code, run.lines[-1]) == (
        0,
        f"committed {head} on new branch 'unlock/cloudfunction-v1.1.0'",
    )
    assert git(repo, "show", "--name-status", "--format=%s", "HEAD") == (
        "Unlock cloudfunction v1.1.0\n\nM\tREADME.md\nD\tcloudfunction/.LOCKED\n"
        "M\tcloudfunction/README.md\n"
    )
    assert git(repo, "status", "--porcelain") == ""


def test_a_dirty_work_tree_is_refused_and_nothing_changes(modlint, repo: Path) -> None:
    (repo / "notes.txt").write_text("draft\n")
    run = modlint("lock", "cloudfunction", "--version", "1.1.0", "--git", cwd=repo)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: --git: the work tree has uncommitted changes ('notes.txt'): commit "
        "or stash them first, so that the lock commit holds only what modlint writes\n",
    )
    assert git(repo, "status", "--porcelain") == "?? notes.txt\n"
    assert git(repo, "branch", "--format=%(refname:short)") == "main\n"


def test_an_existing_tag_is_refused_before_anything_is_written(modlint, repo: Path) -> None:
    git(repo, "tag", "cloudfunction-v1.1.0")
    run = modlint("lock", "cloudfunction", "--version", "1.1.0", "--git", cwd=repo)
    assert (run.code, run.err) == (
        2,
        "modlint: error: --git: tag 'cloudfunction-v1.1.0' already exists\n",
    )
    assert git(repo, "status", "--porcelain") == ""
    assert git(repo, "branch", "--format=%(refname:short)") == "main\n"


def test_a_failed_commit_restores_the_files_and_the_branch(
    modlint, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git(repo, "config", "--unset", "user.email")
    git(repo, "config", "user.useConfigOnly", "true")
    for name in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL", "EMAIL"):
        monkeypatch.delenv(name, raising=False)
    run = modlint("lock", "cloudfunction", "--version", "1.1.0", "--git", cwd=repo)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: --git: 'git commit' failed: fatal: no email was given and "
        "auto-detection is disabled; restored cloudfunction/.LOCKED, pyproject.toml, README.md, "
        "cloudfunction/README.md as they were; back on 'main', branch "
        "'lock/cloudfunction-v1.1.0' deleted\n",
    )
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == ""
    assert git(repo, "branch", "--format=%(refname:short)") == "main\n"
    assert git(repo, "tag") == ""


def test_branch_and_tag_names_are_configurable(modlint, repo: Path) -> None:
    edit(
        repo / "pyproject.toml",
        'docs = ["README.md"]\n',
        'docs = ["README.md"]\nlock-branch = "release/{module}/{version}"\n'
        'lock-tag = "v{version}-{module}"\n',
    )
    git(repo, "commit", "-qam", "names")
    run = modlint("lock", "cloudfunction", "--version", "1.1.0", "--git", cwd=repo)
    assert run.lines[-1].endswith(
        " on new branch 'release/cloudfunction/1.1.0', tagged 'v1.1.0-cloudfunction'"
    )
    assert git(repo, "tag", "-l", "--format=%(contents)") == "Lock cloudfunction v1.1.0\n\n"


def test_the_tag_of_the_last_lock_is_the_previous_snapshot(modlint, repo: Path) -> None:
    # Locked on a release branch only: main never had the lock file, only the tag knows it.
    lock = modlint(
        "lock", "cloudfunction", "--version", "1.1.0", "--reason", "Ready", "--git", cwd=repo
    )
    assert lock.code == 0
    git(repo, "checkout", "-q", "main")
    edit(repo / "cloudfunction" / "runtime.py", *BREAKING)
    run = modlint("lock", "cloudfunction", "--version", "1.2.0", cwd=repo)
    assert (run.code, run.err) == (
        1,
        "modlint: version 1.2.0 does not fit: the surface broke since 1.1.0; the smallest "
        "version that fits is 2.0.0\n",
    )


def test_lock_and_unlock_carried_out_through_the_api(repo: Path) -> None:
    """The pipeline carries out `lock` and `unlock` (the command line only renders): with
    ``git`` on a new branch, committed, and for a lock tagged; without it in place."""
    from modlint.pipeline import find_configuration
    from modlint.pipeline.gitflow import Committed, carried_out_lock, carried_out_unlock

    config = find_configuration(repo)
    done = carried_out_lock(config, "cloudfunction", "1.1.0", "Ready for prod", git=True)
    head = git(repo, "rev-parse", "--short", "HEAD").strip()
    assert done.committed == Committed("lock/cloudfunction-v1.1.0", head, "cloudfunction-v1.1.0")
    assert (str(done.outcome.lock.version), done.outcome.written, done.tests_skipped) == (
        "1.1.0",
        True,
        None,
    )
    assert git(repo, "status", "--porcelain") == ""

    undone = carried_out_unlock(find_configuration(repo), "cloudfunction")
    assert undone.committed is None
    assert (undone.outcome.module.name, git(repo, "branch", "--show-current")) == (
        "cloudfunction",
        "lock/cloudfunction-v1.1.0\n",
    )
    assert git(repo, "status", "--porcelain") == (
        " M README.md\n D cloudfunction/.LOCKED\n M cloudfunction/README.md\n"
    )


def test_carried_out_lock_with_git_refuses_a_dirty_tree_before_planning(repo: Path) -> None:
    from modlint.model import UsageError
    from modlint.pipeline import find_configuration
    from modlint.pipeline.gitflow import carried_out_lock

    (repo / "scratch.txt").write_text("uncommitted\n", encoding="utf-8")
    with pytest.raises(UsageError) as refused:
        carried_out_lock(find_configuration(repo), "no-such-module", "1.0.0", git=True)
    # The clean tree is asked for first: the unknown module is not what it reports.
    assert str(refused.value) == (
        "--git: the work tree has uncommitted changes ('scratch.txt'): commit or stash them "
        "first, so that the lock commit holds only what modlint writes"
    )
