"""ML005: third-party imports against `external` lists and the project's declared
dependencies, import-name mapping, and the opt-in build-backend metadata."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import write

CONFIG = """
[tool.modlint]
{extra}

[tool.modlint.modules.store]
tier = "foundation"
external = ["SQLAlchemy"]

[tool.modlint.modules.web]
tier = "business"
"""


def project(tmp_path: Path, pyproject_head: str, extra: str = "", **files: str) -> Path:
    return write(
        tmp_path,
        {
            "pyproject.toml": pyproject_head + CONFIG.format(extra=extra),
            "store/__init__.py": "import sqlalchemy.orm\nimport redis\nimport json, os.path\n",
            "web/__init__.py": files.get("web", "import requests\nimport yaml\nimport numpy\n"),
            "tests/test_web.py": "import pytest\n",
        },
    )


DECLARED = """
[project]
name = "shop"
version = "1.0"
dependencies = ["requests>=2.0", "PyYAML; python_version >= '3.9'"]
[project.optional-dependencies]
db = ["sqlalchemy[asyncio]>=2", "Pillow"]
"""


def test_module_allow_lists_and_project_declarations(modlint, tmp_path: Path) -> None:
    root = project(tmp_path, DECLARED)
    run = modlint("--select", "ML005", cwd=root)
    assert (run.code, run.lines) == (
        1,
        [
            "store/__init__.py:2:8: ML005 module 'store' imports 'redis' from distribution 'redis', "
            "which is not in the external list of module 'store'",
            "web/__init__.py:3:8: ML005 module 'web' imports 'numpy' from distribution 'numpy', "
            "which the project does not declare as a dependency",
        ],
    )


def test_import_names_map_to_distributions(modlint, tmp_path: Path) -> None:
    # yaml -> PyYAML comes from the installed metadata (the test environment has PyYAML);
    # imaging -> pillow is given explicitly.
    root = project(tmp_path, DECLARED, web="import yaml\nfrom imaging import Image\n")
    assert modlint("--select", "ML005", "web", cwd=root).lines == [
        "web/__init__.py:2:6: ML005 module 'web' imports 'imaging' from distribution 'imaging', "
        "which the project does not declare as a dependency",
    ]
    (root / "pyproject.toml").write_text(
        (root / "pyproject.toml").read_text()
        + '\n[tool.modlint.import-names]\nimaging = "Pillow"\n'
    )
    assert modlint("--select", "ML005", "web", cwd=root).code == 0


def test_standard_library_and_type_checking_imports(modlint, tmp_path: Path) -> None:
    web = (
        "from __future__ import annotations\nimport zoneinfo, sqlite3, typing\n"
        "if typing.TYPE_CHECKING:\n    import numpy\n"
    )
    root = project(tmp_path, DECLARED, web=web)
    assert modlint("--select", "ML005", "web", cwd=root).lines == [
        "web/__init__.py:4:12: ML005 module 'web' imports 'numpy' from distribution 'numpy', "
        "which the project does not declare as a dependency",
    ]
    root = project(tmp_path / "off", DECLARED, extra="type-checking-imports = false", web=web)
    assert modlint("--select", "ML005", "web", cwd=root).code == 0


def test_without_project_metadata_only_external_lists_count(modlint, tmp_path: Path) -> None:
    root = project(tmp_path, "")
    assert [line.split(" ")[0] for line in modlint("--select", "ML005", cwd=root).lines] == [
        "store/__init__.py:2:8:"
    ]


DYNAMIC = """
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "shop"
version = "1.0"
dynamic = ["dependencies"]

[tool.setuptools]
packages = ["store", "web"]

[tool.setuptools.dynamic]
dependencies = {file = ["requirements.txt"]}
"""


def test_dynamic_dependencies_are_not_guessed(modlint, tmp_path: Path) -> None:
    root = project(tmp_path, DYNAMIC)
    (root / "requirements.txt").write_text("requests\nPyYAML\n")
    run = modlint("--select", "ML005", cwd=root)
    assert run.lines == [
        "store/__init__.py:2:8: ML005 module 'store' imports 'redis' from distribution 'redis', "
        "which is not in the external list of module 'store'",
    ]
    assert run.err.splitlines()[0] == (
        "modlint: warning: pyproject.toml:1:1: dependencies are dynamic: pass "
        "--metadata-from-backend to read them (it runs the project's build backend); until "
        "then only modules' `external` lists are checked"
    )
    assert not list(root.rglob("*.egg-info"))  # nothing of the project was run


def test_the_build_backend_reads_dynamic_dependencies_on_request(modlint, tmp_path) -> None:
    root = project(tmp_path, DYNAMIC)
    (root / "requirements.txt").write_text("requests\nPyYAML\n")
    expected = [
        "store/__init__.py:2:8: ML005 module 'store' imports 'redis' from distribution 'redis', "
        "which is not in the external list of module 'store'",
        "web/__init__.py:3:8: ML005 module 'web' imports 'numpy' from distribution 'numpy', "
        "which the project does not declare as a dependency",
    ]
    # setuptools is installed beside modlint here (test_backend_isolation.py provisions it).
    run = modlint("--select", "ML005", "--metadata-from-backend", "--no-build-isolation", cwd=root)
    assert (run.lines, run.err) == (expected, "Found 2 errors.\n")
    [cached] = (root / ".modlint_cache").glob("metadata-*.json")
    assert set(json.loads(cached.read_text())) == {"requests", "PyYAML"}
    # The same through the configuration.
    pyproject = root / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace(
            "[tool.modlint]\n",
            '[tool.modlint]\nmetadata = "build-backend"\nbuild-isolation = false\n',
        )
    )
    assert modlint("--select", "ML005", cwd=root).lines == expected


def test_a_failing_build_backend_is_a_usage_error(modlint, tmp_path: Path) -> None:
    # Nothing to install: the isolated environment has only what build-system.requires lists.
    written = DYNAMIC.replace("setuptools.build_meta", "no_such_backend")
    root = project(tmp_path, written.replace('["setuptools>=61"]', "[]"))
    run = modlint("--select", "ML005", "--metadata-from-backend", "--no-cache", cwd=root)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: --metadata-from-backend: the build backend 'no_such_backend' cannot be "
        "imported once its build-system.requires are installed\n",
    )
