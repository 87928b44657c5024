"""modlint's own configuration holds its command line and server to the pipeline's declared
surfaces: `modlint.pipeline` for the check, and each command the check never imports (lock,
fixes, baseline, ...) as a single-file module of its own with its `__all__`."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from conftest import REPO

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib


def test_the_pipeline_and_its_commands_are_stable() -> None:
    modules = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "modlint"
    ]["modules"]
    levels = {
        module["path"]: module.get("level", "development")
        for module in modules.values()
        if module["path"].startswith("modlint/pipeline")
    }
    assert levels == {
        "modlint/pipeline": "stable",
        "modlint/pipeline/add_noqa.py": "stable",
        "modlint/pipeline/baseline.py": "stable",
        "modlint/pipeline/docs.py": "stable",
        "modlint/pipeline/fixes.py": "stable",
        "modlint/pipeline/gitflow.py": "stable",
        "modlint/pipeline/init.py": "stable",
        "modlint/pipeline/locking.py": "stable",
        "modlint/pipeline/migrate": "stable",
        "modlint/pipeline/testrun.py": "stable",
    }


def _planted(root: Path, relative: str, lines: list[str]) -> int:
    """Append ``lines`` to a file of the copy; the line number of the first."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "".join(line + "\n" for line in lines), encoding="utf-8")
    return text.count("\n") + 1


def test_cli_and_server_go_through_the_pipeline_surfaces(modlint, tmp_path: Path) -> None:
    root = tmp_path / "copy"
    shutil.copytree(
        REPO / "modlint", root / "modlint", ignore=shutil.ignore_patterns("__pycache__")
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, root / name)
    cli = _planted(
        root,
        "modlint/cli/main.py",
        [
            "from modlint.pipeline import check, FactMemory",
            "from modlint.pipeline.check import analyse_project",
            "from modlint.pipeline.fixes import _shown_text, write_fixes",
            "from modlint.pipeline.baseline import fingerprinted",
        ],
    )
    server = _planted(root, "modlint/server/session.py", ["import modlint.pipeline.facts"])
    run = modlint("--no-cache", "--select", "ML101", cwd=root)
    surface = "is not in the surface of stable module"
    assert (run.code, run.out) == (
        1,
        f"modlint/cli/main.py:{cli + 1}:6: ML101 'modlint.pipeline.check' {surface} "
        "'pipeline' (use what 'modlint.pipeline' exports)\n"
        f"modlint/cli/main.py:{cli + 2}:36: ML101 'modlint.pipeline.fixes._shown_text' "
        f"{surface} 'pipeline-fixes' (use what 'modlint.pipeline.fixes' exports)\n"
        f"modlint/cli/main.py:{cli + 3}:39: ML101 'modlint.pipeline.baseline.fingerprinted' "
        f"{surface} 'pipeline-baseline' (use what 'modlint.pipeline.baseline' exports)\n"
        f"modlint/server/session.py:{server}:8: ML101 'modlint.pipeline.facts' {surface} "
        "'pipeline' (use what 'modlint.pipeline' exports)\n",
    )
