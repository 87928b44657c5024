"""CPU seconds of each extraction stage over a corpus, in one process, with gc on and off.

python bench/stages.py .bench/corpora/django/django
"""

from __future__ import annotations

import ast
import gc
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


def main() -> None:
    sys.setrecursionlimit(12_000)
    contents = [path.read_bytes() for path in sorted(Path(sys.argv[1]).rglob("*.py"))]
    print(f"{len(contents)} files")
    print("gc off:", stages(contents, collect=False))
    print("gc on: ", stages(contents, collect=True))


if __name__ == "__main__":
    main()
