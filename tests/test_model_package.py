"""The model package imports its files on first use (PEP 562), with every name still there."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys

import pytest
from conftest import REPO

import modlint.model

MODEL = REPO / "modlint" / "model"


def _names_imported_for_type_checkers() -> dict[str, str]:
    """Each name the package's `if TYPE_CHECKING:` block imports, with the file it names."""
    tree = ast.parse((MODEL / "__init__.py").read_text(encoding="utf-8"))
    block = next(
        node
        for node in tree.body
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name)
        if node.test.id == "TYPE_CHECKING"
    )
    return {
        alias.name: statement.module or ""
        for statement in block.body
        if isinstance(statement, ast.ImportFrom)
        for alias in statement.names
    }


def test_every_exported_name_is_its_files_object() -> None:
    """Every name of `__all__` resolves to the object its file defines, the file that the
    `if TYPE_CHECKING:` block imports it from; the block names exactly `__all__`."""
    imported = _names_imported_for_type_checkers()
    assert sorted(imported) == sorted(modlint.model.__all__)
    assert len(set(modlint.model.__all__)) == len(modlint.model.__all__) == 51
    for name, module in imported.items():
        assert getattr(modlint.model, name) is getattr(importlib.import_module(module), name)
    namespace: dict[str, object] = {}
    exec("from modlint.model import *", namespace)
    assert sorted(set(namespace) - {"__builtins__"}) == sorted(modlint.model.__all__)


def test_dir_lists_names_not_imported_yet() -> None:
    """`dir()` lists every exported name, whether or not it was used yet."""
    listed = dir(modlint.model)
    assert set(modlint.model.__all__) <= set(listed)
    assert listed == sorted(listed)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError) as raised:
        modlint.model.NoSuchName  # noqa: B018
    assert str(raised.value) == "module 'modlint.model' has no attribute 'NoSuchName'"
    with pytest.raises(ImportError) as failed:
        exec("from modlint.model import NoSuchName", {})
    assert str(failed.value).startswith("cannot import name 'NoSuchName' from 'modlint.model'")
    assert not hasattr(modlint.model, "_private")


def test_importing_the_package_imports_none_of_its_files() -> None:
    """In a fresh process, `import modlint.model` imports none of its files but the version
    (which `modlint` itself imports); a name's first use imports its file."""
    script = (
        "import sys\n"
        "import modlint.model\n"
        "def files(): return sorted(m for m in sys.modules if m.startswith('modlint.model.'))\n"
        "print(files())\n"
        "modlint.model.UsageError\n"
        "print(files())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert done.stdout == (
        "['modlint.model.version']\n['modlint.model.errors', 'modlint.model.version']\n"
    )
