"""The last `.LOCKED` committed or tagged in git, for `modlint lock` after `unlock` removed it.

Runs git (never the project's code); a folder outside a git repository has no history.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from modlint.model import parse_version


def _git(folder: Path, *arguments: str) -> bytes | None:
    try:
        done = subprocess.run(
            ["git", *arguments],
            cwd=folder,
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _text(data: bytes | None) -> str | None:
    """UTF-8 text (a BOM dropped); None for bytes that are not: an invalid lock file."""
    try:
        return None if data is None else data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def committed_text(path: Path) -> str | None:
    """The text of ``path`` as last committed: at HEAD, or, when a commit deleted it, just
    before that commit. None without git history for it, or when what git holds is not
    UTF-8 text."""
    folder, name = path.parent, f"./{path.name}"
    at_head = _git(folder, "show", "--no-textconv", f"HEAD:{name}")
    if at_head is not None:
        return _text(at_head)
    deleted_in = _text(_git(folder, "log", "-1", "--format=%H", "--diff-filter=D", "--", path.name))
    if not deleted_in or not deleted_in.strip():
        return None
    return _text(_git(folder, "show", "--no-textconv", f"{deleted_in.strip()}^:{name}"))


def tagged_text(path: Path, tag_pattern: str, module: str) -> str | None:
    """The text of ``path`` at the tag of the module's highest locked version (tags named by
    ``tag_pattern``, e.g. ``{module}-v{version}``); None without such a tag or file."""
    prefix, _, suffix = tag_pattern.replace("{module}", module).partition("{version}")
    listed = _text(_git(path.parent, "tag", "--list", f"{prefix}*{suffix}"))
    versions = []
    for tag in (listed or "").splitlines():
        if tag.startswith(prefix) and tag.endswith(suffix):
            version = parse_version(tag[len(prefix) : len(tag) - len(suffix)])
            if version is not None:
                versions.append((version, tag))
    for _, tag in sorted(versions, reverse=True):
        text = _text(_git(path.parent, "show", "--no-textconv", f"{tag}:./{path.name}"))
        if text is not None:
            return text
    return None
