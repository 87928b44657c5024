"""Issue 12 section 7: imports Python resolves are never ML006 — files whose names are not
identifiers (Django migrations) and packages outside every source root (tests)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import write

UPWARD = "ML001 foundation module 'core' imports business module 'app'"

TWO_PACKAGES = """
[tool.modlint.modules.core]
path = "pkg/core"
tier = "foundation"
[tool.modlint.modules.app]
path = "pkg/app"
tier = "business"
"""


def _django_like(tmp_path: Path, migration: str) -> Path:
    return write(
        tmp_path,
        {
            "pyproject.toml": TWO_PACKAGES,
            "pkg/__init__.py": "",
            "pkg/app/__init__.py": "",
            "pkg/app/views.py": "",
            "pkg/core/__init__.py": "",
            "pkg/core/models.py": "class Order: ...\n",
            "pkg/core/migrations/__init__.py": "",
            "pkg/core/migrations/0001_initial.py": migration,
        },
    )


def test_relative_imports_in_a_migration_resolve(modlint, tmp_path: Path) -> None:
    root = _django_like(tmp_path, "from ..models import Order\nfrom ...app import views\n")
    run = modlint(cwd=root)
    assert (run.code, run.out) == (
        1,
        f"pkg/core/migrations/0001_initial.py:2:20: {UPWARD} (pkg.app.views)\n",
    )


def test_a_migration_that_names_a_missing_module_is_still_ml006(modlint, tmp_path) -> None:
    root = _django_like(tmp_path, "from ..missing import Order\n")
    run = modlint(cwd=root)
    assert (run.code, run.out) == (
        1,
        "pkg/core/migrations/0001_initial.py:1:6: ML006 cannot resolve '..missing' "
        "(pkg.core.missing): no such module or package in the project\n",
    )


def test_a_migration_can_be_imported_by_its_dotted_name(modlint, tmp_path: Path) -> None:
    root = _django_like(tmp_path, "")
    write(
        root,
        {"pkg/app/loader.py": 'import importlib\nimportlib.import_module("pkg.core.migrations")\n'},
    )
    write(
        root,
        {
            "pkg/core/setup.py": "import importlib\n"
            'importlib.import_module("pkg.core.migrations.0001_initial")\n'
            'importlib.import_module("pkg.core.migrations.0002_missing")\n'
        },
    )
    run = modlint(cwd=root)
    assert (run.code, run.out) == (
        1,
        "pkg/core/setup.py:3:25: ML006 cannot resolve 'pkg.core.migrations.0002_missing': "
        "no such module or package in the project\n",
    )


def test_a_top_level_file_whose_name_is_no_identifier_has_no_package(modlint, small) -> None:
    root = small({"0001_script.py": "from . import core\n"})
    assert modlint(cwd=root).out == (
        "0001_script.py:1:6: ML006 relative import '.' in a file that is not part of a package\n"
    )


def test_a_file_with_dots_in_its_name_has_no_dotted_name(modlint, tmp_path: Path) -> None:
    root = _django_like(tmp_path, "")
    write(root, {"pkg/core/migrations/some.thing.py": "from ..models import Order\n"})
    assert modlint(cwd=root).out == (
        "pkg/core/migrations/some.thing.py:1:6: ML006 relative import '..models' in a file "
        "that is not part of a package\n"
    )


def test_graph_names_migrations_as_grimp_does(modlint, tmp_path: Path) -> None:
    # grimp 3.20 on this tree (`build_graph("pkg")`) lists the module
    # pkg.core.migrations.0001_initial and its edge to pkg.core.models.
    root = _django_like(tmp_path, "from ..models import Order\nfrom pkg.core import models\n")
    run = modlint("graph", "--granularity", "file", "--format", "json", cwd=root)
    assert json.loads(run.out) == {
        "nodes": ["pkg.core.migrations.0001_initial", "pkg.core.models"],
        "edges": [
            {
                "source": "pkg.core.migrations.0001_initial",
                "target": "pkg.core.models",
                "imports": [
                    {"path": "pkg/core/migrations/0001_initial.py", "line": 1},
                    {"path": "pkg/core/migrations/0001_initial.py", "line": 2},
                ],
                "violations": [],
            }
        ],
    }


SRC_LAYOUT = """
[tool.modlint]
source-roots = ["src"]
[tool.modlint.modules.core]
path = "src/core"
tier = "foundation"
[tool.modlint.modules.app]
path = "src/app"
tier = "business"
"""


def test_relative_imports_in_a_test_package_outside_the_source_roots(modlint, tmp_path) -> None:
    root = write(
        tmp_path,
        {
            "pyproject.toml": SRC_LAYOUT,
            "src/core/__init__.py": "",
            "src/app/__init__.py": "",
            "tests/pkg/__init__.py": "",
            "tests/pkg/helpers.py": "class H: ...\n",
            "tests/pkg/deep/__init__.py": "",
            "tests/pkg/deep/test_a.py": "from ..helpers import H\nfrom ..missing import M\n",
            "tests/pkg/test_b.py": "from .helpers import H\nfrom . import deep\n",
        },
    )
    run = modlint(cwd=root)
    assert (run.code, run.out) == (
        1,
        "tests/pkg/deep/test_a.py:2:6: ML006 cannot resolve '..missing' (pkg.missing): "
        "no such module or package in the project\n",
    )


def test_relative_import_outside_the_source_roots_and_any_package(modlint, tmp_path) -> None:
    root = write(
        tmp_path,
        {
            "pyproject.toml": SRC_LAYOUT,
            "src/core/__init__.py": "",
            "src/app/__init__.py": "",
            "tests/test_a.py": "from . import conftest\n",
            "tests/conftest.py": "",
        },
    )
    assert modlint(cwd=root).out == (
        "tests/test_a.py:1:6: ML006 relative import '.' in a file that is not part of a package\n"
    )


def test_test_packages_do_not_become_first_party_names(modlint, tmp_path: Path) -> None:
    # `helpers` is a package only under tests/: an absolute import of it from the source root
    # is a third-party import (ML005's business), never a first-party edge or ML006.
    root = write(
        tmp_path,
        {
            "pyproject.toml": SRC_LAYOUT,
            "src/core/__init__.py": "import helpers.tools\n",
            "src/app/__init__.py": "",
            "tests/helpers/__init__.py": "from . import tools\n",
            "tests/helpers/tools.py": "",
        },
    )
    run = modlint("--select", "ML001,ML006", cwd=root)
    assert (run.code, run.out) == (0, "")
