"""ML204 on `external` entries: on for locked modules, opt-in (`exact`) for others, reported at
the entry in the configuration; distributions whose import name differs count as used."""

from __future__ import annotations

from pathlib import Path

from conftest import edit, write

PYPROJECT = """[project]
name = "shop"
version = "1.0"
dependencies = ["requests", "PyYAML", "SQLAlchemy", "python-dateutil", "attrs"]

[tool.modlint]

[tool.modlint.modules.store]
external = [
    "requests",
    "PyYAML",
    "python_dateutil",
    "Attrs",
]

[tool.modlint.modules.web]
external = ["requests", "SQLAlchemy"]
"""

STORE = "import requests\nimport yaml\nimport dateutil.parser\nfrom attr import define\n"


def shop(tmp_path: Path) -> Path:
    """A project whose module `store` uses every entry of its `external` list, locked."""
    return write(
        tmp_path,
        {
            "pyproject.toml": PYPROJECT,
            "store/__init__.py": STORE + "__all__ = []\n",
            "web/__init__.py": "import requests\n",
        },
    )


def test_unused_external_entries_of_a_locked_module(modlint, tmp_path: Path) -> None:
    root = shop(tmp_path)
    run = modlint("lock", "store", "--version", "1.0.0", "--no-docs", cwd=root)
    assert (run.code, run.out) == (
        0,
        "locked 'store' 1.0.0 (0 surface entries): wrote store/.LOCKED\n",
    )
    # Every entry used (under another import name, spelled in another case): nothing to say;
    # web's unused SQLAlchemy is not checked, web is not locked.
    run = modlint("--select", "ML204", cwd=root)
    assert (run.code, run.out, run.err) == (0, "", "")
    edit(root / "pyproject.toml", '    "PyYAML",\n', '    "PyYAML", "SQLAlchemy",\n')
    edit(root / "pyproject.toml", '"Attrs",\n]', '"Attrs",\n]\ndepends-on = ["web"]')
    run = modlint("--select", "ML204", cwd=root)
    assert (run.code, run.lines, run.err) == (
        1,
        [
            "pyproject.toml:11:15: ML204 module 'store' lists 'SQLAlchemy' in external but "
            "never imports it",
            "pyproject.toml:15:15: ML204 module 'store' lists 'web' in depends-on but never "
            "imports it",
        ],
        "Found 2 errors.\n",
    )
    run = modlint("lock", "store", "--version", "1.1.0", "--no-docs", cwd=root)
    assert (run.code, run.err) == (
        1,
        "modlint: refusing to lock 'store': as a locked module it would have 2 diagnostics\n",
    )


def test_unused_external_entries_of_other_modules_are_opt_in(modlint, tmp_path: Path) -> None:
    root = shop(tmp_path)
    run = modlint("--select", "ML204", cwd=root)
    assert (run.code, run.out, run.err) == (0, "", "")
    edit(root / "pyproject.toml", '"SQLAlchemy"]\n', '"SQLAlchemy"]\nexact = true\n')
    run = modlint("--select", "ML204", cwd=root)
    assert (run.code, run.lines) == (
        1,
        [
            "pyproject.toml:17:25: ML204 module 'web' lists 'SQLAlchemy' in external but never "
            "imports it"
        ],
    )


def test_entries_in_an_inline_table_and_escaped_ones(modlint, tmp_path: Path) -> None:
    # Nothing here imports a third-party name: every `external` entry is unused.
    root = write(
        tmp_path,
        {
            "pyproject.toml": "[tool.modlint.modules]\n"
            'logs = {}\napp = { exact = true, depends-on = ["logs"], external = ["logs"] }\n'
            'web = { exact = true, external = ["req\\u0075ests"] }\n'
            'api = { exact = true, external = ["requests"] }\n',
            "logs/__init__.py": "",
            "app/__init__.py": "",
            "web/__init__.py": "",
            "api/__init__.py": "",
        },
    )
    run = modlint("--select", "ML204", cwd=root)
    assert run.lines == [
        "pyproject.toml:3:37: ML204 module 'app' lists 'logs' in depends-on but never imports it",
        "pyproject.toml:3:58: ML204 module 'app' lists 'logs' in external but never imports it",
        # Written with an escape: not found as written, so at its key (not at api's entry).
        "pyproject.toml:4:1: ML204 module 'web' lists 'requests' in external but never imports it",
        "pyproject.toml:5:35: ML204 module 'api' lists 'requests' in external but never imports it",
    ]
