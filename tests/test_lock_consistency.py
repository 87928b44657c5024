"""`lock` and `unlock` leave a clean project clean: the configuration's `version` (and a
`level = "locked"`) edited in place, the lock table and README status lines updated, all or
nothing."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from conftest import edit, write

from modlint.locking import transaction

CONFIGURED = 'version = "1.0.0"\ndescription = "Function execution engine"'
COMMENTED = (
    'version = "1.0.0"  # kept in step by `modlint lock`\ndescription = "Function execution engine"'
)
ROW = "| `cloudfunction/` | Framework | {} | Function execution engine |\n"


def _lines_of(path: Path, prefix: str) -> list[str]:
    return [line for line in path.read_text().splitlines(keepends=True) if line.startswith(prefix)]


def _clean(modlint, root: Path) -> bool:
    run = modlint(cwd=root)
    return (run.code, run.out, run.err) == (0, "", "")


def test_lock_then_unlock_keep_a_clean_project_clean(modlint, nimbus: Path) -> None:
    config = nimbus / "pyproject.toml"
    edit(config, CONFIGURED, COMMENTED)
    before = config.read_bytes()
    run = modlint("lock", "cloudfunction", "--version", "1.1.0", "--reason", "Ready", cwd=nimbus)
    assert (run.code, run.lines, run.err) == (
        0,
        [
            "locked 'cloudfunction' 1.1.0 (4 surface entries): wrote cloudfunction/.LOCKED, "
            "pyproject.toml, README.md, cloudfunction/README.md"
        ],
        "",
    )
    assert config.read_bytes() == before.replace(
        b'version = "1.0.0"  # kept', b'version = "1.1.0"  # kept'
    )
    assert _lines_of(nimbus / "README.md", "| `cloudfunction/`") == [
        ROW.format("🔴 LOCKED | 1.1.0")
    ]
    assert _lines_of(nimbus / "cloudfunction" / "README.md", "Status:") == [
        "Status: 🔴 LOCKED v1.1.0\n"
    ]
    assert _clean(modlint, nimbus)
    docs = modlint("docs", "--check", cwd=nimbus)
    assert (docs.code, docs.out) == (0, "")

    run = modlint("unlock", "cloudfunction", cwd=nimbus)
    assert (run.code, run.lines) == (
        0,
        [
            "unlocked 'cloudfunction': removed cloudfunction/.LOCKED, wrote README.md, "
            "cloudfunction/README.md; it is stable as configured until it is locked again"
        ],
    )
    assert not (nimbus / "cloudfunction" / ".LOCKED").exists()
    assert _lines_of(nimbus / "README.md", "| `cloudfunction/`") == [
        ROW.format("🟡 STABLE | 1.1.0")
    ]
    assert _clean(modlint, nimbus)


def test_no_docs_leaves_the_docs_alone(modlint, nimbus: Path) -> None:
    readme = (nimbus / "README.md").read_bytes()
    run = modlint("lock", "cloudfunction", "--version", "1.1.0", "--no-docs", cwd=nimbus)
    assert run.lines == [
        "locked 'cloudfunction' 1.1.0 (4 surface entries): wrote cloudfunction/.LOCKED, "
        "pyproject.toml"
    ]
    assert (nimbus / "README.md").read_bytes() == readme
    assert modlint(cwd=nimbus).lines == [
        "README.md:31:1: ML302 'cloudfunction' is LOCKED v1.1.0 in cloudfunction/.LOCKED but "
        "STABLE v1.0.0 in the lock table",
        "cloudfunction/README.md:3:1: ML303 cloudfunction/README.md says 'Status: 🟡 STABLE "
        "v1.0.0' but 'cloudfunction' is LOCKED v1.1.0 in cloudfunction/.LOCKED",
    ]


def test_unlock_of_a_module_configured_as_locked_falls_back_to_stable(
    modlint, nimbus: Path
) -> None:
    config = nimbus / "pyproject.toml"
    edit(config, 'level = "stable"\n' + CONFIGURED, 'level = "locked"\n' + CONFIGURED)
    assert modlint("lock", "cloudfunction", "--version", "1.0.0", cwd=nimbus).code == 0
    assert _clean(modlint, nimbus)
    before = config.read_bytes()
    run = modlint("unlock", "cloudfunction", cwd=nimbus)
    assert run.lines == [
        "unlocked 'cloudfunction': removed cloudfunction/.LOCKED, wrote pyproject.toml, "
        "README.md, cloudfunction/README.md; it is stable as configured until it is locked again"
    ]
    assert config.read_bytes() == before.replace(
        b'level = "locked"\nversion = "1.0.0"', b'level = "stable"\nversion = "1.0.0"'
    )
    assert _clean(modlint, nimbus)


def test_a_failed_docs_write_restores_the_lock_file_and_the_configuration(
    modlint, nimbus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module_readme = nimbus / "cloudfunction" / "README.md"
    before = {
        path: path.read_bytes()
        for path in (nimbus / "pyproject.toml", nimbus / "README.md", module_readme)
    }
    original = transaction.write_atomically

    def failing(path: Path, data: bytes, within: Path | None = None) -> bool:
        if path == module_readme:
            raise OSError(errno.ENOSPC, "No space left on device")
        return original(path, data, within)

    monkeypatch.setattr(transaction, "write_atomically", failing)
    run = modlint("lock", "cloudfunction", "--version", "1.1.0", cwd=nimbus)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: cannot write cloudfunction/README.md: No space left on device; "
        "restored cloudfunction/.LOCKED, pyproject.toml, README.md as they were\n",
    )
    assert not (nimbus / "cloudfunction" / ".LOCKED").exists()
    assert {path: path.read_bytes() for path in before} == before
    assert [p.name for p in (nimbus / "cloudfunction").iterdir() if p.name[0] == "."] == []


def test_a_version_that_cannot_be_edited_exactly_changes_nothing(modlint, nimbus: Path) -> None:
    config = nimbus / "pyproject.toml"
    edit(config, CONFIGURED, CONFIGURED.replace('"1.0.0"', '"""1.0.0"""'))
    before = config.read_bytes()
    run = modlint("lock", "cloudfunction", "--version", "1.1.0", cwd=nimbus)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: cannot update key 'version' of module 'cloudfunction' in "
        "pyproject.toml: line 42 cannot be edited exactly; nothing was changed (set it by "
        "hand, or remove the key)\n",
    )
    assert config.read_bytes() == before
    assert not (nimbus / "cloudfunction" / ".LOCKED").exists()


def test_an_inline_table_version_is_edited_in_place(modlint, tmp_path: Path) -> None:
    root = write(
        tmp_path / "p",
        {
            "modlint.toml": "[modules]\n"
            "core = { path = 'core', tier = 'foundation', level = 'stable', "
            "version = '0.9' }  # the base\r\n",
            "core/__init__.py": '__all__ = ["f"]\n\n\ndef f() -> None: ...\n',
        },
    )
    run = modlint("lock", "core", "--version", "1.0.0", cwd=root)
    assert (run.code, run.lines) == (
        0,
        ["locked 'core' 1.0.0 (1 surface entry): wrote core/.LOCKED, modlint.toml"],
    )
    assert (root / "modlint.toml").read_bytes() == (
        b"[modules]\n"
        b"core = { path = 'core', tier = 'foundation', level = 'stable', "
        b'version = "1.0.0" }  # the base\r\n'
    )
    assert _clean(modlint, root)
