"""A run after a few files' facts changed checks only those files again, as long as the
project's totals (module edges, third-party names, `ignore-imports` matches) name the same
things; otherwise, and whenever a module has a surface or an enabled rule reads every file,
it analyses the project afresh. Either way its findings are those of a run without a cache."""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run, append, edit, write

from modlint.pipeline import incremental

check_stage = importlib.import_module("modlint.pipeline.check")  # `pipeline.check` is a function

FILES: dict[str, str | bytes | None] = {
    "pyproject.toml": """
        [tool.modlint]
        tiers = ["low", "high"]
        unassigned = "error"
        forbidden = ["pickle"]
        independent = [["app", "tools"]]
        ignore-imports = ["app.legacy -> base.hidden", "tools.* -> base.spare"]

        [tool.modlint.modules.base]
        tier = "low"

        [tool.modlint.modules.app]
        tier = "high"
        depends-on = ["base"]

        [tool.modlint.modules.tools]
        tier = "high"
        depends-on = ["base"]
        """,
    "base/__init__.py": "",
    "base/core.py": "import app.views\n",
    "base/hidden.py": "",
    "base/spare.py": "",
    "base/other.py": "import os\n",
    "app/__init__.py": "",
    "app/views.py": "import base.core\nfrom base import other\n",
    "app/legacy.py": "import base.hidden\n",
    "app/models.py": "import base.core\n",
    "tools/__init__.py": "",
    "tools/run.py": "import base.spare\nimport base.spare\n",
    "tools/extra.py": "import yaml\n",
    "scripts/setup_db.py": "import base\n",
}
RULES = ("--ignore", "ML005,ML204")
"""Without the rules that read the distributions on ``sys.path`` (which other tests may
change while this one runs, and with them whether the last findings are reused at all)."""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write(tmp_path / "p", FILES)


@pytest.fixture
def observed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What each run did after the first: `revised` (only the changed files checked again),
    `analysed` (the project analysed afresh) or `replayed` (neither)."""
    seen: list[str] = []
    revise, analyse = incremental.revised_findings, check_stage.analyse_project

    def revised(*args: object, **kwargs: object) -> object:
        found = revise(*args, **kwargs)  # type: ignore[arg-type]
        if found is not None:
            seen.append("revised")
        return found

    def analysed(*args: object, **kwargs: object) -> object:
        seen.append("analysed")
        return analyse(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(incremental, "revised_findings", revised)
    monkeypatch.setattr(check_stage, "analyse_project", analysed)
    return seen


def checked(
    modlint: Callable[..., Run], root: Path, observed: list[str]
) -> tuple[Run, Run, list[str]]:
    """A run with the cache, one without (the reference), and what the first did."""
    observed.clear()
    run = modlint(*RULES, ".", cwd=root)
    did = list(observed)
    return run, modlint("--no-cache", *RULES, ".", cwd=root), did


def test_each_kind_of_change_gives_the_findings_of_a_run_without_a_cache(
    project: Path, modlint: Callable[..., Run], observed: list[str]
) -> None:
    """Every step changes some file's facts; each run's findings and notices are those of a
    run without a cache, and the step says whether the changed files alone were checked: a
    module edge may appear or disappear, as long as every other edge keeps its cycle."""
    views, models, run = (
        project / "app/views.py",
        project / "app/models.py",
        project / "tools/run.py",
    )
    steps: list[tuple[str, Callable[[], None], str]] = [
        ("a standard-library import", lambda: append(views, "import json\n"), "revised"),
        ("a forbidden one", lambda: append(views, "import pickle\n"), "revised"),
        ("another import on an edge", lambda: append(models, "import base.other\n"), "revised"),
        ("an import on a cycle", lambda: append(views, "from base import core\n"), "revised"),
        (
            "a suppression",
            lambda: edit(views, "import base.core\n", "import base.core  # noqa: ML003\n"),
            "revised",
        ),
        ("an unused one", lambda: append(models, "import json  # noqa: ML001\n"), "revised"),
        ("a malformed one", lambda: append(models, "import json  # noqa:ML1\n"), "revised"),
        ("a file-level one", lambda: append(models, "# modlint: noqa\n"), "revised"),
        ("an import the project lacks", lambda: append(views, "import base.missing\n"), "revised"),
        ("an independence violation", lambda: append(views, "import tools\n"), "revised"),
        ("another one", lambda: append(models, "import tools.run\n"), "revised"),
        (
            "one of two ignored imports",
            lambda: edit(run, "import base.spare\nimport base.spare\n", "import base.spare\n"),
            "revised",
        ),
        ("the last ignored import", lambda: edit(run, "import base.spare\n", ""), "analysed"),
        (
            "a file outside every module",
            lambda: append(project / "scripts/setup_db.py", "import base.core\n"),
            "revised",
        ),
        (
            "the only import of an edge",
            lambda: edit(project / "base/core.py", "import app.views\n", ""),
            "analysed",
        ),
        ("a new edge", lambda: append(project / "base/core.py", "import tools\n"), "revised"),
        (
            "an edge that closes a cycle",
            lambda: append(project / "tools/extra.py", "import app\n"),
            "analysed",
        ),
        (
            "the edge that closed it",
            lambda: edit(project / "tools/extra.py", "import app\n", ""),
            "analysed",
        ),
        ("a new third-party name", lambda: append(views, "import requests\n"), "revised"),
        ("a known one from a new module", lambda: append(models, "import requests\n"), "revised"),
        # The fast extractor leaves a syntax error to libcst, which the analysis isolates.
        ("a syntax error", lambda: append(models, "def broken(:\n"), "analysed"),
        ("the syntax error fixed", lambda: edit(models, "def broken(:\n", ""), "revised"),
    ]
    first, reference, did = checked(modlint, project, observed)
    assert (first, did) == (reference, ["analysed"])
    for step, change, expected in steps:
        change()
        run_, reference, did = checked(modlint, project, observed)
        assert (step, run_, did) == (step, reference, [expected])
        again, reference, did = checked(modlint, project, observed)
        assert (step, again, did) == (step, reference, [])


def test_the_findings_of_an_import_added_on_a_cycle(
    project: Path, modlint: Callable[..., Run], observed: list[str]
) -> None:
    """The changed file's diagnostics beside the others replayed, exactly."""
    checked(modlint, project, observed)
    append(project / "app/models.py", "import pickle\nfrom base import core  # noqa: ML009\n")
    run, reference, did = checked(modlint, project, observed)
    assert (run, did) == (reference, ["revised"])
    cycle = "closing the cycle app -> base -> app"
    assert run.out.splitlines() == [
        f"app/models.py:1:8: ML003 module 'app' imports 'base' (base.core), {cycle}",
        "app/models.py:2:8: ML008 module 'app' imports 'pickle', forbidden by 'pickle' in the "
        "top-level forbidden",
        f"app/models.py:3:18: ML003 module 'app' imports 'base' (base.core), {cycle}",
        "app/models.py:3:24: ML903 unused noqa directive (unused: ML009)",
        f"app/views.py:1:8: ML003 module 'app' imports 'base' (base.core), {cycle}",
        f"app/views.py:2:18: ML003 module 'app' imports 'base' (base.other), {cycle}",
        "base/core.py:1:8: ML001 low module 'base' imports high module 'app' (app.views)",
        "base/core.py:1:8: ML003 module 'base' imports 'app' (app.views), closing the cycle "
        "base -> app -> base",
        "scripts/setup_db.py:1:1: ML007 file is outside every module: add its folder to a "
        "module, or exclude it",
    ]


STABLE_BASE = '[tool.modlint.modules.base]\ntier = "low"\nlevel = "stable"\n'


@pytest.mark.parametrize(
    ("configured", "extra", "changed", "expected"),
    [
        (STABLE_BASE, (), "app/views.py", "revised"),
        (STABLE_BASE, (), "base/__init__.py", "analysed"),
        (STABLE_BASE, (), "base/core.py", "revised"),
        (
            '[tool.modlint.modules.base]\ntier = "low"',
            ("--extend-select", "ML105"),
            "app/views.py",
            "analysed",
        ),
    ],
    ids=[
        "a stable module, a file elsewhere",
        "a stable module, its surface",
        "a stable module, a file its surface does not read",
        "a rule that reads every file",
    ],
)
def test_a_change_that_can_reach_other_files_findings_is_analysed(
    project: Path,
    modlint: Callable[..., Run],
    observed: list[str],
    configured: str,
    extra: tuple[str, ...],
    changed: str,
    expected: str,
) -> None:
    """A stable module's surface is made of the files it was read from (its `__init__.py`
    here); a change to one of them is analysed afresh, as is any change while ML105 (which
    reads the uses of locked names in every file) is enabled."""
    edit(project / "pyproject.toml", '[tool.modlint.modules.base]\ntier = "low"\n', configured)
    args = (*RULES, *extra, ".")
    modlint(*args, cwd=project)
    append(project / changed, "import json\nimport base.hidden\n__all__ = ['hidden']\n")
    observed.clear()
    run = modlint(*args, cwd=project)
    assert observed == [expected]
    assert run == modlint("--no-cache", *args, cwd=project)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda document: document.pop("summary"),
        lambda document: document["summary"].update(
            totals={"edges": [], "externals": [], "ignores": [0, 0]}
        ),
        lambda document: document["summary"]["totals"]["edges"].append(["app", "base", 1]),
        lambda document: document["summary"]["totals"]["edges"][0].__setitem__(2, -1),
        lambda document: document["summary"]["totals"].update(ignores=["1", 2]),
        lambda document: document["summary"].update(surfaces=None),
        lambda document: document["summary"].update(surfaces=["app/views.py"]),
        lambda document: document["summary"].update(surfaces=["../elsewhere.py"]),
        lambda document: document["summary"].update(surfaces=[["app/views.py"]]),
        lambda document: document["diagnostics"].append([7, 1, 1, "ML001", "x", 1, 1]),
        lambda document: document["diagnostics"].insert(0, ["app/views.py", 1]),
    ],
    ids=[
        "none",
        "empty",
        "an edge twice",
        "a negative count",
        "a bad count",
        "surfaces made of any file",
        "surfaces made of the changed file",
        "surfaces made of a file elsewhere",
        "surfaces made of a list",
        "a bad path",
        "an entry of the changed file cut short",
    ],
)
def test_a_tampered_results_file_means_an_analysis(
    project: Path, modlint: Callable[..., Run], observed: list[str], tamper
) -> None:
    """Totals of another shape, totals that do not hold the changed file's share, stored
    findings that cannot be merged: the project is analysed again, never a traceback."""
    modlint(*RULES, ".", cwd=project)
    results = project / ".modlint_cache" / "results.json"
    document = json.loads(results.read_text())
    tamper(document)
    results.write_text(json.dumps(document))
    append(project / "app/views.py", "import json\n")
    run, reference, did = checked(modlint, project, observed)
    assert (run, did) == (reference, ["analysed"])


def test_the_metadata_notice_is_shown_after_a_revision(
    project: Path, modlint: Callable[..., Run], observed: list[str]
) -> None:
    """Notices of the third-party metadata are shown once per state of the project, as an
    analysis shows them, and not when the findings are replayed."""
    notice = (
        "modlint: warning: pyproject.toml:1:1: no dependency declaration found (pyproject.toml "
        "has no [project], "
        "[tool.poetry] dependencies or [dependency-groups]): only modules' `external` lists "
        "are checked\n"
    )
    assert modlint(".", cwd=project).err.startswith(notice)
    append(project / "app/views.py", "import json\n")
    observed.clear()
    run = modlint(".", cwd=project)
    assert observed == ["revised"]
    assert run == modlint("--no-cache", ".", cwd=project)
    assert run.err.startswith(notice)
    assert not modlint(".", cwd=project).err.startswith(notice)


def test_a_stable_namespace_package_keeps_its_empty_surface(
    tmp_path: Path, modlint: Callable[..., Run], observed: list[str]
) -> None:
    """A stable module without an `__init__.py` has a surface made of no file's facts: it
    exports nothing, and the changed file's import of its submodule is still reported."""
    root = write(
        tmp_path / "p",
        {
            "pyproject.toml": '[tool.modlint]\n[tool.modlint.modules.base]\nlevel = "stable"\n'
            "[tool.modlint.modules.app]\n",
            "base/core.py": "",
            "app/__init__.py": "",
            "app/views.py": "import base.core\n",
        },
    )
    modlint(*RULES, ".", cwd=root)
    append(root / "app/views.py", "import json\n")
    run, reference, did = checked(modlint, root, observed)
    assert (run, did) == (reference, ["revised"])
    assert run.out.splitlines()[0].startswith("app/views.py:1:8: ML101 ")


@pytest.mark.parametrize(
    ("checked", "change"),
    [
        ("exact = true", "import tools\n"),
        ('level = "locked"', "import tools\n"),
        ("exact = true", "import requests\n"),
    ],
    ids=["an exact module, a new edge", "a locked level, a new edge", "a new third-party name"],
)
def test_a_new_edge_or_name_is_analysed_while_ml204_checks_a_module(
    project: Path, modlint: Callable[..., Run], observed: list[str], checked: str, change: str
) -> None:
    """ML204 compares an `exact` or locked module's edges and third-party names with its
    `depends-on` and `external`: one that appears or disappears is then analysed afresh."""
    edit(
        project / "pyproject.toml",
        'depends-on = ["base"]\n\n[tool.modlint.modules.tools]',
        f'depends-on = ["base", "tools"]\n{checked}\n\n[tool.modlint.modules.tools]',
    )
    args = ("--ignore", "ML005", ".")
    unused = (
        "pyproject.toml:13:23: ML204 module 'app' lists 'tools' in depends-on but never imports it"
    )
    assert unused in modlint(*args, cwd=project).out.splitlines()
    append(project / "app/views.py", change)
    observed.clear()
    run = modlint(*args, cwd=project)
    assert observed == ["analysed"]
    assert run == modlint("--no-cache", *args, cwd=project)
    assert (unused in run.out.splitlines()) == (change == "import requests\n")


def test_an_entry_left_unmatched_is_checked_alone_without_ml904(
    project: Path, modlint: Callable[..., Run], observed: list[str]
) -> None:
    """Only ML904 reads whether each `ignore-imports` entry matches an import: without it, the
    last import an entry matched can go with only its file checked."""
    args = (*RULES[:-1], RULES[-1] + ",ML904", ".")
    modlint(*args, cwd=project)
    edit(project / "tools/run.py", "import base.spare\nimport base.spare\n", "")
    observed.clear()
    run = modlint(*args, cwd=project)
    assert observed == ["revised"]
    assert run == modlint("--no-cache", *args, cwd=project)
    assert modlint(*RULES, ".", cwd=project).lines[-2] == (
        "pyproject.toml:6:48: ML904 ignore-imports entry 'tools.* -> base.spare' matches no import"
    )
