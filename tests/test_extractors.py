"""The fast extractor (CPython's parser) against the reference (libcst): the same facts.

Also run on the benchmark corpora, Django and SymPy, by `bench/run.py --differential`.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pytest
from conftest import REPO

from modlint.extraction.facts import extract_facts
from modlint.extraction.fast import collect_fast
from modlint.extraction.source import decode_source

FAST_PATH_AVAILABLE = sys.version_info >= (3, 10)

TRICKY = REPO / "fixtures" / "extraction" / "tricky.py"


def _corpus() -> list[Path]:
    files = sorted((REPO / "fixtures").rglob("*.py")) + sorted((REPO / "modlint").rglob("*.py"))
    files += sorted((REPO / "tests").rglob("*.py"))
    for package in ("pathspec", "flake8", "pyflakes", "_pytest"):
        spec = importlib.util.find_spec(package)
        assert spec is not None and spec.submodule_search_locations, package
        files += sorted(Path(next(iter(spec.submodule_search_locations))).rglob("*.py"))
    return files


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["lf", "bom-crlf"],
)
def test_tricky_syntax_gives_the_same_facts(encode) -> None:
    data = encode(TRICKY.read_text(encoding="utf-8"))
    fast, reference = extract_facts(data, "fast"), extract_facts(data, "libcst")
    assert reference.syntax_error is None and reference.imports
    assert fast == reference
    # The comparison means something only if the fast path did not hand over to libcst.
    assert (collect_fast(decode_source(data)) is not None) is FAST_PATH_AVAILABLE


def test_the_tricky_file_exercises_what_it_claims() -> None:
    facts = extract_facts(TRICKY.read_bytes(), "libcst")
    modules = [statement.module for statement in facts.imports]
    assert {"pkg.dynamic", "pkg.concatenated", "pkg.keyword", "inside.function", "in_match"} <= set(
        modules
    )
    assert facts.exports is not None and [n.name for n in facts.exports.names] == [
        "Shape",
        "helper",
        "LIMIT_SUFFIX",
        "parent",
        "sibling",
        "renamed",
    ]
    shape = next(d for d in facts.definitions if d.name == "Shape")
    assert [m.name for m in shape.members] == ["__init__", "area", "unit", "load", "scaled"]
    assert [d.codes for d in facts.noqa] == [("ML006",), ("ML001", "ML002"), None]


def _compared(path: Path) -> tuple[Path, bool, bool, bool]:
    """The file, whether the fast facts differ from libcst's, whether it decodes and parses,
    and whether the fast path declined it."""
    data = path.read_bytes()
    reference = extract_facts(data, "libcst")
    differs = extract_facts(data, "fast") != reference
    text = decode_source(data)
    parses = isinstance(text, str) and reference.syntax_error is None
    return path, differs, parses, parses and collect_fast(text) is None


def _workers() -> int:
    return max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1))


def test_every_file_of_the_corpus_gives_the_same_facts() -> None:
    files = _corpus()
    assert len(files) > 150
    # libcst takes most of a minute over the corpus: the files are compared on every core, in
    # fresh interpreters (spawned, so that no state of the test session leaks into them).
    with ProcessPoolExecutor(_workers(), mp_context=get_context("spawn")) as pool:
        results = list(pool.map(_compared, files, chunksize=4))
    differing = [path for path, differs, _, _ in results if differs]
    parsing = [path for path, _, parses, _ in results if parses]
    declined = [path for path, _, _, declined in results if declined]
    assert differing == []
    # Only Python < 3.10 hands a file that parses to libcst (tests/rules/ML901 and ML902 hold
    # files that do not decode or parse, on purpose).
    assert set(declined) == (set() if FAST_PATH_AVAILABLE else set(parsing))
