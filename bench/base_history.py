"""Benchmark `modlint check --base HEAD~1` (ML106) on a Django-sized project in a git repository.

    python bench/base_history.py [CORPUS] [--runs 5] [--modlint PATH]

CORPUS is a folder with a modlint configuration, e.g. `/tmp/djbench` (Django with its top-level
subpackages as modules) or `.bench/django` as `bench/run.py` sets it up. It is copied to
`.bench/base-history/` (git-ignored), every module is made stable at version 1.0.0, and the
copy becomes a git repository with two commits: the corpus, then a breaking change to one
public function and an edit of an unrelated file. Measured, interleaved, `--runs` times each:
`modlint` alone, `modlint --base HEAD~1` without cache, and with a warm cache (the findings
cache is keyed by the base commit, so the warm run reuses them). Prints wall-clock medians
with CPU seconds (user + sys of modlint and its worker processes) beside them.
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / ".bench" / "base-history"
IDENTITY = ("-c", "user.name=Bench", "-c", "user.email=bench@example.com")


def git(root: Path, *arguments: str) -> None:
    subprocess.run(["git", *IDENTITY, *arguments], cwd=root, check=True, capture_output=True)


def prepare(corpus: Path) -> Path:
    """The corpus copied, every module stable at 1.0.0, in a repository of two commits."""
    if WORK.exists():
        shutil.rmtree(WORK)
    shutil.copytree(corpus, WORK, ignore=shutil.ignore_patterns(".modlint_cache", ".git"))
    config = WORK / "pyproject.toml"
    text = re.sub(
        r'^(tier = "[^"]+")$',
        r'\1\nlevel = "stable"\nversion = "1.0.0"',
        config.read_text(encoding="utf-8"),
        flags=re.MULTILINE,
    )
    config.write_text(text, encoding="utf-8")
    git(WORK, "init", "-q", "-b", "main")
    git(WORK, "add", "-A")
    git(WORK, "commit", "-qm", "corpus")
    changed = _break_one_function(WORK)
    git(WORK, "commit", "-qam", "a breaking change")
    print(
        f"corpus: {corpus} ({sum(1 for _ in WORK.rglob('*.py'))} Python files); changed {changed}"
    )
    return WORK


def _break_one_function(root: Path) -> str:
    """Give the first public function of a module's `__init__.py` a new required parameter,
    and touch one other file; the file changed."""
    for init in sorted(root.glob("*/*/__init__.py")):
        text = init.read_text(encoding="utf-8")
        match = re.search(r"^def ([a-z]\w*)\(", text, flags=re.MULTILINE)
        if match:
            init.write_text(
                text[: match.end()] + "new_required, " + text[match.end() :], encoding="utf-8"
            )
            other = next(path for path in sorted(root.rglob("*.py")) if path != init)
            other.write_text(other.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
            return init.relative_to(root).as_posix()
    raise SystemExit("no module __init__.py with a public function to change")


def measure(command: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall-clock and CPU seconds (children) of one run, and its standard output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.strip()}")
    return wall, cpu, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default="/tmp/djbench", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--modlint", default=str(Path(sys.executable).parent / "modlint"))
    options = parser.parse_args()
    root = prepare(options.corpus.resolve())
    select = ["--select", "ML106,ML0", "--output-format", "concise"]
    variants = {
        "modlint (no --base), no cache": [options.modlint, *select, "--no-cache"],
        "modlint --base HEAD~1, no cache": [
            options.modlint,
            *select,
            "--no-cache",
            "--base",
            "HEAD~1",
        ],
        "modlint --base HEAD~1, warm cache": [options.modlint, *select, "--base", "HEAD~1"],
    }
    measure(variants["modlint --base HEAD~1, warm cache"], root)  # fills the cache
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
    outputs = {}
    for _ in range(options.runs):
        for name, command in variants.items():
            wall, cpu, out = measure(command, root)
            times[name].append((wall, cpu))
            outputs[name] = out
    ml106 = [
        line for line in outputs["modlint --base HEAD~1, no cache"].splitlines() if "ML106" in line
    ]
    print(f"ML106 diagnostics: {len(ml106)}")
    for line in ml106:
        print(f"  {line}")
    for name, runs in times.items():
        wall = statistics.median(run[0] for run in runs)
        cpu = statistics.median(run[1] for run in runs)
        print(f"{name:36} {wall:6.2f} s wall  {cpu:6.2f} s CPU  (median of {len(runs)})")


if __name__ == "__main__":
    main()
