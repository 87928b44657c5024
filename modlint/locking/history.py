"""The last `.LOCKED` committed to git, for `modlint lock` after `modlint unlock` removed it.

Runs git (never the project's code); a folder outside a git repository has no history.
"""

from __future__ import annotations

import subprocess
from pathlib import Path


def _git(folder: Path, *arguments: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", *arguments], cwd=folder, capture_output=True, text=True, timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def committed_text(path: Path) -> str | None:
    """The text of ``path`` as last committed: at HEAD, or, when a commit deleted it, just
    before that commit. None without git history for it."""
    folder, name = path.parent, f"./{path.name}"
    at_head = _git(folder, "show", f"HEAD:{name}")
    if at_head is not None:
        return at_head
    deleted_in = _git(folder, "log", "-1", "--format=%H", "--diff-filter=D", "--", path.name)
    if not deleted_in or not deleted_in.strip():
        return None
    return _git(folder, "show", f"{deleted_in.strip()}^:{name}")
