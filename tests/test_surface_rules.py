"""ML101 private-import, ML105 unused-public-name and ML202 invalid-lock-file on the nimbus
sample (tests/rules/ holds a small project for each rule, ML102 and ML201 included)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import append, edit

SERVICES = "project/services.py"
NOT_IN = "is not in the surface of"


def test_importing_an_internal_submodule(modlint, nimbus: Path) -> None:
    append(
        nimbus / SERVICES,
        "from datastore.backends.sql import SqlBackend\nimport datastore._cache\n",
    )
    assert modlint("--select", "ML101", cwd=nimbus).lines == [
        f"{SERVICES}:31:6: ML101 'datastore.backends.sql' {NOT_IN} locked module 'datastore' "
        "(use what 'datastore' exports)",
        f"{SERVICES}:32:8: ML101 'datastore._cache' {NOT_IN} locked module 'datastore' "
        "(use what 'datastore' exports)",
    ]


def test_importing_a_name_the_package_does_not_export(modlint, nimbus: Path) -> None:
    append(nimbus / SERVICES, "from datastore import Store, log, _cache\n")
    assert modlint("--select", "ML101", cwd=nimbus).lines == [
        f"{SERVICES}:31:30: ML101 'datastore.log' {NOT_IN} locked module 'datastore' "
        "(use what 'datastore' exports)",
        f"{SERVICES}:31:35: ML101 'datastore._cache' {NOT_IN} locked module 'datastore' "
        "(use what 'datastore' exports)",
    ]


def test_reaching_internals_through_attribute_access(modlint, nimbus: Path) -> None:
    append(
        nimbus / SERVICES,
        """
        import datastore as ds


        def raw(store: Store) -> object:
            backend = ds.backends.memory.MemoryBackend()
            return ds.Store(backend), ds.open_store("memory://"), ds.store.log
    """,
    )
    assert modlint("--select", "ML101", cwd=nimbus).lines == [
        f"{SERVICES}:35:18: ML101 'datastore.backends' {NOT_IN} locked module 'datastore' "
        "(use what 'datastore' exports)",
        f"{SERVICES}:36:62: ML101 'datastore.store' {NOT_IN} locked module 'datastore' "
        "(use what 'datastore' exports)",
    ]


def test_reaching_deeper_from_an_imported_submodule(modlint, nimbus: Path) -> None:
    # tach misses this one: the submodule is imported by name, then used as an attribute root.
    append(nimbus / SERVICES, "from datastore import backends\n\nbackends.sql.SqlBackend\n")
    assert modlint("--select", "ML101", cwd=nimbus).lines == [
        f"{SERVICES}:31:23: ML101 'datastore.backends' {NOT_IN} locked module 'datastore' "
        "(use what 'datastore' exports)",
        f"{SERVICES}:33:10: ML101 'datastore.backends.sql' {NOT_IN} locked module 'datastore' "
        "(use what 'datastore' exports)",
    ]


def test_stable_modules_are_held_to_their_surface_too(modlint, nimbus: Path) -> None:
    append(nimbus / SERVICES, "from api_key.keys import _digest\n")
    assert modlint("--select", "ML101", cwd=nimbus).lines == [
        f"{SERVICES}:31:6: ML101 'api_key.keys' {NOT_IN} stable module 'api-key' "
        "(use what 'api_key' exports)",
    ]


def test_development_modules_and_imports_inside_a_module_are_free(modlint, nimbus) -> None:
    append(nimbus / "project" / "models.py", "from user.models import User\n")
    append(nimbus / "datastore" / "backends" / "memory.py", "from .. import _cache\n")
    run = modlint("--select", "ML101", cwd=nimbus)
    assert (run.code, run.out, run.err) == (0, "", "")


def test_unused_public_names_only_when_selected(modlint, nimbus: Path) -> None:
    run = modlint(cwd=nimbus)
    assert (run.code, run.out, run.err) == (0, "", "")
    run = modlint("--select", "ML105", "datastore", cwd=nimbus)
    assert run.lines == [
        "datastore/__init__.py:5:12: ML105 'DEFAULT_TIMEOUT' is exported by locked module "
        "'datastore' but no other module uses it (keep the surface minimal)",
        "datastore/__init__.py:5:40: ML105 'open_store' is exported by locked module "
        "'datastore' but no other module uses it (keep the surface minimal)",
    ]
    append(nimbus / SERVICES, "import datastore\n\ndatastore.open_store('memory://')\n")
    assert modlint("--select", "ML105", "datastore", cwd=nimbus).lines == [
        "datastore/__init__.py:5:12: ML105 'DEFAULT_TIMEOUT' is exported by locked module "
        "'datastore' but no other module uses it (keep the surface minimal)",
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'version = "1.0.0"',
            'version = "one"',
            "4:1: ML202 invalid lock file: key 'version' must be a version like \"1.0.0\", got 'one'",
        ),
        (
            "locked-on = ",
            "locked-on = 'soon' #",
            "5:1: ML202 invalid lock file: key 'locked-on' must be a date like 2026-11-25, got a "
            "string",
        ),
        ('module = "logs"\n', "", "1:1: ML202 invalid lock file: missing key 'module'"),
        (
            "[surface]",
            "[surface",
            "8:9: ML202 invalid lock file: invalid TOML: Expected ']' at the end of a table "
            "declaration",
        ),
        (
            "reason = ",
            "raeson = ",
            "6:1: ML202 invalid lock file: unknown key 'raeson' (did you mean 'reason'?)",
        ),
    ],
)
def test_invalid_lock_file(modlint, nimbus: Path, old: str, new: str, expected: str) -> None:
    edit(nimbus / "logs" / ".LOCKED", old, new)
    run = modlint(cwd=nimbus)
    assert (run.code, run.lines) == (1, [f"logs/.LOCKED:{expected}"])
