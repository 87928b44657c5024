"""Issue 12 §1-5: modules that are single files, modules without a tier, `forbidden` (ML008),
`independent` (ML009) and `ignore-imports` (ML904), through the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import write


def _project(tmp_path: Path, config: str, files: dict[str, str | bytes | None]) -> Path:
    return write(tmp_path / "p", {"pyproject.toml": config, **files})


FILE_MODULES = """
[tool.modlint]
tiers = ["low", "high"]

[tool.modlint.modules.pkg]
tier = "low"

[tool.modlint.modules.checker]
path = "pkg/checker.py"
tier = "high"

[tool.modlint.modules.free]
path = "pkg/free"
"""


def test_a_file_module_owns_its_file_inside_a_folder_module(modlint, tmp_path: Path) -> None:
    root = _project(
        tmp_path,
        FILE_MODULES,
        {
            "pkg/__init__.py": "from pkg import checker\nfrom pkg import util\n",
            "pkg/util.py": "",
            "pkg/checker.py": "from pkg import util\n",
            "pkg/free/__init__.py": "from pkg import checker\n",
            "pkg/free/x.py": "from pkg import util\n",
            "pkg/other.py": "from pkg.free import x\n",
        },
    )
    run = modlint("--output-format", "concise", "--select", "ML001", cwd=root)
    # pkg (low) -> checker (high) is reported; checker -> pkg goes down; free has no tier,
    # so neither its imports nor the imports of it are ordered.
    assert (run.code, run.lines) == (
        1,
        [
            "pkg/__init__.py:1:17: ML001 low module 'pkg' imports high module 'checker' (pkg.checker)"
        ],
    )


def test_a_file_module_and_a_module_without_tier_in_the_lock_table(modlint, tmp_path: Path) -> None:
    root = _project(
        tmp_path,
        FILE_MODULES,
        {
            "README.md": "# p\n\n<!-- modlint:lock-table:start -->\n<!-- modlint:lock-table:end -->\n",
            "pkg/__init__.py": "",
            "pkg/checker.py": "",
            "pkg/free/__init__.py": "",
        },
    )
    assert modlint("docs", "--fix", cwd=root).code == 0
    table = (root / "README.md").read_text(encoding="utf-8").splitlines()[3:-1]
    assert table == [
        "| Module | Tier | Level | Version | Description |",
        "| --- | --- | --- | --- | --- |",
        "| `pkg/` | Low | 🟢 DEVELOPMENT | — |  |",
        "| `pkg/checker.py` | High | 🟢 DEVELOPMENT | — |  |",
        "| `pkg/free/` | — | 🟢 DEVELOPMENT | — |  |",
    ]
    assert modlint("docs", "--check", cwd=root).code == 0


@pytest.mark.parametrize(
    ("module", "message"),
    [
        (
            'path = "pkg/checker.py"\npackages = ["x"]\n',
            "key 'packages' needs a folder; this module is a file",
        ),
        ('path = "pkg/missing.py"\n', "key 'path': file 'pkg/missing.py' does not exist in ."),
        ('path = "pkg/util.txt"\n', "key 'path': 'pkg/util.txt' is not a folder or a .py file"),
        (
            'path = "pkg"\nforbidden = ["a..b"]\n',
            "key 'forbidden': 'a..b' is not a dotted import name",
        ),
    ],
)
def test_bad_module_keys_exit_2(modlint, tmp_path: Path, module: str, message: str) -> None:
    root = _project(
        tmp_path,
        "[tool.modlint.modules.m]\n" + module,
        {"pkg/__init__.py": "", "pkg/checker.py": "", "pkg/util.txt": ""},
    )
    run = modlint(cwd=root)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        f"modlint: error: pyproject.toml: [tool.modlint.modules.m]: {message}\n",
    )


@pytest.mark.parametrize(
    ("top", "message"),
    [
        (
            'independent = [["a"]]',
            "key 'independent': group ['a'] must name at least two distinct modules",
        ),
        ('independent = [["a", "c"]]', "key 'independent' names unknown module 'c'"),
        (
            'independent = ["a"]',
            "key 'independent' must be an array of arrays of module names, got an array",
        ),
        (
            'ignore-imports = ["a.b"]',
            "key 'ignore-imports': entry 'a.b' is not 'importer -> imported' with module "
            "expressions: no '->'",
        ),
        (
            'ignore-imports = ["a.x* -> b"]',
            "key 'ignore-imports': entry 'a.x* -> b' is not 'importer -> imported' with module "
            "expressions: a wildcard must be a whole segment, got 'x*'",
        ),
        (
            'ignore-imports = ["a.*.** -> b"]',
            "key 'ignore-imports': entry 'a.*.** -> b' is not 'importer -> imported' with module "
            "expressions: '*.**': '**' may not be next to another wildcard",
        ),
    ],
)
def test_bad_top_level_keys_exit_2(modlint, tmp_path: Path, top: str, message: str) -> None:
    config = f"[tool.modlint]\n{top}\n\n[tool.modlint.modules.a]\ntier = 'business'\n"
    config += "[tool.modlint.modules.b]\ntier = 'business'\n"
    root = _project(tmp_path, config, {"a/__init__.py": "", "b/__init__.py": ""})
    run = modlint(cwd=root)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        f"modlint: error: pyproject.toml: [tool.modlint]: {message}\n",
    )


IGNORES = """
[tool.modlint]
tiers = ["low", "high"]
forbidden = ["json", "yaml"]
ignore-imports = [
    "shop.infra.* -> shop.api.**",  # one segment, then one or more
    "shop.infra -> shop.api",  # no implicit submodules: matches only `shop.api` itself
    "shop.api.views->yaml",
    "shop.** -> shop.infra.db",  # closes no cycle
    'shop.nothing -> shop.**',
]

[tool.modlint.modules.infra]
path = "shop/infra"
tier = "low"

[tool.modlint.modules.api]
path = "shop/api"
tier = "high"
"""


def test_ignore_imports_match_as_import_linter_matches(modlint, tmp_path: Path) -> None:
    root = _project(
        tmp_path,
        IGNORES,
        {
            "shop/__init__.py": "",
            "shop/infra/__init__.py": "from shop.api import views\n",
            "shop/infra/db.py": "from shop.api.views import render\nfrom shop.api import render\n",
            "shop/infra/deep/__init__.py": "",
            "shop/infra/deep/x.py": "from shop.api.views import render\n",
            "shop/api/__init__.py": "from shop.api.views import render\n",
            "shop/api/views.py": "import yaml.loader\nimport json\nfrom shop.infra import db\n"
            "def render(): pass\n",
        },
    )
    run = modlint("--output-format", "concise", "--select", "ML", cwd=root)
    assert (run.code, run.lines) == (
        1,
        [
            "pyproject.toml:6:5: ML904 ignore-imports entry 'shop.infra -> shop.api' matches "
            "no import",
            "pyproject.toml:9:5: ML904 ignore-imports entry 'shop.nothing -> shop.**' matches "
            "no import",
            "shop/api/views.py:2:8: ML008 module 'api' imports 'json', forbidden by 'json' in "
            "the top-level forbidden",
            "shop/infra/__init__.py:1:22: ML001 low module 'infra' imports high module 'api' "
            "(shop.api.views)",
            # `shop.infra.* -> shop.api.**` needs a segment after `shop.api`
            "shop/infra/db.py:2:6: ML001 low module 'infra' imports high module 'api' (shop.api)",
            "shop/infra/deep/x.py:1:6: ML001 low module 'infra' imports high module 'api' "
            "(shop.api.views)",
        ],
    )


LEDGER = Path(__file__).parent.parent / "fixtures" / "ledger"


def test_the_ledger_fixture_is_clean_with_its_lock_table(modlint) -> None:
    run = modlint("--no-cache", ".", cwd=LEDGER)
    assert (run.code, run.out, run.err) == (0, "", "")
    docs = modlint("docs", "--check", "--no-cache", cwd=LEDGER)
    assert (docs.code, docs.out, docs.err) == (0, "", "")


def test_the_ledger_fixture_reports_what_its_keys_forbid(modlint, tmp_path: Path) -> None:
    root = Path(shutil.copytree(LEDGER, tmp_path / "ledger"))
    with (root / "ledger" / "checker.py").open("a", encoding="utf-8") as checker:
        checker.write("import json\nimport pickle\nfrom ledger.plugins import csv_export\n")
    with (root / "ledger" / "plugins" / "json_export.py").open("a", encoding="utf-8") as plugin:
        plugin.write("from ledger.plugins.csv_export import to_csv\n")
    pyproject = root / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text(encoding="utf-8").replace("ledger.app.reports", "ledger.app"),
        encoding="utf-8",
    )
    run = modlint("--no-cache", "--output-format", "concise", "--ignore", "ML003,ML004", cwd=root)
    assert (run.code, run.lines) == (
        1,
        [
            "ledger/checker.py:8:8: ML008 module 'checker' imports 'json', forbidden by 'json' "
            "in forbidden of module 'checker'",
            "ledger/checker.py:9:8: ML008 module 'checker' imports 'pickle', forbidden by "
            "'pickle' in the top-level forbidden",
            "ledger/checker.py:10:28: ML008 module 'checker' imports 'ledger.plugins.csv_export', "
            "forbidden by 'ledger.plugins' in forbidden of module 'checker'",
            "ledger/core/legacy.py:5:10: ML001 foundation module 'core' imports business module "
            "'app' (ledger.app.reports)",
            "ledger/plugins/json_export.py:10:6: ML009 module 'plugins.json' imports "
            "'plugins.csv' (ledger.plugins.csv_export), but 'plugins.json' and 'plugins.csv' are "
            "independent (group [plugins.csv, plugins.json])",
            "pyproject.toml:13:5: ML904 ignore-imports entry 'ledger.core.legacy -> ledger.app' "
            "matches no import",
        ],
    )


def test_the_graph_leaves_ignored_imports_out(modlint) -> None:
    run = modlint("graph", "--format", "json", "--no-cache", cwd=LEDGER)
    edges = [(edge["source"], edge["target"]) for edge in json.loads(run.out)["edges"]]
    assert (run.code, edges) == (
        0,
        [
            ("app", "checker"),
            ("app", "core"),
            ("app", "plugins.csv"),
            ("checker", "core"),
            ("core", "types"),
            ("plugins.csv", "core"),
            ("plugins.json", "core"),
        ],
    )


def test_unmatched_entries_are_reported_where_they_are_written(modlint, tmp_path: Path) -> None:
    root = write(
        tmp_path / "m",
        {
            "modlint.toml": "ignore-imports = ['a -> b', \"a -> b\",\n  'b->a']\n"
            '[modules.a]\ntier = "foundation"\n[modules.b]\n',
            "a/__init__.py": "",
            "b/__init__.py": "import a\n",
        },
    )
    run = modlint("--no-cache", "--output-format", "concise", cwd=root)
    assert (run.code, run.lines) == (
        1,
        [
            "modlint.toml:1:19: ML904 ignore-imports entry 'a -> b' matches no import",
            "modlint.toml:1:29: ML904 ignore-imports entry 'a -> b' matches no import",
        ],
    )
