"""The command line: exit codes, usage errors, `rule` / `rules`, and running as a program."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import NoReturn

import pytest
from conftest import REPO, Run, write

from modlint.model import __version__
from modlint.report.text import rule_document, rules_table
from modlint.rules import RULES

UPWARD = "ML001 foundation module 'core' imports business module 'app' (app)"


def _outcome(run) -> tuple[int, str, str]:
    return run.code, run.out, run.err


def test_exit_codes(modlint, small) -> None:
    root = small({"core/a.py": "import app\n"})
    assert _outcome(modlint("--select", "ML002", cwd=root)) == (0, "", "")
    assert _outcome(modlint("--select", "ML001", cwd=root)) == (
        1,
        f"core/a.py:1:8: {UPWARD}\n",
        "Found 1 error.\n",
    )
    assert _outcome(modlint("--select", "NOPE", cwd=root)) == (
        2,
        "",
        "modlint: error: option --select: unknown rule selector 'NOPE'\n",
    )


def test_check_is_the_default_command(modlint, small) -> None:
    root = small({"core/a.py": "import app\n"})
    assert _outcome(modlint("check", "--select", "ML001", ".", cwd=root)) == (
        1,
        f"core/a.py:1:8: {UPWARD}\n",
        "Found 1 error.\n",
    )


def test_missing_path(modlint, small) -> None:
    root = small({})
    run = modlint("nowhere", cwd=root)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: path 'nowhere' does not exist\n",
    )


def test_unknown_option(modlint, small) -> None:
    run = modlint("--colour", cwd=small({}))
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: unrecognized arguments: --colour (see 'modlint --help')\n",
    )


def test_unknown_selector_on_the_command_line(modlint, small) -> None:
    run = modlint("--ignore", "ML0001", cwd=small({}))
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: option --ignore: unknown rule selector 'ML0001' (did you mean 'ML001'?)\n",
    )


def test_path_outside_the_project(modlint, small, tmp_path: Path) -> None:
    root = small({})
    (tmp_path / "elsewhere").mkdir()
    run = modlint(".", "../elsewhere", cwd=root)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: path '../elsewhere' is outside the project root '.'\n",
    )


def test_quiet_and_verbose(modlint, small) -> None:
    root = small({"core/a.py": "import app  # noqa: bad\n"})
    quiet = modlint("-q", "--select", "ML001", cwd=root)
    assert (quiet.out, quiet.err) == (f"core/a.py:1:8: {UPWARD}\n", "")
    verbose = modlint("-v", "--select", "ML001", cwd=root)
    assert _outcome(verbose) == (
        1,
        f"core/a.py:1:8: {UPWARD}\n",
        (
            "modlint: warning: core/a.py:1:13: malformed noqa directive: expected a list of codes "
            "after ':' (e.g. `# noqa: ML001, ML004`); the directive is ignored\n"
            "Found 1 error.\n"
            "modlint: checked 4 files in 3 modules (configuration: pyproject.toml)\n"
        ),
    )


ML001_DOCUMENT = """\
# tier-violation (ML001)

A module imports a module of a higher tier.

## What it does
Checks every import between two modules and reports it when the imported module sits in
a higher tier than the importer. Tiers are ordered lowest first (by default foundation,
framework, business); imports within a tier or down to a lower one are allowed, and
imports between files of the same module are never reported.

## Why is this bad?
Lower tiers are the base the others build on: when a foundation module imports a
business module, the foundation can no longer be changed, tested or shipped without the
business code, and every change to the business code can break the foundation.

## Example
```python
# auth/session.py  (auth: foundation, user: business)
from user.models import User
```

## Use instead
```python
# auth/session.py depends only on its own tier or lower;
# user/ imports auth, never the other way round.
from datastore import open_store
```

## Options
- `tiers`: the tier names, lowest first.
- `tier` (per module): the module's tier; a module without one is not checked.
- `type-checking-imports`: `false` leaves imports under `if TYPE_CHECKING:` out (their
  `else:` still counts).
"""


def test_rule_prints_the_registry_entry(modlint) -> None:
    assert _outcome(modlint("rule", "ml001")) == (0, ML001_DOCUMENT, "")


def _headings(markdown: str) -> list[str]:
    """The Markdown headings outside fenced code blocks (examples hold `#` comments)."""
    headings, fenced = [], False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif line.startswith("#") and not fenced:
            headings.append(line)
    return headings


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_every_rule_document_has_ruffs_headings(modlint, rule) -> None:
    run = modlint("rule", rule.code)
    assert (run.code, run.out, run.err) == (0, rule_document(rule) + "\n", "")
    assert _headings(run.out) == [
        f"# {rule.name} ({rule.code})",
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Use instead",
        "## Options",
    ]
    options = run.out.split("## Options\n")[1].replace("\n  ", " ").splitlines()
    assert options == ([f"- {option}" for option in rule.options] or ["None."])


def test_unknown_rule(modlint) -> None:
    run = modlint("rule", "ML999")
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: unknown rule 'ML999' (run 'modlint rules' for the list)\n",
    )


def test_rules_lists_every_code(modlint) -> None:
    run = modlint("rules")
    assert run.out == rules_table(RULES) + "\n"
    assert [line.split()[0] for line in run.lines] == [rule.code for rule in RULES]
    assert (run.code, run.lines[0], run.err) == (
        0,
        "ML001          tier-violation               A module imports a module of a higher tier.",
        "",
    )


def _program(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)


def test_python_dash_m_and_the_console_script(small) -> None:
    root = small({"core/a.py": "import app\n"})
    script = Path(sys.executable).parent / "modlint"
    for command in ([sys.executable, "-m", "modlint"], [str(script)]):
        done = _program(*command, "--select", "ML001", cwd=root)
        assert (done.returncode, done.stdout, done.stderr) == (
            1,
            f"core/a.py:1:8: {UPWARD}\n",
            "Found 1 error.\n",
        )


def test_a_closed_pipe_ends_quietly(small) -> None:
    lines = "".join(f"import app  # {n}\n" for n in range(3000))
    root = small({"core/a.py": lines})
    done = subprocess.run(
        f"'{sys.executable}' -m modlint --select ML001 | head -1",
        shell=True,
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, f"core/a.py:1:8: {UPWARD}\n")
    # Whether head is gone before modlint's one write ends depends on the scheduler: the summary
    # is there or not, but nothing else is (no traceback, no "Exception ignored").
    assert done.stderr in ("", "Found 3000 errors.\n")


def test_a_pipe_closed_before_any_output_is_exit_1_and_silent(small) -> None:
    root = small({"core/a.py": "import app\n"})
    reader, writer = os.pipe()
    os.close(reader)  # the reader is gone before modlint starts: its first write fails
    try:
        done = subprocess.run(
            [sys.executable, "-m", "modlint", "--select", "ML001", "--no-cache"],
            cwd=root,
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    finally:
        os.close(writer)
    assert (done.returncode, done.stderr) == (1, "")


def test_modlint_checks_its_own_layers(modlint) -> None:
    run = modlint(cwd=REPO)
    assert (run.code, run.out, run.err) == (0, "", "")


def test_config_option_naming_a_folder(modlint, small) -> None:
    run = modlint("--config", "core", cwd=small({}))
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: config file 'core' is a folder, not a file\n",
    )


@pytest.mark.parametrize(
    ("option", "value"),
    [("--select", ""), ("--ignore", ""), ("--extend-select", ","), ("--select", " , ")],
)
def test_a_selector_option_without_codes_is_an_error(modlint, small, option, value) -> None:
    run = modlint(option, value, cwd=small({"core/a.py": "import app\n"}))
    assert (run.code, run.out, run.err) == (
        2,
        "",
        f"modlint: error: option {option}: expected rule codes or prefixes separated by "
        f"commas, got '{value}'\n",
    )


# Modules that modlint imports, at once or later, which a project root may hold too.
SHADOWS = (
    "json",
    "tokenize",
    "tomllib",
    "difflib",
    "re",
    "ast",
    "hashlib",
    "pathspec",
    "libcst",
    "tomli",
    "typing",
    "pathlib",
    "dataclasses",
    "enum",
    "argparse",
    "textwrap",
    "fnmatch",
    "subprocess",
    "tempfile",
    "shutil",
    "__future__",
    "secrets",
    "stat",
    "errno",
    "urllib",
    "xml",
    "multiprocessing",
    "pickle",
    "socket",
)


def _loaded_before_any_package_code(tmp_path: Path) -> set[str]:
    """The modules this Python imports itself for `-m` before a package's own code runs
    (runpy's needs: importlib, types, warnings...; on 3.9 also re, typing, enum). No package
    can keep the current folder from shadowing those."""
    write(
        tmp_path / "probe",
        {
            "probe/__init__.py": "import sys; print(' '.join(sys.modules))\n",
            "probe/__main__.py": "",
        },
    )
    done = _program(sys.executable, "-m", "probe", cwd=tmp_path / "probe")
    return {name.split(".")[0] for name in done.stdout.split()}


@pytest.mark.parametrize("command", [(), ("check",), ("docs",), ("graph",)])
def test_python_dash_m_runs_no_code_of_the_checked_project(small, tmp_path, command) -> None:
    marker = tmp_path / "marker"
    shadows = set(SHADOWS) - _loaded_before_any_package_code(tmp_path)
    assert {"json", "tokenize", "tomllib", "difflib", "hashlib", "pathspec"} <= shadows
    planted = {
        f"{name}.py": f"open({str(marker)!r}, 'a').write({name!r})\nprint('PWNED')\n"
        for name in shadows
    }
    planted["concurrent/__init__.py"] = planted["json.py"]  # a package shadows too
    root = small({"core/a.py": "import app\n", **planted})
    done = _program(sys.executable, "-m", "modlint", *command, "--no-cache", cwd=root)
    assert not marker.exists()
    expected = {
        (): (1, CHECKED, "Found 2 errors.\n"),
        ("check",): (1, CHECKED, "Found 2 errors.\n"),
        ("docs",): (0, "", ""),
        ("graph",): (0, GRAPH, ""),
    }[command]
    assert (done.returncode, done.stdout, done.stderr) == expected


CHECKED = (
    f"core/a.py:1:8: {UPWARD}\n"
    "core/a.py:1:8: ML004 stable module 'core' imports development module 'app' (app)\n"
)
GRAPH = """\
flowchart BT
    subgraph tier0["foundation"]
        n0["core 🟡"]
    end
    subgraph tier1["framework"]
        n1["service 🟡"]
    end
    subgraph tier2["business"]
        n2["app 🟢"]
    end
    n0 -->|ML001 ML004| n2
    linkStyle 0 stroke:#d1242f,stroke-width:2px
"""


def test_imported_as_a_library_modlint_leaves_sys_path_alone(small) -> None:
    probe = "import sys; before = list(sys.path); import modlint; print(sys.path == before)"
    done = _program(sys.executable, "-c", probe, cwd=small({}))
    assert (done.returncode, done.stdout, done.stderr) == (0, "True\n", "")


def test_a_source_checkout_still_runs_from_its_own_root() -> None:
    # -S: no site processing, so no editable install; the dependencies come from PYTHONPATH,
    # and modlint itself only from the current folder.
    done = subprocess.run(
        [sys.executable, "-S", "-m", "modlint", "--version"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"]},
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, f"modlint {__version__}\n", "")


def _raising(error: BaseException):
    def stage(*args: object, **kwargs: object) -> NoReturn:
        raise error

    return stage


def test_a_bug_is_one_error_line_not_a_traceback(modlint, small, monkeypatch) -> None:
    root = small({})
    monkeypatch.delenv("MODLINT_TRACEBACK", raising=False)
    monkeypatch.setattr("modlint.pipeline.check", _raising(KeyError("x\n\x1b[2J")))
    assert modlint(cwd=root) == Run(
        2,
        "",
        "modlint: error: internal error: KeyError: 'x\\n\\x1b[2J' (please report this)\n",
    )


def test_modlint_traceback_re_raises_a_bug(modlint, small, monkeypatch) -> None:
    root = small({})
    monkeypatch.setenv("MODLINT_TRACEBACK", "1")
    monkeypatch.setattr("modlint.pipeline.check", _raising(KeyError("x")))
    with pytest.raises(KeyError, match="'x'"):
        modlint(cwd=root)


def test_ctrl_c_is_exit_130_and_one_line(modlint, small, monkeypatch) -> None:
    root = small({})
    monkeypatch.setattr("modlint.pipeline.check", _raising(KeyboardInterrupt()))
    assert modlint(cwd=root) == Run(130, "", "modlint: interrupted\n")


def test_a_bug_in_python_m_modlint_is_one_line_too(small) -> None:
    root = small({})
    script = (
        "import sys, modlint.pipeline\n"
        "def stage(*args, **kwargs): raise ZeroDivisionError('division by zero')\n"
        "modlint.pipeline.check = stage\n"
        "from modlint.cli import main\n"
        "sys.exit(main(['.']))\n"
    )
    environment = {k: v for k, v in os.environ.items() if k != "MODLINT_TRACEBACK"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        env=environment,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        2,
        "",
        "modlint: error: internal error: ZeroDivisionError: division by zero "
        "(please report this)\n",
    )
