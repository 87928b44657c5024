"""The shipped sample project, clean as shipped and with one violation of each rule planted."""

from __future__ import annotations

from pathlib import Path

from conftest import NIMBUS, REPO, append


def test_shipped_sample_is_clean_from_the_repo_root(modlint) -> None:
    run = modlint("fixtures/nimbus", cwd=REPO)
    assert (run.code, run.out, run.err) == (0, "", "")


def test_shipped_sample_has_the_lock_files_of_its_four_locked_modules() -> None:
    locked = sorted(path.parent.name for path in NIMBUS.glob("*/.LOCKED"))
    assert locked == ["auth", "datamodel", "datastore", "logs"]


def test_planted_tier_violation_is_reported_with_its_consequences(modlint, planted: Path) -> None:
    # In nimbus tiers and lock levels line up, so an upward import is also an unstable,
    # undeclared dependency and closes cycles through the modules that use auth.
    nimbus = planted
    run = modlint(str(nimbus.relative_to(nimbus.parent)), cwd=nimbus.parent)
    assert run.code == 1
    assert run.lines[:4] == [
        "nimbus/auth/session.py:10:8: ML001 foundation module 'auth' imports business module "
        "'user' (user.models)",
        "nimbus/auth/session.py:10:8: ML002 module 'auth' imports 'user' (user.models), which is "
        "not in its depends-on",
        "nimbus/auth/session.py:10:8: ML003 module 'auth' imports 'user' (user.models), closing "
        "the cycle auth -> user -> auth",
        "nimbus/auth/session.py:10:8: ML004 locked module 'auth' imports development module "
        "'user' (user.models)",
    ]
    assert run.err == f"Found {len(run.lines)} errors.\n"


def test_planted_tier_violation_alone_prints_exactly_that_line(modlint, planted: Path) -> None:
    run = modlint("--select", "ML001", cwd=planted)
    assert (run.code, run.out) == (
        1,
        "auth/session.py:10:8: ML001 foundation module 'auth' imports business module 'user' "
        "(user.models)\n",
    )


def test_undeclared_dependency_between_allowed_tiers(modlint, nimbus: Path) -> None:
    # cloudfunction (framework) may import datamodel (foundation, locked) by tier and level,
    # but its depends-on does not list it.
    append(nimbus / "cloudfunction" / "registry.py", "from datamodel import Model\n")
    run = modlint(cwd=nimbus)
    assert (run.code, run.out) == (
        1,
        "cloudfunction/registry.py:21:6: ML002 module 'cloudfunction' imports 'datamodel' "
        "(datamodel), which is not in its depends-on\n",
    )


def test_cycle_between_two_business_modules(modlint, nimbus: Path) -> None:
    append(nimbus / "user" / "models.py", "from project.models import Project\n")
    run = modlint(cwd=nimbus)
    assert (run.code, run.out) == (
        1,
        "project/services.py:10:6: ML003 module 'project' imports 'user' (user.models), closing "
        "the cycle project -> user -> project\n"
        "user/models.py:13:6: ML003 module 'user' imports 'project' (project.models), closing "
        "the cycle user -> project -> user\n",
    )


def test_stable_module_lazily_importing_a_development_module(modlint, nimbus: Path) -> None:
    pyproject = nimbus / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace(
            'level = "stable"\nversion = "1.0.0"\ndescription = "Function execution engine"',
            'level = "development"\ndescription = "Function execution engine"',
        )
    )
    run = modlint("--select", "ML0", cwd=nimbus)
    assert (run.code, run.out) == (
        1,
        "messaging/dispatcher.py:26:14: ML004 stable module 'messaging' imports development "
        "module 'cloudfunction' (cloudfunction)\n",
    )


def test_removing_a_lock_file_makes_the_module_fall_back_to_its_level(modlint, nimbus) -> None:
    # datastore falls back to stable, and locked datamodel and auth may not lean on it.
    (nimbus / "datastore" / ".LOCKED").unlink()
    run = modlint("--select", "ML004", cwd=nimbus)
    assert run.lines == [
        "auth/session.py:7:8: ML004 locked module 'auth' imports stable module 'datastore' "
        "(datastore)",
        "datamodel/models.py:7:6: ML004 locked module 'datamodel' imports stable module "
        "'datastore' (datastore)",
    ]
