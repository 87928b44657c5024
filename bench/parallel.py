"""Wall and CPU seconds of extracting a corpus's imports-only facts by each parallel strategy,
each run in a fresh process, the strategies interleaved round after round.

    python bench/parallel.py .bench/corpora/django/django --rounds 3

Strategies: ``serial`` (this process alone, as below the size threshold), ``pool-N`` (N
forked workers, the parent only schedules: what modlint does, with N = the number of cores)
and ``beside`` (the parent extracts half the bytes while one forked worker extracts the
other half; a prototype run from a thread, for measurement only). CPU seconds include the
workers'. On a machine shared with other jobs, compare the CPU figures and the medians.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

_ONE = """
import gc, json, resource, sys, threading, time
from pathlib import Path
from modlint.pipeline import facts
from modlint.pipeline.isolation import run_isolated

strategy, folder = sys.argv[1], Path(sys.argv[2])
contents = [path.read_bytes() for path in sorted(folder.rglob("*.py"))]
gc.disable()
started = time.perf_counter()
if strategy == "serial":
    found = [facts._imports(data) or facts._imports_fully(data) for data in contents]
elif strategy.startswith("pool-"):
    found = run_isolated(facts._imports_fully, contents, int(strategy[5:]))
else:
    order = sorted(range(len(contents)), key=lambda index: -len(contents[index]))
    shares, loads = ([], []), [0, 0]
    for index in order:
        lighter = 0 if loads[0] <= loads[1] else 1
        shares[lighter].append(index)
        loads[lighter] += len(contents[index])
    theirs = {}
    thread = threading.Thread(
        target=lambda: theirs.update(
            zip(shares[1], run_isolated(facts._imports_fully, [contents[i] for i in shares[1]], 1))
        )
    )
    thread.start()
    mine = {index: facts._imports(contents[index]) for index in shares[0]}
    thread.join()
    found = [mine[index] if index in mine else theirs[index] for index in range(len(contents))]
wall = time.perf_counter() - started
usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
cpu = sum(u.ru_utime + u.ru_stime for u in usage)
largest = max(u.ru_maxrss for u in usage)
print(json.dumps({"wall": wall, "cpu": cpu, "files": len(found), "largest": largest}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--strategies", nargs="+", default=["serial", "pool-1", "pool-2", "beside"])
    options = parser.parse_args()
    figures: dict[str, list[dict[str, float]]] = {name: [] for name in options.strategies}
    for _ in range(options.rounds):
        for name in options.strategies:
            done = subprocess.run(
                [sys.executable, "-c", _ONE, name, str(options.folder)],
                capture_output=True,
                text=True,
                check=True,
            )
            figures[name].append(json.loads(done.stdout))
    header = f"{'strategy':10} {'wall s':>8} {'CPU s':>8} {'largest MiB':>12}"
    print(f"{header}  (medians of {options.rounds})")
    for name, runs in figures.items():
        wall = statistics.median(run["wall"] for run in runs)
        cpu = statistics.median(run["cpu"] for run in runs)
        largest = statistics.median(run["largest"] for run in runs) / 1024
        print(f"{name:10} {wall:8.3f} {cpu:8.3f} {largest:12.1f}")


if __name__ == "__main__":
    main()
