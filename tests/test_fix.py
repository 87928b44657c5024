"""`modlint check --fix`, `--diff`, `--unsafe-fixes`: exact bytes after each fix, the diff and
summary lines, exit codes, and the fix engine's API."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import jsonschema
import pytest
from conftest import edit

from modlint.model import Diagnostic, Edit, Fix
from modlint.pipeline.fixes import Fixable, apply_fixes, source_text

UPWARD = "ML001 foundation module 'core' imports business module 'app' (app)"


def test_fix_removes_unused_codes_and_whole_comments(modlint, small) -> None:
    root = small(
        {
            "core/a.py": (
                "import app  # noqa: ML001\n"
                "import os  # noqa: ML001\n"
                "import sys  # noqa: ML002, E501 legacy\n"
                "import re  # type: ignore # noqa: ML999\n"
                "# modlint: noqa: ML101\n"
                "x = 1\t# noqa:ML004,ML001  \n"
            )
        }
    )
    run = modlint("--fix", "--select", "ML001,ML903", cwd=root)
    assert (run.code, run.out) == (0, "")
    assert run.err == "Found 5 errors (5 fixed, 0 remaining).\n"
    assert (root / "core/a.py").read_bytes() == (
        b"import app  # noqa: ML001\n"
        b"import os\n"
        b"import sys  # noqa: E501 legacy\n"
        b"import re  # type: ignore\n"
        b"x = 1\n"
    )


def test_fix_keeps_crlf_bom_and_every_other_byte(modlint, small) -> None:
    before = (
        b"\xef\xbb\xbf# caf\xc3\xa9 \xe2\x80\x94 comment\r\n"
        b"import app  # noqa: ML001\r\n"
        b"import os\t# noqa: ML001, E501\r\n"
        b"\r\n"
        b"y = '\xc3\xa9'  # noqa: ML002\r\n"
    )
    root = small({"core/a.py": before})
    run = modlint("--fix", "--select", "ML001,ML903", cwd=root)
    assert (run.code, run.out, run.err) == (
        0,
        "",
        "Found 2 errors (2 fixed, 0 remaining).\n",
    )
    assert (root / "core/a.py").read_bytes() == (
        b"\xef\xbb\xbf# caf\xc3\xa9 \xe2\x80\x94 comment\r\n"
        b"import app  # noqa: ML001\r\n"
        b"import os\t# noqa: E501\r\n"
        b"\r\n"
        b"y = '\xc3\xa9'\r\n"
    )


def test_fix_keeps_a_latin1_file_latin1(modlint, small) -> None:
    before = b"# -*- coding: latin-1 -*-\nname = '\xe9'  # noqa: ML001\n"
    root = small({"core/a.py": before})
    assert modlint("--fix", "--select", "ML903", cwd=root).code == 0
    assert (root / "core/a.py").read_bytes() == b"# -*- coding: latin-1 -*-\nname = '\xe9'\n"


def test_fix_reports_what_remains_and_exits_1(modlint, small) -> None:
    root = small({"core/a.py": "import app  # noqa: ML002\n"})
    run = modlint("--fix", "--select", "ML001,ML903", cwd=root)
    assert (run.code, run.out) == (1, f"core/a.py:1:8: {UPWARD}\n")
    assert run.err == "Found 2 errors (1 fixed, 1 remaining).\n"
    assert (root / "core/a.py").read_bytes() == b"import app\n"


def test_fix_with_nothing_to_fix_says_nothing(modlint, small) -> None:
    root = small({"core/a.py": "import os\n"})
    run = modlint("--fix", cwd=root)
    assert (run.code, run.out, run.err) == (0, "", "")


def test_fix_only_touches_the_paths_given(modlint, small) -> None:
    root = small(
        {"core/a.py": "import os  # noqa: ML001\n", "service/b.py": "import os  # noqa: ML001\n"}
    )
    run = modlint("--fix", "core", cwd=root)
    assert (run.code, run.err) == (0, "Found 1 error (1 fixed, 0 remaining).\n")
    assert (root / "core/a.py").read_bytes() == b"import os\n"
    assert (root / "service/b.py").read_bytes() == b"import os  # noqa: ML001\n"


def test_fix_writes_through_a_symlink(modlint, small) -> None:
    # The target lies in the project (links out of it are never read, see
    # test_discovery_hostile.py), under a name that is no Python file of its own.
    root = small({"core/__init__.py": "", "shared/a.txt": "import os  # noqa: ML001\n"})
    target = root / "shared" / "a.txt"
    os.symlink("../shared/a.txt", root / "core" / "a.py")
    assert modlint("--fix", cwd=root).code == 0
    assert os.path.islink(root / "core" / "a.py")
    assert target.read_bytes() == b"import os\n"
    assert sorted(os.listdir(root / "shared")) == ["a.txt"]
    assert sorted(os.listdir(root / "core")) == ["__init__.py", "a.py"]


def test_diff_prints_and_writes_nothing(modlint, small) -> None:
    before = b"import os  # noqa: ML001\r\nimport sys  # noqa: ML001, E501\r\n"
    root = small({"core/a.py": before})
    run = modlint("--diff", cwd=root)
    assert run.code == 1
    assert run.out == (
        "--- a/core/a.py\n"
        "+++ b/core/a.py\n"
        "@@ -1,2 +1,2 @@\n"
        "-import os  # noqa: ML001\r\n"
        "-import sys  # noqa: ML001, E501\r\n"
        "+import os\r\n"
        "+import sys  # noqa: E501\r\n"
    )
    assert run.err == "Would fix 2 errors.\n"
    assert (root / "core/a.py").read_bytes() == before


def test_diff_with_nothing_to_fix_exits_0(modlint, small) -> None:
    root = small({"core/a.py": "import app\n"})
    run = modlint("--diff", "--select", "ML001", cwd=root)
    assert (run.code, run.out, run.err) == (0, "", "")


def test_diff_escapes_control_characters(modlint, small) -> None:
    root = small({"core/a.py": "s = '\x1b[2J'  # noqa: ML001\n"})
    run = modlint("--diff", cwd=root)
    assert run.out.splitlines()[-2:] == [
        "-s = '\\x1b[2J'  # noqa: ML001",
        "+s = '\\x1b[2J'",
    ]


def test_json_output_after_fix_lists_what_remains(modlint, small) -> None:
    root = small({"core/a.py": "import app  # noqa: ML002\n"})
    run = modlint("--fix", "--select", "ML001,ML903", "--output-format", "concise", cwd=root)
    assert (run.code, run.out) == (1, f"core/a.py:1:8: {UPWARD}\n")


def _fixable(line: int, column: int, end: int, content: str) -> Fixable:
    diagnostic = Diagnostic(Path("/x.py"), line, column, "ML903", "unused")
    return Fixable(diagnostic, Fix("m", (Edit(line, column, line, end, content),)))


def test_apply_fixes_skips_overlapping_and_out_of_range_edits() -> None:
    text = "abc\r\ndef\n"
    first, overlapping = _fixable(1, 2, 3, "X"), _fixable(1, 1, 3, "Y")
    outside = _fixable(9, 1, 2, "Z")
    applied = apply_fixes(text, [overlapping, outside, first, _fixable(2, 4, 4, "!")])
    assert applied.text == "Yc\r\ndef!\n"
    assert [fix.fix.edits[0].content for fix in applied.fixes] == ["Y", "!"]


def test_source_text_refuses_bytes_it_cannot_give_back() -> None:
    assert source_text(b"\xef\xbb\xbfx = 1\n") is not None
    assert source_text(b"\xff\xfe") is None


def test_add_noqa_comments_each_violation_and_is_idempotent(modlint, small) -> None:
    before = (
        b"\xef\xbb\xbfimport app\r\n"
        b"import app.views  # noqa: E501 long\r\n"
        b"from app import (\r\n"
        b"    views,\r\n"
        b")\r\n"
        b"import app  \t\r\n"
    )
    root = small({"app/views.py": "", "core/a.py": before})
    run = modlint("--add-noqa", "--select", "ML001", cwd=root)
    assert (run.code, run.out, run.err) == (0, "", "Added 4 noqa directives.\n")
    after = (
        b"\xef\xbb\xbfimport app  # noqa: ML001\r\n"
        b"import app.views  # noqa: E501, ML001 long\r\n"
        b"from app import (  # noqa: ML001\r\n"
        b"    views,\r\n"
        b")\r\n"
        b"import app  # noqa: ML001\r\n"
    )
    assert (root / "core/a.py").read_bytes() == after
    again = modlint("--add-noqa", "--select", "ML001", cwd=root)
    assert (again.code, again.err) == (0, "Added 0 noqa directives.\n")
    assert (root / "core/a.py").read_bytes() == after
    assert modlint("--select", "ML001", cwd=root).code == 0


def test_add_noqa_merges_codes_of_one_line(modlint, small) -> None:
    root = small({"core/a.py": "import app, service  # noqa: ML004\n"}, extra="")
    run = modlint("--add-noqa", "--select", "ML001,ML002", cwd=root)
    assert run.err == "Added 1 noqa directive.\n"
    assert (root / "core/a.py").read_text() == ("import app, service  # noqa: ML004, ML001\n")


def test_add_noqa_leaves_files_outside_the_paths(modlint, small) -> None:
    root = small({"core/a.py": "import app\n", "service/b.py": "import app\n"})
    run = modlint("--add-noqa", "service", "--select", "ML001", cwd=root)
    assert run.err == "Added 1 noqa directive.\n"
    assert (root / "core/a.py").read_text() == "import app\n"
    assert (root / "service/b.py").read_text() == "import app  # noqa: ML001\n"


def test_add_noqa_refuses_fix(modlint, small) -> None:
    root = small({"core/a.py": "import app\n"})
    run = modlint("--add-noqa", "--fix", cwd=root)
    assert (run.code, run.err) == (
        2,
        "modlint: error: option --add-noqa cannot be combined with --fix or --diff\n",
    )


SERVICES = "project/services.py"


def test_ml101_fix_imports_from_the_package_that_reexports(modlint, nimbus: Path) -> None:
    services = nimbus / SERVICES
    before = services.read_bytes()
    services.write_bytes(
        before
        + b"from datastore.store import Store, open_store as o  # why\r\n"
        + b"from datastore.backends.sql import SqlBackend\n"
        + b"from datastore.store import DEFAULT_TIMEOUT, _private\n"
    )
    run = modlint("--fix", "--select", "ML101", cwd=nimbus)
    assert run.code == 1
    assert run.out == (
        f"{SERVICES}:32:6: ML101 'datastore.backends.sql' is not in the surface of locked "
        "module 'datastore' (use what 'datastore' exports)\n"
        f"{SERVICES}:33:6: ML101 'datastore.store' is not in the surface of locked module "
        "'datastore' (use what 'datastore' exports)\n"
    )
    assert run.err == "Found 3 errors (1 fixed, 2 remaining).\n"
    assert services.read_bytes() == (
        before
        + b"from datastore import Store, open_store as o  # why\r\n"
        + b"from datastore.backends.sql import SqlBackend\n"
        + b"from datastore.store import DEFAULT_TIMEOUT, _private\n"
    )


def test_ml101_has_no_fix_for_a_plain_import(modlint, nimbus: Path) -> None:
    services = nimbus / SERVICES
    services.write_text(services.read_text() + "import datastore.store\n")
    run = modlint("--diff", "--select", "ML101", cwd=nimbus)
    assert (run.code, run.out, run.err) == (0, "", "")


def _with_fix(monkeypatch, code: str, content: str) -> None:
    """Make rule ``code`` offer a fix that replaces its diagnostic's whole line."""
    import dataclasses

    from modlint.pipeline import fixes

    def bad_fix(diagnostic: Diagnostic, text: str, project: object) -> Fix:
        edit = Edit(diagnostic.line, 1, diagnostic.line + 1, 1, content)
        return Fix("replace the line", (edit,))

    rule = dataclasses.replace(fixes.RULES_BY_CODE[code], fix=bad_fix)
    monkeypatch.setitem(fixes.RULES_BY_CODE, code, rule)


def test_a_fix_that_brings_a_new_violation_is_dropped(modlint, small, monkeypatch) -> None:
    root = small({"core/a.py": "import os  # noqa: ML001\n", "core/b.py": "x = 1  # noqa: ML001\n"})
    _with_fix(monkeypatch, "ML903", "import app\n")
    run = modlint("--fix", "--select", "ML001,ML903", cwd=root)
    assert run.code == 1
    assert run.out == (
        "core/a.py:1:12: ML903 unused noqa directive (unused: ML001)\n"
        "core/b.py:1:8: ML903 unused noqa directive (unused: ML001)\n"
    )
    assert run.err == (
        f"modlint: warning: core/a.py: fixes not applied: it would introduce {UPWARD.replace(' ', ': ', 1)}\n"
        f"modlint: warning: core/b.py: fixes not applied: it would introduce {UPWARD.replace(' ', ': ', 1)}\n"
        "Found 2 errors (0 fixed, 2 remaining).\n"
    )
    assert (root / "core/a.py").read_bytes() == b"import os  # noqa: ML001\n"


def test_a_fix_that_breaks_the_syntax_is_dropped(modlint, small, monkeypatch) -> None:
    root = small({"core/a.py": "import os  # noqa: ML001\n"})
    _with_fix(monkeypatch, "ML903", "import (\n")
    run = modlint("--diff", cwd=root)
    assert (run.code, run.out) == (0, "")
    assert (
        run.err
        == "modlint: warning: core/a.py: fixes not applied: the fixed file would not parse\n"
    )


ML102_FIXTURE = Path(__file__).parent / "rules" / "ML102"


@pytest.fixture
def missing_all(tmp_path: Path) -> Path:
    """tests/rules/ML102 copied: locked `store` has no `__all__`, `calc` a computed one."""
    root = tmp_path / "ml102"
    shutil.copytree(ML102_FIXTURE, root)
    return root


def test_ml102_fix_is_unsafe(modlint, missing_all: Path) -> None:
    init = missing_all / "store" / "__init__.py"
    before = init.read_bytes()
    run = modlint("--fix", "--select", "ML102", "store", cwd=missing_all)
    assert (run.code, run.err) == (
        1,
        "Found 1 error (0 fixed, 1 remaining).\n"
        "1 hidden fix can be enabled with the `--unsafe-fixes` option.\n",
    )
    assert init.read_bytes() == before
    diff = modlint("--diff", "--select", "ML102", "store", cwd=missing_all)
    assert (diff.code, diff.out, diff.err) == (
        0,
        "",
        "1 hidden fix can be enabled with the `--unsafe-fixes` option.\n",
    )


def test_ml102_unsafe_fix_defines_all(modlint, missing_all: Path) -> None:
    init = missing_all / "store" / "__init__.py"
    init.write_bytes(b"# the store\r\nfrom .engine import DEFAULT_TIMEOUT, Store, open_store")
    run = modlint("--fix", "--unsafe-fixes", "--select", "ML102", "store", cwd=missing_all)
    assert (run.code, run.out, run.err) == (0, "", "Found 1 error (1 fixed, 0 remaining).\n")
    assert init.read_bytes() == (
        b"# the store\r\nfrom .engine import DEFAULT_TIMEOUT, Store, open_store\r\n\r\n"
        b'__all__ = ["DEFAULT_TIMEOUT", "Store", "open_store"]\r\n'
    )


def test_ml102_unsafe_fix_lists_long_surfaces_one_name_a_line(modlint, missing_all) -> None:
    names = [f"name_number_{i}" for i in range(6)]
    (missing_all / "store" / "engine.py").write_text(
        "".join(f"{name} = {i}\n" for i, name in enumerate(names))
    )
    (missing_all / "store" / "__init__.py").write_text(f"from .engine import {', '.join(names)}\n")
    (missing_all / "store" / ".LOCKED").write_text(
        'module = "store"\nversion = "1.0.0"\n\n[surface]\n'
        + "".join(f'"{name}" = "constant"\n' for name in names)
    )
    run = modlint("--diff", "--unsafe-fixes", "--select", "ML102", "store", cwd=missing_all)
    assert run.out.splitlines()[-9:] == [
        "+",
        "+__all__ = [",
        *[f'+    "{name}",' for name in names],
        "+]",
    ]


def test_ml102_has_no_fix_for_a_computed_all(modlint, missing_all: Path) -> None:
    run = modlint("--diff", "--unsafe-fixes", "--select", "ML102", "calc", cwd=missing_all)
    assert (run.code, run.out, run.err) == (0, "", "")


AUTH_ROW = "| `auth/` | Foundation | 🔴 LOCKED | 1.0.0 | Authentication and session management |"


def test_fix_also_makes_the_docs_fixes(modlint, nimbus: Path) -> None:
    readme, auth = nimbus / "README.md", nimbus / "auth" / "README.md"
    shipped = readme.read_bytes(), auth.read_bytes()
    edit(readme, AUTH_ROW, AUTH_ROW.replace("🔴 LOCKED", "🟡 STABLE"))
    edit(auth, "Status: 🔴 LOCKED v1.0.0", "Status: 🟡 STABLE v1.0.0")
    services = nimbus / SERVICES
    services.write_text(services.read_text() + "import os  # noqa: ML001\n")
    diff = modlint("--diff", cwd=nimbus)
    assert (diff.code, diff.err) == (1, "Would fix 3 errors.\n")
    assert diff.out.count("\n+++ b/") == 3
    run = modlint("--fix", cwd=nimbus)
    assert (run.code, run.out, run.err) == (0, "", "Found 3 errors (3 fixed, 0 remaining).\n")
    assert (readme.read_bytes(), auth.read_bytes()) == shipped
    assert services.read_text().endswith("\nimport os\n")


def test_fix_leaves_docs_outside_the_paths(modlint, nimbus: Path) -> None:
    readme = nimbus / "README.md"
    edit(readme, AUTH_ROW, AUTH_ROW.replace("🔴 LOCKED", "🟡 STABLE"))
    before = readme.read_bytes()
    run = modlint("--fix", "project", cwd=nimbus)
    assert (run.code, run.out, run.err) == (0, "", "")
    assert readme.read_bytes() == before


# The `fix` object of ruff's JSON output, and SARIF 2.1.0's `fix` (sarif-schema-2.1.0.json,
# "fix", "artifactChange", "replacement", "region"), the parts modlint writes.
_POSITION = {
    "type": "object",
    "required": ["row", "column"],
    "properties": {"row": {"type": "integer", "minimum": 1}, "column": {"type": "integer"}},
    "additionalProperties": False,
}
RUFF_FIX = {
    "type": "object",
    "required": ["applicability", "message", "edits"],
    "additionalProperties": False,
    "properties": {
        "applicability": {"enum": ["safe", "unsafe", "display-only"]},
        "message": {"type": ["string", "null"]},
        "edits": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["content", "location", "end_location"],
                "additionalProperties": False,
                "properties": {
                    "content": {"type": "string"},
                    "location": _POSITION,
                    "end_location": _POSITION,
                },
            },
        },
    },
}
_REGION = {
    "type": "object",
    "properties": {
        name: {"type": "integer", "minimum": 1}
        for name in ("startLine", "startColumn", "endLine", "endColumn")
    },
}
SARIF_FIX = {
    "type": "object",
    "required": ["artifactChanges"],
    "properties": {
        "description": {"type": "object", "required": ["text"]},
        "artifactChanges": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["artifactLocation", "replacements"],
                "properties": {
                    "artifactLocation": {"type": "object", "required": ["uri"]},
                    "replacements": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["deletedRegion"],
                            "properties": {
                                "deletedRegion": _REGION,
                                "insertedContent": {"type": "object", "required": ["text"]},
                            },
                        },
                    },
                },
            },
        },
    },
}


def test_json_output_carries_ruffs_fix_object(modlint, small) -> None:
    root = small({"core/a.py": "import app  # noqa: ML002, E501\nimport os  # noqa: ML001\n"})
    run = modlint("--select", "ML001,ML903", "--output-format", "json", cwd=root)
    found = json.loads(run.out)
    assert [(d["code"], d["line"]) for d in found] == [("ML001", 1), ("ML903", 1), ("ML903", 2)]
    assert found[0]["fix"] is None
    for diagnostic in found[1:]:
        jsonschema.validate(diagnostic["fix"], RUFF_FIX)
    assert found[1]["fix"] == {
        "applicability": "safe",
        "message": "Remove unused code from `noqa` directive",
        "edits": [
            {  # the smallest span that changes: "ML002, " goes
                "content": "",
                "location": {"row": 1, "column": 21},
                "end_location": {"row": 1, "column": 28},
            }
        ],
    }
    assert found[2]["fix"]["edits"] == [
        {
            "content": "",
            "location": {"row": 2, "column": 10},
            "end_location": {"row": 2, "column": 25},
        }
    ]


def test_sarif_output_carries_fixes(modlint, missing_all: Path) -> None:
    run = modlint("--select", "ML102", "--output-format", "sarif", "store", cwd=missing_all)
    (result,) = json.loads(run.out)["runs"][0]["results"]
    (fix,) = result["fixes"]
    jsonschema.validate(fix, SARIF_FIX)
    assert fix == {
        "description": {"text": "Define `__all__` with the names the package exports now"},
        "artifactChanges": [
            {
                "artifactLocation": {"uri": "store/__init__.py"},
                "replacements": [
                    {
                        "deletedRegion": {
                            "startLine": 2,
                            "startColumn": 1,
                            "endLine": 2,
                            "endColumn": 1,
                        },
                        "insertedContent": {
                            "text": '\n__all__ = ["DEFAULT_TIMEOUT", "Store", "open_store"]\n'
                        },
                    }
                ],
            }
        ],
    }


def test_rules_shows_which_rules_fix(modlint) -> None:
    lines = {line[:13] for line in modlint("rules").lines}
    assert {line for line in lines if line[7:].strip()} == {
        "ML101  fix   ",
        "ML102  unsafe",
        "ML301  unsafe",
        "ML302  fix   ",
        "ML303  fix   ",
        "ML903  fix   ",
    }
    rules = json.loads(modlint("rules", "--output-format", "json").out)
    assert {rule["code"]: rule["fix"] for rule in rules if rule["fix"]} == {
        "ML101": "safe",
        "ML102": "unsafe",
        "ML301": "unsafe",
        "ML302": "safe",
        "ML303": "safe",
        "ML903": "safe",
    }


def test_add_noqa_never_writes_into_a_string() -> None:
    from modlint.model import FileFacts
    from modlint.pipeline.add_noqa import noqa_fixes

    text = 'x = f"""\n{datastore.backends}\n"""\ny = datastore.backends\n'
    found = [Diagnostic(Path("/p/a.py"), line, 1, "ML101", "internal") for line in (2, 4)]
    fixes, refused = noqa_fixes(found, text, FileFacts())
    assert apply_fixes(text, fixes).text == (
        'x = f"""\n{datastore.backends}\n"""\ny = datastore.backends  # noqa: ML101\n'
    )
    assert refused == ("line 2 ends inside a string, which a comment would join",)


def test_add_noqa_says_which_lines_cannot_take_a_comment(modlint, small) -> None:
    """A line that ends inside a string would swallow the comment, and a malformed `# noqa`
    cannot take codes: both are named, and the rest of the file gets its comments."""
    before = 'import app; x = """\ntext\n"""\nimport app  # noqa:\nimport app\n'
    root = small({"core/a.py": before})
    run = modlint("--add-noqa", "--select", "ML001", cwd=root)
    assert (run.code, run.out, run.err) == (
        0,
        "",
        "modlint: warning: core/a.py: noqa comments not added: line 1 ends inside a string,"
        " which a comment would join\n"
        "modlint: warning: core/a.py: noqa comments not added: line 4 has a noqa comment whose"
        " codes cannot be added to\n"
        "Added 1 noqa directive.\n",
    )
    assert (root / "core/a.py").read_text() == before.replace(
        "\nimport app\n", "\nimport app  # noqa: ML001\n"
    )
