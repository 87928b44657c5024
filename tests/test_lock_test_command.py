"""`test-command`: `lock` runs the project's tests before it writes anything."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from conftest import edit

# Not a .py file: nimbus reports Python code outside its modules (unassigned = "error").
SCRIPT = """\
import os, sys, time
with open("test-run.log", "a") as log:
    print(sys.argv[1:], os.path.exists("cloudfunction/.LOCKED"), file=log)
mode = os.environ.get("NIMBUS_TESTS", "pass")
if mode == "fail":
    for number in range(1, 31):
        print(f"line {number}")
    sys.exit(3)
if mode == "hang":
    time.sleep(60)
"""


def _configure(root: Path, command: str = "{path} {module}") -> str:
    """Configure a test command that runs SCRIPT; the command line modlint shows."""
    (root / "run-tests.txt").write_text(SCRIPT)
    edit(
        root / "pyproject.toml",
        'docs = ["README.md"]\n',
        f"docs = [\"README.md\"]\ntest-command = '{sys.executable} run-tests.txt {command}'\n",
    )
    return shlex.join([sys.executable, "run-tests.txt", "cloudfunction", "cloudfunction"])


def test_passing_tests_run_before_the_lock_is_written(modlint, nimbus: Path) -> None:
    _configure(nimbus)
    run = modlint("lock", "cloudfunction", "--version", "1.1.0", cwd=nimbus)
    assert (run.code, run.err) == (0, "")
    assert run.lines[-1].startswith("locked 'cloudfunction' 1.1.0 (4 surface entries): wrote")
    assert (nimbus / "test-run.log").read_text() == "['cloudfunction', 'cloudfunction'] False\n"


def test_failing_tests_refuse_the_lock_and_show_the_last_lines(
    modlint, nimbus: Path, monkeypatch
) -> None:
    shown = _configure(nimbus)
    monkeypatch.setenv("NIMBUS_TESTS", "fail")
    before = (nimbus / "pyproject.toml").read_bytes()
    run = modlint("lock", "cloudfunction", "--version", "1.1.0", cwd=nimbus)
    assert (run.code, run.out) == (1, "")
    assert run.err == "".join(f"line {number}\n" for number in range(11, 31)) + (
        f"modlint: refusing to lock 'cloudfunction': its tests failed: `{shown}` exited with "
        "code 3\n"
    )
    assert not (nimbus / "cloudfunction" / ".LOCKED").exists()
    assert (nimbus / "pyproject.toml").read_bytes() == before


def test_a_hanging_test_run_is_stopped_at_the_time_limit(
    modlint, nimbus: Path, monkeypatch
) -> None:
    shown = _configure(nimbus)
    monkeypatch.setenv("NIMBUS_TESTS", "hang")
    run = modlint(
        "lock", "cloudfunction", "--version", "1.1.0", "--test-timeout", "0.5", cwd=nimbus
    )
    assert (run.code, run.err) == (
        1,
        f"modlint: refusing to lock 'cloudfunction': its tests failed: `{shown}` did not "
        "finish within 0.5 seconds (stopped)\n",
    )
    assert not (nimbus / "cloudfunction" / ".LOCKED").exists()


def test_skip_tests_locks_with_a_warning(modlint, nimbus: Path, monkeypatch) -> None:
    _configure(nimbus)
    monkeypatch.setenv("NIMBUS_TESTS", "fail")
    run = modlint("lock", "cloudfunction", "--version", "1.1.0", "--skip-tests", cwd=nimbus)
    assert (run.code, run.err) == (
        0,
        "modlint: warning: --skip-tests: the tests of 'cloudfunction' were not run before "
        "locking it\n",
    )
    assert (nimbus / "cloudfunction" / ".LOCKED").exists()
    assert not (nimbus / "test-run.log").exists()


def test_an_unknown_placeholder_is_a_configuration_error(modlint, nimbus: Path) -> None:
    _configure(nimbus, "{folder}")
    run = modlint("lock", "cloudfunction", "--version", "1.1.0", cwd=nimbus)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: pyproject.toml: [tool.modlint]: key 'test-command' may use only "
        f"{{path}} and {{module}}, got '{sys.executable} run-tests.txt {{folder}}'\n",
    )


def test_a_bad_test_timeout_is_a_usage_error(modlint, nimbus: Path) -> None:
    run = modlint("lock", "cloudfunction", "--version", "1.1.0", "--test-timeout", "0", cwd=nimbus)
    assert (run.code, run.err) == (
        2,
        "modlint: error: option --test-timeout: expected a positive number of seconds, got '0'\n",
    )
