"""Check that a change keeps modlint's output: the JSON report of an older modlint and of this
checkout, byte for byte, on the benchmark corpora (Django and SymPy, see run.py).

    python bench/compare.py [--old REV] [--corpus django sympy] [--differential] [--stdlib]

``--old`` is a git revision of this repository (default ``main``), exported to `.bench/old`.
Both run cold (``--no-cache``) and warm from a cache each wrote itself, and from a cache the
other wrote is not compared (the cache key includes the code). ``--differential`` also checks,
on every file of the corpora (and of the standard library with ``--stdlib``), that the
imports-only walk finds exactly the full extractor's imports and noqa comments, and that the
comment scanner agrees with ``tokenize``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import CORPORA, REPO, WORK, prepare_corpus  # noqa: E402

_DIFFERENTIAL = """
import ast, pathlib, sys, warnings
from modlint.extraction.facts import _DEEP_TREES
from modlint.extraction.fast import _comments, _tokenized_comments, collect_tree
from modlint.extraction.positions import Source
from modlint.extraction.source import decode_source
# The recursion limit the extractors run under (generated tables nest thousands deep).
sys.setrecursionlimit(_DEEP_TREES)
files = bad = 0
for root in sys.argv[1:]:
    for path in sorted(pathlib.Path(root).rglob("*.py")):
        text = decode_source(path.read_bytes())
        if not isinstance(text, str):
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse(text)
        except (SyntaxError, ValueError):
            continue
        files += 1
        full, imports = collect_tree(text, tree), collect_tree(text, tree, True)
        same = full is not None and imports is not None
        same = same and (full[0].imports, full[1:]) == (imports[0].imports, imports[1:])
        same = same and _comments(text, Source(text), tree) == _tokenized_comments(text)
        if not same:
            bad += 1
            print("differs:", path)
print(files, bad)
"""


def _old_checkout(revision: str) -> Path:
    """The package of ``revision``, exported once per revision."""
    commit = subprocess.run(
        ["git", "rev-parse", revision], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.strip()
    target = WORK / "old" / commit
    if not (target / "modlint").is_dir():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "archive", commit, "modlint"], cwd=REPO, capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


def _report(code: Path, root: Path, *options: str) -> tuple[int, bytes]:
    """Exit code and JSON report of the modlint package in ``code`` run on ``root``."""
    environment = {**os.environ, "PYTHONPATH": str(code)}
    done = subprocess.run(
        [sys.executable, "-m", "modlint", "--output-format", "json", *options, "."],
        cwd=root,
        env=environment,
        capture_output=True,
        check=False,
    )
    if done.returncode not in (0, 1):
        raise SystemExit(f"modlint from {code} failed on {root}:\n{done.stderr.decode()[-2000:]}")
    return done.returncode, done.stdout


def compare(root: Path, old: Path) -> list[str]:
    """What differs between the two modlints' reports on ``root`` (nothing, one hopes)."""
    problems = []
    for label, options in (("cold", ("--no-cache",)), ("warm", ())):
        reports = []
        for code in (old, REPO):
            shutil.rmtree(root / ".modlint_cache", ignore_errors=True)
            if label == "warm":
                _report(code, root)
            reports.append(_report(code, root, *options))
        if reports[0] != reports[1]:
            problems.append(f"{root.name} {label}: exit {reports[0][0]} vs {reports[1][0]}")
        else:
            print(
                f"{root.name} {label}: identical ({len(reports[1][1])} bytes, exit {reports[1][0]})"
            )
    shutil.rmtree(root / ".modlint_cache", ignore_errors=True)
    return problems


def differential(roots: list[Path]) -> list[str]:
    """Files where the imports-only walk or the comment scanner differ from the full path."""
    done = subprocess.run(
        [sys.executable, "-c", _DIFFERENTIAL, *map(str, roots)],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=False,
    )
    lines = done.stdout.splitlines()
    if done.returncode != 0 or not lines:
        return [f"differential failed: {done.stderr[-2000:]}"]
    files, bad = lines[-1].split()
    print(f"differential: {files} files, {bad} differing")
    return lines[:-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", default="main")
    parser.add_argument("--corpus", nargs="*", default=list(CORPORA), choices=list(CORPORA))
    parser.add_argument("--differential", action="store_true")
    parser.add_argument("--stdlib", action="store_true")
    arguments = parser.parse_args()
    old = _old_checkout(arguments.old)
    roots = [prepare_corpus(name) for name in arguments.corpus]
    problems = [problem for root in roots for problem in compare(root, old)]
    if arguments.differential:
        sources = [root / root.name for root in roots]
        if arguments.stdlib:
            sources.append(Path(sysconfig.get_paths()["stdlib"]))
        problems += differential(sources)
    print(*problems, sep="\n")
    raise SystemExit(1 if problems else 0)


if __name__ == "__main__":
    main()
