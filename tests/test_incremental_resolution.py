"""Issue 13: a warm run never keeps an earlier run's resolution of an unchanged file whose
imports could resolve differently now (a file added or removed, the configuration changed):
the guard for any reuse of resolved imports between runs."""

from __future__ import annotations

import json

from conftest import append

import modlint.model.project as project_model

UPWARD = "core/x.py:1:8: ML001 foundation module 'core' imports business module 'app' (app.views)"


def test_an_added_file_that_an_import_names_is_not_answered_from_the_cache(modlint, small) -> None:
    root = small({"app/x.py": "import core.engine\n"})
    unresolved = [
        "app/x.py:1:8: ML006 cannot resolve 'core.engine': no such module or package in the project"
    ]
    assert modlint("--select", "ML006", cwd=root).lines == unresolved
    (root / "core" / "engine.py").write_text("")
    assert modlint("--select", "ML006", cwd=root).lines == []
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


def test_the_edges_between_modules_are_built_once_for_every_rule(
    modlint, small, monkeypatch
) -> None:
    built: list[tuple[object, ...]] = []
    real = project_model.ModuleImport

    def counting(*args):
        built.append(args)
        return real(*args)

    monkeypatch.setattr(project_model, "ModuleImport", counting)
    root = small({"core/x.py": "import app.views\nimport service\n", "app/views.py": ""})
    assert modlint("--no-cache", cwd=root).lines == [
        UPWARD,
        "core/x.py:1:8: ML004 stable module 'core' imports development module 'app' (app.views)",
        "core/x.py:2:8: ML001 foundation module 'core' imports framework module 'service' "
        "(service)",
    ]
    assert [(source, target) for source, target, _ in built] == [
        ("core", "app"),
        ("core", "service"),
    ]
