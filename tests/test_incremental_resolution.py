"""Issue 13: after a change, only the changed files' imports are resolved again; a file
whose resolution could have changed (a file added or removed, the configuration changed)
never keeps the resolution of an earlier run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import append

import modlint.graph.build


@pytest.fixture
def resolved(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The dotted names of the files whose first-party imports were resolved, once per
    statement."""
    importers: list[str] = []
    real = modlint.graph.build.resolve_statement

    def counting(statement, importer, is_package, index):
        importers.append(importer)
        return real(statement, importer, is_package, index)

    monkeypatch.setattr(modlint.graph.build, "resolve_statement", counting)
    return importers


UPWARD = "core/x.py:1:8: ML001 foundation module 'core' imports business module 'app' (app.views)"


def test_a_changed_file_alone_is_resolved_again(modlint, small, resolved) -> None:
    root = small(
        {
            "core/x.py": "import app.views\n",
            "app/views.py": "import core.x\nimport service\n",
            "service/api.py": "from core import x\n",
        }
    )
    assert modlint("--select", "ML001", cwd=root).lines == [UPWARD]
    assert sorted(resolved) == ["app.views", "app.views", "core.x", "service.api"]
    resolved.clear()
    append(root / "app" / "views.py", "from service import api\n")
    assert modlint("--select", "ML001", cwd=root).lines == [UPWARD]
    assert resolved == ["app.views"] * 3
    resolved.clear()
    append(root / "core" / "x.py", "import service.api\n")
    assert modlint("--select", "ML001", cwd=root).lines == [
        UPWARD,
        "core/x.py:2:8: ML001 foundation module 'core' imports framework module 'service' "
        "(service.api)",
    ]
    assert resolved == ["core.x", "core.x"]


def test_a_fresh_clone_with_the_cache_restored_resolves_nothing_again(
    modlint, small, resolved, tmp_path: Path
) -> None:
    root = small({"core/x.py": "import app.views\n", "app/views.py": "import core.x\n"})
    assert modlint("--select", "ML001", cwd=root).lines == [UPWARD]
    clone = tmp_path / "clone"
    root.rename(clone)  # another folder, and the results of the last run are gone
    (clone / ".modlint_cache" / "results.json").unlink()
    resolved.clear()
    assert modlint("--select", "ML001", cwd=clone).lines == [UPWARD]
    assert resolved == []


def test_an_added_file_that_an_import_names_is_not_answered_from_the_cache(
    modlint, small, resolved
) -> None:
    root = small({"app/x.py": "import core.engine\n"})
    unresolved = [
        "app/x.py:1:8: ML006 cannot resolve 'core.engine': no such module or package in the project"
    ]
    assert modlint("--select", "ML006", cwd=root).lines == unresolved
    (root / "core" / "engine.py").write_text("")
    assert modlint("--select", "ML006", cwd=root).lines == []
    assert "app.x" in resolved
    (root / "core" / "engine.py").unlink()
    assert modlint("--select", "ML006", cwd=root).lines == unresolved


def test_an_added_submodule_changes_what_an_unchanged_from_import_names(modlint, small) -> None:
    root = small({"core/x.py": "from app import views\n", "app/__init__.py": "views = 1\n"})
    json_of = ["--select", "ML001", "--output-format", "json"]
    before = json.loads(modlint(*json_of, cwd=root).out)
    assert [(d["line"], d["column"], d["message"]) for d in before] == [
        (1, 6, "foundation module 'core' imports business module 'app' (app)")
    ]
    (root / "app" / "views.py").write_text("")
    after = json.loads(modlint(*json_of, cwd=root).out)
    assert [(d["line"], d["column"], d["message"]) for d in after] == [
        (1, 17, "foundation module 'core' imports business module 'app' (app.views)")
    ]


def test_a_changed_ignore_imports_entry_is_not_answered_from_the_cache(modlint, small) -> None:
    root = small({"core/x.py": "import app.views\n", "app/views.py": ""})
    assert modlint("--select", "ML001", cwd=root).lines == [UPWARD]
    pyproject = root / "pyproject.toml"
    text = pyproject.read_text()
    pyproject.write_text(
        text.replace("[tool.modlint]\n", '[tool.modlint]\nignore-imports = ["core.x -> app.*"]\n')
    )
    assert modlint("--select", "ML001", cwd=root).lines == []
    pyproject.write_text(text)
    assert modlint("--select", "ML001", cwd=root).lines == [UPWARD]


def test_a_changed_module_path_is_not_answered_from_the_cache(modlint, small) -> None:
    root = small({"core/x.py": "import core.engine\n", "core/engine.py": ""})
    assert modlint("--select", "ML001", cwd=root).lines == []
    append(
        root / "pyproject.toml",
        """
        [tool.modlint.modules.engine]
        path = "core/engine.py"
        tier = "business"
        """,
    )
    assert modlint("--select", "ML001", cwd=root).lines == [
        "core/x.py:1:8: ML001 foundation module 'core' imports business module 'engine' "
        "(core.engine)"
    ]


def test_type_checking_imports_turned_off_is_not_answered_from_the_cache(modlint, small) -> None:
    root = small(
        {
            "core/x.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import app\n",
        }
    )
    upward = "core/x.py:3:12: ML001 foundation module 'core' imports business module 'app' (app)"
    assert modlint("--select", "ML001", cwd=root).lines == [upward]
    pyproject = root / "pyproject.toml"
    text = pyproject.read_text()
    pyproject.write_text(
        text.replace("[tool.modlint]\n", "[tool.modlint]\ntype-checking-imports = false\n")
    )
    assert modlint("--select", "ML001", cwd=root).lines == []
