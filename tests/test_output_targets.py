"""Where output goes: --output-file targets, a closed or full standard output, and terminals
whose encoding is not UTF-8. Each is either the right output or one `cannot write` line and
exit 2, never a traceback and never "Exception ignored" at exit."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from unprivileged import run_unprivileged

from modlint.model import __version__

UPWARD = "ML001 foundation module 'core' imports business module 'app' (app)"


def shell(command: str, cwd: Path, **environment: str) -> subprocess.CompletedProcess[bytes]:
    """``python -m modlint`` followed by ``command`` (arguments and redirections) in a shell."""
    return subprocess.run(
        f"'{sys.executable}' -m modlint {command}",
        shell=True,
        cwd=cwd,
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1", **environment},
        timeout=60,
        check=False,
    )


ONLY_TIERS = """
[tool.modlint.modules.core]
tier = "foundation"

[tool.modlint.modules.app]
tier = "business"
"""


@pytest.fixture
def upward(small) -> Path:
    """A project whose one finding is core/a.py importing app upwards (ML001)."""
    return small({"pyproject.toml": ONLY_TIERS, "core/a.py": "import app\n"})


def test_output_file_is_a_folder(modlint, upward: Path) -> None:
    run = modlint("--output-file", "core", cwd=upward)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: cannot write 'core': Is a directory\n",
    )


def test_output_file_in_a_missing_folder(modlint, upward: Path) -> None:
    run = modlint("--output-file", "missing/report.txt", cwd=upward)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: cannot write 'missing/report.txt': No such file or directory\n",
    )
    assert not (upward / "missing").exists()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="this system has no /dev/full")
def test_output_file_on_a_full_device(modlint, upward: Path) -> None:
    run = modlint("--output-file", "/dev/full", cwd=upward)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: cannot write '/dev/full': No space left on device\n",
    )


def test_output_file_that_is_read_only(upward: Path) -> None:
    report = upward / "report.txt"
    report.write_bytes(b"old\n")
    report.chmod(0o444)
    run = run_unprivileged("--no-cache", "--output-file", "report.txt", cwd=upward)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: cannot write 'report.txt': Permission denied\n",
    )
    assert report.read_bytes() == b"old\n"
    assert sorted(path.name for path in upward.iterdir()) == [
        "app",
        "core",
        "pyproject.toml",
        "report.txt",
        "service",
    ]


def test_output_file_through_a_symlink_updates_its_target(modlint, upward: Path) -> None:
    (upward / "reports").mkdir()
    target = upward / "reports" / "modlint.txt"
    target.write_bytes(b"old\n")
    target.chmod(0o640)
    (upward / "report.txt").symlink_to("reports/modlint.txt")
    run = modlint("--output-file", "report.txt", cwd=upward)
    assert (run.code, run.out, run.err) == (1, "", "Found 1 error.\n")
    assert (upward / "report.txt").is_symlink()
    assert target.read_bytes() == f"core/a.py:1:8: {UPWARD}\n".encode()
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(path.name for path in (upward / "reports").iterdir()) == ["modlint.txt"]


def test_output_file_names_a_pipe(upward: Path) -> None:
    done = shell("--output-format json --output-file /dev/stdout | cat", cwd=upward)
    assert (done.returncode, done.stderr) == (0, b"")
    assert [d["code"] for d in json.loads(done.stdout)] == ["ML001"]


def test_standard_output_closed(upward: Path) -> None:
    done = shell(">&-", cwd=upward)
    assert (done.returncode, done.stderr) == (
        2,
        b"modlint: error: cannot write standard output: Bad file descriptor\n",
    )


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="this system has no /dev/full")
@pytest.mark.parametrize("arguments", ["", "--output-format sarif", "--help", "rules"])
def test_standard_output_full(upward: Path, arguments: str) -> None:
    done = shell(f"{arguments} > /dev/full", cwd=upward)
    assert (done.returncode, done.stderr) == (
        2,
        b"modlint: error: cannot write standard output: No space left on device\n",
    )


def test_standard_error_closed_keeps_the_exit_code(upward: Path) -> None:
    done = shell("--select NOPE 2>&-", cwd=upward)
    assert (done.returncode, done.stdout) == (2, b"")
    done = shell("2>&-", cwd=upward)
    assert (done.returncode, done.stdout) == (1, f"core/a.py:1:8: {UPWARD}\n".encode())


def test_version_and_help_go_through_the_same_writer(modlint, upward: Path) -> None:
    assert modlint("--version").out == f"modlint {__version__}\n"
    assert modlint("lock", "--help").out.startswith("usage: modlint lock [-h] --version X.Y.Z")
    done = shell("--version >&-", cwd=upward)
    assert (done.returncode, done.stderr) == (
        2,
        b"modlint: error: cannot write standard output: Bad file descriptor\n",
    )


@pytest.fixture
def names(small) -> Path:
    """A project with a file name that is not UTF-8 and one that is UTF-8 but not ASCII."""
    root = small({"pyproject.toml": ONLY_TIERS, "core/é.py": "import app\n"})
    (root / os.fsdecode(b"core/caf\xe9.py")).write_text("import app\n")
    return root


@pytest.mark.parametrize(
    ("encoding", "e_acute"), [("utf-8", "é".encode()), ("ascii", b"\\xe9"), ("latin-1", b"\xe9")]
)
def test_text_in_the_terminal_encoding(names: Path, encoding: str, e_acute: bytes) -> None:
    done = shell("", cwd=names, PYTHONIOENCODING=encoding)
    assert (done.returncode, done.stderr) == (1, b"Found 2 errors.\n")
    assert done.stdout == (
        b"core/caf\\xe9.py:1:8: " + UPWARD.encode() + b"\n"
        b"core/" + e_acute + b".py:1:8: " + UPWARD.encode() + b"\n"
    )


@pytest.mark.parametrize("encoding", ["utf-8", "ascii", "latin-1"])
@pytest.mark.parametrize("output_format", ["json", "sarif", "gitlab"])
def test_machine_formats_are_utf8_whatever_the_terminal(
    names: Path, encoding: str, output_format: str
) -> None:
    done = shell(f"--output-format {output_format}", cwd=names, PYTHONIOENCODING=encoding)
    assert (done.returncode, done.stderr) == (1, b"")
    document = json.loads(done.stdout.decode("utf-8"))
    if output_format == "json":
        assert [d["path"] for d in document] == ["core/caf\\xe9.py", "core/é.py"]
    elif output_format == "gitlab":
        assert [d["location"]["path"] for d in document] == ["core/caf\\xe9.py", "core/é.py"]
    else:
        assert [
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in document["runs"][0]["results"]
        ] == ["core/caf%E9.py", "core/%C3%A9.py"]
