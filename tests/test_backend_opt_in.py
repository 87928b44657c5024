"""Who may make modlint run a project's build backend: `metadata = "build-backend"` in the
configuration asks for it on the command line, but the configuration comes with the code, so
`--no-metadata-from-backend` overrides it, and neither the language server (an editor opening
a folder) nor the flake8 plugin ever runs it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import write

from modlint import flake8_plugin
from modlint.server import Session

# A build backend inside the project that leaves a file behind when it runs.
PROJECT = {
    "pyproject.toml": """\
[build-system]
requires = []
build-backend = "planted"
backend-path = ["."]

[project]
name = "shop"
version = "1.0"
dynamic = ["dependencies"]

[tool.modlint]
metadata = "build-backend"
build-isolation = false
select = ["ML005"]

[tool.modlint.modules.web]
""",
    "planted.py": """\
import os

def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    open("backend-ran", "w").close()
    info = os.path.join(metadata_directory, "shop-1.0.dist-info")
    os.makedirs(info)
    with open(os.path.join(info, "METADATA"), "w") as metadata:
        metadata.write("Metadata-Version: 2.1\\nName: shop\\nVersion: 1.0\\n")
    return "shop-1.0.dist-info"
""",
    "web/__init__.py": "import requests\n",
}
UNDECLARED = (
    "web/__init__.py:1:8: ML005 module 'web' imports 'requests' from distribution 'requests',"
    " which the project does not declare as a dependency"
)
DYNAMIC = (
    "modlint: warning: pyproject.toml:1:1: dependencies are dynamic: pass"
    " --metadata-from-backend to read them (it runs the project's build backend); until then"
    " only modules' `external` lists are checked\n"
)


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    return write(tmp_path / "shop", PROJECT)


def test_the_configuration_key_runs_the_backend_from_the_command_line(modlint, shop) -> None:
    run = modlint("--no-cache", "-q", cwd=shop)
    assert (run.code, run.lines, (shop / "backend-ran").exists()) == (1, [UNDECLARED], True)


def test_no_metadata_from_backend_overrides_the_configuration(modlint, shop) -> None:
    run = modlint("--no-cache", "--no-metadata-from-backend", cwd=shop)
    assert (run.code, run.out, run.err, (shop / "backend-ran").exists()) == (0, "", DYNAMIC, False)


def test_the_last_of_the_two_options_counts(modlint, shop) -> None:
    run = modlint("--no-cache", "--metadata-from-backend", "--no-metadata-from-backend", cwd=shop)
    assert (run.code, (shop / "backend-ran").exists()) == (0, False)
    run = modlint(
        "--no-cache", "-q", "--no-metadata-from-backend", "--metadata-from-backend", cwd=shop
    )
    assert (run.code, run.lines, (shop / "backend-ran").exists()) == (1, [UNDECLARED], True)


def test_the_language_server_never_runs_the_backend(shop, monkeypatch) -> None:
    monkeypatch.chdir(shop)
    session = Session(shop)
    session.check({})
    assert session.result is not None
    assert (session.result.diagnostics, (shop / "backend-ran").exists()) == ((), False)


def test_the_flake8_plugin_never_runs_the_backend(shop, monkeypatch) -> None:
    monkeypatch.chdir(shop)
    flake8_plugin._diagnostics_by_file.cache_clear()
    try:
        checker = flake8_plugin.ModlintChecker(ast.parse(""), str(shop / "web" / "__init__.py"))
        found = list(checker.run())
    finally:
        flake8_plugin._diagnostics_by_file.cache_clear()
    assert (found, (shop / "backend-ran").exists()) == ([], False)
