"""Files built to break a linter: deep nesting, huge sizes, special files, odd codecs, a
parser that crashes. Each becomes one diagnostic, within bounded time and memory, and every
other file is still checked."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import modlint.pipeline.facts
from modlint.discovery import Unread, read_regular_file
from modlint.extraction import extract_facts
from modlint.extraction.depth import nesting_of
from modlint.model import FileFacts, Problem
from modlint.pipeline import isolation
from modlint.pipeline.isolation import Crash, run_isolated

UPWARD = "ML001 foundation module 'core' imports business module 'app' (app)"
TOO_DEEP = "ML901 file is nested too deeply for modlint to analyse"
N = 10_000


def test_deep_nesting_is_a_diagnostic_and_the_good_file_is_still_checked(modlint, small) -> None:
    root = small(
        {
            "core/a.py": "import app\n",
            "core/plus.py": "x = " + "+".join(["1"] * 7000) + "\n",
            "core/nots.py": "x = " + "not " * N + "1\n",
            "core/minus.py": "x = " + "-" * N + "1\n",
            "core/lambdas.py": "x = " + "lambda: " * N + "1\n",
            "core/ternaries.py": "x = " + "1 if 1 else " * N + "1\n",
            "core/parens.py": "x = " + "(" * N + "1" + ")" * N + "\n",
            "core/subscripts.py": "x = a" + "[0]" * N + "\n",
            "core/fstrings.py": "x = " + "f'{" * 300 + "1" + "}'" * 300 + "\n",
            "core/elifs.py": "if x:\n    pass\n" + "elif x:\n    pass\n" * 5000,
            "core/long_line.py": "x = [" + "1, " * 300_000 + "]; import app\n",
            "core/z.py": "import app\n",
        }
    )
    assert modlint("--no-cache", "--select", "ML001,ML9", cwd=root).lines == [
        f"core/a.py:1:8: {UPWARD}",
        f"core/elifs.py:1997:7: {TOO_DEEP} (depth 5003; limit 1000)",
        "core/fstrings.py:1:10: ML901 syntax error: f-string: expecting '}'",
        f"core/lambdas.py:1:3997: {TOO_DEEP} (depth 20002; limit 1000)",
        f"core/long_line.py:1:900016: {UPWARD}",
        f"core/minus.py:1:1003: {TOO_DEEP} (depth 10002; limit 1000)",
        f"core/nots.py:1:3997: {TOO_DEEP} (depth 10002; limit 1000)",
        "core/parens.py:1:205: ML901 syntax error: too many nested parentheses",
        f"core/plus.py:1:2002: {TOO_DEEP} (depth 7001; limit 1000)",
        f"core/subscripts.py:1:753: {TOO_DEEP} (depth 40002; limit 1000)",
        f"core/ternaries.py:1:5995: {TOO_DEEP} (depth 20002; limit 1000)",
        f"core/z.py:1:8: {UPWARD}",
    ]


def test_a_syntax_error_in_deep_code_is_reported_as_the_syntax_error(modlint, small) -> None:
    # CPython names the real mistake; libcst, which would crash on the nesting, is not run.
    root = small({"core/broken.py": "x = " + "-" * 3000 + "1\ndef (:\n"})
    assert modlint("--no-cache", "--select", "ML001,ML9", cwd=root).lines == [
        "core/broken.py:2:5: ML901 syntax error: invalid syntax",
    ]


def test_many_deep_statements_weigh_too_much_for_libcst(modlint, small) -> None:
    # Each statement is within the depth limit, but libcst's memory grows with their weight.
    statement = "x = " + "-" * 990 + "1\n"
    assert extract_facts(("import os\n" + statement * 5).encode(), "libcst") == FileFacts(
        syntax_error=Problem(
            6,
            230,
            "file is nested too deeply for modlint to analyse (nesting "
            "weight 2467615; limit 2000000)",
        )
    )
    # CPython reads such a file, and reports a syntax error in it, without libcst (before
    # Python 3.10, where only libcst gives import positions, the heavy file is refused).
    root = small(
        {
            "core/heavy.py": "import app\n" + statement * 50,
            "core/broken.py": "def (:\n" + statement * 50,
        }
    )
    heavy = (
        f"core/heavy.py:1:8: {UPWARD}"
        if sys.version_info >= (3, 10)
        else (
            "core/heavy.py:6:230: ML901 file is nested too deeply for modlint to analyse (nesting "
            "weight 24676105; limit 2000000)"
        )
    )
    assert modlint("--no-cache", "--select", "ML001,ML9", cwd=root).lines == [
        "core/broken.py:1:5: ML901 syntax error: invalid syntax",
        heavy,
    ]


def test_nesting_below_the_limits_gives_the_same_facts_from_both_parsers() -> None:
    # Near the limits libcst still reads the file (no refusal), and agrees with CPython.
    for text in (
        "import os\nx = " + "-" * 990 + "1\n",
        "import os\nx = " + "lambda: " * 495 + "1\n",
        "import os\nx = " + "(" * 199 + "1" + ")" * 199 + "\n",
    ):
        assert nesting_of(text).refusal() is None
        data = text.encode()
        fast, reference = extract_facts(data, "fast"), extract_facts(data, "libcst")
        assert fast == reference and reference.syntax_error is None
        assert [statement.module for statement in reference.imports] == ["os"]


def test_special_files_are_reported_and_never_read(modlint, small) -> None:
    root = small({"core/a.py": "import app\n"})
    os.mkfifo(root / "core" / "fifo.py")
    os.symlink("/dev/zero", root / "core" / "zero.py")
    os.symlink("/dev/urandom", root / "core" / "random.py")
    assert modlint("--no-cache", "--select", "ML001,ML9", cwd=root).lines == [
        f"core/a.py:1:8: {UPWARD}",
        "core/fifo.py:1:1: ML902 not a regular file (a fifo)",
        "core/random.py:1:1: ML902 not a regular file (a character device)",
        "core/zero.py:1:1: ML902 not a regular file (a character device)",
    ]


def test_a_fifo_swapped_in_after_discovery_is_not_read(tmp_path: Path) -> None:
    # Reading checks the opened file itself: opening a fifo without a writer does not block.
    os.mkfifo(tmp_path / "x.py")
    assert read_regular_file(tmp_path / "x.py", 100) == Unread("not a regular file (a fifo)")
    (tmp_path / "y.py").write_bytes(b"12345")
    assert read_regular_file(tmp_path / "y.py", 5) == b"12345"
    assert read_regular_file(tmp_path / "y.py", 4) == Unread("too large", 5)


def test_a_file_over_the_size_limit_is_not_read(modlint, small) -> None:
    big = "import app\n" + "x = 1\n" * 200_000  # 1.2 MB
    root = small({"core/big.py": big, "core/a.py": "import app\n"}, extra='max-file-size = "1MB"')
    assert modlint("--no-cache", "--select", "ML001,ML9", cwd=root).lines == [
        f"core/a.py:1:8: {UPWARD}",
        "core/big.py:1:1: ML902 file is too large to check: 1200011 bytes, over max-file-size "
        '(1000000 bytes); set max-file-size = "2MiB" in the configuration to check it',
    ]


def test_the_size_limit_can_be_raised(modlint, small) -> None:
    big = "import app\n# " + "x" * 2_400_000 + "\n"  # 2.4 MB, over the default of 2 MiB
    root = small({"core/big.py": big})
    assert modlint("--no-cache", "--select", "ML001,ML9", cwd=root).lines == [
        "core/big.py:1:1: ML902 file is too large to check: 2400014 bytes, over max-file-size "
        '(2097152 bytes); set max-file-size = "3MiB" in the configuration to check it',
    ]
    pyproject = root / "pyproject.toml"
    for value in ('"3MiB"', '"2500KB"', "2400014", '"3 mib"'):
        pyproject.write_text(
            pyproject.read_text().replace(
                "[tool.modlint]\n", f"[tool.modlint]\nmax-file-size = {value}\n", 1
            )
        )
        run = modlint("--no-cache", "--select", "ML001,ML9", cwd=root)
        assert run.lines == [f"core/big.py:1:8: {UPWARD}"], value
        pyproject.write_text(pyproject.read_text().replace(f"max-file-size = {value}\n", ""))


@pytest.mark.parametrize(
    "value, shown",
    [
        ('"big"', "'big'"),
        ("0", "0"),
        ("-5", "-5"),
        ('"0MB"', "'0MB'"),
        ("1.5", "a float"),
        ("true", "a boolean"),
        ('"5 TB"', "'5 TB'"),
    ],
)
def test_a_bad_size_limit_is_a_configuration_error(modlint, small, value, shown) -> None:
    root = small({}, extra=f"max-file-size = {value}")
    run = modlint(cwd=root)
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        "modlint: error: pyproject.toml: [tool.modlint]: key 'max-file-size' must be a positive "
        f'number of bytes or a size such as "8MiB", got {shown}\n'
    )


def test_unusual_codecs_are_read_or_reported(modlint, small) -> None:
    root = small(
        {
            "core/idna_ok.py": "# coding: idna\nimport app\n",
            "core/idna_bad.py": "# coding: idna\nx = 'café'\n".encode(),
            "core/punycode.py": "# coding: punycode\nimport app\n",
            "core/utf7.py": "# coding: utf-7\nimport app\n",
            "core/rot13.py": "# coding: rot13\nimport app\n",
            "core/hex.py": "# coding: hex\nimport app\n",
            "core/zlib.py": "# coding: zlib\nimport app\n",
            "core/undefined.py": "# coding: undefined\nimport app\n",
        }
    )
    assert modlint("--no-cache", "--select", "ML001,ML9", cwd=root).lines == [
        "core/hex.py:1:1: ML902 cannot read file: 'hex' is not a text encoding",
        "core/idna_bad.py:1:1: ML902 cannot read file: invalid idna: byte 0xc3 at line 2, column 9",
        f"core/idna_ok.py:2:8: {UPWARD}",
        "core/punycode.py:1:1: ML902 cannot read file: unsupported encoding 'punycode' "
        "(decoding it takes time that grows with the square of the file's size)",
        "core/rot13.py:1:1: ML902 cannot read file: 'rot13' is not a text encoding",
        "core/undefined.py:1:1: ML902 cannot read file: it does not decode as 'undefined': "
        "undefined encoding",
        f"core/utf7.py:2:8: {UPWARD}",
        "core/zlib.py:1:1: ML902 cannot read file: 'zlib' is not a text encoding",
    ]


# -- a parser that crashes --------------------------------------------------------------------

CRASH_MARK = b"# crash the parser here"


def _crashing_extract(data: bytes):
    """The real extractor, except that marked content kills the process as a stack overflow
    in a native parser would."""
    if CRASH_MARK in data:
        os.kill(os.getpid(), signal.SIGSEGV)
    return extract_facts(data, "fast")


def _crashing_once(data: bytes):
    """Kills the first process that sees marked content (the marker file says which did)."""
    text = data.decode()
    marker = Path(text.split("once:")[1].strip()) if "once:" in text else None
    if marker is not None and not marker.exists():
        marker.write_text(str(os.getpid()))
        os._exit(3)
    return extract_facts(data, "fast")


@pytest.fixture
def crashing(monkeypatch: pytest.MonkeyPatch) -> None:
    # Marked files must reach a worker: the in-process pass hands them over as it does for
    # files only libcst can read.
    real = modlint.pipeline.facts._extract
    monkeypatch.setattr(
        modlint.pipeline.facts, "_extract", lambda data: None if CRASH_MARK in data else real(data)
    )
    monkeypatch.setattr(modlint.pipeline.facts, "_extract_fully", _crashing_extract)


def test_a_crashing_parser_costs_only_its_file(modlint, small, crashing) -> None:
    root = small(
        {
            "core/a.py": "import app\n",
            "core/crash.py": "import app\n" + CRASH_MARK.decode() + "\n",
            "core/z.py": "import app\n",
        }
    )
    assert modlint("--no-cache", "--select", "ML001,ML9", cwd=root).lines == [
        f"core/a.py:1:8: {UPWARD}",
        "core/crash.py:1:1: ML901 the parser crashed on this file (signal SIGSEGV); modlint "
        "cannot analyse it",
        f"core/z.py:1:8: {UPWARD}",
    ]


def test_a_crash_among_many_files_in_parallel(modlint, small, crashing, monkeypatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 3)  # three workers, whatever the machine
    files: dict[str, str | bytes | None] = {f"core/m{i:03}.py": f"x = {i}\n" for i in range(150)}
    files["core/m040.py"] = "import app\n" + CRASH_MARK.decode() + "\n"
    files["core/m041.py"] = "import app\n"
    files["core/m149.py"] = "import app\n"
    root = small(files)
    assert modlint("--no-cache", "--select", "ML001,ML9", cwd=root).lines == [
        "core/m040.py:1:1: ML901 the parser crashed on this file (signal SIGSEGV); modlint "
        "cannot analyse it",
        f"core/m041.py:1:8: {UPWARD}",
        f"core/m149.py:1:8: {UPWARD}",
    ]


def test_a_file_whose_worker_died_once_is_retried_alone(tmp_path: Path) -> None:
    marker = tmp_path / "died"
    items = [b"x = 1\n", f"import os\n# once: {marker}\n".encode(), b"import sys\n"]
    results = run_isolated(_crashing_once, items, 2)
    assert marker.exists()  # a worker did die on it
    assert [
        [statement.module for statement in facts.imports] if isinstance(facts, FileFacts) else facts
        for facts in results
    ] == [[], ["os"], ["sys"]]


def _dying_worker(function, connection, parent, other) -> None:
    os._exit(7)


def _double(value: int) -> int:
    return value * 2


def _failing(value: int) -> int:
    raise ValueError(f"bug on {value}")


def test_where_no_worker_survives_the_work_is_done_in_process(monkeypatch) -> None:
    monkeypatch.setattr(isolation, "_serve", _dying_worker)
    assert run_isolated(_double, list(range(40)), 2) == [value * 2 for value in range(40)]


def test_a_bug_in_a_worker_is_raised_in_the_parent() -> None:
    with pytest.raises(ValueError, match="bug on 3"):
        run_isolated(_failing, [3, 4], 2)


def test_crashes_say_which_signal_or_exit_code() -> None:
    assert Crash(-signal.SIGSEGV).describe() == "signal SIGSEGV"
    assert Crash(-signal.SIGABRT).describe() == "signal SIGABRT"
    assert Crash(3).describe() == "exit code 3"


# -- the flake8 plugin ------------------------------------------------------------------------


def test_flake8_in_parallel_on_many_files(small) -> None:
    # flake8 -j runs plugins in daemonic worker processes, which may not start processes.
    files: dict[str, str | bytes | None] = {f"core/m{i:03}.py": f"x = {i}\n" for i in range(70)}
    files["core/m007.py"] = "import app\n"
    root = small(files)
    done = subprocess.run(
        [sys.executable, "-m", "flake8", "-j", "2", "--select", "ML001", "."],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout.splitlines() == [f"./core/m007.py:1:8: {UPWARD}"]


DRIVER = """\
import multiprocessing, sys
if __name__ == "__main__":
    multiprocessing.set_start_method(sys.argv[1])
    from modlint.cli import main
    sys.exit(main(["--no-cache", "--select", "ML001", "."]))
"""
SHADOWS = ("pickle", "socket", "selectors", "struct", "threading")


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_workers_started_afresh_never_import_the_projects_modules(
    tmp_path: Path, method: str
) -> None:
    root = tmp_path / "project"
    (root / "core").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.modlint.modules.core]\ntier = "foundation"\n')
    for number in range(70):  # enough files for two worker processes
        (root / "core" / f"m{number}.py").write_text("import os\n")
    for name in SHADOWS:
        (root / f"{name}.py").write_text(f"open({name!r} + '.ran', 'w').close()\n")
    (tmp_path / "driver.py").write_text(DRIVER)
    assert os.cpu_count() != 1, "one core: no workers"
    done = subprocess.run(
        [sys.executable, str(tmp_path / "driver.py"), method],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert sorted(path.name for path in root.glob("*.ran")) == []
