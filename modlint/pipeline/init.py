"""`modlint init`: a starting `[tool.modlint]` from the folders of a project, or converted from
import-linter's or tach's configuration."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from modlint.configuration import TOMLDecodeError, find_config_file, loads
from modlint.discovery import DEFAULT_EXCLUDE
from modlint.docs import MarkerError, find_markers
from modlint.locking import toml_string
from modlint.model import Level, UsageError
from modlint.support import Unread, display_path, linked_out, read_regular_file

if TYPE_CHECKING:
    from modlint.pipeline.migrate import Conversion

__all__ = [
    "append_configuration",
    "check_unconfigured",
    "converted_configuration",
    "init_project",
    "starting_configuration",
]

NOT_MODULES = frozenset({"tests", "test", "docs", "doc", "examples", "scripts", "fixtures"})
"""Folders that hold no architecture of their own."""


def _holds_python(folder: Path) -> bool:
    for path in folder.rglob("*.py"):
        if not any(part in DEFAULT_EXCLUDE for part in path.relative_to(folder).parts):
            return True
    return False


def _key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else toml_string(name)


def _has_lock_table_markers(readme: Path) -> bool:
    """Whether the docs checker would see lock-table markers in ``readme`` (right or wrong;
    never a marker quoted in code or prose); False when it is no file that can be read."""
    # Read as the docs checker reads it: never through a link out of the project.
    data = b"" if linked_out(readme, readme.parent) else read_regular_file(readme)
    if isinstance(data, Unread):
        return False
    try:
        return find_markers(data.decode("utf-8", errors="replace")) is not None
    except MarkerError:
        return True  # markers out of order: the docs checker says so at the first run


def starting_configuration(root: Path) -> tuple[str, int]:
    """The TOML text of a starting configuration for the project at ``root``, and how many
    modules it declares: each top-level folder with Python code (under `src/` in a src
    layout) is a module, in tier business, at level development unless it has `.LOCKED`."""
    base = root / "src" if (root / "src").is_dir() and _holds_python(root / "src") else root
    folders = sorted(
        folder
        for folder in base.iterdir()
        if folder.is_dir()
        and not folder.name.startswith(".")
        and folder.name not in DEFAULT_EXCLUDE
        and folder.name not in NOT_MODULES
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
    has_table = _has_lock_table_markers(root / "README.md")
    lines.append("# Files holding a lock table between the modlint:lock-table markers.")
    lines.append('docs = ["README.md"]' if has_table else "docs = []")
    for folder in folders:
        relative = folder.relative_to(root).as_posix()
        lines += ["", f"[tool.modlint.modules.{_key(folder.name)}]"]
        if relative != folder.name:
            lines.append(f"path = {toml_string(relative)}")
        packages = sorted(
            sub.name
            for sub in folder.iterdir()
            if sub.is_dir() and sub.name.isidentifier() and _holds_python(sub)
        )
        if not folder.name.isidentifier() and packages:
            # A folder like api-key/ is no package itself: it holds the package api_key.
            lines.append("packages = [" + ", ".join(toml_string(p) for p in packages) + "]")
        lines.append('tier = "business"')
        locked = (folder / ".LOCKED").is_file()
        lines.append(f'level = "{Level.LOCKED if locked else Level.DEVELOPMENT}"')
    return "\n".join(lines) + "\n", len(folders)


def init_project(root: Path) -> tuple[Path, int]:
    """Append a starting configuration to ``root``'s pyproject.toml (creating it if needed),
    keeping every byte already there; UsageError when modlint is configured already."""
    check_unconfigured(root)
    text, count = starting_configuration(root)
    return append_configuration(root, text), count


def converted_configuration(
    root: Path, peer: str, given: str | None, write: bool
) -> tuple[Conversion, Path | None]:
    """``peer``'s configuration ("import-linter" or "tach"; in ``given``, else where that
    tool looks) as `[tool.modlint]`, and with ``write`` the pyproject.toml it was appended
    to; UsageError, before any conversion, when ``write`` finds modlint configured already."""
    from modlint.pipeline.migrate import convert_importlinter, convert_tach

    if write:
        check_unconfigured(root)
    convert = convert_importlinter if peer == "import-linter" else convert_tach
    conversion = convert(root, given)
    return conversion, append_configuration(root, conversion.text) if write else None


def check_unconfigured(root: Path) -> None:
    """Nothing when ``root`` holds no modlint configuration of its own; else UsageError.
    Either way, temp files that a killed write of its pyproject.toml left are removed."""
    from modlint.support import remove_stale_temporaries

    remove_stale_temporaries(root / "pyproject.toml")
    existing = find_config_file(root)
    if existing is not None and existing.parent == root.resolve():
        raise UsageError(f"modlint is already configured in {existing.name}")


def append_configuration(root: Path, text: str) -> Path:
    """Append ``text`` (a `[tool.modlint]` table) to ``root``'s pyproject.toml, creating it if
    needed and keeping every byte already there, in one atomic write (through a symlink, to its
    target); UsageError when modlint is configured already or the file cannot be written."""
    from modlint.support import final_target, write_atomically

    check_unconfigured(root)
    pyproject = root / "pyproject.toml"
    try:
        target = final_target(pyproject)
    except OSError as error:  # a link that leads nowhere, or a loop
        raise UsageError(f"cannot write {display_path(pyproject)}: {_reason(error)}") from None
    try:
        before = target.read_bytes() if target.is_file() else b""
    except OSError as error:
        raise UsageError(f"cannot read {display_path(pyproject)}: {_reason(error)}") from None
    newline = "\r\n" if b"\r\n" in before else "\n"
    block = text.replace("\n", newline).encode("utf-8")
    if before and not before.endswith(b"\n"):
        before += newline.encode()
    data = before + (newline.encode() if before else b"") + block
    try:
        loads(data.decode("utf-8-sig"))
    except (TOMLDecodeError, UnicodeDecodeError):
        # For instance `tool = { black = {} }`: an inline table takes no table added later.
        raise UsageError(
            f"{display_path(pyproject)}: cannot append [tool.modlint]: the file "
            "would no longer be valid TOML"
        ) from None
    try:
        write_atomically(target, data)
    except OSError as error:
        raise UsageError(f"cannot write {display_path(pyproject)}: {_reason(error)}") from None
    return pyproject


def _reason(error: OSError) -> str:
    return error.strerror or str(error)
