"""ML106 `check --base REF` (issue 14 §5): locked and stable surfaces against a git revision,
read from git objects, in temporary repositories."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import write

CONFIG = """
[tool.modlint]
{extra}

[tool.modlint.modules.core]
tier = "foundation"
level = "{level}"
{version}

[tool.modlint.modules.app]
tier = "framework"
"""

HEADER = '__all__ = ["f"]\n\n\n'


def git(root: Path, *arguments: str) -> str:
    done = subprocess.run(["git", *arguments], cwd=root, check=True, capture_output=True)
    return done.stdout.decode()


def config(level: str = "stable", version: str | None = "1.0.0", extra: str = "") -> str:
    line = f'version = "{version}"' if version is not None else ""
    return CONFIG.format(level=level, version=line, extra=extra)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Call ``repo(files)`` for a git repository whose one commit holds ``files`` (with a
    default configuration and packages); edit the files after to change the work tree."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-global-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    root = tmp_path / "project"

    def make(files: dict[str, str | bytes | None]) -> Path:
        defaults: dict[str, str | bytes | None] = {
            "pyproject.toml": config(),
            "core/__init__.py": "",
            "app/__init__.py": "",
        }
        write(root, {**defaults, **files})
        git(root, "init", "-q", "-b", "main")
        git(root, "config", "user.name", "Base Tester")
        git(root, "config", "user.email", "base@example.com")
        commit(root, "base")
        return root

    return make


def outcome(run) -> tuple[int, str, str]:
    return run.code, run.out, run.err


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)


def ml106(modlint, root: Path, *extra: str):
    return modlint(
        "--select", "ML106", "--no-cache", "--output-format", "concise", *extra, cwd=root
    )


def breaking(module: str = "core", level: str = "stable", was: str = "1.0.0") -> str:
    major = int(was.split(".")[0]) + 1 if was != "no version" else 1
    now = "1.0.0" if was != "no version" else "no version"
    return (
        f": breaking change to {level} module '{module}' since 'HEAD' ({was} there, {now} now): "
        f"give it a new major version ({major}.0.0)"
    )


KINDS = [
    pytest.param(
        '__all__ = ["f", "g"]\n\n\ndef f() -> None: ...\n\n\ndef g() -> None: ...\n',
        HEADER + "def f() -> None: ...\n",
        "core/__init__.py:1:1: ML106 removed 'g'",
        id="removed-name",
    ),
    pytest.param(
        HEADER + "def f(a: int, b: int) -> None: ...\n",
        HEADER + "def f(a: int) -> None: ...\n",
        "core/__init__.py:4:5: ML106 removed parameter 'b' of f",
        id="removed-parameter",
    ),
    pytest.param(
        HEADER + "def f(a: int = 1) -> None: ...\n",
        HEADER + "def f(a: int) -> None: ...\n",
        "core/__init__.py:4:5: ML106 parameter 'a' of f became required",
        id="parameter-made-required",
    ),
    pytest.param(
        HEADER + "def f(a: int) -> None: ...\n",
        HEADER + "def f(a: int, b: int) -> None: ...\n",
        "core/__init__.py:4:5: ML106 new required parameter 'b' of f",
        id="new-required-parameter",
    ),
    pytest.param(
        HEADER + "def f(a: int) -> None: ...\n",
        HEADER + "def f(b: int) -> None: ...\n",
        "core/__init__.py:4:5: ML106 parameter 'a' of f was renamed to 'b'",
        id="renamed-positional",
    ),
    pytest.param(
        HEADER + "def f(a: int, b: str) -> None: ...\n",
        HEADER + "def f(b: str, a: int) -> None: ...\n",
        (
            "core/__init__.py:4:5: ML106 parameter 'a' of f moved from position 1 to 2",
            "core/__init__.py:4:5: ML106 parameter 'b' of f moved from position 2 to 1",
        ),
        id="reordered-positional",
    ),
    pytest.param(
        HEADER + "def f(a: int) -> None: ...\n",
        HEADER + "def f(*, a: int) -> None: ...\n",
        "core/__init__.py:4:5: ML106 parameter 'a' of f became keyword-only",
        id="narrowed-kind",
    ),
    pytest.param(
        HEADER + "def f(a: int = 1) -> None: ...\n",
        HEADER + "def f(a: int = 2) -> None: ...\n",
        "core/__init__.py:4:5: ML106 default of parameter 'a' of f changed from 1 to 2",
        id="changed-default",
    ),
    pytest.param(
        HEADER + "def f(a: int) -> None: ...\n",
        HEADER + "def f(a: str) -> None: ...\n",
        "core/__init__.py:4:5: ML106 annotation of parameter 'a' of f changed from 'int' to 'str'",
        id="changed-annotation",
    ),
    pytest.param(
        HEADER + "def f() -> int: ...\n",
        HEADER + "def f() -> str: ...\n",
        "core/__init__.py:4:5: ML106 return annotation of f changed from 'int' to 'str'",
        id="changed-return-annotation",
    ),
    pytest.param(
        HEADER + "def f(*args: int) -> None: ...\n",
        HEADER + "def f() -> None: ...\n",
        "core/__init__.py:4:5: ML106 removed *args of f",
        id="removed-var-positional",
    ),
    pytest.param(
        HEADER + "def f() -> None: ...\n",
        HEADER + "async def f() -> None: ...\n",
        "core/__init__.py:4:11: ML106 'f' became async def",
        id="became-async",
    ),
    pytest.param(
        HEADER + "class f:\n    pass\n",
        HEADER + "def f() -> None: ...\n",
        "core/__init__.py:4:5: ML106 'f' changed from class to function",
        id="class-to-function",
    ),
    pytest.param(
        HEADER + "class Base:\n    pass\n\n\nclass f(Base):\n    pass\n",
        HEADER + "class Base:\n    pass\n\n\nclass f:\n    pass\n",
        "core/__init__.py:8:7: ML106 class 'f' lost base class 'Base'",
        id="lost-base-class",
    ),
    pytest.param(
        HEADER + "class f:\n    def run(self) -> None: ...\n",
        HEADER + "class f:\n    pass\n",
        "core/__init__.py:4:7: ML106 removed 'f.run'",
        id="removed-method",
    ),
    pytest.param(
        HEADER + "class f:\n    def run(self) -> None: ...\n",
        HEADER + "class f:\n    @property\n    def run(self) -> None: ...\n",
        "core/__init__.py:6:9: ML106 'f.run' gained @property",
        id="gained-decorator",
    ),
]


@pytest.mark.parametrize(("before", "after", "expected"), KINDS)
def test_each_breaking_kind_is_reported_at_the_changed_definition(
    modlint, repo, before: str, after: str, expected: str | tuple[str, ...]
) -> None:
    root = repo({"core/__init__.py": before})
    write(root, {"core/__init__.py": after})
    run = ml106(modlint, root, "--base", "HEAD")
    lines = (expected,) if isinstance(expected, str) else expected
    found = f"Found {len(lines)} error{'s' if len(lines) > 1 else ''}.\n"
    assert outcome(run) == (1, "".join(line + breaking() + "\n" for line in lines), found)


def test_no_diagnostic_after_a_major_bump_of_the_configured_version(modlint, repo) -> None:
    root = repo({"core/__init__.py": HEADER + "def f(a: int) -> None: ...\n"})
    write(root, {"core/__init__.py": HEADER + "def f() -> None: ...\n"})
    assert ml106(modlint, root, "--base", "HEAD").code == 1
    write(root, {"pyproject.toml": config(version="2.0.0")})
    assert outcome(ml106(modlint, root, "--base", "HEAD")) == (0, "", "")
    write(root, {"pyproject.toml": config(version="1.9.0")})
    run = ml106(modlint, root, "--base", "HEAD")
    assert run.out == (
        "core/__init__.py:4:5: ML106 removed parameter 'a' of f: breaking change to stable "
        "module 'core' since 'HEAD' (1.0.0 there, 1.9.0 now): give it a new major version "
        "(2.0.0)\n"
    )


LOCKED = """
module = "core"
version = "{version}"
locked-on = 2026-11-25
reason = "Stable"

[surface]
{surface}
"""


def locked(version: str, *names: str) -> str:
    surface = "\n".join(f'"{name}" = "def {name}() -> None"' for name in names)
    return LOCKED.format(version=version, surface=surface)


def test_a_locked_module_needs_a_new_major_of_its_lock_file(modlint, repo) -> None:
    root = repo(
        {
            "pyproject.toml": config(version=None),
            "core/__init__.py": '__all__ = ["f", "g"]\n\ndef f() -> None: ...\ndef g() -> None: ...\n',
            "core/.LOCKED": locked("1.0.0", "f", "g"),
        }
    )
    write(root, {"core/__init__.py": '__all__ = ["f"]\n\ndef f() -> None: ...\n'})
    run = ml106(modlint, root, "--base", "HEAD")
    assert run.out == (
        "core/__init__.py:1:1: ML106 removed 'g': breaking change to locked module 'core' "
        "since 'HEAD' (1.0.0 there, 1.0.0 now): give it a new major version (2.0.0)\n"
    )
    write(root, {"core/.LOCKED": locked("2.0.0", "f")})
    assert outcome(ml106(modlint, root, "--base", "HEAD")) == (0, "", "")


def test_an_addition_to_a_locked_module_needs_a_new_minor(modlint, repo) -> None:
    root = repo(
        {
            "pyproject.toml": config(version=None),
            "core/__init__.py": '__all__ = ["f"]\n\ndef f() -> None: ...\n',
            "core/.LOCKED": locked("1.0.0", "f"),
        }
    )
    write(
        root,
        {
            "core/__init__.py": '__all__ = ["f", "g"]\n\ndef f() -> None: ...\ndef g() -> None: ...\n'
        },
    )
    run = ml106(modlint, root, "--base", "HEAD")
    assert run.out == (
        "core/__init__.py:4:5: ML106 added 'g': locked module 'core' grew since 'HEAD' "
        "(1.0.0 there, 1.0.0 now): give it a new minor version (1.1.0)\n"
    )
    write(root, {"core/.LOCKED": locked("1.1.0", "f", "g")})
    assert outcome(ml106(modlint, root, "--base", "HEAD")) == (0, "", "")


def test_an_addition_to_a_stable_module_needs_no_new_version(modlint, repo) -> None:
    root = repo({"core/__init__.py": HEADER + "def f(a: int) -> None: ...\n"})
    write(root, {"core/__init__.py": HEADER + "def f(a: int, b: int = 0) -> None: ...\n"})
    assert outcome(ml106(modlint, root, "--base", "HEAD")) == (0, "", "")


def test_a_module_the_base_lacks_or_has_in_development_promised_nothing(modlint, repo) -> None:
    root = repo({"pyproject.toml": config(level="development"), "core/__init__.py": HEADER})
    write(root, {"pyproject.toml": config(), "core/__init__.py": HEADER + "def f() -> None: ...\n"})
    commit(root, "core is stable")
    write(root, {"core/__init__.py": HEADER + "def f(a: int) -> None: ...\n"})
    assert outcome(ml106(modlint, root, "--base", "HEAD~1")) == (0, "", "")
    write(
        root,
        {
            "pyproject.toml": config() + '\n[tool.modlint.modules.extra]\nlevel = "stable"\n',
            "extra/__init__.py": HEADER + "def f() -> None: ...\n",
        },
    )
    run = ml106(modlint, root, "--base", "HEAD")
    assert (
        run.out == "core/__init__.py:4:5: ML106 new required parameter 'a' of f" + breaking() + "\n"
    )


def test_the_base_key_and_the_option_that_wins(modlint, repo) -> None:
    root = repo({"core/__init__.py": HEADER + "def f(a: int) -> None: ...\n"})
    write(root, {"core/__init__.py": HEADER + "def f() -> None: ...\n"})
    commit(root, "second")
    write(root, {"pyproject.toml": config(extra='base = "HEAD~1"')})
    run = ml106(modlint, root)
    assert run.out == (
        "core/__init__.py:4:5: ML106 removed parameter 'a' of f: breaking change to stable "
        "module 'core' since 'HEAD~1' (1.0.0 there, 1.0.0 now): give it a new major version "
        "(2.0.0)\n"
    )
    assert outcome(ml106(modlint, root, "--base", "HEAD")) == (0, "", "")


def test_the_findings_cache_is_per_base(modlint, repo) -> None:
    root = repo({"core/__init__.py": HEADER + "def f(a: int) -> None: ...\n"})
    write(root, {"core/__init__.py": HEADER + "def f() -> None: ...\n"})
    commit(root, "second")
    cached = ("--select", "ML106", "--output-format", "concise")
    assert outcome(modlint(*cached, "--base", "HEAD", cwd=root)) == (0, "", "")
    first = modlint(*cached, "--base", "HEAD~1", cwd=root)
    assert first.out == (
        "core/__init__.py:4:5: ML106 removed parameter 'a' of f: breaking change to stable "
        "module 'core' since 'HEAD~1' (1.0.0 there, 1.0.0 now): give it a new major version "
        "(2.0.0)\n"
    )
    again = modlint(*cached, "--base", "main~1", cwd=root)
    assert again.out == first.out.replace("'HEAD~1'", "'main~1'")
    assert outcome(modlint(*cached, "--base", "HEAD", cwd=root)) == (0, "", "")


def test_definitions_moved_between_files_are_no_change(modlint, repo) -> None:
    root = repo(
        {
            "core/__init__.py": '__all__ = ["f"]\n\nfrom core.one import f\n',
            "core/one.py": "def f(a: int) -> None: ...\n",
        }
    )
    write(
        root,
        {
            "core/__init__.py": '__all__ = ["f"]\n\nfrom core.two import f\n',
            "core/two.py": "def f(a: int) -> None: ...\n",
        },
    )
    (root / "core" / "one.py").unlink()
    assert outcome(ml106(modlint, root, "--base", "HEAD")) == (0, "", "")
    write(root, {"core/two.py": "def f(a: str) -> None: ...\n"})
    run = ml106(modlint, root, "--base", "HEAD")
    assert run.out == (
        "core/two.py:1:5: ML106 annotation of parameter 'a' of f changed from 'int' to 'str'"
        + breaking()
        + "\n"
    )


def test_hostile_file_names_in_the_tree(modlint, repo) -> None:
    hostile = {
        "core/we ird\nname.py": "x = 1\n",
        "core/ spaced .py": "y = 2\n",
        "core/tab\there.py": "z = 3\n",
        "core/100644 blob 0000000000000000000000000000000000000000\tcore/__init__.py": "",
    }
    root = repo({**hostile, "core/__init__.py": HEADER + "def f(a: int) -> None: ...\n"})
    write(root, {name: "changed = True\n" for name in hostile})
    write(root, {"core/__init__.py": HEADER + "def f() -> None: ...\n"})
    run = ml106(modlint, root, "--base", "HEAD")
    assert run.out == "core/__init__.py:4:5: ML106 removed parameter 'a' of f" + breaking() + "\n"


def test_not_a_git_repository(modlint, tmp_path: Path) -> None:
    root = write(
        tmp_path / "plain",
        {"pyproject.toml": config(), "core/__init__.py": "", "app/__init__.py": ""},
    )
    run = ml106(modlint, root, "--base", "HEAD")
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: --base: '.' is not inside a git work tree\n",
    )


@pytest.mark.parametrize(
    ("ref", "error"),
    [
        ("nope", "unknown git revision 'nope' (no commit of that name)"),
        ("HEAD~5", "unknown git revision 'HEAD~5' (no commit of that name)"),
        ("--output=x", "'--output=x' is not a git revision"),
        ("", "'' is not a git revision"),
    ],
)
def test_an_unknown_revision(modlint, repo, ref: str, error: str) -> None:
    root = repo({})
    run = ml106(modlint, root, f"--base={ref}")
    assert (run.code, run.out, run.err) == (2, "", f"modlint: error: --base: {error}\n")


def test_a_bad_base_key(modlint, repo) -> None:
    root = repo({"pyproject.toml": config(extra='base = "-x"')})
    run = ml106(modlint, root)
    assert (run.code, run.err) == (
        2,
        "modlint: error: pyproject.toml: [tool.modlint]: key 'base' must be a git revision "
        "such as \"origin/main\", got '-x'\n",
    )


def test_git_not_installed(modlint, repo, tmp_path: Path, monkeypatch) -> None:
    root = repo({})
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    run = ml106(modlint, root, "--base", "HEAD")
    assert (run.code, run.err) == (2, "modlint: error: --base: the git command is not installed\n")


def test_a_base_without_modlint_configuration_has_no_module(modlint, repo) -> None:
    root = repo({"pyproject.toml": "[project]\nname = 'p'\n", "core/__init__.py": HEADER})
    write(root, {"pyproject.toml": config(), "core/__init__.py": HEADER + "def f() -> None: ...\n"})
    assert outcome(ml106(modlint, root, "--base", "HEAD")) == (0, "", "")


def test_a_base_configuration_that_is_no_toml(modlint, repo) -> None:
    root = repo({"pyproject.toml": "[tool.modlint\n"})
    write(root, {"pyproject.toml": config()})
    run = ml106(modlint, root, "--base", "HEAD")
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: --base: pyproject.toml at 'HEAD': invalid TOML: Expected ']' at the "
        "end of a table declaration (at line 1, column 14)\n",
    )


def test_a_base_module_outside_the_project_is_not_compared(modlint, repo) -> None:
    outside = config().replace(
        "[tool.modlint.modules.app]",
        '[tool.modlint.modules.up]\npath = "../up"\nlevel = "stable"\n\n[tool.modlint.modules.app]',
    )
    root = repo(
        {"pyproject.toml": outside, "core/__init__.py": HEADER + "def f(a: int) -> None: ...\n"}
    )
    write(root, {"pyproject.toml": config(), "core/__init__.py": HEADER + "def f() -> None: ...\n"})
    run = ml106(modlint, root, "--base", "HEAD")
    assert run.out == "core/__init__.py:4:5: ML106 removed parameter 'a' of f" + breaking() + "\n"


def test_checks_in_one_process_read_the_revision_once(modlint, repo, monkeypatch) -> None:
    from modlint.pipeline import base

    root = repo({"core/__init__.py": HEADER + "def f(a: int) -> None: ...\n"})
    write(root, {"core/__init__.py": HEADER + "def f() -> None: ...\n"})
    trees = []
    listed = base._tree
    monkeypatch.setattr(base, "_tree", lambda *arguments: trees.append(1) or listed(*arguments))
    expected = "core/__init__.py:4:5: ML106 removed parameter 'a' of f" + breaking() + "\n"
    first = ml106(modlint, root, "--base", "HEAD")
    second = ml106(modlint, root, "--base", "HEAD")
    assert (first.out, second.out, len(trees)) == (expected, expected, 1)


def test_git_refusing_the_repository_says_why(modlint, repo) -> None:
    root = repo({})
    os.chown(root, 65534, 65534)  # tests run as root: git refuses a repository of another owner
    run = ml106(modlint, root, "--base", "HEAD")
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: --base: 'git rev-parse' failed: detected dubious ownership in "
        f"repository at '{root}'\n",
    )


def test_a_file_over_max_file_size_at_the_revision_is_not_read(modlint, repo) -> None:
    files = {
        "pyproject.toml": config(extra="max-file-size = 100"),
        "core/__init__.py": '__all__ = ["f"]\n\nfrom core.impl import f\n',
        "core/impl.py": "def f(a: int) -> None: ...\n" + "#" * 100 + "\n",
    }
    root = repo(files)
    write(root, {"core/impl.py": "def f() -> None: ...\n"})
    assert outcome(ml106(modlint, root, "--base", "HEAD")) == (0, "", "")
    commit(root, "small again")
    write(root, {"core/impl.py": "def f(b: int) -> None: ...\n"})
    run = ml106(modlint, root, "--base", "HEAD")
    assert run.out == "core/impl.py:1:5: ML106 new required parameter 'b' of f" + breaking() + "\n"
