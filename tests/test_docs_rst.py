"""Issue 12 section 9: the docs checker reads and writes reStructuredText — the lock table as
a simple table between comment markers, module README.rst status lines."""

from __future__ import annotations

import itertools
from pathlib import Path

from conftest import write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_docs_property import MODULES, _configuration

CONFIG = '''
[tool.modlint]
tiers = ["foundation", "business"]
docs = ["docs/index.rst"]
[tool.modlint.modules.core]
tier = "foundation"
level = "stable"
version = "1.2.0"
description = """Pipes | and *stars*
.. modlint:lock-table:end here"""
[tool.modlint.modules.app_kit]
tier = "business"
description = "The app_ layer, `code`, \\\\ and :role:"
'''

INDEX = """Project
=======

Example::

    .. modlint:lock-table:start

Quoted::

.. modlint:lock-table:end

.. code-block:: rst

   .. modlint:lock-table:end

.. modlint:lock-table:start
.. modlint:lock-table:end

After.
"""

TABLE = (
    "\n"
    "========  ==========  ==============  =======  " + "=" * 55 + "\n"
    "Module    Tier        Level           Version  Description\n"
    "========  ==========  ==============  =======  " + "=" * 55 + "\n"
    "core/     Foundation  🟡 STABLE       1.2.0    "
    "Pipes \\| and \\*stars\\* .. modlint\\:lock-table\\:end here\n"
    "app_kit/  Business    🟢 DEVELOPMENT  —        "
    "The app\\_ layer, \\`code\\`, \\\\ and \\:role\\:\n"
    "========  ==========  ==============  =======  " + "=" * 55 + "\n"
    "\n"
)


def project(tmp_path: Path, readme: str = "Core\n====\n\nSome text.\n") -> Path:
    return write(
        tmp_path,
        {
            "pyproject.toml": CONFIG,
            "core/__init__.py": "",
            "core/README.rst": readme,
            "app_kit/__init__.py": "",
            "docs/index.rst": INDEX,
        },
    )


def test_check_reads_markers_outside_examples(modlint, tmp_path: Path) -> None:
    root = project(tmp_path)
    run = modlint("docs", "--check", cwd=root)
    assert (run.code, run.out) == (
        1,
        "core/README.rst:1:1: ML303 core/README.rst has no status line: it should say "
        "'Status: 🟡 STABLE v1.2.0'\n"
        "docs/index.rst:17:1: ML302 module 'app_kit' is missing from the lock table\n"
        "docs/index.rst:17:1: ML302 module 'core' is missing from the lock table\n",
    )


def test_fix_writes_a_simple_table_and_a_status_line_then_check_is_clean(
    modlint, tmp_path: Path
) -> None:
    root = project(tmp_path)
    fixed = modlint("docs", "--fix", cwd=root)
    assert (fixed.code, fixed.err) == (0, "fixed docs/index.rst\nfixed core/README.rst\n")
    index = INDEX.replace(
        ".. modlint:lock-table:start\n.. modlint:lock-table:end\n",
        ".. modlint:lock-table:start\n" + TABLE + ".. modlint:lock-table:end\n",
    )
    assert (root / "docs/index.rst").read_text(encoding="utf-8") == index
    assert (root / "core/README.rst").read_text(encoding="utf-8") == (
        "Core\n====\n\nStatus: 🟡 STABLE v1.2.0\n\nSome text.\n"
    )
    check = modlint("docs", "--check", cwd=root)
    assert (check.code, check.out, check.err) == (0, "", "")


def test_a_changed_row_is_reported_at_its_line(modlint, tmp_path: Path) -> None:
    root = project(tmp_path)
    modlint("docs", "--fix", cwd=root)
    path = root / "docs/index.rst"
    path.write_text(
        path.read_text(encoding="utf-8").replace("🟡 STABLE     ", "🔴 LOCKED     "),
        encoding="utf-8",
    )
    run = modlint("docs", "--check", cwd=root)
    assert (run.code, run.out) == (
        1,
        "docs/index.rst:21:1: ML302 'core' is STABLE v1.2.0 in pyproject.toml but LOCKED in "
        "the lock table\n",
    )
    diff = modlint("docs", "--diff", cwd=root)
    assert [line for line in diff.out.splitlines() if line[1:].startswith("core/")] == [
        "-core/     Foundation  🔴 LOCKED       1.2.0    "
        "Pipes \\| and \\*stars\\* .. modlint\\:lock-table\\:end here",
        "+core/     Foundation  🟡 STABLE       1.2.0    "
        "Pipes \\| and \\*stars\\* .. modlint\\:lock-table\\:end here",
    ]


def test_markers_only_in_examples_mean_no_table(modlint, tmp_path: Path) -> None:
    root = project(tmp_path)
    write(root, {"docs/index.rst": INDEX.replace(".. modlint:lock-table:start\n.. modlint", "x")})
    run = modlint("--select", "ML301", cwd=root)
    assert run.out == (
        "docs/index.rst:1:1: ML301 docs/index.rst has no lock table: add the lines "
        ".. modlint:lock-table:start and .. modlint:lock-table:end where it belongs, then run "
        "`modlint docs --fix`\n"
    )


def test_readme_status_line_in_prose_only(modlint, tmp_path: Path) -> None:
    readme = (
        "Core\n====\n\nExample::\n\n    Status: 🔴 LOCKED v9.0.0\n\n"
        ".. Status: 🔴 LOCKED v9.0.0\n\nStatus: 🟢 DEVELOPMENT\n"
    )
    root = project(tmp_path, readme)
    run = modlint("--select", "ML303", cwd=root)
    assert run.out == (
        "core/README.rst:10:1: ML303 core/README.rst says 'Status: 🟢 DEVELOPMENT' but 'core' "
        "is STABLE v1.2.0 in pyproject.toml\n"
    )
    modlint("docs", "--fix", cwd=root)
    assert (root / "core/README.rst").read_text(encoding="utf-8") == readme.replace(
        "Status: 🟢 DEVELOPMENT", "Status: 🟡 STABLE v1.2.0"
    )


def test_markdown_readme_wins_over_rst(modlint, tmp_path: Path) -> None:
    root = project(tmp_path)
    write(root, {"core/README.md": "# Core\n\nStatus: 🟡 STABLE v1.2.0\n"})
    run = modlint("--select", "ML303", cwd=root)
    assert (run.code, run.out) == (0, "")


counter = itertools.count()
RST_TRICKY = st.sampled_from(
    [".. modlint:lock-table:end", "|", "\\", "`x`", ":role:", "_", "x_", "*", "==", "🚀", "é"]
)
rst_description = st.lists(
    RST_TRICKY | st.text(st.characters(blacklist_categories=("Cs",)), max_size=8), max_size=5
).map(" \n".join)


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(rst_description, min_size=3, max_size=3))
def test_any_description_round_trips(modlint, tmp_path: Path, descriptions: list[str]) -> None:
    root = tmp_path / f"example{next(counter)}"
    for name in MODULES:
        (root / name).mkdir(parents=True)
        (root / name / "__init__.py").write_text("")
    config = _configuration(descriptions).replace(
        'tiers = ["base", "top"]', 'tiers = ["base", "top"]\ndocs = ["i.rst"]'
    )
    (root / "pyproject.toml").write_text(config, encoding="utf-8")
    (root / "i.rst").write_text(
        "Title\n=====\n\n.. modlint:lock-table:start\n.. modlint:lock-table:end\n\nAfter.\n",
        encoding="utf-8",
    )
    fixed = modlint("docs", "--fix", "--no-cache", cwd=root)
    assert (fixed.code, fixed.out) == (0, "")
    check = modlint("docs", "--check", "--no-cache", cwd=root)
    assert (check.code, check.out, check.err) == (0, "", "")
    text = (root / "i.rst").read_text(encoding="utf-8")
    assert text.startswith("Title\n=====\n\n.. modlint:lock-table:start\n\n=")
    assert text.endswith("=\n\n.. modlint:lock-table:end\n\nAfter.\n")
