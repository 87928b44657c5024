"""Random Markdown around the markers and random descriptions: `docs --fix` then `docs --check`
is clean, the table renders one row per module, and no byte outside the table region or the
status line ever changes."""

from __future__ import annotations

import itertools
from pathlib import Path

from conftest import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from modlint.locking.lockfile import toml_string

START = "<!-- modlint:lock-table:start -->"
END = "<!-- modlint:lock-table:end -->"
MODULES = ("core", "lib", "app")
BOM = b"\xef\xbb\xbf"

# Text that means something somewhere: markers, fences, escapes, HTML, entities, emphasis.
TRICKY = [
    START,
    END,
    "|",
    "\\",
    "\\|",
    "`",
    "```",
    "~~~",
    "<b>",
    "</b>",
    "&amp;",
    "&",
    "*",
    "_",
    "[x](y)",
    "$",
    "<!--",
    "-->",
    "status: active",
    "Status: 🔴 LOCKED v1.0.0",
    "☕",
    "🚀",
    "é",
]
words = st.lists(st.sampled_from(["text", "more", "words"] + TRICKY), min_size=0, max_size=5)


def _prose(parts: list[str]) -> str:
    return " ".join(["Text", *parts])  # a first word no block can start with


@st.composite
def fence(draw: st.DrawFn) -> list[str]:
    """A fenced code block of any length and kind, holding markers and shorter fences."""
    mark = draw(st.sampled_from("`~"))
    length = draw(st.integers(3, 6))
    info = draw(st.sampled_from(["", "markdown", "yaml", "text"])) if mark == "`" else ""
    body = draw(
        st.lists(
            st.sampled_from(
                [
                    START,
                    END,
                    "status: active",
                    "Status: 🔴 LOCKED v1.0.0",
                    "| a | b |",
                    "`" * 3,
                    "~" * 3,
                    "`" * 4,
                    "~" * 5,
                    "    " + START,
                    "> " + END,
                    "",
                ]
            ),
            max_size=5,
        )
    )
    # A line of the same mark at least as long would close the fence: those stay out.
    body = [
        line
        for line in body
        if not (line.strip() and set(line.strip()) == {mark} and len(line.strip()) >= length)
    ]
    return [mark * length + info, *body, mark * length]


block = st.one_of(
    words.map(lambda parts: ["#" * 2 + " " + _prose(parts)]),
    st.lists(words.map(_prose), min_size=1, max_size=3),
    fence(),
    st.lists(
        st.sampled_from([START, END, "Status: 🔴 LOCKED v1.0.0", "code"]), min_size=1, max_size=3
    ).map(lambda lines: ["    " + line for line in lines]),
    st.just(["| Module | Level |", "| --- | --- |", "| `core/` | locked |"]),
    st.sampled_from([START, END, "Status: 🔴 LOCKED v1.0.0"]).map(lambda line: ["> " + line]),
    st.sampled_from([START, END, "Status: 🔴 LOCKED v1.0.0"]).map(lambda line: ["- " + line]),
    st.just([f"Quoted: {START}{END} inline."]),
    st.just([f"Code: `{START}` and `{END}`."]),
    st.just(["<div>", "Status: 🔴 LOCKED v1.0.0", START, "</div>"]),
)
blocks = st.lists(block, max_size=4)
description = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("|\\`<>&*_[]~$ \t\n\r!#:-")),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=30,
) | st.sampled_from(TRICKY + [f"see {END}", "  padded  ", ""])
row = st.tuples(st.sampled_from(MODULES + ("gone",)), description).map(
    lambda pair: f"| {pair[0]} | development | {' '.join(pair[1].splitlines())} |"
)
region = st.one_of(
    st.just([]),
    st.lists(row, max_size=4).map(
        lambda rows: ["| Module | Level | Description |", "| --- | --- | --- |", *rows]
    ),
)


def _joined(chunks: list[list[str]], newline: str) -> str:
    return (newline + newline).join(newline.join(chunk) for chunk in chunks)


@st.composite
def readme(draw: st.DrawFn) -> tuple[bytes, bytes, bytes, bytes]:
    """A README as (BOM, text before the table region, the region, text from the end
    marker on), encoded."""
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    before = _joined([["# Project"], *draw(blocks)], newline) + newline + newline + START + newline
    table = "".join(line + newline for line in draw(region))
    after = END + (
        newline + newline + _joined(draw(blocks), newline) if draw(st.booleans()) else ""
    )
    if draw(st.booleans()):
        after += newline
    bom = BOM if draw(st.booleans()) else b""
    return bom, before.encode(), table.encode(), after.encode()


@st.composite
def module_readme(draw: st.DrawFn) -> tuple[bytes, bytes, bytes]:
    """A module README as (text before its status line, the line, the rest), encoded."""
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    before = _joined([["# core"], *draw(blocks)], newline) + newline + newline
    line = "Status: 🟢 DEVELOPMENT v0.1"
    rest = draw(blocks)
    after = (newline + newline + _joined(rest, newline)) if rest else ""
    return before.encode(), line.encode(), (after + newline).encode()


def _configuration(descriptions: list[str]) -> str:
    lines = ["[tool.modlint]", 'tiers = ["base", "top"]']
    for name, text in zip(MODULES, descriptions):
        lines += [
            f"[tool.modlint.modules.{name}]",
            'tier = "base"\nlevel = "stable"' if name == "core" else 'tier = "top"',
            f"description = {toml_string(text)}",
        ]
    return "\n".join(lines) + "\n"


def _table_rows(text: str, first_line: int) -> list[list[str]]:
    """The body of the table that starts at ``first_line`` (0-based), as rendered text."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    opened = next(
        index
        for index, token in enumerate(tokens)
        if token.type == "table_open" and token.map and token.map[0] == first_line
    )
    rows: list[list[str]] = []
    body = False
    for token in tokens[opened:]:
        if token.type == "table_close":
            break
        if token.type == "tbody_open":
            body = True
        elif token.type == "tr_open" and body:
            rows.append([])
        elif token.type == "inline" and body:
            rows[-1].append("".join(child.content for child in token.children or []))
    return rows


counter = itertools.count()


@settings(
    max_examples=examples(60),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(readme(), module_readme(), st.lists(description, min_size=3, max_size=3))
def test_fix_then_check_is_clean_and_keeps_every_other_byte(
    modlint,
    tmp_path: Path,
    document: tuple[bytes, bytes, bytes, bytes],
    module_document: tuple[bytes, bytes, bytes],
    descriptions: list[str],
) -> None:
    root = tmp_path / f"example{next(counter)}"
    for name in MODULES:
        (root / name).mkdir(parents=True)
        (root / name / "__init__.py").write_text("")
    (root / "pyproject.toml").write_text(_configuration(descriptions), encoding="utf-8")
    bom, before, table, after = document
    (root / "README.md").write_bytes(bom + before + table + after)
    (root / "core" / "README.md").write_bytes(b"".join(module_document))

    fixed = modlint("docs", "--fix", "--no-cache", cwd=root)
    assert (fixed.code, fixed.out) == (0, "")
    check = modlint("docs", "--check", "--no-cache", cwd=root)
    assert (check.code, check.out, check.err) == (0, "", "")

    written = (root / "README.md").read_bytes()
    assert written.startswith(bom + before) and written.endswith(after)
    assert len(written) >= len(bom + before + after)
    text = written[len(bom) :].decode("utf-8")
    first_line = len(before.decode().splitlines())
    rendered = _table_rows(text, first_line)
    assert [cells[0] for cells in rendered] == ["core/", "app/", "lib/"]
    by_module = dict(zip(["core", "app", "lib"], rendered))
    for name, configured in zip(MODULES, descriptions):
        if " ".join(configured.split()):
            assert by_module[name][4] == " ".join(configured.split()).replace("\0", "\ufffd")

    head, _, tail = module_document
    module_text = (root / "core" / "README.md").read_bytes()
    assert module_text == head + "Status: 🟡 STABLE".encode() + tail
