"""What the locked and stable levels require of dependencies: ML203 and ML204, in `check`
and as conditions of `lock`."""

from __future__ import annotations

from pathlib import Path

from conftest import edit

MESSAGING = 'depends-on = ["cloudfunction", "datamodel", "logs"]'


def test_lock_refuses_a_module_that_would_have_no_dependency_list(modlint, nimbus) -> None:
    assert modlint("lock", "project", "--version", "0.1.0", "--no-docs", cwd=nimbus).code == 0
    assert modlint("unlock", "project", "--no-docs", cwd=nimbus).code == 0
    edit(
        nimbus / "pyproject.toml",
        'unassigned = "error"\n',
        'unassigned = "error"\nextend-select = ["ML203"]\n',
    )
    run = modlint("lock", "project", "--version", "0.1.0", cwd=nimbus)
    assert (run.code, run.lines, run.err) == (
        1,
        [
            "pyproject.toml:64:1: ML203 locked module 'project' has no depends-on list: declare "
            "the modules it may import (`depends-on = []` for none)"
        ],
        "modlint: refusing to lock 'project': as a locked module it would have 1 diagnostic\n",
    )
    assert not (nimbus / "project" / ".LOCKED").exists()


def test_lock_refuses_dependencies_the_module_never_imports(modlint, nimbus: Path) -> None:
    run = modlint("lock", "messaging", "--version", "1.0.0", cwd=nimbus)
    assert (run.code, run.lines, run.err) == (
        1,
        [
            "pyproject.toml:60:32: ML204 module 'messaging' lists 'datamodel' in depends-on but "
            "never imports it"
        ],
        "modlint: refusing to lock 'messaging': as a locked module it would have 1 diagnostic\n",
    )
    edit(nimbus / "pyproject.toml", MESSAGING, 'depends-on = ["cloudfunction", "logs"]')
    assert modlint("lock", "messaging", "--version", "1.0.0", cwd=nimbus).code == 0


def test_ml204_checks_an_exact_module_and_ignores_it_when_ignored(modlint, nimbus) -> None:
    edit(nimbus / "pyproject.toml", MESSAGING, MESSAGING + "\nexact = true")
    assert modlint(cwd=nimbus).lines == [
        "pyproject.toml:60:32: ML204 module 'messaging' lists 'datamodel' in depends-on but "
        "never imports it"
    ]
    assert modlint("--ignore", "ML204", cwd=nimbus).lines == []
