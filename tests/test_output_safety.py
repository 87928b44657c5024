"""Text from the checked project can never forge an output line or reach the terminal as control
characters, in any output format, and every format stays valid whatever the project holds."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import jsonschema
import pytest
from conftest import write
from test_output_formats import GITHUB_SARIF

CONFIG = r"""
[tool.modlint]
docs = []

[tool.modlint.modules."co\rre"]
path = "core"
tier = "foundation"
description = "line one\nline two \u001b[31mred"

[tool.modlint.modules.app]
tier = "business"
"""
EVIL = 'import importlib\nimportlib.import_module("app.x\\nsrc/x.py:1:1: ML001 forged")\n'
UPWARD = "ML001 foundation module 'co\\rre' imports business module 'app' (app)"
FORGED = (
    "ML006 cannot resolve 'app.x\\nsrc/x.py:1:1: ML001 forged': no such module or package "
    "in the project"
)
TEXT = (
    f"core/a\\nb.py:1:8: {UPWARD}\n"
    f"core/caf\\xe9.py:1:8: {UPWARD}\n"
    f"core/evil.py:2:25: {FORGED}\n"
    f"core/x\\x1b[31m.py:1:8: {UPWARD}\n"
)
# Every character that could end a line, steer a terminal or reorder text on it.
UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
    "\u2066-\u2069\ud800-\udfff]"
)


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A project whose file names, module name, description and code hold control characters,
    and one file name that is not UTF-8."""
    root = write(
        tmp_path / "hostile",
        {
            "pyproject.toml": CONFIG,
            "core/__init__.py": "",
            "app/__init__.py": "",
            "core/a\nb.py": "import app\n",
            "core/x\x1b[31m.py": "import app\n",
            "core/evil.py": EVIL,
        },
    )
    (root / os.fsdecode(b"core/caf\xe9.py")).write_text("import app\n")
    return root


def assert_no_forged_line(out: str) -> None:
    """No line of ``out`` starts a diagnostic the project wrote, and no character in it
    could end a line or steer the terminal."""
    assert UNSAFE.search(out) is None
    assert out.splitlines() == out.split("\n")[:-1]  # no other line boundary either
    assert not [line for line in out.splitlines() if line.startswith(("src/x.py", "b.py"))]


@pytest.mark.parametrize("output_format", ["text", "concise"])
def test_text_formats_escape_project_text(modlint, hostile: Path, output_format: str) -> None:
    run = modlint("--output-format", output_format, "--no-cache", cwd=hostile)
    assert (run.code, run.out, run.err) == (1, TEXT, "Found 4 errors.\n")
    assert_no_forged_line(run.out)


def test_colour_stays_but_the_project_brings_none(modlint, hostile: Path) -> None:
    run = modlint("--color", "always", "--no-cache", cwd=hostile)
    colon = "\x1b[36m:\x1b[0m"
    assert run.out.splitlines()[3] == (
        f"\x1b[1mcore/x\\x1b[31m.py\x1b[0m{colon}1{colon}8{colon} \x1b[1m\x1b[31mML001\x1b[0m "
        f"{UPWARD[6:]}"
    )


def test_json(modlint, hostile: Path) -> None:
    run = modlint("--output-format", "json", "--no-cache", cwd=hostile)
    assert_no_forged_line(run.out)
    found = [(d["path"], d["code"], d["message"]) for d in json.loads(run.out)]
    upward = UPWARD[6:].replace("\\r", "\r")
    assert (
        found
        == [
            ("core/a\nb.py", "ML001", upward),
            ("core/caf\\xe9.py", "ML001", upward),  # JSON holds text: the byte as its escape
            ("core/evil.py", "ML006", FORGED[6:].replace("\\n", "\n")),
            ("core/x\x1b[31m.py", "ML001", upward),
        ]
    )


def test_sarif(modlint, hostile: Path) -> None:
    run = modlint("--output-format", "sarif", "--no-cache", cwd=hostile)
    assert_no_forged_line(run.out)
    log = json.loads(run.out)
    jsonschema.validate(log, GITHUB_SARIF)
    results = log["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results] == [
        "core/a%0Ab.py",
        "core/caf%E9.py",
        "core/evil.py",
        "core/x%1B%5B31m.py",
    ]
    assert results[2]["message"]["text"] == FORGED[6:].replace("\\n", "\n")
    assert len({r["partialFingerprints"]["modlint/v1"] for r in results}) == 4


def test_github(modlint, hostile: Path) -> None:
    run = modlint("--output-format", "github", "--no-cache", cwd=hostile)
    assert_no_forged_line(run.out)
    where = "line=1,col=8,endLine=1,endColumn=11"
    upward = UPWARD.replace("\\r", "%0D")
    assert run.out.splitlines() == [
        f"::error title=ML001,file=core/a%0Ab.py,{where}::{upward}",
        f"::error title=ML001,file=core/caf\\xe9.py,{where}::{upward}",
        "::error title=ML006,file=core/evil.py,line=2,col=25,endLine=2,endColumn=60::"
        + FORGED.replace("\\n", "%0A"),
        f"::error title=ML001,file=core/x\\x1b[31m.py,{where}::{upward}",
    ]


def test_gitlab(modlint, hostile: Path) -> None:
    first = modlint("--output-format", "gitlab", "--no-cache", cwd=hostile).out
    assert_no_forged_line(first)
    issues = json.loads(first)
    assert [issue["location"]["path"] for issue in issues] == [
        "core/a\nb.py",
        "core/caf\\xe9.py",
        "core/evil.py",
        "core/x\x1b[31m.py",
    ]
    assert len({issue["fingerprint"] for issue in issues}) == 4
    assert modlint("--output-format", "gitlab", cwd=hostile).out == first  # stable


def test_junit_is_well_formed(modlint, hostile: Path) -> None:
    run = modlint("--output-format", "junit", "--no-cache", cwd=hostile)
    assert_no_forged_line(run.out)
    root = ElementTree.fromstring(run.out.encode("utf-8"))
    failures = [
        (case.get("file"), case.find("failure").get("message")) for case in root.iter("testcase")
    ]
    upward = UPWARD[6:]
    assert failures == [
        ("core/a\\nb.py", upward),
        ("core/caf\\xe9.py", upward),
        ("core/evil.py", FORGED[6:]),
        ("core/x\\x1b[31m.py", upward),
    ]
    assert root.find("./testsuite/testcase/failure").text == TEXT.splitlines()[0]


def test_every_control_character_of_a_name_is_escaped(modlint, small) -> None:
    name = "\u0000\u0007\t\n\r\u001b\u007f\u0085\u009b\u2028\u2029\u202e\u2066é🔴"
    in_toml = "".join(f"\\u{ord(c):04x}" if c.isascii() or not c.isprintable() else c for c in name)
    root = small(
        {
            "core/a.py": "import app\n",
            "pyproject.toml": f'''
        [tool.modlint.modules."{in_toml}"]
        path = "core"
        tier = "foundation"

        [tool.modlint.modules.app]
        tier = "business"
        ''',
        }
    )
    run = modlint("--select", "ML001", cwd=root)
    assert run.out == (
        "core/a.py:1:8: ML001 foundation module "
        "'\\x00\\x07\\t\\n\\r\\x1b\\x7f\\u0085\\u009b\\u2028\\u2029\\u202e\\u2066é🔴' imports "
        "business module 'app' (app)\n"
    )


def test_show_source_escapes_the_line_and_keeps_the_caret_under_the_name(modlint, small) -> None:
    root = small({"core/a.py": 'x = "\x1b]0;owned\x07"; import app\n'})
    run = modlint("--select", "ML001", "--show-source", cwd=root)
    assert run.out == (
        "core/a.py:1:26: ML001 foundation module 'core' imports business module 'app' (app)\n"
        "  |\n"
        '1 | x = "\\x1b]0;owned\\x07"; import app\n'
        "  | " + " " * len('x = "\\x1b]0;owned\\x07"; import ') + "^^^\n"
    )


def test_show_source_numbers_lines_as_python_does(modlint, small) -> None:
    # A form feed or U+2028 inside a line is no line break for Python.
    root = small({"core/a.py": "# \x0c \u2028 one line\nimport app\n"})
    run = modlint("--select", "ML001", "--show-source", cwd=root)
    assert run.out.splitlines()[2] == "2 | import app"


def test_warnings_and_errors_escape_project_text(modlint, hostile: Path) -> None:
    write(hostile, {"core/n\x1b[2Jq.py": "import app  # noqa:\n"})
    run = modlint("--select", "ML006", cwd=hostile)
    assert run.err == (
        "modlint: warning: core/n\\x1b[2Jq.py:1:13: malformed noqa directive: expected a list of "
        "codes after ':' (e.g. `# noqa: ML001, ML004`); the directive is ignored\n"
        "Found 1 error.\n"
    )
    run = modlint("--select", "ML\x1b[31m", cwd=hostile)
    assert (run.code, run.err) == (
        2,
        "modlint: error: option --select: unknown rule selector "
        "'ML\\x1b[31M' (did you mean 'ML301'?)\n",
    )
    run = modlint("no\nsuch", cwd=hostile)
    assert (run.code, run.err) == (2, "modlint: error: path 'no\\nsuch' does not exist\n")


def test_lock_and_unlock_escape_project_text(modlint, hostile: Path) -> None:
    run = modlint("lock", "co\rre", "--version", "1.0.0", cwd=hostile)
    assert (run.code, run.err) == (
        1,
        "modlint: refusing to lock 'co\\rre': fix its 5 diagnostics first\n",
    )
    assert run.out.splitlines()[0] == (
        "core/__init__.py:1:1: ML102 package 'core' of module 'co\\rre' defines no __all__"
    )
    assert_no_forged_line(run.out)
    run = modlint("unlock", "co\rre", cwd=hostile)
    assert (run.code, run.err) == (
        2,
        "modlint: error: module 'co\\rre' is not locked: it has no .LOCKED file\n",
    )


def test_docs_escapes_descriptions(modlint, hostile: Path) -> None:
    readme = (
        "# x\n\n<!-- modlint:lock-table:start -->\n"
        "| Module | Tier | Level | Version | Description |\n| --- | --- | --- | --- | --- |\n"
        "| `core/` | Foundation | 🟢 DEVELOPMENT | — | old |\n"
        "| `app/` | Business | 🟢 DEVELOPMENT | — |  |\n"
        "<!-- modlint:lock-table:end -->\n"
    )
    write(
        hostile,
        {
            "README.md": readme,
            "pyproject.toml": CONFIG.replace("docs = []", 'docs = ["README.md"]').replace(
                "line one\\n", ""
            ),
        },
    )
    run = modlint("docs", cwd=hostile)
    assert (run.code, run.out) == (
        1,
        (
            "README.md:6:1: ML302 'co\\rre' is described as \"line two \\x1b[31mred\" in "
            'pyproject.toml but "old" in the lock table\n'
        ),
    )
    diff = modlint("docs", "--diff", cwd=hostile).out
    assert "+| `core/` | Foundation | 🟢 DEVELOPMENT | — | line two \\x1b\\[31mred |\n" in diff
    assert_no_forged_line(diff)


@pytest.mark.parametrize("output_format", ["mermaid", "dot", "json"])
def test_graph_escapes_names_inside_its_own_quoting(
    modlint, hostile: Path, output_format: str
) -> None:
    run = modlint("graph", "--format", output_format, cwd=hostile)
    assert_no_forged_line(run.out)
    if output_format == "mermaid":
        assert '        n0["co\\rre 🟢"]' in run.lines
    elif output_format == "dot":
        assert '        "co\\\\rre" [label="co\\\\rre 🟢"];' in run.lines
    else:
        assert json.loads(run.out)["nodes"] == ["co\rre", "app"]


def test_mermaid_labels_cannot_close_their_quotes(modlint, small) -> None:
    root = small(
        {
            "pyproject.toml": """
        [tool.modlint]
        tiers = ['a"] --> x["<b>#quot;`']

        [tool.modlint.modules.core]
        tier = 'a"] --> x["<b>#quot;`'
        """
        }
    )
    run = modlint("graph", cwd=root)
    assert run.lines[1] == '    subgraph tier0["a#quot;] --#62; x[#quot;#60;b#62;#35;quot;#96;"]'


FORMATS = ("text", "concise", "json", "sarif", "github", "gitlab", "junit")


def parsed(output_format: str, out: str) -> object:
    """The output read back as its format demands (JSON, XML, one workflow command a line)."""
    if output_format in ("json", "sarif", "gitlab"):
        return json.loads(out)
    if output_format == "junit":
        return ElementTree.fromstring(out.encode("utf-8"))
    if output_format == "github":
        prefix = "::error title=ML001,file=core/a.py,"
        assert all(line.startswith(prefix) for line in out.splitlines())
    return out.splitlines()


@pytest.mark.parametrize("output_format", FORMATS)
def test_every_format_holds_any_module_name(modlint, small, output_format: str) -> None:
    # XML 1.0 forbids U+0001 and U+FFFE even as character references.
    root = small(
        {
            "core/a.py": "import app\n",
            "pyproject.toml": r"""
        [tool.modlint.modules."a\u0001\u0000\uFFFE\u001b[2J\r\nsrc/x.py:1:1: ML001 forged"]
        path = "core"
        tier = "foundation"

        [tool.modlint.modules.app]
        tier = "business"
        """,
        }
    )
    run = modlint("--select", "ML001", "--output-format", output_format, cwd=root)
    assert_no_forged_line(run.out)
    document = parsed(output_format, run.out)
    name = "a\\x01\\x00\\ufffe\\x1b[2J\\r\\nsrc/x.py:1:1: ML001 forged"
    message = f"foundation module '{name}' imports business module 'app' (app)"
    if output_format in ("text", "concise"):
        assert document == [f"core/a.py:1:8: ML001 {message}"]
    elif output_format == "junit":
        assert isinstance(document, ElementTree.Element)
        assert [failure.get("message") for failure in document.iter("failure")] == [message]
    elif output_format == "json":
        assert [d["message"] for d in document] == [  # type: ignore[union-attr]
            "foundation module 'a\x01\x00\ufffe\x1b[2J\r\nsrc/x.py:1:1: ML001 forged' imports "
            "business module 'app' (app)"
        ]


def test_show_source_shows_no_line_of_a_file_linked_out_of_the_project(
    modlint, small, tmp_path: Path
) -> None:
    root = small(
        {"core/x.py": "import app\n", ".git/config": "[core]\n"}, extra='docs = ["README.md"]'
    )
    (tmp_path / "secret").write_text("root:$6$hash:19000::::::\n")
    (root / "README.md").symlink_to(tmp_path / "secret")
    (root / "core" / ".LOCKED").symlink_to(tmp_path / "secret")
    (root / "core" / "git.py").symlink_to("../.git/config")
    run = modlint("--select", "ML001,ML202,ML301,ML902", "--show-source", cwd=root)
    assert run.out == (
        "README.md:1:1: ML301 README.md cannot be read: it is a symbolic link to a file "
        "outside the project: it should hold the lock table (or leave it out of `docs`)\n"
        "core/.LOCKED:1:1: ML202 cannot read lock file: it is a symbolic link to a file outside "
        "the project\n"
        "core/git.py:1:1: ML902 cannot read file: it is a symbolic link into '.git', a folder "
        "modlint never reads\n"
        "core/x.py:1:8: ML001 foundation module 'core' imports business module 'app' (app)\n"
        "  |\n"
        "1 | import app\n"
        "  |        ^^^\n"
    )
