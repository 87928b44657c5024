"""CPU seconds of each extraction stage over a corpus, in one process, with gc on and off;
with ``--pipeline``, CPU seconds of each stage of a whole cold run (`modlint -q . --no-cache`
in a fresh process, worker processes included); with ``--changed``, of a run after one file
changed (the cache primed, then a standard-library import appended to the first file of a
subpackage: a change of its facts that adds no module edge, so only that file is checked
again; a comment would only be compared). Each stage's time leaves out the timed stages it
calls.

python bench/stages.py .bench/corpora/django/django
python bench/stages.py --pipeline .bench/corpora/django
python bench/stages.py --changed .bench/corpora/django
"""

from __future__ import annotations

import ast
import gc
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from modlint.extraction import fast
from modlint.extraction.positions import Source
from modlint.extraction.source import decode_source

STAGES = ("decode", "depth", "parse", "lines", "scanner", "tokenize", "full walk", "imports walk")


def stages(contents: list[bytes], collect: bool) -> dict[str, float]:
    """CPU seconds per stage over all contents."""
    spent = dict.fromkeys(STAGES, 0.0)
    kept = []
    (gc.enable if collect else gc.disable)()
    clock = time.process_time
    for data in contents:
        started = clock()
        text = decode_source(data)
        spent["decode"] += clock() - started
        if not isinstance(text, str):
            continue
        started = clock()
        fast.cpython_may_crash(text)
        spent["depth"] += clock() - started
        started = clock()
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError, RecursionError):
            continue
        spent["parse"] += clock() - started
        started = clock()
        source = Source(text)
        spent["lines"] += clock() - started
        started = clock()
        fast._comments(text, source, tree)
        spent["scanner"] += clock() - started
        started = clock()
        fast._tokenized_comments(text)
        spent["tokenize"] += clock() - started
        started = clock()
        full = fast._Collector(source)
        full.visit(tree)
        spent["full walk"] += clock() - started
        started = clock()
        imports = fast._Collector(source)
        fast._ImportWalker(imports, text).statements(tree.body)
        spent["imports walk"] += clock() - started
        kept.append(full.imports)  # the facts stay alive, as in a run
    gc.enable()
    return {stage: round(seconds, 2) for stage, seconds in spent.items()}


_PIPELINE = """
import json, resource, sys, time
start = time.process_time()
from modlint.cli.main import main
import modlint.pipeline.check, modlint.pipeline.run
# By their module objects: the package modlint.pipeline exports functions of these names.
check, run = sys.modules["modlint.pipeline.check"], sys.modules["modlint.pipeline.run"]
imported = time.process_time()
# The analysis stages are imported where they are used: patch them in their own packages.
import modlint.graph, modlint.locking, modlint.pipeline.facts, modlint.discovery
import modlint.pipeline.suppression, modlint.pipeline.incremental
incremental = sys.modules["modlint.pipeline.incremental"]
graph, locking = sys.modules["modlint.graph"], sys.modules["modlint.locking"]
facts, discovery = sys.modules["modlint.pipeline.facts"], sys.modules["modlint.discovery"]
suppression = sys.modules["modlint.pipeline.suppression"]
rules = [rule for rule in sys.modules["modlint.rules"].RULES if rule.check is not None]
spent = {}

def cpu():
    usage = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usage)

inner = []  # CPU seconds of the timed stages inside each running one, left out of its own

def timed(module, name, stage):
    real = getattr(module, name)
    def wrapper(*args, **kwargs):
        started = cpu()
        inner.append(0.0)
        try:
            return real(*args, **kwargs)
        finally:
            elapsed = cpu() - started
            spent[stage] = spent.get(stage, 0.0) + elapsed - inner.pop()
            if inner:
                inner[-1] += elapsed
    setattr(module, name, wrapper)

for module in (run, check, discovery):
    if hasattr(module, "discover_python_files"):
        timed(module, "discover_python_files", "discovery")
timed(facts, "extract_all_hashed", "extraction (parent and workers)")
timed(graph, "build_project", "graph: modules, resolution")
timed(locking, "module_surfaces", "surfaces")
timed(check, "dependencies_of", "third-party metadata")
timed(incremental, "revised_findings", "changed files checked again (the rest of it)")
timed(suppression, "suppress", "suppression")
timed(check, "load_results", "last findings looked up")
timed(check, "save_results", "findings saved")
for rule in rules:
    real_check = rule.check
    def timed_check(project, real_check=real_check):
        started = cpu()
        try:
            return list(real_check(project))
        finally:
            elapsed = cpu() - started
            spent["rules"] = spent.get("rules", 0.0) + elapsed
            if inner:
                inner[-1] += elapsed
    object.__setattr__(rule, "check", timed_check)
started = cpu()
main(["-q", ".", *sys.argv[1:]])
total = cpu() - started
spent["configuration, rendering (the rest)"] = total - sum(spent.values())
print(json.dumps({"interpreter start and imports": imported, **spent, "total": imported + total}))
"""


def pipeline(root: Path, runs: int = 3, changed: bool = False) -> dict[str, float]:
    """Median CPU seconds of each stage of a cold run (or, if ``changed``, of a run after one
    file changed) over ``runs`` fresh processes."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    found: dict[str, list[float]] = {}
    edited = next(iter(sorted(root.glob("*/*/*.py"))))
    original = edited.read_bytes()
    options = [] if changed else ["--no-cache"]
    # Primed twice, the second time once the cache folder made by the first is two seconds
    # old: discovery trusts a folder's signature only then (RACY_NANOSECONDS).
    for pause in (2.1, 0.0) if changed else ():
        subprocess.run(
            [sys.executable, "-c", _PIPELINE],
            cwd=root,
            capture_output=True,
            check=False,
            env=environment,
        )
        time.sleep(pause)
    for number in range(runs):
        if changed:
            edited.write_bytes(original + f"import os as _stages_{number}\n".encode())
        done = subprocess.run(
            [sys.executable, "-c", _PIPELINE, *options],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            env=environment,
        )
        for stage, seconds in json.loads(done.stdout.splitlines()[-1]).items():
            found.setdefault(stage, []).append(seconds)
    edited.write_bytes(original)
    return {stage: round(sorted(values)[len(values) // 2], 3) for stage, values in found.items()}


def main() -> None:
    if sys.argv[1] in ("--pipeline", "--changed"):
        for stage, seconds in pipeline(
            Path(sys.argv[2]), changed=sys.argv[1] == "--changed"
        ).items():
            print(f"{stage:45} {seconds:7.3f}")
        return
    sys.setrecursionlimit(12_000)
    contents = [path.read_bytes() for path in sorted(Path(sys.argv[1]).rglob("*.py"))]
    print(f"{len(contents)} files")
    print("gc off:", stages(contents, collect=False))
    print("gc on: ", stages(contents, collect=True))


if __name__ == "__main__":
    main()
