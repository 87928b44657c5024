"""Configuration: where it is found, and a one-line message with exit 2 for each mistake."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write

UPWARD = "ML001 foundation module 'core' imports business module 'app' (app)"

MODULES = """
[tool.modlint.modules.core]
tier = "foundation"
[tool.modlint.modules.app]
tier = "business"
"""


def project(tmp_path: Path, pyproject: str) -> Path:
    return write(
        tmp_path,
        {"pyproject.toml": pyproject, "core/__init__.py": "import app\n", "app/__init__.py": ""},
    )


@pytest.mark.parametrize(
    ("pyproject", "message"),
    [
        (
            "[tool.modlint]\nteirs = []\n" + MODULES,
            "pyproject.toml: [tool.modlint]: unknown key 'teirs' (did you mean 'tiers'?)",
        ),
        (
            "[tool.modlint]\nbogus = 1\n" + MODULES,
            "pyproject.toml: [tool.modlint]: unknown key 'bogus'",
        ),
        (
            '[tool.modlint]\ntiers = "foundation"\n' + MODULES,
            "pyproject.toml: [tool.modlint]: key 'tiers' must be an array of strings, got a string",
        ),
        (
            "[tool.modlint]\ntype-checking-imports = 1\n" + MODULES,
            "pyproject.toml: [tool.modlint]: key 'type-checking-imports' must be a boolean (true or "
            "false), got an integer",
        ),
        (
            '[tool.modlint]\nunassigned = "warn"\n' + MODULES,
            "pyproject.toml: [tool.modlint]: key 'unassigned' must be one of 'ignore', 'error', got "
            "'warn'",
        ),
        (
            '[tool.modlint]\nselect = ["ML0001"]\n' + MODULES,
            "pyproject.toml: [tool.modlint]: key 'select': unknown rule selector 'ML0001' (did you "
            "mean 'ML001'?)",
        ),
        (
            '[tool.modlint]\nper-file-ignores = { "tests/**" = "ML001" }\n' + MODULES,
            "pyproject.toml: [tool.modlint]: key 'per-file-ignores': entry 'tests/**' must be an "
            "array of code prefixes",
        ),
        (
            '[tool.modlint.modules.core]\ntier = "foundation"\nlevle = "stable"\n',
            "pyproject.toml: [tool.modlint.modules.core]: unknown key 'levle' (did you mean "
            "'level'?)",
        ),
        (
            '[tool.modlint.modules.core]\ntier = "fundation"\n',
            "pyproject.toml: [tool.modlint.modules.core]: key 'tier' must be one of 'foundation', "
            "'framework', 'business', got 'fundation' (did you mean 'foundation'?)",
        ),
        (
            '[tool.modlint.modules.core]\ntier = "foundation"\nlevel = "frozen"\n',
            "pyproject.toml: [tool.modlint.modules.core]: key 'level' must be one of 'locked', "
            "'stable', 'development', got 'frozen'",
        ),
        (
            '[tool.modlint.modules.core]\ntier = "foundation"\npath = "kore"\n',
            "pyproject.toml: [tool.modlint.modules.core]: key 'path': folder 'kore' does not exist "
            "in .",
        ),
        (
            '[tool.modlint.modules.core]\ntier = "foundation"\ndepends-on = ["ap"]\n'
            '[tool.modlint.modules.app]\ntier = "business"\n',
            "pyproject.toml: [tool.modlint.modules.core]: key 'depends-on' names unknown module "
            "'ap' (did you mean 'app'?)",
        ),
        (
            '[tool.modlint.modules.core]\ntier = "foundation"\ndepends-on = "app"\n',
            "pyproject.toml: [tool.modlint.modules.core]: key 'depends-on' must be an array of "
            "strings, got a string",
        ),
        (
            '[tool.modlint.modules.core]\ntier = "foundation"\nversion = "one"\n',
            "pyproject.toml: [tool.modlint.modules.core]: key 'version' must be a version like "
            "\"1.0.0\", got 'one'",
        ),
        (
            '[tool.modlint.modules.core]\ntier = "foundation"\npackages = ["kore"]\n',
            "pyproject.toml: [tool.modlint.modules.core]: key 'packages': no package or module "
            "'kore' in 'core'",
        ),
        (
            '[tool.modlint.modules.core]\ntier = "foundation"\npath = ".."\n',
            "pyproject.toml: [tool.modlint.modules.core]: key 'path': folder '..' is outside the "
            "project root",
        ),
        (
            '[tool.modlint.modules.core]\ntier = "foundation"\n'
            '[tool.modlint.modules.kernel]\ntier = "foundation"\npath = "core"\n',
            "pyproject.toml: [tool.modlint.modules.kernel]: key 'path': folder 'core' is already "
            "module 'core'",
        ),
        (
            "[tool.modlint.modules]\ncore = 3\n",
            "pyproject.toml: [tool.modlint.modules.core]: must be a table, got an integer",
        ),
        (
            '[tool.modlint]\nsource-roots = ["src"]\n' + MODULES,
            "pyproject.toml: [tool.modlint]: key 'source-roots': folder 'src' does not exist in .",
        ),
        (
            "[tool.modlint]\ntiers = []\n" + MODULES,
            "pyproject.toml: [tool.modlint]: key 'tiers' must be a non-empty array of distinct names",
        ),
        (
            "[tool.modlint\ntiers = []\n",
            "pyproject.toml: invalid TOML: Expected ']' at the end of a table declaration (at line "
            "1, column 14)",
        ),
    ],
)
def test_bad_configuration_exits_2_with_one_line(
    modlint, tmp_path: Path, pyproject: str, message: str
) -> None:
    root = project(tmp_path, pyproject)
    run = modlint(cwd=root)
    assert (run.code, run.out, run.err) == (2, "", f"modlint: error: {message}\n")


def test_modlint_toml_wins_over_pyproject(modlint, tmp_path: Path) -> None:
    root = project(tmp_path, "[tool.modlint]\ntiers = 3\n")
    (root / "modlint.toml").write_text(
        '[modules.core]\ntier = "foundation"\n[modules.app]\ntier = "business"\n'
    )
    run = modlint("--select", "ML001", cwd=root)
    assert (run.code, run.out, run.err) == (
        1,
        f"core/__init__.py:1:8: {UPWARD}\n",
        "Found 1 error.\n",
    )


def test_modlint_toml_errors_name_its_tables(modlint, tmp_path: Path) -> None:
    root = project(tmp_path, "")
    (root / "modlint.toml").write_text('[modules.core]\ntier = "foundation"\nteir = 1\n')
    run = modlint(cwd=root)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: modlint.toml: [modules.core]: unknown key 'teir' (did you mean 'tier'?)\n",
    )


def test_configuration_is_found_by_walking_up_from_the_first_path(modlint, tmp_path) -> None:
    project(tmp_path / "repo", "[tool.modlint]\n" + MODULES)
    run = modlint("--select", "ML001", "repo/core", cwd=tmp_path)
    assert (run.code, run.out, run.err) == (
        1,
        f"repo/core/__init__.py:1:8: {UPWARD}\n",
        "Found 1 error.\n",
    )


def test_a_pyproject_without_tool_modlint_is_skipped(modlint, tmp_path: Path) -> None:
    root = project(tmp_path, "[tool.modlint]\n" + MODULES)
    write(root, {"core/pyproject.toml": "[project]\nname = 'core'\n"})
    run = modlint("--select", "ML001", "core", cwd=root)
    assert (run.code, run.out, run.err) == (
        1,
        f"core/__init__.py:1:8: {UPWARD}\n",
        "Found 1 error.\n",
    )


def test_explicit_config_file(modlint, tmp_path: Path) -> None:
    root = project(tmp_path, "[project]\nname = 'x'\n")
    (root / "modlint.toml").write_text(
        '[modules.core]\ntier = "foundation"\n[modules.app]\ntier = "business"\n'
    )
    run = modlint("--config", "modlint.toml", cwd=root)
    assert (run.code, run.out, run.err) == (
        1,
        f"core/__init__.py:1:8: {UPWARD}\n",
        "Found 1 error.\n",
    )
    run = modlint("--config", "missing.toml", cwd=root)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: config file 'missing.toml' does not exist\n",
    )


def test_no_configuration(modlint, tmp_path: Path) -> None:
    write(tmp_path, {"a.py": ""})
    run = modlint(cwd=tmp_path)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        f"modlint: error: no configuration found in '{tmp_path}' or any folder above it: add "
        "[tool.modlint] to pyproject.toml, or create modlint.toml\n",
    )
