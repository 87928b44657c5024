"""Every import form of spec section 3, resolved and positioned exactly (through the CLI)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import write

import modlint
from modlint.extraction.facts import extract_facts

UPWARD_MESSAGE = "foundation module 'core' imports business module 'app'"
UPWARD = f"ML001 {UPWARD_MESSAGE}"


def test_import_statement_points_at_the_dotted_name(modlint, small) -> None:
    root = small({"app/views.py": "", "core/a.py": "import os, app.views\n"})
    run = modlint("--select", "ML001", cwd=root)
    assert run.out == f"core/a.py:1:12: {UPWARD} (app.views)\n"


def test_from_import_of_a_submodule_points_at_the_name(modlint, small) -> None:
    root = small(
        {
            "app/views.py": "",
            "core/a.py": "from app import (\n    views,\n)\n",
        }
    )
    run = modlint("--select", "ML001", cwd=root)
    assert run.out == f"core/a.py:2:5: {UPWARD} (app.views)\n"


def test_from_import_of_a_name_points_at_the_module(modlint, small) -> None:
    root = small({"app/__init__.py": "VALUE = 1\n", "core/a.py": "from app import VALUE\n"})
    run = modlint("--select", "ML001", cwd=root)
    assert run.out == f"core/a.py:1:6: {UPWARD} (app)\n"


def test_from_import_mixing_submodules_and_names_reports_each(modlint, small) -> None:
    root = small(
        {
            "app/__init__.py": "VALUE = 1\n",
            "app/views.py": "",
            "core/a.py": "from app import VALUE, views\n",
        }
    )
    run = modlint("--select", "ML001", cwd=root)
    assert run.lines == [
        f"core/a.py:1:6: {UPWARD} (app)",
        f"core/a.py:1:24: {UPWARD} (app.views)",
    ]


def test_relative_import_points_at_its_first_dot(modlint, tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "pyproject.toml": """
            [tool.modlint.modules.core]
            path = "pkg/core"
            tier = "foundation"
            [tool.modlint.modules.app]
            path = "pkg/app"
            tier = "business"
        """,
            "pkg/__init__.py": "",
            "pkg/app/__init__.py": "",
            "pkg/app/views.py": "",
            "pkg/core/__init__.py": "",
            "pkg/core/deep/__init__.py": "",
            "pkg/core/deep/a.py": "from ...app.views import render\nfrom ... import app\n",
        },
    )
    run = modlint("--select", "ML001", cwd=root)
    assert run.lines == [
        f"pkg/core/deep/a.py:1:6: {UPWARD} (pkg.app.views)",
        f"pkg/core/deep/a.py:2:17: {UPWARD} (pkg.app)",
    ]


def test_dynamic_imports_with_literals_point_at_the_string(modlint, small) -> None:
    root = small(
        {
            "app/views.py": "",
            "core/a.py": """
            import importlib
            from importlib import import_module


            def load(name):
                importlib.import_module("app.views")
                import_module('app')
                __import__("app.views")
                importlib.import_module(name)  # not a literal: not a dependency
        """,
        }
    )
    run = modlint("--select", "ML001", cwd=root)
    assert run.lines == [
        f"core/a.py:6:29: {UPWARD} (app.views)",
        f"core/a.py:7:19: {UPWARD} (app)",
        f"core/a.py:8:16: {UPWARD} (app.views)",
    ]


DYNAMIC_SPANS = """\
import importlib
importlib.import_module("app")
__import__(u'app.views' )
importlib.import_module("a" "pp")
importlib.import_module(
    "app"
    ".views")
"""


def test_dynamic_imports_span_the_whole_string_literal(modlint, small) -> None:
    root = small({"app/views.py": "", "core/a.py": DYNAMIC_SPANS})
    run = modlint("--select", "ML001", "--output-format", "json", cwd=root)
    spans = [(d["line"], d["column"], d["end_line"], d["end_column"]) for d in json.loads(run.out)]
    # A literal over several lines ends, on its first line, where its name would.
    assert spans == [(2, 25, 2, 30), (3, 12, 3, 24), (4, 25, 4, 33), (6, 5, 6, 14)]


@pytest.mark.parametrize("extractor", ["fast", "libcst"])
def test_both_extractors_end_a_dynamic_import_after_its_literal(extractor: str) -> None:
    facts = extract_facts(DYNAMIC_SPANS.encode(), extractor)
    assert [(i.module, i.line, i.column, i.end_column) for i in facts.imports[1:]] == [
        ("app", 2, 25, 30),
        ("app.views", 3, 12, 24),
        ("app", 4, 25, 33),
        ("app.views", 6, 5, 0),
    ]


def test_imports_inside_functions_classes_try_and_if_count(modlint, small) -> None:
    root = small(
        {
            "core/a.py": """
            class Loader:
                def load(self):
                    import app
            try:
                import app
            except ImportError:
                pass
            if True:
                import app
        """,
        }
    )
    run = modlint("--select", "ML001", cwd=root)
    assert [line.split(" ")[0] for line in run.lines] == [
        "core/a.py:3:16:",
        "core/a.py:5:12:",
        "core/a.py:9:12:",
    ]


TYPE_CHECKING_FILE = """
    import typing
    from typing import TYPE_CHECKING

    if TYPE_CHECKING:
        import app
    else:
        import app.views
    if typing.TYPE_CHECKING:
        from app import views
"""


def test_type_checking_imports_count_by_default(modlint, small) -> None:
    root = small({"app/views.py": "", "core/a.py": TYPE_CHECKING_FILE})
    run = modlint("--select", "ML001", cwd=root)
    assert [line.split(" ")[0] for line in run.lines] == [
        "core/a.py:5:12:",
        "core/a.py:7:12:",
        "core/a.py:9:21:",
    ]


def test_type_checking_imports_can_be_left_out_but_not_their_else(modlint, small) -> None:
    root = small(
        {"app/views.py": "", "core/a.py": TYPE_CHECKING_FILE}, extra="type-checking-imports = false"
    )
    run = modlint("--select", "ML001", cwd=root)
    assert run.out == f"core/a.py:7:12: {UPWARD} (app.views)\n"


def test_standard_library_names_are_never_first_party(modlint, small) -> None:
    # core/io.py and core/typing.py exist, yet `import io` is the standard library's.
    root = small(
        {
            "core/io.py": "",
            "core/typing.py": "",
            "core/a.py": "import io\nimport typing\nfrom . import io as local_io\n",
            "app/io.py": "",
        }
    )
    run = modlint(cwd=root)
    assert (run.code, run.out) == (0, "")


def test_a_top_level_module_named_like_the_standard_library_is_not_first_party(
    modlint, small
) -> None:
    root = small({"logging.py": "", "core/a.py": "import logging\n"}, extra='unassigned = "ignore"')
    assert modlint(cwd=root).out == ""


def test_namespace_packages_resolve(modlint, small) -> None:
    # app/ and app/pages/ have no __init__.py: they are namespace packages.
    root = small(
        {
            "app/__init__.py": None,
            "app/pages/home.py": "",
            "core/a.py": "from app.pages import home\nimport app.pages\n",
        }
    )
    run = modlint("--select", "ML001", cwd=root)
    assert run.lines == [
        f"core/a.py:1:23: {UPWARD} (app.pages.home)",
        f"core/a.py:2:8: {UPWARD} (app.pages)",
    ]


def test_module_folder_whose_package_name_differs(modlint, tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "pyproject.toml": """
            [tool.modlint.modules.api-key]
            path = "api-key"
            packages = ["api_key"]
            tier = "foundation"
            [tool.modlint.modules.app]
            tier = "business"
        """,
            "api-key/api_key/__init__.py": "from .keys import issue\n",
            "api-key/api_key/keys.py": "import app\n",
            "app/__init__.py": "from api_key.keys import issue\n",
        },
    )
    run = modlint(cwd=root)
    assert run.lines == [
        "api-key/api_key/keys.py:1:8: ML001 foundation module 'api-key' imports business module "
        "'app' (app)",
        "api-key/api_key/keys.py:1:8: ML003 module 'api-key' imports 'app' (app), closing the "
        "cycle api-key -> app -> api-key",
        "app/__init__.py:1:6: ML003 module 'app' imports 'api-key' (api_key.keys), closing the "
        "cycle app -> api-key -> app",
    ]


def test_source_roots(modlint, tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "pyproject.toml": """
            [tool.modlint]
            source-roots = ["src"]
            [tool.modlint.modules.core]
            path = "src/core"
            tier = "foundation"
            [tool.modlint.modules.app]
            path = "src/app"
            tier = "business"
        """,
            "src/core/__init__.py": "from app import thing\n",
            "src/app/__init__.py": "thing = 1\n",
        },
    )
    run = modlint("--select", "ML001", cwd=root)
    assert run.out == f"src/core/__init__.py:1:6: {UPWARD} (app)\n"


def test_imports_inside_a_module_are_free(modlint, small) -> None:
    root = small({"core/a.py": "from core import b\nfrom . import b\n", "core/b.py": ""})
    assert modlint(cwd=root).code == 0


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "import core.missing\n",
            "1:8: ML006 cannot resolve 'core.missing': no such module or package in the project",
        ),
        (
            "from core.missing import x\n",
            "1:6: ML006 cannot resolve 'core.missing': no such module or package in the project",
        ),
        (
            "from .missing import x\n",
            "1:6: ML006 cannot resolve '.missing' (core.missing): no such module or package in the "
            "project",
        ),
        (
            "from ... import x\n",
            "1:6: ML006 relative import '...' climbs above the top-level package 'core'",
        ),
        (
            "from .... import x\n",
            "1:6: ML006 relative import '....' climbs above the top-level package 'core'",
        ),
    ],
)
def test_unresolved_imports(modlint, small, source: str, message: str) -> None:
    root = small({"core/a.py": source})
    run = modlint(cwd=root)
    assert (run.code, run.out) == (1, f"core/a.py:{message}\n")


def test_relative_import_in_a_top_level_script(modlint, small) -> None:
    root = small({"script.py": "from . import core\n"})
    assert modlint(cwd=root).out == (
        "script.py:1:6: ML006 relative import '.' in top-level module 'script', which has no "
        "parent package\n"
    )


def test_third_party_imports_are_not_first_party(modlint, small) -> None:
    root = small({"core/a.py": "import requests\nfrom yaml import safe_load\n"})
    assert modlint(cwd=root).code == 0


def test_public_api_returns_the_same_diagnostics(small) -> None:
    root = small({"app/views.py": "", "core/a.py": "import app.views\n"})
    result = modlint.check(root, select=["ML001"])
    [diagnostic] = result.diagnostics
    assert (
        diagnostic.code,
        diagnostic.path,
        diagnostic.line,
        diagnostic.column,
        diagnostic.end_column,
    ) == ("ML001", root / "core" / "a.py", 1, 8, 17)
    assert diagnostic.message == f"{UPWARD_MESSAGE} (app.views)"
