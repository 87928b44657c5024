"""Issue 12 section 8: ML005 reads Poetry and PEP 735 declarations, knows common import names
that differ from their distribution, and says once when there is nothing to check against."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write

MODULES = """
[tool.modlint.modules.web]
tier = "business"
"""


def project(tmp_path: Path, head: str, web: str, extra: str = "") -> Path:
    return write(
        tmp_path,
        {
            "pyproject.toml": head + extra + MODULES,
            "web/__init__.py": web,
        },
    )


def undeclared(name: str, distribution: str, line: int, column: int = 8) -> str:
    return (
        f"web/__init__.py:{line}:{column}: ML005 module 'web' imports '{name}' from distribution "
        f"'{distribution}', which the project does not declare as a dependency"
    )


POETRY = """
[tool.poetry]
name = "shop"
[tool.poetry.dependencies]
python = "^3.9"
requests = "^2.0"
Flask = { version = "^3", optional = true }
[tool.poetry.dev-dependencies]
black = "*"
[tool.poetry.group.test.dependencies]
pytest_cov = [{ version = "^4", python = "<3.12" }, { version = "^5", python = ">=3.12" }]
"""


def test_poetry_dependencies_dev_dependencies_and_groups_are_declarations(
    modlint, tmp_path: Path
) -> None:
    web = "import requests, flask, black, pytest_cov\nimport redis\n"
    root = project(tmp_path, POETRY, web)
    run = modlint("--select", "ML005", cwd=root)
    assert (run.code, run.out, run.err) == (
        1,
        undeclared("redis", "redis", 2) + "\n",
        "Found 1 error.\n",
    )


def test_poetry_2_declares_what_project_leaves_dynamic(modlint, tmp_path: Path) -> None:
    head = '[project]\nname = "shop"\ndynamic = ["dependencies"]\n' + POETRY
    root = project(tmp_path, head, "import requests\nimport redis\n")
    run = modlint("--select", "ML005", cwd=root)
    assert (run.code, run.out, run.err) == (
        1,
        undeclared("redis", "redis", 2) + "\n",
        "Found 1 error.\n",
    )


GROUPS = """
[project]
name = "shop"
dependencies = ["requests"]
[dependency-groups]
test = ["pytest>=8", { include-group = "Lint_Tools" }]
lint-tools = ["ruff"]
"""


def test_dependency_groups_are_declarations(modlint, tmp_path: Path) -> None:
    root = project(tmp_path, GROUPS, "import requests, pytest, ruff\nimport redis\n")
    run = modlint("--select", "ML005", cwd=root)
    assert (run.code, run.out, run.err) == (
        1,
        undeclared("redis", "redis", 2) + "\n",
        "Found 1 error.\n",
    )


def test_dependency_groups_alone_are_a_declaration(modlint, tmp_path: Path) -> None:
    root = project(tmp_path, '[dependency-groups]\ndev = ["ruff"]\n', "import ruff, redis\n")
    run = modlint("--select", "ML005", cwd=root)
    assert (run.code, run.out, run.err) == (
        1,
        undeclared("redis", "redis", 1, 14) + "\n",
        "Found 1 error.\n",
    )


@pytest.mark.parametrize(
    ("head", "error"),
    [
        (
            '[dependency-groups]\na = [{ include-group = "b" }]\nb = ["x", { include-group = "a" }]\n',
            "[dependency-groups]: include-group cycle: 'a' -> 'b' -> 'a'",
        ),
        (
            '[dependency-groups]\na = [{ include-group = "a" }]\n',
            "[dependency-groups]: include-group cycle: 'a' -> 'a'",
        ),
        (
            '[dependency-groups]\na = [{ include-group = "nope" }]\n',
            "[dependency-groups]: group 'a' includes 'nope', which is not a group of "
            "[dependency-groups]",
        ),
        (
            "[dependency-groups]\na = [{ include-group = 3 }]\n",
            "[dependency-groups]: group 'a' includes an integer, which is not a group of "
            "[dependency-groups]",
        ),
        (
            '[dependency-groups]\na = "ruff"\n',
            "[dependency-groups]: key 'a' must be an array of requirements and include-group "
            "tables, got a string",
        ),
        (
            '[dependency-groups]\na = [{ include = "b" }]\n',
            "[dependency-groups]: key 'a' must be an array of requirement strings and "
            "{include-group = ...} tables, got a table",
        ),
        (
            '[tool.poetry]\ndependencies = ["requests"]\n',
            "[tool.poetry]: key 'dependencies' must be a table of distributions, got an array",
        ),
        (
            '[tool.poetry.group]\ndev = "requests"\n',
            "[tool.poetry.group]: key 'dev' must be a table, got a string",
        ),
    ],
)
def test_malformed_declarations_are_configuration_errors(
    modlint, tmp_path: Path, head: str, error: str
) -> None:
    root = project(tmp_path, head, "import requests\n")
    run = modlint("--select", "ML005", cwd=root)
    assert (run.code, run.out, run.err) == (2, "", f"modlint: error: pyproject.toml: {error}\n")


NOTHING = "modlint: warning: pyproject.toml:1:1: no dependency declaration found (pyproject.toml "
NOTHING += "has no [project], [tool.poetry] dependencies or [dependency-groups]): only modules' "
NOTHING += "`external` lists are checked\n"


def test_no_declaration_is_said_once_per_project_state(modlint, tmp_path: Path) -> None:
    root = project(tmp_path, "", "import requests\n")
    first = modlint("--select", "ML005", cwd=root)
    assert (first.code, first.out, first.err) == (0, "", NOTHING)
    again = modlint("--select", "ML005", cwd=root)
    assert (again.code, again.out, again.err) == (0, "", "")
    (root / "web" / "__init__.py").write_text("import requests\nimport yaml\n")
    changed = modlint("--select", "ML005", cwd=root)
    assert (changed.code, changed.out, changed.err) == (0, "", NOTHING)
    assert modlint("--select", "ML005", "--no-cache", "-q", cwd=root).err == ""


def test_no_notice_when_every_importing_module_has_an_external_list(modlint, tmp_path) -> None:
    root = project(tmp_path, "", "import requests\n")
    write(root, {"pyproject.toml": MODULES + 'external = ["requests"]\n'})
    run = modlint("--select", "ML005", "--no-cache", cwd=root)
    assert (run.code, run.out, run.err) == (0, "", "")


def test_dynamic_notice_is_shown_once_per_project_state(modlint, tmp_path: Path) -> None:
    head = '[project]\nname = "shop"\ndynamic = ["dependencies"]\n'
    root = project(tmp_path, head, "import requests\n")
    first = modlint("--select", "ML005", cwd=root)
    assert first.err.startswith("modlint: warning: pyproject.toml:1:1: dependencies are dynamic")
    assert modlint("--select", "ML005", cwd=root).err == ""


def test_common_import_names_map_without_the_package_installed(modlint, tmp_path) -> None:
    head = (
        '[project]\nname = "shop"\ndependencies = ["scikit-learn", "beautifulsoup4", '
        '"python-dateutil", "factory_boy", "psycopg2-binary", "GitPython"]\n'
    )
    web = "import sklearn, bs4, dateutil.parser, factory, psycopg2, git\nimport cv2, MySQLdb\n"
    root = project(tmp_path, head, web)
    run = modlint("--select", "ML005", cwd=root)
    assert (run.code, run.out) == (
        1,
        undeclared("cv2", "opencv-python", 2)
        + "\n"
        + undeclared("MySQLdb", "mysqlclient", 2, 13)
        + "\n",
    )


def test_import_names_override_the_built_in_table(modlint, tmp_path: Path) -> None:
    head = '[project]\nname = "shop"\ndependencies = ["scikit-learn"]\n'
    extra = '[tool.modlint.import-names]\nsklearn = "sklearn-fork"\n'
    root = project(tmp_path, head, "import sklearn\n", extra)
    run = modlint("--select", "ML005", cwd=root)
    assert (run.code, run.out) == (1, undeclared("sklearn", "sklearn-fork", 1) + "\n")
