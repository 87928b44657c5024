"""The cheap extraction paths against the full fast extractor: the imports-only walk finds the
same imports, and the comment scanner the same noqa comments as ``tokenize``.

Run on the fixtures, modlint, its tests and the standard library's top-level modules here; on
Django, SymPy and all of the standard library by `bench/compare.py --differential --stdlib`.
"""

from __future__ import annotations

import ast
import io
import json
import os
import shutil
import sys
import sysconfig
import warnings
from pathlib import Path

import pytest
from conftest import REPO, write
from hypothesis import given, settings
from hypothesis import strategies as st

from modlint.extraction.facts import extract_imports, extract_without_libcst
from modlint.extraction.fast import _comments, _tokenized_comments, collect_tree
from modlint.extraction.positions import Source
from modlint.extraction.source import decode_source
from modlint.model import FileFacts, NoqaDirective, Problem
from modlint.pipeline import facts as facts_stage

pytestmark = pytest.mark.skipif(
    sys.version_info < (3, 10), reason="the fast extractor declines every file before 3.10"
)


def _corpus() -> list[Path]:
    files = sorted((REPO / "fixtures").rglob("*.py")) + sorted((REPO / "modlint").rglob("*.py"))
    files += sorted((REPO / "tests").rglob("*.py"))
    # The standard library's top-level modules: the whole of it takes minutes on a busy
    # machine; bench/compare.py --differential --stdlib reads every file.
    files += sorted(Path(sysconfig.get_paths()["stdlib"]).glob("*.py"))
    return files


def _parsed(path: Path) -> tuple[str, ast.Module] | None:
    text = decode_source(path.read_bytes())
    if not isinstance(text, str):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return text, ast.parse(text)
    except (SyntaxError, ValueError):
        return None


def test_imports_only_and_comment_scanner_equal_the_full_extractor_on_every_file() -> None:
    """Each file is parsed once: the full walk, the imports-only walk and both comment
    readers share its tree."""
    files = _corpus()
    assert len(files) > 500
    imports_differ, comments_differ = [], []
    for path in files:
        parsed = _parsed(path)
        if parsed is None:
            continue
        text, tree = parsed
        full, imports = collect_tree(text, tree), collect_tree(text, tree, imports_only=True)
        assert full is not None and imports is not None, path
        if (imports[0].imports, imports[1:]) != (full[0].imports, full[1:]):
            imports_differ.append(path)
        if (imports[0].definitions, imports[0].exports) != ({}, None):
            imports_differ.append(path)
        if _comments(text, Source(text), tree) != _tokenized_comments(text):
            comments_differ.append(path)
    assert (imports_differ, comments_differ) == ([], [])


def test_imports_only_facts_are_the_full_facts_without_the_surface() -> None:
    for path in sorted((REPO / "fixtures").rglob("*.py")):
        data = path.read_bytes()
        full, imports = extract_without_libcst(data), extract_imports(data)
        assert full is not None and imports is not None, path
        assert imports == FileFacts(
            imports=full.imports,
            noqa=full.noqa,
            malformed_noqa=full.malformed_noqa,
            unreadable=full.unreadable,
            syntax_error=full.syntax_error,
        ), path


def _scanned(text: str) -> tuple[list[NoqaDirective], list[Problem]] | None:
    return _comments(text, Source(text), ast.parse(text))


TRICKY_COMMENTS = '''\
x = "# noqa: ML001"  # noqa: ML002
y = 'a # noqa' + "b"
z = """
# noqa: ML003
"""  # noqa: ML004
w = ("one"  # noqa: ML005
     "two")
v = f"{x} # noqa"  # noqa
# modlint: noqa: ML006
u = 1  # no noqa here # noqa: ML007
t = "#"  # noqa:
'''


def test_the_comment_scanner_skips_strings_exactly_as_tokenize() -> None:
    assert _scanned(TRICKY_COMMENTS) == _tokenized_comments(TRICKY_COMMENTS)
    directives, problems = _scanned(TRICKY_COMMENTS) or ([], [])
    assert [(d.line, d.column, d.codes, d.file_level) for d in directives] == [
        (1, 22, ("ML002",), False),
        (5, 6, ("ML004",), False),
        (6, 13, ("ML005",), False),
        (8, 20, None, False),
        (9, 1, ("ML006",), True),
        (10, 23, ("ML007",), False),
    ]
    assert [(p.line, p.column) for p in problems] == [(11, 10)]


def test_lock_gets_full_facts_after_a_check_cached_imports_only(modlint, tmp_path: Path) -> None:
    root = write(
        tmp_path / "project",
        {
            "pyproject.toml": (
                '[tool.modlint]\ntiers = ["low", "high"]\ndocs = []\n'
                '[tool.modlint.modules.core]\npath = "core"\ntier = "low"\n'
                '[tool.modlint.modules.app]\npath = "app"\ntier = "high"\n'
            ),
            "core/__init__.py": '__all__ = ["make"]\n\n\ndef make(size: int) -> int:\n    return size\n',
            "app/__init__.py": "import core\n\ncore.make(1)\n",
        },
    )
    assert modlint(".", cwd=root).code == 0
    settings = json.loads((root / ".modlint_cache" / "facts.json").read_bytes())["settings"]
    assert settings.startswith("fast-imports-only:")
    run = modlint("lock", "core", "--version", "1.0.0", cwd=root)
    assert (run.code, run.out.splitlines()) == (
        0,
        ["locked 'core' 1.0.0 (1 surface entry): wrote core/.LOCKED"],
    )
    assert "make(size: int) -> int" in (root / "core" / ".LOCKED").read_text()
    settings = json.loads((root / ".modlint_cache" / "facts.json").read_bytes())["settings"]
    assert settings.startswith("fast:")


def test_a_restored_cache_in_a_fresh_clone_parses_only_the_changed_file(
    modlint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = (
        '[tool.modlint]\ntiers = ["low", "high"]\ndocs = []\n'
        '[tool.modlint.modules.core]\npath = "core"\ntier = "low"\n'
        '[tool.modlint.modules.app]\npath = "app"\ntier = "high"\n'
    )
    files = {f"app/m{index}.py": f"import core\nVALUE = {index}\n" for index in range(5)}
    root = write(tmp_path / "run-1", {"pyproject.toml": config, "core/__init__.py": "", **files})
    assert modlint(".", cwd=root).code == 0
    # A CI checkout: another folder name, every modification time new, the cache restored.
    clone = tmp_path / "ci-checkout-2"
    shutil.copytree(root, clone)
    for path in clone.rglob("*.py"):
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    (clone / "app" / "m3.py").write_text("import core\nimport app.m1\n")
    parsed: list[str] = []
    extract, compared = facts_stage._extract_contents, facts_stage._imports

    def counting(contents: list[bytes], surfaces: bool) -> object:
        if contents:  # editor buffers (none here) are extracted by a call of their own
            parsed.append(f"analysed {len(contents)}")
        return extract(contents, surfaces)

    def comparing(data: bytes) -> object:
        parsed.append("compared 1")
        return compared(data)

    monkeypatch.setattr(facts_stage, "_extract_contents", counting)
    monkeypatch.setattr(facts_stage, "_imports", comparing)
    run = modlint(".", cwd=clone)
    # Parsed once, to compare its facts with the cached run's; the analysis reuses them.
    assert (run.code, run.out, run.err, parsed) == (0, "", "", ["compared 1"])


def _lines_as_the_tokenizer_ends_them(text: str) -> list[str]:
    """Lines ended at ``\\r\\n``, ``\\r`` or ``\\n`` only, as a newline-less StringIO reads them."""
    return list(iter(io.StringIO(text, newline="").readline, "")) or [""]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab#\r\n\f\v\x1c\x1d\x1e\x85\u2028\u2029 "))
def test_the_line_table_ends_lines_only_where_the_tokenizer_does(text: str) -> None:
    assert Source(text).lines == _lines_as_the_tokenizer_ends_them(text)


@pytest.mark.parametrize(
    "text",
    ["", "a", "a\n", "a\fb\n", "a\x0c\n", "x\n\x0c", "a\u2028b\nc", "a\r\nb\rc\n", "\n\n"],
)
def test_the_line_table_on_form_feeds_and_separators(text: str) -> None:
    assert Source(text).lines == _lines_as_the_tokenizer_ends_them(text)


def test_a_noqa_comment_in_any_case_after_text_that_lowercases_longer_is_found() -> None:
    # "İ" lowercases to two characters: the lowered text is only searched, never indexed.
    facts = extract_imports("s = 'İİ'  # NoQA: ML001\nimport os  # NOQA\n".encode())
    assert facts is not None
    assert [(d.line, d.column, d.codes) for d in facts.noqa] == [
        (1, 11, ("ML001",)),
        (2, 12, None),
    ]
