"""`lock` and `unlock` carried out as asked, and with `--git` the seed's process in git: a
branch from HEAD, one commit of exactly what `lock` or `unlock` changed, and for a lock an
annotated tag. Never pushes.

Runs the git command line with the repository's hooks switched off: a hook is the project's
code, which modlint never runs unasked.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from modlint.locking import Applied, needed
from modlint.model import Config, UsageError
from modlint.pipeline.locking import (
    LockOutcome,
    LockPlan,
    UnlockOutcome,
    UnlockPlan,
    applied_lock,
    applied_unlock,
    apply_plan,
    plan_lock,
    plan_unlock,
    tests_passed,
)
from modlint.support import display_path

__all__ = [
    "Committed",
    "GitStep",
    "LockDone",
    "UnlockDone",
    "carried_out_lock",
    "carried_out_unlock",
    "lock_in_git",
    "require_clean_tree",
    "unlock_in_git",
]

_TIMEOUT = 120


@dataclass(frozen=True)
class GitStep:
    """The names and message of one `--git` run."""

    branch: str
    message: str
    tag: str | None = None
    tag_message: str = ""


def _git(root: Path, *arguments: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-c", f"core.hooksPath={os.devnull}", *arguments],
            cwd=root,
            capture_output=True,
            timeout=_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise UsageError("--git: the git command is not installed") from None
    except subprocess.TimeoutExpired:
        raise UsageError(f"--git: 'git {arguments[0]}' took longer than {_TIMEOUT}s") from None


def _failure(done: subprocess.CompletedProcess[bytes]) -> str:
    """git's last line of error output (the console escapes what it prints)."""
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else f"exit status {done.returncode}"


def _ok(root: Path, *arguments: str) -> str:
    done = _git(root, *arguments)
    if done.returncode != 0:
        raise UsageError(f"--git: 'git {arguments[0]}' failed: {_failure(done)}")
    return done.stdout.decode("utf-8", "replace")


def require_clean_tree(root: Path) -> None:
    """Nothing when ``root`` is in a git work tree with a commit and no uncommitted change;
    else UsageError saying which."""
    inside = _git(root, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != b"true":
        raise UsageError(f"--git: '{display_path(root)}' is not inside a git work tree")
    if _git(root, "rev-parse", "--verify", "-q", "HEAD").returncode != 0:
        raise UsageError("--git: the repository has no commit yet to branch from")
    changed = _ok(root, "status", "--porcelain", "--untracked-files=all").splitlines()
    if changed:
        first = changed[0][3:]
        more = f" and {len(changed) - 1} more" if len(changed) > 1 else ""
        raise UsageError(
            f"--git: the work tree has uncommitted changes ('{first}'{more}): commit or "
            "stash them first, so that the lock commit holds only what modlint writes"
        )


def require_free_names(root: Path, step: GitStep) -> None:
    """Nothing when the branch and tag of ``step`` are valid names that do not exist yet."""
    names = [("branch", step.branch, f"refs/heads/{step.branch}")]
    if step.tag is not None:
        names.append(("tag", step.tag, f"refs/tags/{step.tag}"))
    for kind, name, ref in names:
        if _git(root, "check-ref-format", ref).returncode != 0:
            raise UsageError(f"--git: '{name}' is not a valid git {kind} name")
        if _git(root, "rev-parse", "--verify", "-q", ref).returncode == 0:
            raise UsageError(f"--git: {kind} '{name}' already exists")


def _current_head(root: Path) -> str:
    """The branch checked out, or the commit for a detached HEAD."""
    branch = _git(root, "symbolic-ref", "-q", "--short", "HEAD")
    if branch.returncode == 0:
        return branch.stdout.decode("utf-8", "replace").strip()
    return _ok(root, "rev-parse", "HEAD").strip()


def start_branch(root: Path, step: GitStep) -> str:
    """Create and check out the step's branch from HEAD; what was checked out before."""
    before = _current_head(root)
    _ok(root, "checkout", "-q", "-b", step.branch)
    return before


def abandon_branch(root: Path, step: GitStep, before: str) -> None:
    """Go back to ``before`` as it was and delete the step's branch (best effort: an error
    is already being reported). The work tree was clean, so a forced checkout gives every
    tracked file back its old bytes."""
    _git(root, "reset", "-q")
    _git(root, "checkout", "-q", "-f", before)
    _git(root, "branch", "-q", "-D", step.branch)


def commit_and_tag(root: Path, step: GitStep, applied: Applied) -> str:
    """Commit exactly the files ``applied`` changed and tag the commit when the step says
    so; the commit's abbreviated hash."""
    paths = [str(path) for path in applied.paths]
    _ok(root, "add", "-A", "--", *paths)
    _ok(root, "commit", "-q", "--no-verify", "-m", step.message, "--", *paths)
    if step.tag is not None:
        _ok(root, "tag", "-a", step.tag, "-m", step.tag_message)
    return _ok(root, "rev-parse", "--short", "HEAD").strip()


def in_branch(root: Path, step: GitStep, apply: Callable[[], Applied]) -> tuple[Applied, str]:
    """Run ``apply`` on the step's new branch and commit what it changed; when anything
    fails, the files are restored, the old branch checked out again and the new one deleted
    (UsageError says so). The changes made and the commit's hash."""
    require_free_names(root, step)
    before = start_branch(root, step)
    try:
        applied = apply()
    except BaseException:
        abandon_branch(root, step, before)
        raise
    try:
        return applied, commit_and_tag(root, step, applied)
    except UsageError as error:
        abandon_branch(root, step, before)
        restored = applied.restore()  # the files git does not track (a new .LOCKED)
        raise UsageError(
            f"{error}{restored}; back on '{before}', branch '{step.branch}' deleted"
        ) from None


def _lock_step(config: Config, plan: LockPlan) -> GitStep:
    lock = plan.outcome.lock
    names = {"module": lock.module, "version": str(lock.version)}
    title = f"Lock {lock.module} v{lock.version}"
    body = [lock.reason] if lock.reason else []
    breaking = lock.history[-1].breaking if lock.history else ()
    if breaking:
        body.append("Breaking changes:\n" + "\n".join(f"- {change}" for change in breaking))
    body.append("Written by `modlint lock --git`.")
    return GitStep(
        branch=config.lock_branch.format(**names),
        message="\n\n".join([title, *body]),
        tag=config.lock_tag.format(**names),
        tag_message=lock.reason or title,
    )


def lock_in_git(config: Config, plan: LockPlan) -> tuple[LockOutcome, GitStep, str]:
    """Carry out ``plan`` on a new lock branch, commit and tag it; the outcome, the step
    and the commit's hash. UsageError, with nothing changed, when it cannot."""
    if not any(needed(change) for change in plan.changes):
        lock = plan.outcome.lock
        raise UsageError(
            f"--git: nothing to commit: '{lock.module}' is already locked at {lock.version} "
            "with this surface"
        )
    step = _lock_step(config, plan)
    applied, commit = in_branch(
        config.root, step, lambda: apply_plan(plan.changes, within=config.root)
    )
    lock_path = plan.changes[0].path
    outcome = replace(plan.outcome, written=lock_path in applied.paths, written_paths=applied.paths)
    return outcome, step, commit


def unlock_in_git(config: Config, plan: UnlockPlan) -> tuple[UnlockOutcome, GitStep, str]:
    """Carry out ``plan`` on a new unlock branch and commit it; the outcome, the step and
    the commit's hash. UsageError, with nothing changed, when it cannot."""
    name = plan.module.name
    if plan.version is None:
        raise UsageError(
            f"--git: cannot name the unlock branch: the .LOCKED file of '{name}' has no "
            "valid version (`modlint check` says why)"
        )
    names = {"module": name, "version": str(plan.version)}
    step = GitStep(
        branch=config.unlock_branch.format(**names),
        message=f"Unlock {name} v{plan.version}\n\nWritten by `modlint unlock --git`.",
    )
    applied, commit = in_branch(
        config.root,
        step,
        lambda: apply_plan(plan.changes, f"cannot unlock '{name}': ", config.root),
    )
    return UnlockOutcome(plan.module, plan.level, applied.paths), step, commit


@dataclass(frozen=True)
class Committed:
    """What `--git` committed: the new branch, the commit's hash, the tag (a lock only)."""

    branch: str
    commit: str
    tag: str | None = None


@dataclass(frozen=True)
class LockDone:
    """A lock carried out: its outcome, the warning when its tests were skipped, and the
    commit when it ran with `--git`."""

    outcome: LockOutcome
    tests_skipped: str | None
    committed: Committed | None


@dataclass(frozen=True)
class UnlockDone:
    """An unlock carried out: its outcome, and the commit when it ran with `--git`."""

    outcome: UnlockOutcome
    committed: Committed | None


def carried_out_lock(
    config: Config,
    name: str,
    version_text: str,
    reason: str | None = None,
    force: bool = False,
    *,
    skip_tests: bool = False,
    test_timeout: float = 1800.0,
    git: bool = False,
    docs: bool = True,
    cache_dir: Path | None = None,
) -> LockDone:
    """`modlint lock`: with ``git``, a clean tree is required first; then the lock is planned,
    the module's tests run (unless ``skip_tests``) and the plan applied, on a new branch with
    ``git``. LockRefused when it may not lock, UsageError when it cannot, nothing changed."""
    if git:
        require_clean_tree(config.root)
    plan = plan_lock(config, name, version_text, reason, force, cache_dir=cache_dir, docs=docs)
    skipped = tests_passed(config, name, skip_tests, test_timeout)
    if not git:
        return LockDone(applied_lock(plan), skipped, None)
    outcome, step, commit = lock_in_git(config, plan)
    return LockDone(outcome, skipped, Committed(step.branch, commit, step.tag))


def carried_out_unlock(
    config: Config,
    name: str,
    *,
    git: bool = False,
    docs: bool = True,
    cache_dir: Path | None = None,
) -> UnlockDone:
    """`modlint unlock`: with ``git``, a clean tree is required first; then the unlock is
    planned and applied, on a new branch with ``git``. UsageError when it cannot, nothing
    changed."""
    if git:
        require_clean_tree(config.root)
    plan = plan_unlock(config, name, docs=docs, cache_dir=cache_dir)
    if not git:
        return UnlockDone(applied_unlock(plan), None)
    outcome, step, commit = unlock_in_git(config, plan)
    return UnlockDone(outcome, Committed(step.branch, commit))
