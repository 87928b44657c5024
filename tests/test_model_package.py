"""The packages a warm run imports keep their names lazily (PEP 562): `modlint.model` imports
each of its files on first use, and `cache`, `pipeline`, `report` and `metadata` the few names
that a run reusing the last findings never needs; every name is still there."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys

import pytest
from conftest import REPO

import modlint.model

LAZY_PACKAGES = {
    "modlint.model": 53,
    "modlint.cache": 1,
    "modlint.pipeline": 1,
    "modlint.report": 2,
    "modlint.metadata": 5,
}
"""Each package whose `__getattr__` imports names on first use, with how many it imports so."""


def _names_imported_for_type_checkers(package: str) -> dict[str, str]:
    """Each name the package's `if TYPE_CHECKING:` block imports, with the file it names."""
    path = REPO / package.replace(".", "/") / "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
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


@pytest.mark.parametrize("package", sorted(LAZY_PACKAGES))
def test_every_exported_name_is_its_files_object(package: str) -> None:
    """Every name of `__all__` resolves to the object its file defines, the file that the
    `if TYPE_CHECKING:` block imports it from when it is lazy; `import *` and `dir()` give
    every name of `__all__`."""
    imported = _names_imported_for_type_checkers(package)
    module = importlib.import_module(package)
    assert len(imported) == LAZY_PACKAGES[package]
    assert set(imported) <= set(module.__all__)
    assert len(set(module.__all__)) == len(module.__all__)
    for name, source in imported.items():
        assert getattr(module, name) is getattr(importlib.import_module(source), name)
    namespace: dict[str, object] = {}
    exec(f"from {package} import *", namespace)
    assert sorted(set(namespace) - {"__builtins__"}) == sorted(module.__all__)
    listed = dir(module)
    assert set(module.__all__) <= set(listed)
    assert listed == sorted(listed)


def test_the_model_imports_every_name_for_type_checkers() -> None:
    """The model's TYPE_CHECKING block names exactly its `__all__`: all of it is lazy."""
    assert sorted(_names_imported_for_type_checkers("modlint.model")) == sorted(
        modlint.model.__all__
    )


@pytest.mark.parametrize("package", sorted(LAZY_PACKAGES))
def test_an_unknown_name_is_an_attribute_error(package: str) -> None:
    module = importlib.import_module(package)
    with pytest.raises(AttributeError) as raised:
        module.NoSuchName  # noqa: B018
    assert str(raised.value) == f"module '{package}' has no attribute 'NoSuchName'"
    with pytest.raises(ImportError) as failed:
        exec(f"from {package} import NoSuchName", {})
    assert str(failed.value).startswith(f"cannot import name 'NoSuchName' from '{package}'")


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
