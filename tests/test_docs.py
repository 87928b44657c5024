"""The docs checker: each kind of drift, each flag of `modlint docs`, and byte-exact fixes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import edit, write

AUTH_ROW = "| `auth/` | Foundation | 🔴 LOCKED | 1.0.0 | Authentication and session management |"
USER_ROW = "| `user/` | Business | 🟢 DEVELOPMENT | — | User management |"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            AUTH_ROW,
            AUTH_ROW.replace("🔴 LOCKED", "🟡 STABLE"),
            "README.md:26:1: ML302 'auth' is LOCKED v1.0.0 in auth/.LOCKED but STABLE in the lock "
            "table",
        ),
        (
            AUTH_ROW,
            AUTH_ROW.replace("1.0.0", "1.1.0"),
            "README.md:26:1: ML302 'auth' is LOCKED v1.0.0 in auth/.LOCKED but v1.1.0 in the lock "
            "table",
        ),
        (
            AUTH_ROW,
            AUTH_ROW.replace("Foundation", "Framework"),
            "README.md:26:1: ML302 'auth' is in the foundation tier in pyproject.toml but framework "
            "in the lock table",
        ),
        (
            AUTH_ROW,
            AUTH_ROW.replace("session management", "sessions"),
            "README.md:26:1: ML302 'auth' is described as \"Authentication and session management\" "
            'in pyproject.toml but "Authentication and sessions" in the lock table',
        ),
        (AUTH_ROW + "\n", "", "README.md:34:1: ML302 module 'auth' is missing from the lock table"),
        (
            USER_ROW,
            USER_ROW + "\n| `billing/` | Business | 🟢 DEVELOPMENT | — | Invoices |",
            "README.md:35:1: ML302 the lock table lists 'billing', which is not a module",
        ),
        (
            USER_ROW,
            USER_ROW + "\n" + USER_ROW,
            "README.md:35:1: ML302 the lock table lists 'user' twice",
        ),
        (
            "<!-- modlint:lock-table:end -->",
            "",
            "README.md:23:1: ML301 lock-table start marker without an end marker "
            "<!-- modlint:lock-table:end -->",
        ),
        (
            "<!-- modlint:lock-table:start -->",
            "<!-- modlint:lock-table:end -->",
            "README.md:35:1: ML301 duplicate lock-table end marker (the first is on line 23); keep "
            "one pair of markers",
        ),
        (
            "<!-- modlint:lock-table:start -->\n",
            "<!-- modlint:lock-table:end -->\n<!-- modlint:"
            "lock-table:start -->\n<!-- modlint:lock-table:end -->\n",
            "README.md:25:1: ML301 duplicate lock-table end marker (the first is on line 23); keep "
            "one pair of markers",
        ),
    ],
    ids=[
        "level",
        "version",
        "tier",
        "description",
        "missing-row",
        "extra-row",
        "twice",
        "no-end-marker",
        "duplicate-marker",
        "out-of-order",
    ],
)
def test_each_kind_of_table_drift(modlint, nimbus: Path, old: str, new: str, expected) -> None:
    edit(nimbus / "README.md", old, new)
    before = (nimbus / "README.md").read_bytes()
    assert _outcome(modlint("docs", "--check", cwd=nimbus)) == (1, expected + "\n", "")
    # `modlint .` runs the same checks
    assert _outcome(modlint(cwd=nimbus)) == (1, expected + "\n", "Found 1 error.\n")
    fixed = modlint("docs", "--fix", cwd=nimbus)
    if "ML301" in expected:  # markers that cannot be trusted: reported, never rewritten
        assert _outcome(fixed) == (1, expected + "\n", "")
        assert (nimbus / "README.md").read_bytes() == before
    else:
        assert _outcome(fixed) == (0, "", "fixed README.md\n")
        assert (nimbus / "README.md").read_text() == _shipped("README.md")
        assert _outcome(modlint("docs", "--check", cwd=nimbus)) == CLEAN


CLEAN = (0, "", "")


def _outcome(run) -> tuple[int, str, str]:
    return run.code, run.out, run.err


def _shipped(name: str) -> str:
    return (Path(__file__).parent.parent / "fixtures" / "nimbus" / name).read_text()


def test_out_of_order_markers(modlint, nimbus: Path) -> None:
    readme = nimbus / "README.md"
    text = readme.read_text()
    start, end = "<!-- modlint:lock-table:start -->", "<!-- modlint:lock-table:end -->"
    readme.write_text(text.replace(start, "@@").replace(end, start).replace("@@", end))
    before = readme.read_bytes()
    assert _outcome(modlint("docs", "--fix", cwd=nimbus)) == (
        1,
        "README.md:23:1: ML301 lock-table end marker comes before the start marker (line 35)\n",
        "",
    )
    assert readme.read_bytes() == before


def test_a_docs_file_without_markers_or_missing(modlint, nimbus: Path) -> None:
    edit(
        nimbus / "pyproject.toml",
        'docs = ["README.md"]',
        'docs = ["README.md", "docs/a.md", "docs/missing.md"]',
    )
    write(nimbus, {"docs/a.md": "# Architecture\n"})
    assert _outcome(modlint("docs", cwd=nimbus)) == (
        1,
        "docs/a.md:1:1: ML301 docs/a.md has no lock table: add the lines "
        "<!-- modlint:lock-table:start --> and <!-- modlint:lock-table:end --> where it belongs, "
        "then run `modlint docs --fix`\n"
        "docs/missing.md:1:1: ML301 docs/missing.md does not exist: it should hold the lock table "
        "(or leave it out of `docs`)\n",
        "",
    )


def test_module_readme_status_lines(modlint, nimbus: Path) -> None:
    edit(nimbus / "auth" / "README.md", "Status: 🔴 LOCKED v1.0.0", "Status: 🟡 STABLE v1.0.0")
    edit(nimbus / "user" / "README.md", "Status: 🟢 DEVELOPMENT\n\n", "")
    assert _outcome(modlint("docs", cwd=nimbus)) == (
        1,
        "auth/README.md:3:1: ML303 auth/README.md says 'Status: 🟡 STABLE v1.0.0' but 'auth' is "
        "LOCKED v1.0.0 in auth/.LOCKED\n"
        "user/README.md:1:1: ML303 user/README.md has no status line: it should say "
        "'Status: 🟢 DEVELOPMENT'\n",
        "",
    )
    assert _outcome(modlint("docs", "--fix", cwd=nimbus)) == (
        0,
        "",
        "fixed auth/README.md\nfixed user/README.md\n",
    )
    for name in ("auth/README.md", "user/README.md"):
        assert (nimbus / name).read_text() == _shipped(name)


def test_status_line_formatting_of_a_person_is_accepted(modlint, nimbus: Path) -> None:
    edit(nimbus / "auth" / "README.md", "Status: 🔴 LOCKED v1.0.0", "**Status:** locked 1.0")
    assert _outcome(modlint("docs", cwd=nimbus)) == CLEAN


def test_diff_prints_the_fix_and_changes_nothing(modlint, nimbus: Path) -> None:
    edit(nimbus / "README.md", AUTH_ROW, AUTH_ROW.replace("🔴 LOCKED", "🟡 STABLE"))
    before = (nimbus / "README.md").read_bytes()
    run = modlint("docs", "--diff", cwd=nimbus)
    assert (run.code, run.err) == (1, "")
    assert run.out == (
        "--- a/README.md\n+++ b/README.md\n@@ -23,7 +23,7 @@\n"
        " <!-- modlint:lock-table:start -->\n"
        " | Module | Tier | Level | Version | Description |\n"
        " | --- | --- | --- | --- | --- |\n"
        f"-{AUTH_ROW.replace('🔴 LOCKED', '🟡 STABLE')}\n"
        f"+{AUTH_ROW}\n"
        " | `datamodel/` | Foundation | 🔴 LOCKED | 1.0.0 | ORM and data validation |\n"
        " | `datastore/` | Foundation | 🔴 LOCKED | 1.0.0 | Storage abstraction layer |\n"
        " | `logs/` | Foundation | 🔴 LOCKED | 1.0.0 | Centralized logging system |\n"
    )
    assert (nimbus / "README.md").read_bytes() == before
    assert _outcome(modlint("docs", "--diff", cwd=_clean_copy(nimbus))) == CLEAN


def _clean_copy(nimbus: Path) -> Path:
    edit(nimbus / "README.md", AUTH_ROW.replace("🔴 LOCKED", "🟡 STABLE"), AUTH_ROW)
    return nimbus


def test_fix_leaves_agreeing_files_untouched(modlint, nimbus: Path) -> None:
    readme = nimbus / "README.md"
    os.utime(readme, (0, 0))
    run = modlint("docs", "--fix", cwd=nimbus)
    assert (run.code, run.out, run.err) == (0, "", "")
    assert readme.stat().st_mtime == 0


def test_tolerant_reading_of_a_hand_edited_table(modlint, nimbus: Path) -> None:
    readme = nimbus / "README.md"
    text = readme.read_text()
    start = text.index("<!-- modlint:lock-table:start -->\n") + len(
        "<!-- modlint:lock-table:start -->\n"
    )
    end = text.index("<!-- modlint:lock-table:end -->")
    hand_made = (
        "|Level|  module |Description| Version | Tier|\n"
        "|:--|--|--|--:|--|\n"
        "| locked | auth | Authentication and  session management | v1.0 | foundation |\n"
        "| LOCKED |datamodel/|ORM and data validation|1.0.0|Foundation|\n"
        "| 🔴 Locked | `datastore` | Storage abstraction layer | 1.0.0 | foundation |\n"
        "| locked | logs | Centralized logging system | 1.0.0 | foundation |\n"
        "| stable | api-key | API key management | 1.0.0 | framework |\n"
        "| stable | cloudfunction | Function execution engine | 1.0 | framework |\n"
        "| stable | messaging | Multi-channel notifications | 1.0.0 | framework |\n"
        "| development | user | User management | - | business |\n"
        "| development | project | Project management | n/a | business |\n"
    )
    readme.write_text(text[:start] + hand_made + text[end:])
    assert _outcome(modlint("docs", "--check", cwd=nimbus)) == CLEAN


def test_a_description_a_person_wrote_is_kept(modlint, nimbus: Path) -> None:
    edit(
        nimbus / "pyproject.toml",
        'tier = "business"\ndescription = "User management"\n',
        'tier = "business"\n',
    )
    edit(
        nimbus / "README.md",
        USER_ROW,
        "| user | Business | STABLE | — | People and their profiles |",
    )
    assert _outcome(modlint("docs", "--fix", cwd=nimbus)) == (0, "", "fixed README.md\n")
    assert (nimbus / "README.md").read_bytes() == _shipped("README.md").replace(
        USER_ROW, "| `user/` | Business | 🟢 DEVELOPMENT | — | People and their profiles |"
    ).encode("utf-8")


def test_crlf_bom_and_emoji_survive_a_fix_byte_for_byte(modlint, nimbus: Path) -> None:
    readme = nimbus / "README.md"
    text = _shipped("README.md").replace("🔴 LOCKED | 1.0.0 | Auth", "🟡 STABLE | 1.0.0 | Auth")
    head, table_and_tail = text.split("<!-- modlint:lock-table:start -->\n")
    tail = table_and_tail.split("<!-- modlint:lock-table:end -->")[1]
    head += "Café ☕ — notes 🚀\n"
    readme.write_bytes(
        b"\xef\xbb\xbf"
        + (
            head
            + "<!-- modlint:lock-table:start -->\n"
            + table_and_tail.split("<!-- modlint:lock-table:end -->")[0]
            + "<!-- modlint:lock-table:end -->"
            + tail.rstrip("\n")
        )
        .replace("\n", "\r\n")
        .encode("utf-8")
    )
    assert _outcome(modlint("docs", cwd=nimbus)) == (
        1,
        "README.md:27:1: ML302 'auth' is LOCKED v1.0.0 in auth/.LOCKED but STABLE in the lock "
        "table\n",
        "",
    )
    assert _outcome(modlint("docs", "--fix", cwd=nimbus)) == (0, "", "fixed README.md\n")
    fixed = readme.read_bytes()
    expected = (
        head
        + "<!-- modlint:lock-table:start -->\n"
        + _shipped("README.md")
        .split("<!-- modlint:lock-table:start -->\n")[1]
        .split("<!-- modlint:lock-table:end -->")[0]
        + "<!-- modlint:lock-table:end -->"
        + tail.rstrip("\n")
    )
    assert fixed == b"\xef\xbb\xbf" + expected.replace("\n", "\r\n").encode("utf-8")
    assert _outcome(modlint("docs", "--check", cwd=nimbus)) == CLEAN


def test_docs_checks_are_selectable_in_a_check_run(modlint, nimbus: Path) -> None:
    edit(nimbus / "README.md", AUTH_ROW, AUTH_ROW.replace("🔴 LOCKED", "🟡 STABLE"))
    assert _outcome(modlint("--ignore", "ML3", cwd=nimbus)) == CLEAN
    assert _outcome(modlint("--select", "ML302", cwd=nimbus)) == (
        1,
        "README.md:26:1: ML302 'auth' is LOCKED v1.0.0 in auth/.LOCKED but STABLE in the lock "
        "table\n",
        "Found 1 error.\n",
    )


def test_a_project_without_readme_or_with_docs_off(modlint, nimbus: Path) -> None:
    edit(nimbus / "pyproject.toml", 'docs = ["README.md"]\n', "")
    (nimbus / "README.md").unlink()
    assert _outcome(modlint(cwd=nimbus)) == CLEAN
