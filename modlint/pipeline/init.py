"""`modlint init`: a starting `[tool.modlint]` from the folders of a project."""

from __future__ import annotations

import re
from pathlib import Path

from modlint.configuration import find_config_file
from modlint.configuration.loader import display_path
from modlint.discovery.files import DEFAULT_EXCLUDE
from modlint.docs.table import START
from modlint.locking.lockfile import toml_string
from modlint.model import UsageError

NOT_MODULES = frozenset({"tests", "test", "docs", "doc", "examples", "scripts", "fixtures"})
"""Folders that hold no architecture of their own."""


def _holds_python(folder: Path) -> bool:
    for path in folder.rglob("*.py"):
        if not any(part in DEFAULT_EXCLUDE for part in path.relative_to(folder).parts):
            return True
    return False


def _key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else toml_string(name)


def starting_configuration(root: Path) -> tuple[str, int]:
    """The TOML text of a starting configuration for the project at ``root``, and how many
    modules it declares: each top-level folder with Python code (under `src/` in a src
    layout) is a module, in tier business, at level development unless it has `.LOCKED`."""
    base = root / "src" if (root / "src").is_dir() and _holds_python(root / "src") else root
    folders = sorted(
        folder for folder in base.iterdir()
        if folder.is_dir() and not folder.name.startswith(".")
        and folder.name not in DEFAULT_EXCLUDE and folder.name not in NOT_MODULES
        and _holds_python(folder)
    )
    lines = [
        "[tool.modlint]",
        "# Tiers, lowest first: a module may import modules of its own tier and lower ones.",
        'tiers = ["foundation", "framework", "business"]',
    ]
    if base != root:
        lines.append('source-roots = ["src"]')
    # Without markers a README would fail the missing-lock-table rule at once: start with no
    # docs to keep in sync.
    readme = root / "README.md"
    has_table = readme.is_file() and START in readme.read_text(encoding="utf-8", errors="replace")
    lines.append("# Files holding a lock table between the modlint:lock-table markers.")
    lines.append('docs = ["README.md"]' if has_table else "docs = []")
    for folder in folders:
        relative = folder.relative_to(root).as_posix()
        lines += ["", f"[tool.modlint.modules.{_key(folder.name)}]"]
        if relative != folder.name:
            lines.append(f"path = {toml_string(relative)}")
        packages = sorted(sub.name for sub in folder.iterdir()
                          if sub.is_dir() and sub.name.isidentifier() and _holds_python(sub))
        if not folder.name.isidentifier() and packages:
            # A folder like api-key/ is no package itself: it holds the package api_key.
            lines.append("packages = [" + ", ".join(toml_string(p) for p in packages) + "]")
        lines.append('tier = "business"')
        locked = (folder / ".LOCKED").is_file()
        lines.append(f'level = "{"locked" if locked else "development"}"')
    return "\n".join(lines) + "\n", len(folders)


def init_project(root: Path) -> tuple[Path, int]:
    """Append a starting configuration to ``root``'s pyproject.toml (creating it if needed),
    keeping every byte already there; UsageError when modlint is configured already."""
    from modlint.locking.atomic import remove_stale_temporaries, write_atomically

    pyproject = root / "pyproject.toml"
    remove_stale_temporaries(pyproject)
    existing = find_config_file(root)
    if existing is not None and existing.parent == root.resolve():
        raise UsageError(f"modlint is already configured in {existing.name}")
    text, count = starting_configuration(root)
    try:
        before = pyproject.read_bytes() if pyproject.is_file() else b""
        newline = "\r\n" if b"\r\n" in before else "\n"
        block = text.replace("\n", newline).encode("utf-8")
        if before and not before.endswith(b"\n"):
            before += newline.encode()
        separator = newline.encode() if before else b""
        write_atomically(pyproject, before + separator + block)
    except OSError as error:
        raise UsageError(f"cannot write {display_path(pyproject)}: "
                         f"{error.strerror or error}") from None
    return pyproject, count
