"""One entry point checks a project for the command line, the Python API and the flake8 plugin:
all three reuse the findings a run kept in the cache while nothing they depend on changed."""

from __future__ import annotations

import ast
import inspect
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

import modlint as api
from modlint import flake8_plugin
from modlint.model import Dependencies, Notice
from modlint.pipeline import CheckResult, Findings, run
from modlint.pipeline.check import analyse_project

MESSAGE = "foundation module 'core' imports business module 'app' (app.views)"
UNSTABLE = "stable module 'core' imports development module 'app' (app.views)"
FILES = {"app/views.py": "", "core/a.py": "import app.views\n"}


def _refuse_to_check(*args: object, **kwargs: object) -> CheckResult:
    raise AssertionError("the project was checked again instead of reusing the cache")


def _summary(findings: Findings) -> list[tuple[str, str, int, int, str]]:
    return [(d.code, d.path.as_posix(), d.line, d.column, d.message) for d in findings.diagnostics]


def test_api_without_cache_dir_checks_afresh_and_writes_no_cache(small) -> None:
    root = small(FILES)
    result = api.check(root)
    assert isinstance(result, CheckResult)
    assert _summary(result) == [
        ("ML001", (root / "core/a.py").as_posix(), 1, 8, MESSAGE),
        ("ML004", (root / "core/a.py").as_posix(), 1, 8, UNSTABLE),
    ]
    assert sorted(path.name for path in root.iterdir()) == [
        "app",
        "core",
        "pyproject.toml",
        "service",
    ]


def test_api_reuses_the_findings_the_command_line_kept(
    modlint, small, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = small(FILES)
    assert modlint(cwd=root).out == (
        f"core/a.py:1:8: ML001 {MESSAGE}\ncore/a.py:1:8: ML004 {UNSTABLE}\n"
    )
    monkeypatch.setattr(run, "check_project", _refuse_to_check)
    reused = api.check(root, cache_dir=root / ".modlint_cache")
    assert type(reused) is Findings
    assert _summary(reused) == [
        ("ML001", (root / "core/a.py").as_posix(), 1, 8, MESSAGE),
        ("ML004", (root / "core/a.py").as_posix(), 1, 8, UNSTABLE),
    ]
    assert reused.files_checked == 5


@pytest.mark.parametrize(
    ("changed", "kind"),
    [("core/a.py", Findings), ("core/__init__.py", CheckResult)],
    ids=["only the changed file checked", "a surface changed: analysed"],
)
def test_api_checks_again_once_a_file_changed(modlint, small, changed: str, kind: type) -> None:
    """A changed file is checked again: alone (the result has no project) while the other
    files' findings still hold, else with the whole project analysed (core is stable, and
    its `__init__.py` is what its surface is made of)."""
    root = small(FILES)
    modlint(cwd=root)
    (root / "core/a.py").write_text("import app.views\nimport app\n", encoding="utf-8")
    if changed != "core/a.py":
        (root / changed).write_text("import os\n", encoding="utf-8")
    result = api.check(root, cache_dir=root / ".modlint_cache")
    assert type(result) is kind
    assert _summary(result) == [
        ("ML001", (root / "core/a.py").as_posix(), 1, 8, MESSAGE),
        ("ML004", (root / "core/a.py").as_posix(), 1, 8, UNSTABLE),
        (
            "ML001",
            (root / "core/a.py").as_posix(),
            2,
            8,
            "foundation module 'core' imports business module 'app' (app)",
        ),
        (
            "ML004",
            (root / "core/a.py").as_posix(),
            2,
            8,
            "stable module 'core' imports development module 'app' (app)",
        ),
    ]


def test_flake8_plugin_reuses_the_findings_the_command_line_kept(
    modlint, small, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = small(FILES)
    modlint(cwd=root)
    monkeypatch.setattr(run, "check_project", _refuse_to_check)
    flake8_plugin._diagnostics_by_file.cache_clear()
    checker = flake8_plugin.ModlintChecker(ast.parse(""), str(root / "core" / "a.py"))
    try:
        found = list(checker.run())
    finally:
        flake8_plugin._diagnostics_by_file.cache_clear()
    assert found == [
        (1, 7, f"ML001 {MESSAGE}", flake8_plugin.ModlintChecker),
        (1, 7, f"ML004 {UNSTABLE}", flake8_plugin.ModlintChecker),
    ]


def test_flake8_plugin_escapes_what_it_hands_flake8(small) -> None:
    root = small({})
    lock = root / "core" / ".LOCKED"
    lock.write_text(
        'module = "core"\nversion = "1.0.0"\nlocked-on = 2024-01-01\nsurface = []\n'
        '"x\\u001b" = 1\n',
        encoding="utf-8",
    )
    flake8_plugin._diagnostics_by_file.cache_clear()
    checker = flake8_plugin.ModlintChecker(ast.parse(""), str(lock))
    try:
        found = list(checker.run())
    finally:
        flake8_plugin._diagnostics_by_file.cache_clear()
    assert found == [
        (
            5,
            0,
            "ML202 invalid lock file: unknown key 'x\\x1b'",
            flake8_plugin.ModlintChecker,
        )
    ]


def test_cache_folder_choice(small, tmp_path: Path) -> None:
    config = run.find_configuration(small(FILES))
    assert run.cache_folder(config) == config.root / ".modlint_cache"
    assert run.cache_folder(config, no_cache=True) is None
    assert run.cache_folder(config, cache_dir=str(tmp_path / "c")) == tmp_path / "c"


def test_configuration_options_overlay_the_keys(small) -> None:
    """--metadata-from-backend, --base and --no-build-isolation replace their keys."""
    root = small(FILES, extra='base = "main"')
    found = run.find_configuration(root)
    assert (found.metadata, found.base, found.build_isolation) == ("static", "main", True)
    given = run.find_configuration(root, None, True, "v1.2", True)
    assert (given.metadata, given.base, given.build_isolation) == ("build-backend", "v1.2", False)


@pytest.mark.parametrize(
    ("args", "calls"),
    [
        (("check", "--no-cache"), [(False, False)]),
        (("check", "--fix", "--no-cache"), [(False, False)]),
        (("check", "--add-noqa", "--no-cache"), [(False, False)]),
        (("lock", "core", "--version", "1.0.0"), [(False, True)]),
        (("docs", "--no-cache"), [(False, False)]),
        (("graph", "--no-cache"), [(False, False)]),
    ],
)
def test_every_command_checks_through_the_entry_point(
    modlint, small, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], calls: list[object]
) -> None:
    root = small(FILES)
    seen: list[tuple[bool, bool]] = []
    check_project = run.check_project

    def recorded(*args: Any, **kwargs: Any) -> CheckResult:
        bound = inspect.signature(check_project).bind(*args, **kwargs)
        seen.append((bool(bound.arguments.get("overlay")), bound.arguments.get("surfaces", False)))
        return check_project(*args, **kwargs)

    monkeypatch.setattr(run, "check_project", recorded)
    modlint(*args, cwd=root)
    assert seen == calls


def test_the_server_checks_through_the_entry_point(small, monkeypatch: pytest.MonkeyPatch) -> None:
    from modlint.server.session import Session

    root = small(FILES)
    seen: list[Mapping[Path, bytes] | None] = []
    check_project = run.check_project

    def recorded(*args: Any, **kwargs: Any) -> CheckResult:
        seen.append(inspect.signature(check_project).bind(*args, **kwargs).arguments["overlay"])
        return check_project(*args, **kwargs)

    monkeypatch.setattr(run, "check_project", recorded)
    buffers = {root / "core" / "a.py": b"import app\n"}
    Session(root).check(buffers)
    assert seen == [buffers]


def test_one_function_assembles_all_that_the_enabled_rules_read(
    small, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = small({"core/a.py": "import nowhere_to_be_found\n"})
    monkeypatch.chdir(root)  # paths in notices are shown relative to the current folder
    config = run.find_configuration(root)
    bare = analyse_project(config)
    assert (bare.project.dependencies, bare.project.coverage) == (None, None)
    assert (bare.metadata_notices, bare.notices) == ((), ())
    full = analyse_project(config, enabled=frozenset({"ML005", "ML205"}))
    assert full.project.dependencies == Dependencies(
        declared=None, distribution_of={"nowhere_to_be_found": "nowhere-to-be-found"}
    )
    assert full.project.coverage is None  # there is no report: the notice says so
    pyproject = root / "pyproject.toml"
    assert full.metadata_notices == (
        Notice(
            pyproject,
            1,
            1,
            "no dependency declaration found (pyproject.toml has no [project], [tool.poetry] "
            "dependencies or [dependency-groups]): only modules' `external` lists are checked",
        ),
    )
    assert full.notices == (
        Notice(
            pyproject,
            1,
            1,
            "no coverage report (coverage.json or coverage.xml): run the tests with coverage "
            "(`coverage json` or `coverage xml`) for insufficient-coverage to check anything",
        ),
    )
    assert sorted(full.project.surfaces) == ["core", "service"]  # the stable modules
    assert full.project.imports == bare.project.imports
