"""Benchmark modlint against import-linter and tach on Django and SymPy, in one run.

    python bench/run.py [--runs 5] [--json results.json] [--corpus django sympy] [--differential]

Everything it needs goes to `.bench/` (git-ignored): a virtual environment with modlint (from
this checkout), import-linter and tach from the package registry, the Django and SymPy wheels,
and the unpacked corpora with equivalent configurations for the three tools (the top-level
subpackages as modules, split alphabetically into three tiers: an import-linter layers
contract with non-independent siblings, tach layers, modlint tiers). Times are wall-clock
medians (CPU seconds beside them, worker processes included, and the spread: (max - min) /
median); ratios compare modlint with import-linter's `lint-imports` measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / ".bench"
VENV = WORK / "venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
CORPORA = {"django": "django==5.2.*", "sympy": "sympy==1.14.*"}
TIERS = ("foundation", "framework", "business")
_MEASURE = """
import os, resource, subprocess, sys, time

def tree(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            children = [int(child) for child in handle.read().split()]
    except OSError:
        return [pid]
    return [pid] + [each for child in children for each in tree(child)]

def peak(pid):
    try:
        with open(f"/proc/{pid}/status") as handle:
            return next(int(l.split()[1]) for l in handle if l.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return 0

process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
peaks = {}
while process.poll() is None:
    for pid in tree(process.pid):
        peaks[pid] = max(peaks.get(pid, 0), peak(pid))
    time.sleep(0.002)
largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(largest, max(largest, sum(peaks.values())))
"""


ENVIRONMENT = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
"""The tools run as installed: import-linter and tach from wheels whose bytecode pip
compiled, modlint from this checkout, whose bytecode its first run writes. With
PYTHONDONTWRITEBYTECODE set (as in some sandboxes), modlint alone would compile its
source on every run (0.13 s of CPU on this machine)."""


def _run(*command: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env=ENVIRONMENT,
    )


def prepare_environment() -> dict[str, str]:
    """The bench virtual environment, created once; the tools' versions."""
    if not (BIN / "lint-imports").exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run(
            [
                str(BIN / "python"),
                "-m",
                "pip",
                "install",
                "-q",
                "-e",
                str(REPO),
                "import-linter",
                "tach",
            ],
            check=True,
        )
    versions = {}
    for tool, command in (
        ("modlint", ["modlint", "--version"]),
        ("import-linter", ["python", "-m", "pip", "show", "import-linter"]),
        ("tach", ["tach", "--version"]),
    ):
        output = _run(BIN / command[0], *command[1:]).stdout
        version = next(
            (
                line.split(":", 1)[1].strip()
                for line in output.splitlines()
                if line.startswith("Version:")
            ),
            output.strip().split()[-1],
        )
        versions[tool] = version
    return versions


def prepare_corpus(name: str) -> Path:
    """The unpacked package with the three tools' configurations, downloaded once."""
    wheels = WORK / "wheels"
    if not any(wheels.glob(f"{name}-*.whl")):
        subprocess.run(
            [
                str(BIN / "python"),
                "-m",
                "pip",
                "download",
                "-q",
                "--no-deps",
                CORPORA[name],
                "-d",
                str(wheels),
            ],
            check=True,
        )
    root = WORK / "corpora" / name
    if not (root / name).is_dir():
        with zipfile.ZipFile(next(wheels.glob(f"{name}-*.whl"))) as wheel:
            for member in wheel.namelist():
                if member.startswith(f"{name}/"):
                    wheel.extract(member, root)
    subpackages = sorted(p.name for p in (root / name).iterdir() if (p / "__init__.py").is_file())
    third = -(-len(subpackages) // 3)
    tiers = [subpackages[:third], subpackages[third : 2 * third], subpackages[2 * third :]]
    modlint = ["[tool.modlint]", 'tiers = ["foundation", "framework", "business"]', "docs = []"]
    tach = [
        'source_roots = ["."]',
        "exclude = []",
        "layers = [" + ", ".join(f'"{t}"' for t in reversed(TIERS)) + "]",
        "",
    ]
    for tier, members in zip(TIERS, tiers):
        for member in members:
            modlint += [
                "",
                f'[tool.modlint.modules."{member}"]',
                f'path = "{name}/{member}"',
                f'tier = "{tier}"',
            ]
            tach += ["[[modules]]", f'path = "{name}.{member}"', f'layer = "{tier}"', ""]
    (root / "pyproject.toml").write_text("\n".join(modlint) + "\n")
    (root / "tach.toml").write_text("\n".join(tach))
    layers = "".join(
        f"    {' : '.join(f'{name}.{m}' for m in members)}\n"
        for members in reversed(tiers)
        if members
    )
    (root / ".importlinter").write_text(
        f"[importlinter]\nroot_package = {name}\n\n[importlinter:contract:tiers]\n"
        f"name = Tiers\ntype = layers\nlayers =\n{layers}"
    )
    return root


def _clean_caches(root: Path) -> None:
    for cache in (".modlint_cache", ".import_linter_cache", ".tach"):
        shutil.rmtree(root / cache, ignore_errors=True)


def _touch(path: Path, counter: list[int], imports: bool = False) -> None:
    """Change the file: a comment appended (its facts stay as they were, so modlint replays
    the last findings after comparing them), or with ``imports`` a new import of the
    standard library (its facts change, but no module edge does: modlint checks that file
    again and keeps the other files' findings)."""
    counter[0] += 1
    with path.open("a") as handle:
        if imports:
            handle.write(f"import os as _bench_change_{counter[0]}\n")
        else:
            handle.write(f"# bench change {counter[0]}\n")


CPU: dict[str, list[float]] = {}
"""CPU seconds (user + system, worker processes included) of each measured run, by label."""


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _fresh_clone(root: Path, number: int) -> Path:
    """A copy of ``root`` in a folder of another name with new modification times (as a CI
    checkout), its `.modlint_cache/` restored from ``root``'s."""
    clone = WORK / "clones" / f"{root.name}-{number}"
    shutil.rmtree(clone, ignore_errors=True)
    shutil.copytree(
        root,
        clone,
        copy_function=shutil.copy,
        ignore=shutil.ignore_patterns(".modlint_cache", ".import_linter_cache", ".tach"),
    )
    shutil.copytree(root / ".modlint_cache", clone / ".modlint_cache")
    return clone


def measure(root: Path, command: list[str], runs: int, before: str, label: str = "") -> list[float]:
    """Wall times of ``runs`` runs; ``before`` is "cold" (no cache), "warm" (primed cache),
    "changed" (primed cache, then a comment appended to one file before each run), "clone"
    (a fresh clone with the primed cache restored, a comment appended to one file), or
    "changed imports" / "clone imports" (likewise, an import added instead of a comment).
    CPU times go to ``CPU[label]``."""
    changed = next(iter(sorted(root.glob("*/*.py"))))
    original = changed.read_bytes()
    counter = [0]
    times = []
    try:
        if before != "cold":
            _clean_caches(root)
            _run(*command, cwd=root)
            # Steady state: modlint trusts a folder's signature only once it is two seconds
            # old (RACY_NANOSECONDS), and removing and making the caches changed the root.
            time.sleep(2.1)
            _run(*command, cwd=root)
        for number in range(runs):
            where = root
            if before == "cold":
                _clean_caches(root)
            elif before.startswith("changed"):
                _touch(changed, counter, before.endswith("imports"))
            elif before.startswith("clone"):
                where = _fresh_clone(root, number)
                _touch(where / changed.relative_to(root), counter, before.endswith("imports"))
            cpu = _cpu_seconds()
            started = time.perf_counter()
            done = _run(*command, cwd=where)
            times.append(time.perf_counter() - started)
            CPU.setdefault(label, []).append(_cpu_seconds() - cpu)
            if where != root:
                shutil.rmtree(where, ignore_errors=True)
            if done.returncode not in (0, 1):
                raise SystemExit(f"{' '.join(command)} failed in {where}:\n{done.stderr[-2000:]}")
    finally:
        changed.write_bytes(original)
    return times


def peak_memory_kib(root: Path, command: list[str], cold: bool = False) -> tuple[int, int]:
    """The command's peak resident memory: of its largest process, and the sum of every
    process's peak (the parent's and its workers', polled from /proc on Linux: the largest
    alone elsewhere), measured by a parent that runs only it; warm unless ``cold``."""
    _clean_caches(root)
    if not cold:
        _run(*command, cwd=root)
    done = _run(sys.executable, "-c", _MEASURE, *command, cwd=root)
    figures = done.stdout.split()
    return (int(figures[0]), int(figures[1])) if len(figures) == 2 else (0, 0)


def differential(root: Path, name: str) -> dict[str, int]:
    """Files where the fast extractor and libcst disagree (must be none)."""
    script = (
        "import pathlib, sys\nfrom modlint.extraction.facts import extract_facts\n"
        "files = sorted(pathlib.Path(sys.argv[1]).rglob('*.py'))\n"
        "bad = [str(p) for p in files if extract_facts(p.read_bytes(), 'fast') != "
        "extract_facts(p.read_bytes(), 'libcst')]\n"
        "print(len(files), len(bad)); print(*bad[:20], sep='\\n')\n"
    )
    done = _run(BIN / "python", "-c", script, root / name)
    lines = done.stdout.splitlines()
    files, differing = (int(value) for value in lines[0].split())
    return {"files": files, "differing": differing}


def benchmark(name: str, runs: int) -> dict[str, object]:
    root = prepare_corpus(name)
    modlint = [str(BIN / "modlint"), "-q", "."]
    lint = [str(BIN / "lint-imports")]
    tach = [str(BIN / "tach"), "check"]
    one_file = next(iter(sorted(root.glob(f"{name}/*/*.py"))))
    editor = [str(BIN / "modlint"), "-q", str(one_file.relative_to(root))]
    plan = {
        "modlint cold": ([*modlint, "--no-cache"], "cold"),
        "lint-imports cold": ([*lint, "--no-cache"], "cold"),
        "tach cold": (tach, "cold"),
        "modlint warm": (modlint, "warm"),
        "lint-imports warm": (lint, "warm"),
        "tach warm": (tach, "warm"),
        "modlint one file changed": (modlint, "changed"),
        "lint-imports one file changed": (lint, "changed"),
        "tach one file changed": (tach, "changed"),
        "modlint fresh clone + restored cache, one file changed": (modlint, "clone"),
        "modlint one file's imports changed": (modlint, "changed imports"),
        "modlint fresh clone + restored cache, one file's imports changed": (
            modlint,
            "clone imports",
        ),
        "modlint editor (one file, warm)": (editor, "warm"),
    }
    CPU.clear()
    medians = {
        label: measure(root, command, runs, before, label)
        for label, (command, before) in plan.items()
    }
    result: dict[str, object] = {
        "files": sum(1 for _ in (root / name).rglob("*.py")),
        "seconds": {key: round(statistics.median(values), 3) for key, values in medians.items()},
        "cpu_seconds": {key: round(statistics.median(values), 3) for key, values in CPU.items()},
        "spread": {
            key: round((max(values) - min(values)) / statistics.median(values), 2)
            for key, values in medians.items()
        },
    }
    memory: dict[str, int] = {}
    for label, command, cold in (
        ("modlint", modlint, False),
        ("lint-imports", lint, False),
        ("tach", tach, False),
        ("modlint cold", [*modlint, "--no-cache"], True),
        ("lint-imports cold", [*lint, "--no-cache"], True),
        ("tach cold", tach, True),
    ):
        memory[label], memory[f"{label}, sum over processes"] = peak_memory_kib(root, command, cold)
    result["memory_kib"] = memory
    seconds = result["seconds"]
    assert isinstance(seconds, dict)
    result["ratios"] = {
        "warm / lint-imports warm": round(
            seconds["modlint warm"] / seconds["lint-imports warm"], 2
        ),
        "one file changed / lint-imports warm": round(
            seconds["modlint one file changed"] / seconds["lint-imports warm"], 2
        ),
        "cold / lint-imports --no-cache": round(
            seconds["modlint cold"] / seconds["lint-imports cold"], 2
        ),
        "fresh clone, one file changed / lint-imports warm": round(
            seconds["modlint fresh clone + restored cache, one file changed"]
            / seconds["lint-imports warm"],
            2,
        ),
        "one file's imports changed / lint-imports warm": round(
            seconds["modlint one file's imports changed"] / seconds["lint-imports warm"], 2
        ),
        "fresh clone, one file's imports changed / lint-imports warm": round(
            seconds["modlint fresh clone + restored cache, one file's imports changed"]
            / seconds["lint-imports warm"],
            2,
        ),
        "peak memory / lint-imports": round(memory["modlint"] / memory["lint-imports"], 2),
        "peak memory cold / lint-imports cold": round(
            memory["modlint cold"] / memory["lint-imports cold"], 2
        ),
        "peak memory cold, sum over processes / lint-imports cold": round(
            memory["modlint cold, sum over processes"]
            / memory["lint-imports cold, sum over processes"],
            2,
        ),
    }
    return result


def render(results: dict[str, object]) -> str:
    lines = []
    for name, data in results["corpora"].items():  # type: ignore[union-attr]
        lines.append(f"\n{name} ({data['files']} files), medians of {results['runs']} runs")
        lines.append(f"{'':66} {'seconds':>8} {'CPU s':>8} {'spread':>7}")
        for key, value in data["seconds"].items():
            cpu, spread = data["cpu_seconds"][key], data["spread"][key]
            lines.append(f"{key:66} {value:8.3f} {cpu:8.3f} {spread:7.2f}")
        for tool, kib in data["memory_kib"].items():
            lines.append(f"{'peak memory ' + tool:66} {kib / 1024:7.1f}M")
        for key, value in data["ratios"].items():
            lines.append(f"{'ratio ' + key:70} {value:5.2f}")
        if "differential" in data:
            diff = data["differential"]
            lines.append(
                f"fast vs libcst extractor: {diff['differing']} of {diff['files']} files differ"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", nargs="+", choices=tuple(CORPORA), default=list(CORPORA))
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument(
        "--differential",
        action="store_true",
        help="also compare the fast extractor with libcst on every file",
    )
    options = parser.parse_args()
    versions = prepare_environment()
    results: dict[str, object] = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "processor": platform.processor() or "unknown",
        },
        "versions": versions,
        "runs": options.runs,
        "corpora": {},
    }
    for name in options.corpus:
        data = benchmark(name, options.runs)
        if options.differential:
            data["differential"] = differential(WORK / "corpora" / name, name)
        results["corpora"][name] = data  # type: ignore[index]
    print(f"versions: {versions}; machine: {results['machine']}")
    print(render(results))
    if options.json:
        Path(options.json).write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
