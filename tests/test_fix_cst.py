"""Fixes as libcst transformations: ML101's `import pkg.internal` fix, the bytes each fix
keeps (CRLF, BOM, comments, tabs), and the cases that have no fix."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from modlint.fixing import edits_between
from modlint.model import Edit

SERVICES = "project/services.py"
INTERNAL = (
    "ML101 'datastore.store' is not in the surface of locked module 'datastore' "
    "(use what 'datastore' exports)"
)


def _append(nimbus: Path, data: bytes) -> tuple[Path, bytes]:
    services = nimbus / SERVICES
    before = services.read_bytes()
    services.write_bytes(before + data)
    return services, before


def test_ml101_fix_imports_the_package_and_rewrites_every_use(modlint, nimbus: Path) -> None:
    services, before = _append(
        nimbus,
        b"import os, datastore.store  # the store\r\n"
        b"\r\n"
        b"\r\n"
        b"def open_default(url):\r\n"
        b"\t# a tab-indented body, a comment and a call split over lines\r\n"
        b"\tstore = datastore.store.open_store(  # why\r\n"
        b"\t\turl, timeout=datastore . store.DEFAULT_TIMEOUT\r\n"
        b"\t)\r\n"
        b"\treturn (datastore.store).Store.get, store, os.sep\r\n",
    )
    run = modlint("--fix", "--select", "ML101", cwd=nimbus)
    assert (run.code, run.out, run.err) == (0, "", "Found 4 errors (4 fixed, 0 remaining).\n")
    assert services.read_bytes() == before + (
        b"import os, datastore  # the store\r\n"
        b"\r\n"
        b"\r\n"
        b"def open_default(url):\r\n"
        b"\t# a tab-indented body, a comment and a call split over lines\r\n"
        b"\tstore = datastore.open_store(  # why\r\n"
        b"\t\turl, timeout=datastore.DEFAULT_TIMEOUT\r\n"
        b"\t)\r\n"
        b"\treturn datastore.Store.get, store, os.sep\r\n"
    )
    assert modlint("--select", "ML101", cwd=nimbus).code == 0


def test_ml101_diff_of_a_plain_import(modlint, nimbus: Path) -> None:
    services, before = _append(nimbus, b"import datastore.store\n\nSTORE = datastore.store.Store\n")
    run = modlint("--diff", "--select", "ML101", cwd=nimbus)
    assert (run.code, run.err) == (1, "Would fix 2 errors.\n")
    assert run.out == (
        f"--- a/{SERVICES}\n"
        f"+++ b/{SERVICES}\n"
        "@@ -28,6 +28,6 @@\n"
        "     # Plugins are looked up by name at run time.\n"
        '     exporter = importlib.import_module("project.exporters.json_export")\n'
        "     return exporter.export(Project.load(store, name))\n"
        "-import datastore.store\n"
        "+import datastore\n"
        " \n"
        "-STORE = datastore.store.Store\n"
        "+STORE = datastore.Store\n"
    )
    assert services.read_bytes() == before + (
        b"import datastore.store\n\nSTORE = datastore.store.Store\n"
    )


def test_ml101_fix_keeps_a_bom(modlint, nimbus: Path) -> None:
    services = nimbus / SERVICES
    services.write_bytes(
        b"\xef\xbb\xbf# caf\xc3\xa9\nimport datastore.store\nSTORE = datastore.store.Store\n"
    )
    run = modlint("--fix", "--select", "ML101", cwd=nimbus)
    assert (run.code, run.err) == (0, "Found 2 errors (2 fixed, 0 remaining).\n")
    assert services.read_bytes() == (
        b"\xef\xbb\xbf# caf\xc3\xa9\nimport datastore\nSTORE = datastore.Store\n"
    )


@pytest.mark.parametrize(
    "code, errors",
    [
        # a use through a name outside the surface (`log` is the module's own)
        ("import datastore.store\nA = datastore.store.Store\nB = datastore.store.log\n", 3),
        # a private name
        ("import datastore.store\nA = datastore.store._cache\n", 2),
        # the submodule itself, not a name in it
        ("import datastore.store\nA = datastore.store\n", 2),
        # the root name on its own
        ("import datastore.store\nA = datastore.store.Store\nB = datastore\n", 2),
        # an assignment through the submodule sets an attribute of another module object
        ("import datastore.store\ndatastore.store.Store = None\n", 2),
        ("import datastore.store\ndel datastore.store.Store\n", 2),
        # the root name rebound
        ("import datastore.store\ndef f(datastore):\n    return datastore.store.Store\n", 2),
        (
            "import datastore.store\nfrom os import path as datastore\nA = datastore.store.Store\n",
            2,
        ),
        ("import datastore.store\nfrom os import *\nA = datastore.store.Store\n", 2),
        # imported as another name: a use of it outside the surface, or of the name alone
        ("import datastore.store as ds\nA = ds.Store, ds.log\n", 1),
        ("import datastore.store as ds\nA = ds.Store, ds\n", 1),
        ("import datastore.store as ds\nimport os as ds\nA = ds.Store\n", 1),
        ("import datastore.store as ds\n", 1),
        # no use at all: the import may be there for what importing does
        ("import datastore.store\n", 1),
    ],
)
def test_ml101_has_no_fix_unless_every_use_is_provably_the_same(
    modlint, nimbus: Path, code: str, errors: int
) -> None:
    services, _ = _append(nimbus, code.encode())
    after = services.read_bytes()
    run = modlint("--diff", "--select", "ML101", cwd=nimbus)
    assert (run.code, run.out, run.err) == (0, "", "")
    fixing = modlint("--fix", "--select", "ML101", cwd=nimbus)
    found = f"{errors} error{'s' if errors > 1 else ''}"
    assert fixing.err == f"Found {found} (0 fixed, {errors} remaining).\n"
    assert services.read_bytes() == after


def test_ml101_has_no_fix_for_a_name_that_is_another_object(modlint, nimbus: Path) -> None:
    """`datastore.DEFAULT_TIMEOUT` comes from `datastore.store`, not from `memory`."""
    memory = nimbus / "datastore" / "backends" / "memory.py"
    memory.write_text(memory.read_text() + "DEFAULT_TIMEOUT = 1.0\n")
    _append(
        nimbus, b"import datastore.backends.memory\nT = datastore.backends.memory.DEFAULT_TIMEOUT\n"
    )
    run = modlint("--diff", "--select", "ML101", cwd=nimbus)
    assert (run.code, run.out, run.err) == (0, "", "")


def test_ml101_fix_leaves_other_paths_through_the_package_alone(modlint, nimbus: Path) -> None:
    services, before = _append(
        nimbus,
        b"import datastore.store\n"
        b"import datastore.backends.memory\n"
        b"A = datastore.store.Store, datastore.Store\n"
        b"B = datastore.backends.memory.MemoryBackend\n",
    )
    run = modlint("--fix", "--select", "ML101", cwd=nimbus)
    assert run.err == "Found 4 errors (2 fixed, 2 remaining).\n"
    assert services.read_bytes() == before + (
        b"import datastore\n"
        b"import datastore.backends.memory\n"
        b"A = datastore.Store, datastore.Store\n"
        b"B = datastore.backends.memory.MemoryBackend\n"
    )


def test_ml102_fix_appends_after_trailing_comments_in_crlf(modlint, tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "ml102"
    shutil.copytree(Path(__file__).parent / "rules" / "ML102", root)
    init = root / "store" / "__init__.py"
    init.write_bytes(
        b"\xef\xbb\xbffrom .engine import (\r\n"
        b"\tStore,  # the class\r\n"
        b"\topen_store,\r\n"
        b")\r\n"
        b"# the end\r\n"
    )
    run = modlint("--fix", "--unsafe-fixes", "--select", "ML102", "store", cwd=root)
    assert (run.code, run.err) == (0, "Found 1 error (1 fixed, 0 remaining).\n")
    assert init.read_bytes() == (
        b"\xef\xbb\xbffrom .engine import (\r\n"
        b"\tStore,  # the class\r\n"
        b"\topen_store,\r\n"
        b")\r\n"
        b"# the end\r\n"
        b"\r\n"
        b'__all__ = ["Store", "open_store"]\r\n'
    )


def test_ml903_fix_in_a_comment_inside_brackets(modlint, small) -> None:
    root = small(
        {
            "core/a.py": (
                "x = (  # noqa: ML001\n"
                "    # noqa: ML002\n"
                "    1,  # keep: this # noqa: ML003, E501\n"
                ")\n"
            )
        }
    )
    run = modlint("--fix", "--select", "ML903", cwd=root)
    assert (run.code, run.err) == (0, "Found 3 errors (3 fixed, 0 remaining).\n")
    assert (root / "core/a.py").read_text() == ("x = (\n    1,  # keep: this # noqa: E501\n)\n")


@pytest.mark.parametrize(
    "text",
    [
        "x = (  # noqa: ML001\n",  # a syntax error
        "x = " + "-" * 1200 + "1  # noqa: ML001\n",  # nested beyond what libcst is given
    ],
)
def test_no_fix_in_a_file_libcst_cannot_or_must_not_parse(text: str) -> None:
    from modlint.fixing import tree_of
    from modlint.model import Diagnostic, Project
    from modlint.pipeline.fixes import available_fixes

    at = text.index("#") + 1
    unused = Diagnostic(
        Path("/p/a.py"), 1, at, "ML903", "unused noqa directive (unused: ML001)", end_column=at + 13
    )
    project = Project.__new__(Project)  # ML903's fix reads the text alone
    assert tree_of(text) is None
    assert available_fixes([unused], text, project) == ()
    fine = "x = 1  # noqa: ML001\n"
    moved = dataclasses.replace(unused, column=8, end_column=21)
    assert [f.fix.edits for f in available_fixes([moved], fine, project)] == [
        (Edit(1, 6, 1, 21, ""),)
    ]


def test_edits_are_the_smallest_spans_that_change() -> None:
    old = "a = 1\r\nb = 2  # c\r\nc = 3\nd"
    new = "a = 1\r\nb = 22\r\nc = 3\nd\n"
    assert edits_between(old, new) == (
        Edit(2, 6, 2, 11, "2"),
        Edit(4, 2, 4, 2, "\n"),
    )
    assert edits_between(old, old) == ()


LOCK_TABLE = (
    "| Module | Tier | Level | Version | Description |\r\n"
    "| --- | --- | --- | --- | --- |\r\n"
    "| `auth/` | Foundation | 🔴 LOCKED | 1.0.0 | Authentication and session management |\r\n"
    "| `datamodel/` | Foundation | 🔴 LOCKED | 1.0.0 | ORM and data validation |\r\n"
    "| `datastore/` | Foundation | 🔴 LOCKED | 1.0.0 | Storage abstraction layer |\r\n"
    "| `logs/` | Foundation | 🔴 LOCKED | 1.0.0 | Centralized logging system |\r\n"
    "| `api-key/` | Framework | 🟡 STABLE | 1.0.0 | API key management |\r\n"
    "| `cloudfunction/` | Framework | 🟡 STABLE | 1.0.0 | Function execution engine |\r\n"
    "| `messaging/` | Framework | 🟡 STABLE | 1.0.0 | Multi-channel notifications |\r\n"
    "| `project/` | Business | 🟢 DEVELOPMENT | — | Project management |\r\n"
    "| `user/` | Business | 🟢 DEVELOPMENT | — | User management |\r\n"
)
NO_TABLE = (
    "README.md:1:1: ML301 README.md has no lock table: add the lines "
    "<!-- modlint:lock-table:start --> and <!-- modlint:lock-table:end --> where it belongs, "
    "then run `modlint docs --fix`\n"
)


def test_ml301_unsafe_fix_appends_a_lock_table_section(modlint, nimbus: Path) -> None:
    readme = nimbus / "README.md"
    readme.write_bytes(b"\xef\xbb\xbf# Nimbus\r\n\r\nA sample.")
    run = modlint("--fix", cwd=nimbus)
    assert (run.code, run.out, run.err) == (
        1,
        NO_TABLE,
        "Found 1 error (0 fixed, 1 remaining).\n"
        "1 hidden fix can be enabled with the `--unsafe-fixes` option.\n",
    )
    assert readme.read_bytes() == b"\xef\xbb\xbf# Nimbus\r\n\r\nA sample."
    run = modlint("--fix", "--unsafe-fixes", cwd=nimbus)
    assert (run.code, run.out, run.err) == (0, "", "Found 1 error (1 fixed, 0 remaining).\n")
    assert (
        readme.read_bytes()
        == (
            "\ufeff# Nimbus\r\n\r\nA sample.\r\n\r\n## Module lock status\r\n\r\n"
            "<!-- modlint:lock-table:start -->\r\n"
            + LOCK_TABLE
            + "<!-- modlint:lock-table:end -->\r\n"
        ).encode()
    )
    assert modlint(cwd=nimbus).code == 0


def test_ml301_fix_in_an_rst_file(modlint, nimbus: Path) -> None:
    (nimbus / "README.md").unlink()
    docs = nimbus / "docs.rst"
    docs.write_text("Nimbus\n======\n\nA sample.\n\n")
    config = nimbus / "pyproject.toml"
    config.write_text(config.read_text().replace('docs = ["README.md"]', 'docs = ["docs.rst"]'))
    run = modlint("--fix", "--unsafe-fixes", cwd=nimbus)
    assert (run.code, run.out, run.err) == (0, "", "Found 1 error (1 fixed, 0 remaining).\n")
    text = docs.read_text()
    assert text.startswith(
        "Nimbus\n======\n\nA sample.\n\nModule lock status\n------------------\n\n"
        ".. modlint:lock-table:start\n"
    )
    assert text.endswith(".. modlint:lock-table:end\n")
    assert modlint("--select", "ML301,ML302", cwd=nimbus).code == 0


def test_ml301_has_no_fix_for_broken_markers(modlint, nimbus: Path) -> None:
    readme = nimbus / "README.md"
    readme.write_text(
        "# Nimbus\n\n<!-- modlint:lock-table:end -->\n<!-- modlint:lock-table:start -->\n"
    )
    run = modlint("--diff", "--unsafe-fixes", "--select", "ML301", cwd=nimbus)
    assert (run.code, run.out, run.err) == (0, "", "")
    json_run = modlint("--select", "ML301", "--output-format", "json", cwd=nimbus)
    assert [d["fix"] for d in json.loads(json_run.out)] == [None]


def test_ml301_fix_in_json_is_an_insertion_at_the_end(modlint, nimbus: Path) -> None:
    (nimbus / "README.md").write_text("# Nimbus\n")
    run = modlint("--select", "ML301", "--output-format", "json", cwd=nimbus)
    (found,) = json.loads(run.out)
    assert found["fix"]["applicability"] == "unsafe"
    assert found["fix"]["message"] == "Append a lock table section"
    (edit,) = found["fix"]["edits"]
    assert (edit["location"], edit["end_location"]) == ({"row": 2, "column": 1},) * 2
    assert edit["content"] == (
        "\n## Module lock status\n\n<!-- modlint:lock-table:start -->\n"
        + LOCK_TABLE.replace("\r\n", "\n")
        + "<!-- modlint:lock-table:end -->\n"
    )


def test_fixes_in_a_file_whose_lines_end_with_cr_alone(modlint, small) -> None:
    """libcst leaves such a file's last line break out of its code: it is kept all the same."""
    root = small({"core/a.py": b"import os  # noqa: ML001\rx = 1  # noqa: ML002, E501\r"})
    run = modlint("--fix", "--select", "ML903", cwd=root)
    assert (run.code, run.err) == (0, "Found 2 errors (2 fixed, 0 remaining).\n")
    assert (root / "core/a.py").read_bytes() == b"import os\rx = 1  # noqa: E501\r"


def test_ml101_fix_of_uses_under_a_plain_import_of_the_package(modlint, nimbus: Path) -> None:
    services, before = _append(
        nimbus,
        b"import datastore\n"
        b"A = print(datastore.store.Store).x, datastore.store.DEFAULT_TIMEOUT\n"
        b"B = datastore.backends.memory.MemoryBackend\n",
    )
    run = modlint("--fix", "--select", "ML101", cwd=nimbus)
    assert (run.code, run.out) == (
        1,
        f"{SERVICES}:33:15: ML101 'datastore.backends' is not in the surface of locked module "
        "'datastore' (use what 'datastore' exports)\n",
    )
    assert run.err == "Found 3 errors (2 fixed, 1 remaining).\n"
    assert services.read_bytes() == before + (
        b"import datastore\n"
        b"A = print(datastore.Store).x, datastore.DEFAULT_TIMEOUT\n"
        b"B = datastore.backends.memory.MemoryBackend\n"
    )


def test_ml101_fix_of_an_import_as(modlint, nimbus: Path) -> None:
    services, before = _append(
        nimbus, b"import datastore.store as ds  # short\nA = ds.Store(ds.open_store)\n"
    )
    run = modlint("--fix", "--select", "ML101", cwd=nimbus)
    assert (run.code, run.out, run.err) == (0, "", "Found 1 error (1 fixed, 0 remaining).\n")
    assert services.read_bytes() == before + (
        b"import datastore as ds  # short\nA = ds.Store(ds.open_store)\n"
    )


def test_ml101_fix_of_a_from_import_written_with_spaces(modlint, nimbus: Path) -> None:
    services, before = _append(nimbus, b"from datastore . store import (Store,  # why\n)\n")
    run = modlint("--fix", "--select", "ML101", cwd=nimbus)
    assert (run.code, run.out, run.err) == (0, "", "Found 1 error (1 fixed, 0 remaining).\n")
    assert services.read_bytes() == before + b"from datastore import (Store,  # why\n)\n"
