"""`modlint lock` and `modlint unlock`: the lock lifecycle through the command line."""

from __future__ import annotations

import datetime
import os
import subprocess
from pathlib import Path

import pytest
from conftest import append, edit

OPEN = "def open_store(url: str, *, timeout: float = DEFAULT_TIMEOUT) -> Store:"
BREAKING_OPEN = "def open_store(url: str, *, timeout: float) -> Store:"
GROWN_OPEN = (
    "def open_store(url: str, *, timeout: float = DEFAULT_TIMEOUT, ro: bool = False) -> Store:"
)


def git(root: Path, *arguments: str) -> None:
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    subprocess.run(["git", *arguments], cwd=root, check=True, capture_output=True, env=environment)


def test_lock_writes_a_reviewable_lock_file(modlint, nimbus: Path) -> None:
    assert modlint("unlock", "datastore", cwd=nimbus).lines == [
        "unlocked 'datastore': removed datastore/.LOCKED, wrote README.md, datastore/README.md; "
        "it is stable as configured until it is locked again",
    ]
    run = modlint(
        "lock", "datastore", "--version", "1.0", "--reason", 'Proven "in" prod', cwd=nimbus
    )
    assert (run.code, run.lines) == (
        0,
        [
            "locked 'datastore' 1.0.0 (6 surface entries): wrote datastore/.LOCKED, README.md, "
            "datastore/README.md"
        ],
    )
    assert (nimbus / "datastore" / ".LOCKED").read_text() == (
        "# Written by `modlint lock`. While this file exists the module is locked: its public\n"
        "# API may not change. To change it: `modlint unlock datastore`, edit, lock again.\n"
        'module = "datastore"\n'
        'version = "1.0.0"\n'
        f"locked-on = {datetime.date.today().isoformat()}\n"
        'reason = "Proven \\"in\\" prod"\n'
        "\n"
        "[[history]]\n"
        'version = "1.0.0"\n'
        f"locked-on = {datetime.date.today().isoformat()}\n"
        'reason = "Proven \\"in\\" prod"\n'
        "\n"
        "[surface]\n"
        '"DEFAULT_TIMEOUT" = "constant"\n'
        '"Store" = "class Store(Closeable)"\n'
        '"Store.__init__" = "def __init__(self, backend: Any) -> None"\n'
        '"Store.get" = "def get(self, key: str, default: Any = None) -> Any"\n'
        '"Store.put" = "def put(self, key: str, value: Any) -> None"\n'
        '"open_store" = "def open_store(url: str, *, timeout: float = DEFAULT_TIMEOUT) -> Store"\n'
    )
    assert modlint(cwd=nimbus).code == 0  # same version as before: the docs still agree


def test_lock_refuses_a_module_with_violations_of_its_own(modlint, nimbus: Path) -> None:
    before = (nimbus / "datastore" / ".LOCKED").read_bytes()
    append(nimbus / "datastore" / "_cache.py", "from messaging import notify\n")
    run = modlint("lock", "datastore", "--version", "1.1.0", cwd=nimbus)
    assert run.code == 1
    assert [line.split(" ")[:2] for line in run.lines] == [
        ["datastore/_cache.py:16:6:", "ML001"],
        ["datastore/_cache.py:16:6:", "ML002"],
        ["datastore/_cache.py:16:6:", "ML003"],
        ["datastore/_cache.py:16:6:", "ML004"],
    ]
    assert run.err == "modlint: refusing to lock 'datastore': fix its 4 diagnostics first\n"
    assert (nimbus / "datastore" / ".LOCKED").read_bytes() == before


def test_lock_refuses_a_module_without_all(modlint, nimbus: Path) -> None:
    edit(
        nimbus / "cloudfunction" / "__init__.py",
        '__all__ = ["Invocation", "function", "invoke", "registered"]\n',
        "",
    )
    run = modlint("lock", "cloudfunction", "--version", "1.0.0", cwd=nimbus)
    assert (run.code, run.lines, run.err) == (
        1,
        [
            "cloudfunction/__init__.py:1:1: ML102 package 'cloudfunction' of module "
            "'cloudfunction' defines no __all__"
        ],
        "modlint: refusing to lock 'cloudfunction': fix its 1 diagnostic first\n",
    )
    assert not (nimbus / "cloudfunction" / ".LOCKED").exists()


def test_relocking_a_module_without_all_reports_it_once(modlint, nimbus: Path) -> None:
    # The check run's ML102 for the locked module and lock's own look at its surface agree.
    edit(
        nimbus / "logs" / "__init__.py",
        '__all__ = ["JsonFormatter", "format_record", "get_logger"]\n',
        "",
    )
    before = (nimbus / "logs" / ".LOCKED").read_bytes()
    run = modlint("lock", "logs", "--version", "1.0.1", cwd=nimbus)
    assert (run.code, run.lines, run.err) == (
        1,
        ["logs/__init__.py:1:1: ML102 package 'logs' of module 'logs' defines no __all__"],
        "modlint: refusing to lock 'logs': fix its 1 diagnostic first\n",
    )
    assert (nimbus / "logs" / ".LOCKED").read_bytes() == before


def test_relocking_checks_the_version_against_the_current_lock_file(modlint, nimbus) -> None:
    edit(nimbus / "datastore" / "store.py", OPEN, BREAKING_OPEN)
    run = modlint("lock", "datastore", "--version", "1.1.0", cwd=nimbus)
    assert (run.code, run.err) == (
        1,
        "modlint: version 1.1.0 does not fit: the surface broke "
        "since 1.0.0; the smallest version that fits is 2.0.0\n",
    )
    run = modlint("lock", "datastore", "--version", "2.0.0", cwd=nimbus)
    assert (run.code, run.err) == (
        2,
        "modlint: error: locking 'datastore' 2.0.0 after 1.0.0 is a major version bump: "
        "--reason must say what users of the module must change (the migration plan)\n",
    )
    reason = "Pass timeout= to open_store"
    run = modlint("lock", "datastore", "--version", "2.0.0", "--reason", reason, cwd=nimbus)
    assert (run.code, run.lines) == (
        0,
        [
            "  breaking: parameter 'timeout' of open_store became required",
            "locked 'datastore' 2.0.0 (6 surface entries): wrote datastore/.LOCKED, README.md, "
            "datastore/README.md",
        ],
    )
    # The lock table and the module README follow the new version: still clean.
    assert modlint(cwd=nimbus).lines == []
    assert modlint("docs", "--check", cwd=nimbus).code == 0
    # The history keeps why each version exists; the major bump lists what broke.
    text = (nimbus / "datastore" / ".LOCKED").read_text()
    assert text[text.index("[[history]]") : text.index("[surface]")] == (
        "[[history]]\n"
        'version = "1.0.0"\n'
        "locked-on = 2026-11-25\n"
        'reason = "Production proven: backs every service since the 1.0 release"\n'
        "\n"
        "[[history]]\n"
        'version = "2.0.0"\n'
        f"locked-on = {datetime.date.today().isoformat()}\n"
        'reason = "Pass timeout= to open_store"\n'
        "breaking = [\n"
        "    \"parameter 'timeout' of open_store became required\",\n"
        "]\n"
        "\n"
    )


@pytest.mark.parametrize("commit_the_unlock", [True, False])
def test_after_unlock_the_last_committed_lock_file_is_the_previous_snapshot(
    modlint, nimbus: Path, commit_the_unlock: bool
) -> None:
    git(nimbus, "init", "-q")
    git(nimbus, "add", "-A")
    git(nimbus, "commit", "-qm", "nimbus with datastore 1.0.0")
    assert modlint("unlock", "datastore", cwd=nimbus).code == 0
    if commit_the_unlock:
        git(nimbus, "commit", "-qam", "unlock datastore")
    edit(nimbus / "datastore" / "store.py", OPEN, GROWN_OPEN)
    run = modlint("lock", "datastore", "--version", "1.0.1", cwd=nimbus)
    assert (run.code, run.err) == (
        1,
        "modlint: version 1.0.1 does not fit: the surface grew "
        "since 1.0.0; the smallest version that fits is 1.1.0\n",
    )
    run = modlint("lock", "datastore", "--version", "1.1.0", cwd=nimbus)
    assert run.lines == [
        "  added: new optional parameter 'ro' of open_store",
        "locked 'datastore' 1.1.0 (6 surface entries): wrote datastore/.LOCKED, README.md, "
        "datastore/README.md",
    ]


def test_without_history_any_version_starts_the_lock(modlint, nimbus: Path) -> None:
    modlint("unlock", "datastore", cwd=nimbus)
    edit(nimbus / "datastore" / "store.py", OPEN, BREAKING_OPEN)
    run = modlint("lock", "datastore", "--version", "0.9.0", cwd=nimbus)
    assert (run.code, run.lines) == (
        0,
        [
            "locked 'datastore' 0.9.0 (6 surface entries): wrote datastore/.LOCKED, README.md, "
            "datastore/README.md"
        ],
    )


def test_relocking_an_unchanged_module(modlint, nimbus: Path) -> None:
    lock_file = nimbus / "datastore" / ".LOCKED"
    os.utime(lock_file, (0, 0))
    run = modlint("lock", "datastore", "--version", "1.0.0", cwd=nimbus)
    assert run.lines == [
        "'datastore' is already locked at 1.0.0 with this surface: datastore/.LOCKED unchanged"
    ]
    assert lock_file.stat().st_mtime == 0
    run = modlint("lock", "datastore", "--version", "0.9.0", cwd=nimbus)
    assert (run.code, run.err) == (
        1,
        "modlint: version 0.9.0 does not fit: the surface did not "
        "change since 1.0.0; the smallest version that fits is "
        "1.0.1\n",
    )


def test_force_locks_a_version_that_does_not_fit_with_a_warning(modlint, nimbus: Path) -> None:
    edit(nimbus / "datastore" / "store.py", OPEN, BREAKING_OPEN)
    run = modlint("lock", "datastore", "--version", "1.0.1", "--force", cwd=nimbus)
    assert run.code == 0
    assert run.err == (
        "modlint: warning: version 1.0.1 does not fit: the surface broke since "
        "1.0.0; the smallest version that fits is 2.0.0 (locking anyway: --force)\n"
    )
    assert 'version = "1.0.1"' in (nimbus / "datastore" / ".LOCKED").read_text()


def test_an_interrupted_write_leaves_the_old_lock_file(modlint, nimbus, monkeypatch) -> None:
    lock_file = nimbus / "datastore" / ".LOCKED"
    before = lock_file.read_bytes()
    edit(nimbus / "datastore" / "store.py", OPEN, GROWN_OPEN)

    def crash(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("modlint.support.atomic.os.replace", crash)
    run = modlint("lock", "datastore", "--version", "1.1.0", cwd=nimbus)
    assert (run.code, run.err) == (
        2,
        "modlint: error: cannot write datastore/.LOCKED: No space left on device\n",
    )
    assert lock_file.read_bytes() == before
    assert sorted(p.name for p in lock_file.parent.iterdir() if p.name.startswith(".")) == [
        ".LOCKED"
    ]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("unlock", "project"), "module 'project' is not locked: it has no .LOCKED file"),
        (("unlock", "datastor"), "unknown module 'datastor' (did you mean 'datastore'?)"),
        (
            ("lock", "datastore", "--version", "v2"),
            "--version must be a version like 1.0.0, got 'v2'",
        ),
        (
            ("lock", "datastore"),
            "the following arguments are required: --version (see 'modlint lock --help')",
        ),
    ],
)
def test_lock_and_unlock_usage_errors(modlint, nimbus: Path, arguments, message) -> None:
    run = modlint(*arguments, cwd=nimbus)
    assert (run.code, run.err) == (2, f"modlint: error: {message}\n")


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            'version = "one"\nlocked-on = 2026-11-25',
            "key 'version' must be a version like \"1.0.0\"",
        ),
        ('version = "1.0.0"\nlocked-on = "soon"', "key 'locked-on' must be a date like 2026-11-25"),
        (
            'version = "1.0.0"\nlocked-on = 2026-11-25\nbreaking = "all"',
            "key 'breaking' must be an array of strings",
        ),
        ('version = "1.0.0"\nlocked-on = 2026-11-25\nwhy = "x"', "unknown key 'why'"),
    ],
)
def test_an_invalid_history_entry_is_ml202(modlint, nimbus: Path, entry: str, message: str) -> None:
    edit(nimbus / "logs" / ".LOCKED", "\n[surface]", f"\n[[history]]\n{entry}\n\n[surface]")
    assert modlint("--select", "ML202", cwd=nimbus).lines == [
        f"logs/.LOCKED:8:1: ML202 invalid lock file: history entry 1: {message}"
    ]
