"""The docs checker reads Markdown as CommonMark does: markers and status lines in code, quotes,
lists or prose are examples, and any description the configuration can hold round-trips."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import edit, write
from markdown_it import MarkdownIt

from modlint.locking.lockfile import toml_string

START = "<!-- modlint:lock-table:start -->"
END = "<!-- modlint:lock-table:end -->"
AUTH_ROW = "| `auth/` | Foundation | 🔴 LOCKED | 1.0.0 | Authentication and session management |"
STALE_AUTH_ROW = AUTH_ROW.replace("🔴 LOCKED", "🟡 STABLE")

NESTED_FENCE = f"""\
An example of the markers, in a fence that holds a fence:

````markdown
{START}
```
{END}
```
| Module | Tier |
| --- | --- |
{END}
````

~~~~~
{START}
~~~
{END}
~~~~~

    {START}
    {END}

"""


def _shipped_readme() -> str:
    return (Path(__file__).parent.parent / "fixtures" / "nimbus" / "README.md").read_text()


def test_markers_in_fences_and_indented_code_are_examples(modlint, nimbus: Path) -> None:
    readme = nimbus / "README.md"
    edit(readme, "## Lock table\n\n", "## Lock table\n\n" + NESTED_FENCE)
    edit(readme, AUTH_ROW, STALE_AUTH_ROW)
    run = modlint("docs", cwd=nimbus)
    assert (run.code, run.lines) == (
        1,
        [
            "README.md:47:1: ML302 'auth' is LOCKED v1.0.0 in auth/.LOCKED but STABLE in the lock "
            "table",
        ],
    )
    assert modlint("docs", "--fix", cwd=nimbus).err == "fixed README.md\n"
    assert readme.read_text() == _shipped_readme().replace(
        "## Lock table\n\n", "## Lock table\n\n" + NESTED_FENCE
    )
    assert modlint("docs", cwd=nimbus).code == 0


@pytest.mark.parametrize(
    "example",
    [
        NESTED_FENCE,
        f"Write both: `{START}` then `{END}`.\n\n",
        f"Both on one line: {START}{END} (inline HTML in prose).\n\n",
        f"Both on one line: {START} and {END}.\n\n",
        f"> {START}\n> {END}\n\n",
        f"- {START}\n- {END}\n\n",
        f"<details>\n{START}\n{END}\n</details>\n\n",
        f"<!-- an example:\n{START}\n\n<!-- another:\n{END}\n\n",
        f"Words first {START}\n\nWords first {END}\n\n",
    ],
    ids=[
        "fences",
        "inline-code",
        "prose-line",
        "prose-words",
        "block-quote",
        "list-items",
        "inside-html-block",
        "inside-a-comment",
        "not-first-on-the-line",
    ],
)
def test_a_file_whose_only_markers_are_examples_has_no_table(
    modlint, nimbus: Path, example: str
) -> None:
    readme = nimbus / "README.md"
    readme.write_text(f"# Nimbus\n\n{example}The end.\n")
    before = readme.read_bytes()
    expected = [
        f"README.md:1:1: ML301 README.md has no lock table: add the lines {START} and "
        f"{END} where it belongs, then run `modlint docs --fix`"
    ]
    assert modlint("docs", cwd=nimbus).lines == expected
    fixed = modlint("docs", "--fix", cwd=nimbus)
    assert (fixed.code, fixed.lines, fixed.err) == (1, expected, "")
    assert readme.read_bytes() == before


def test_markers_quoted_on_a_prose_line_are_left_alone_by_a_fix(modlint, nimbus: Path) -> None:
    readme = nimbus / "README.md"
    prose = f"Paste {START}{END} where the table goes.\n\n"
    edit(readme, "## Lock table\n\n", "## Lock table\n\n" + prose)
    edit(readme, AUTH_ROW, STALE_AUTH_ROW)
    assert modlint("docs", "--fix", cwd=nimbus).code == 0
    assert readme.read_text() == _shipped_readme().replace(
        "## Lock table\n\n", "## Lock table\n\n" + prose
    )


def test_markers_indented_up_to_three_spaces_still_count(modlint, nimbus: Path) -> None:
    readme = nimbus / "README.md"
    edit(readme, START + "\n", "   " + START + "  \n")
    edit(readme, END + "\n", " " + END + "\n")
    edit(readme, AUTH_ROW, STALE_AUTH_ROW)
    assert modlint("docs", "--fix", cwd=nimbus).err == "fixed README.md\n"
    assert readme.read_text() == _shipped_readme().replace(
        START + "\n", "   " + START + "  \n"
    ).replace(END + "\n", " " + END + "\n")


def test_words_after_a_marker_on_its_line_are_kept(modlint, nimbus: Path) -> None:
    readme = nimbus / "README.md"
    edit(readme, START + "\n", START + " (generated)\n")
    edit(readme, END + "\n\n", END + " More text,\nand more.\n\n")
    expected = readme.read_text()
    edit(readme, AUTH_ROW, STALE_AUTH_ROW)
    assert modlint("docs", "--fix", cwd=nimbus).err == "fixed README.md\n"
    assert readme.read_text() == expected


def test_both_markers_on_one_line_are_reported_and_never_rewritten(modlint, nimbus) -> None:
    readme = nimbus / "README.md"
    readme.write_text(f"# Nimbus\n\n{START}{END}\n\nThe end.\n")
    expected = [
        f"README.md:3:1: ML301 the lock-table end marker {END} must start a line of "
        "its own, below the start marker"
    ]
    assert modlint("docs", cwd=nimbus).lines == expected
    assert modlint("docs", "--fix", cwd=nimbus).lines == expected
    assert readme.read_text() == f"# Nimbus\n\n{START}{END}\n\nThe end.\n"


def test_a_duplicate_marker_in_a_code_block_is_no_duplicate(modlint, nimbus: Path) -> None:
    readme = nimbus / "README.md"
    readme.write_text(readme.read_text() + f"\n```\n{START}\n{END}\n```\n")
    assert modlint("docs", cwd=nimbus).code == 0


YAML_EXAMPLE = """\
Configure it:

```yaml
status: active
```

"""


def test_status_line_in_a_yaml_block_is_an_example(modlint, nimbus: Path) -> None:
    readme = nimbus / "auth" / "README.md"
    readme.write_text("# auth\n\n" + YAML_EXAMPLE + "Status: 🟡 STABLE v1.0.0\n\nAuth.\n")
    run = modlint("docs", cwd=nimbus)
    assert (run.code, run.lines) == (
        1,
        [
            "auth/README.md:9:1: ML303 auth/README.md says 'Status: 🟡 STABLE v1.0.0' but 'auth' is "
            "LOCKED v1.0.0 in auth/.LOCKED",
        ],
    )
    assert modlint("docs", "--fix", cwd=nimbus).err == "fixed auth/README.md\n"
    assert readme.read_text() == (
        "# auth\n\n" + YAML_EXAMPLE + "Status: 🔴 LOCKED v1.0.0\n\nAuth.\n"
    )
    assert modlint("docs", cwd=nimbus).code == 0


@pytest.mark.parametrize(
    "example",
    [
        "```yaml\nstatus: active\n```\n",
        "~~~\nStatus: 🔴 LOCKED v1.0.0\n~~~\n",
        "    Status: 🔴 LOCKED v1.0.0\n",
        "<div>\nStatus: 🔴 LOCKED v1.0.0\n</div>\n",
        "> Status: 🔴 LOCKED v1.0.0\n",
        "`Status: 🔴 LOCKED v1.0.0` is what it will say.\n",
    ],
    ids=["yaml-fence", "tilde-fence", "indented-code", "html-block", "block-quote", "inline-code"],
)
def test_a_readme_whose_only_status_line_is_an_example_gets_one(
    modlint, nimbus: Path, example: str
) -> None:
    readme = nimbus / "auth" / "README.md"
    readme.write_text(f"# auth\n\n{example}\nAuth.\n")
    assert modlint("docs", cwd=nimbus).lines == [
        "auth/README.md:1:1: ML303 auth/README.md has no status line: it should say "
        "'Status: 🔴 LOCKED v1.0.0'",
    ]
    assert modlint("docs", "--fix", cwd=nimbus).code == 0
    assert readme.read_text() == f"# auth\n\nStatus: 🔴 LOCKED v1.0.0\n\n{example}\nAuth.\n"


def test_a_status_line_goes_below_the_first_real_heading(modlint, nimbus: Path) -> None:
    readme = nimbus / "auth" / "README.md"
    readme.write_bytes(b"```sh\n# not a heading\n```\n\nauth\r\n====\r\nAuth.")
    assert modlint("docs", "--fix", cwd=nimbus).code == 0
    assert (
        readme.read_bytes()
        == (
            "```sh\n# not a heading\n```\n\nauth\r\n====\r\n\nStatus: 🔴 LOCKED v1.0.0\n\nAuth."
        ).encode()
    )


def test_a_status_line_inside_a_paragraph_is_rewritten_alone(modlint, nimbus: Path) -> None:
    readme = nimbus / "auth" / "README.md"
    readme.write_text("# auth\n\nOwner: the platform team\n**Status:** stable 1.0\nSince 2023.\n")
    assert modlint("docs", "--fix", cwd=nimbus).code == 0
    assert readme.read_text() == (
        "# auth\n\nOwner: the platform team\nStatus: 🔴 LOCKED v1.0.0\nSince 2023.\n"
    )


def _cells_as_rendered(text: str) -> list[list[str]]:
    """Each body row of the file's table, as the text a CommonMark+GFM renderer shows."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    rows: list[list[str]] = []
    inside_body = False
    for token in tokens:
        if token.type in ("tbody_open", "tbody_close"):
            inside_body = token.type == "tbody_open"
        elif token.type == "tr_open" and inside_body:
            rows.append([])
        elif token.type == "inline" and inside_body:
            assert {child.type for child in token.children or []} <= {"text", "code_inline"}
            rows[-1].append("".join(child.content for child in token.children or []))
    return rows


DESCRIPTIONS = [
    ("a | b", r"a \| b"),
    ("one\nline\r\nonly", "one line only"),
    ("uses `x` and ``y``", r"uses \`x\` and \`\`y\`\`"),
    ("<b>bold</b> & &amp; &#35; <x@y.z>", r"\<b>bold\</b> & \&amp; \&#35; \<x@y.z>"),
    ("back\\slash\\", r"back\\slash\\"),
    ("\\|", r"\\\|"),
    (f"ends the table: {END}", r"ends the table: \<!-- modlint:lock-table:end -->"),
    ("  padded\t ", "padded"),
    (
        "*a* _b_ **c** ~~d~~ [e](f) ![g](h) $5",
        r"\*a\* \_b\_ \*\*c\*\* \~\~d\~\~ \[e\](f) !\[g\](h) \$5",
    ),
    ("Café ☕ 🚀 — ok", "Café ☕ 🚀 — ok"),
]


@pytest.mark.parametrize(
    ("description", "cell"), DESCRIPTIONS, ids=[f"d{number}" for number in range(len(DESCRIPTIONS))]
)
def test_any_description_round_trips(modlint, nimbus: Path, description: str, cell: str) -> None:
    edit(
        nimbus / "pyproject.toml",
        'description = "Authentication and session management"',
        f"description = {toml_string(description)}",
    )
    assert modlint("docs", "--fix", cwd=nimbus).err == "fixed README.md\n"
    text = (nimbus / "README.md").read_text()
    assert f"| `auth/` | Foundation | 🔴 LOCKED | 1.0.0 | {cell} |\n" in text
    check = modlint("docs", "--check", cwd=nimbus)
    assert (check.code, check.out, check.err) == (0, "", "")
    rows = _cells_as_rendered(text)
    assert len(rows) == 9
    assert rows[0] == ["auth/", "Foundation", "🔴 LOCKED", "1.0.0", " ".join(description.split())]


def test_odd_module_names_and_tiers_round_trip(modlint, tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "pyproject.toml": """
            [tool.modlint]
            tiers = ["Base", "ÄPP straße"]

            [tool.modlint.modules.core]
            tier = "Base"

            [tool.modlint.modules."we|ird`x"]
            path = "we|ird`x"
            tier = "ÄPP straße"
            description = "Odd"

            [tool.modlint.modules."back\\\\slash"]
            path = "back\\\\slash"
            tier = "ÄPP straße"
            """,
            "core/__init__.py": "",
            "we|ird`x/__init__.py": "",
            "back\\slash/__init__.py": "",
            "README.md": f"# X\n\n{START}\n{END}\n",
        },
    )
    assert modlint("docs", "--fix", cwd=root).err == "fixed README.md\n"
    text = (root / "README.md").read_text()
    assert text == (
        f"# X\n\n{START}\n"
        "| Module | Tier | Level | Version | Description |\n"
        "| --- | --- | --- | --- | --- |\n"
        "| `core/` | Base | 🟢 DEVELOPMENT | — |  |\n"
        "| back\\\\slash/ | Äpp straße | 🟢 DEVELOPMENT | — |  |\n"
        "| we\\|ird\\`x/ | Äpp straße | 🟢 DEVELOPMENT | — | Odd |\n"
        f"{END}\n"
    )
    assert _cells_as_rendered(text) == [
        ["core/", "Base", "🟢 DEVELOPMENT", "—", ""],
        ["back\\slash/", "Äpp straße", "🟢 DEVELOPMENT", "—", ""],
        ["we|ird`x/", "Äpp straße", "🟢 DEVELOPMENT", "—", "Odd"],
    ]
    check = modlint("docs", cwd=root)
    assert (check.code, check.out) == (0, "")


def test_a_hand_written_table_with_escapes_and_emphasis_is_read_as_it_renders(
    modlint, nimbus: Path
) -> None:
    edit(
        nimbus / "README.md",
        AUTH_ROW,
        "| **`auth`** | _Foundation_ | **🔴 Locked** | `v1.0` | Authentication and session "
        "management |",
    )
    edit(
        nimbus / "pyproject.toml",
        'description = "Storage abstraction layer"',
        'description = "Storage | abstraction_layer"',
    )
    edit(
        nimbus / "README.md", "| Storage abstraction layer |", "| Storage \\| abstraction\\_layer |"
    )
    run = modlint("docs", cwd=nimbus)
    assert (run.code, run.out) == (0, "")


def test_diff_escapes_control_characters_and_shows_a_missing_final_newline(
    modlint, tmp_path: Path
) -> None:
    root = write(
        tmp_path,
        {
            "pyproject.toml": """
            [tool.modlint]
            tiers = ["base"]

            [tool.modlint.modules.core]
            tier = "base"
            description = "a \\u001b[31mred\\u0007 one"
            """,
            "core/__init__.py": "",
            "README.md": f"# X\r\n\r\n{START}\r\n{END}".encode(),
        },
    )
    run = modlint("docs", "--diff", cwd=root)
    assert (run.code, run.out) == (
        1,
        (
            "--- a/README.md\n"
            "+++ b/README.md\n"
            "@@ -1,4 +1,7 @@\n"
            " # X\r\n"
            " \r\n"
            f" {START}\r\n"
            "+| Module | Tier | Level | Version | Description |\r\n"
            "+| --- | --- | --- | --- | --- |\r\n"
            "+| `core/` | Base | 🟢 DEVELOPMENT | — | a \\x1b\\[31mred\\x07 one |\r\n"
            f" {END}\n"
            "\\ No newline at end of file\n"
        ),
    )
    assert modlint("docs", "--fix", cwd=root).code == 0
    assert (root / "README.md").read_bytes() == (
        f"# X\r\n\r\n{START}\r\n"
        "| Module | Tier | Level | Version | Description |\r\n"
        "| --- | --- | --- | --- | --- |\r\n"
        "| `core/` | Base | 🟢 DEVELOPMENT | — | a \x1b\\[31mred\x07 one |\r\n"
        f"{END}"
    ).encode()
