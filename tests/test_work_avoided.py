"""What a run does not do when it need not: no hashing or stat of the files without a cache."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import write
from fresh_process import imported_after_run
from unprivileged import run_unprivileged

from modlint.pipeline import facts as pipeline_facts


def test_no_cache_neither_hashes_nor_stats_the_files(
    modlint, planted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--no-cache` only reads each Python file: no content hash, no `stat` of its own and no
    fingerprint of modlint's code; the diagnostics are those of a cached run."""
    cached = modlint(cwd=planted)
    calls: list[str] = []

    def refuse(name: str):
        def refused(*args: object, **kwargs: object) -> None:
            calls.append(name)
            raise AssertionError(name)

        return refused

    stat = Path.stat

    def python_stat(path: Path, *args: object, **kwargs: object) -> os.stat_result:
        if path.suffix == ".py" and "modlint" not in path.parts:
            calls.append(f"stat {path.name}")
        return stat(path, *args, **kwargs)

    monkeypatch.setattr(pipeline_facts.hashlib, "blake2b", refuse("blake2b"))
    monkeypatch.setattr(pipeline_facts, "code_fingerprint", refuse("code_fingerprint"))
    monkeypatch.setattr(Path, "stat", python_stat)
    uncached = modlint("--no-cache", cwd=planted)
    assert calls == []
    assert (uncached.code, uncached.out, uncached.err) == (cached.code, cached.out, cached.err)
    assert uncached.code == 1
    assert uncached.lines == [
        "auth/session.py:10:8: ML001 foundation module 'auth' imports business module 'user'"
        " (user.models)",
        "auth/session.py:10:8: ML002 module 'auth' imports 'user' (user.models), which is not"
        " in its depends-on",
        "auth/session.py:10:8: ML003 module 'auth' imports 'user' (user.models), closing the"
        " cycle auth -> user -> auth",
        "auth/session.py:10:8: ML004 locked module 'auth' imports development module 'user'"
        " (user.models)",
        "cloudfunction/runtime.py:8:6: ML003 module 'cloudfunction' imports 'auth' (auth),"
        " closing the cycle cloudfunction -> auth -> user -> messaging -> cloudfunction",
        "messaging/dispatcher.py:26:14: ML003 module 'messaging' imports 'cloudfunction'"
        " (cloudfunction), closing the cycle messaging -> cloudfunction -> auth -> user"
        " -> messaging",
        "user/profile.py:7:6: ML003 module 'user' imports 'auth' (auth), closing the cycle"
        " user -> auth -> user",
        "user/profile.py:8:6: ML003 module 'user' imports 'messaging' (messaging), closing the"
        " cycle user -> messaging -> cloudfunction -> auth -> user",
    ]


def test_no_cache_with_workers_reads_each_file_where_it_is_parsed(tmp_path: Path) -> None:
    """Enough files for worker processes, which read the files themselves under `--no-cache`:
    an unreadable file and a syntax error are reported as when this process reads them."""
    files: dict[str, str | bytes | None] = {
        "pyproject.toml": '[tool.modlint]\n[tool.modlint.modules.app]\ntier = "business"\n',
        "app/__init__.py": "",
        "app/broken.py": "def f(:\n",
    }
    files.update({f"app/m{number:02}.py": "import os\n" for number in range(80)})
    root = write(tmp_path / "p", files)
    secret = root / "app" / "m41.py"
    os.chmod(secret, 0o000)
    try:
        run = run_unprivileged("--no-cache", cwd=root)
    finally:
        os.chmod(secret, 0o644)
    assert (run.code, run.lines) == (
        1,
        [
            "app/broken.py:1:7: ML901 syntax error: invalid syntax",
            "app/m41.py:1:1: ML902 cannot read file: Permission denied",
        ],
    )


RUN_WATCHED = (
    "importlib.metadata",
    "libcst",
    "multiprocessing",
    "modlint.pipeline.fixes",
    "modlint.pipeline.baseline",
)


def _imported_after_run(root: Path, *args: str) -> str:
    """The output of a quiet run in a fresh process, then its exit code and which of the
    RUN_WATCHED modules it imported."""
    return imported_after_run(root, RUN_WATCHED, "-q", *args)


def test_run_after_one_change_imports_no_workers_fixes_or_baseline(tmp_path: Path) -> None:
    """After one file changed, a run parses it in this process: it imports neither
    multiprocessing nor the fixing or baseline machinery, which only --fix, the formats that
    show fixes and a baseline need; nor the installed metadata, which a project that declares
    no dependencies and no `external` list never compares a third-party import with; nor
    libcst, which only a fix needs (a quarter of a second to import)."""
    files: dict[str, str | bytes | None] = {
        "pyproject.toml": '[tool.modlint]\ntiers = ["low", "high"]\n'
        '[tool.modlint.modules.low]\ntier = "low"\n'
        '[tool.modlint.modules.high]\ntier = "high"\n',
        "low/__init__.py": "",
        "high/__init__.py": "import yaml\n",
    }
    files.update({f"low/m{number:02}.py": "import os\n" for number in range(40)})
    root = write(tmp_path / "p", files)
    assert _imported_after_run(root) == "0 []\n"
    (root / "low" / "m07.py").write_text("import high\n", encoding="utf-8")
    violation = "low/m07.py:1:8: ML001 low module 'low' imports high module 'high' (high)\n"
    assert _imported_after_run(root) == violation + "1 []\n"
    # The check can fail: the JSON format shows fixes, so it needs the fixing machinery.
    json_run = _imported_after_run(root, "--output-format", "json")
    assert json_run.endswith("]\n1 ['modlint.pipeline.fixes']\n")


ANALYSIS_STAGES = (
    "modlint.docs",
    "modlint.extraction",
    "modlint.graph",
    "modlint.locking",
    "modlint.pipeline.base",
    "modlint.pipeline.isolation",
)


def test_run_reusing_the_last_findings_imports_no_analysis_stage(tmp_path: Path) -> None:
    """The editor case, a run whose findings are all in the results cache, only replays them:
    it imports none of the stages that analyse a project (extraction, the import graph, lock
    files and surfaces, docs, the git base, worker processes), whose import is most of its
    start-up time; a run after a change that leaves the file's facts as they were only
    extracts that file; one after a change of its imports checks it alone (it needs the
    lock files, not the docs nor worker processes); one after a change to what a module
    surface is made of imports the stages an analysis needs."""
    files: dict[str, str | bytes | None] = {
        "pyproject.toml": '[tool.modlint]\ntiers = ["low", "high"]\n'
        '[tool.modlint.modules.low]\ntier = "low"\nlevel = "stable"\n'
        '[tool.modlint.modules.high]\ntier = "high"\n',
        "low/__init__.py": '__all__ = ["f"]\n\n\ndef f():\n    pass\n',
        "low/core.py": "import high\n",
        "high/__init__.py": "import low\n",
    }
    root = write(tmp_path / "p", files)

    def run() -> str:
        return imported_after_run(root, ANALYSIS_STAGES, "-q", "low/core.py")

    violations = (
        "low/core.py:1:8: ML001 low module 'low' imports high module 'high' (high)\n"
        "low/core.py:1:8: ML003 module 'low' imports 'high' (high), closing the cycle"
        " low -> high -> low\n"
        "low/core.py:1:8: ML004 stable module 'low' imports development module 'high' (high)\n"
    )
    analysed = (
        "1 ['modlint.docs', 'modlint.extraction', 'modlint.graph', 'modlint.locking',"
        " 'modlint.pipeline.isolation']\n"
    )
    assert run() == violations + analysed
    assert run() == violations + "1 []\n"
    (root / "high" / "__init__.py").write_text("import low  # changed\n", encoding="utf-8")
    assert run() == violations + "1 ['modlint.extraction']\n"
    assert run() == violations + "1 []\n"
    (root / "high" / "__init__.py").write_text("import low, os\n", encoding="utf-8")
    revised = "1 ['modlint.extraction', 'modlint.graph', 'modlint.locking']\n"
    assert run() == violations + revised
    assert run() == violations + "1 []\n"
    (root / "low" / "__init__.py").write_text('__all__ = ["f"]\nimport os\n', encoding="utf-8")
    assert run() == violations + analysed
    assert run() == violations + "1 []\n"


REPLAY_UNNEEDED = (
    "modlint.cache.codec",
    "modlint.cache.store",
    "modlint.metadata.declared",
    "modlint.model.base",
    "modlint.model.coverage",
    "modlint.model.docs",
    "modlint.model.facts",
    "modlint.model.fix",
    "modlint.model.lock",
    "modlint.model.project",
    "modlint.model.surface",
    "modlint.pipeline.facts",
    "modlint.pipeline.suppression",
    "modlint.report.graph",
)


def test_run_reusing_the_last_findings_creates_no_project_or_fact_classes(
    tmp_path: Path,
) -> None:
    """The editor case imports none of the model's files for a project's facts, surfaces,
    lock files, docs, coverage and fixes, nor the fact cache's codec, suppression, the declared
    dependencies or the graph report: each frozen dataclass they create costs it about a
    millisecond of start-up. A run that analyses imports those it needs, and one that checks
    only a changed file needs neither the docs nor the coverage report."""
    files: dict[str, str | bytes | None] = {
        "pyproject.toml": '[tool.modlint]\ntiers = ["low", "high"]\n'
        '[tool.modlint.modules.low]\ntier = "low"\nlevel = "stable"\n'
        '[tool.modlint.modules.high]\ntier = "high"\n',
        "low/__init__.py": '__all__ = ["f"]\n\n\ndef f():\n    pass\n',
        "low/core.py": "import high  # noqa: ML003\n",
        "high/__init__.py": "import low\nimport yaml\n",
    }
    root = write(tmp_path / "p", files)

    def run() -> str:
        return imported_after_run(root, REPLAY_UNNEEDED, "-q", "low/core.py")

    violations = (
        "low/core.py:1:8: ML001 low module 'low' imports high module 'high' (high)\n"
        "low/core.py:1:8: ML004 stable module 'low' imports development module 'high' (high)\n"
    )
    analysed = (
        "1 ['modlint.cache.codec', 'modlint.cache.store', 'modlint.metadata.declared',"
        " 'modlint.model.coverage', 'modlint.model.docs', 'modlint.model.facts',"
        " 'modlint.model.lock', 'modlint.model.project', 'modlint.model.surface',"
        " 'modlint.pipeline.facts', 'modlint.pipeline.suppression']\n"
    )
    assert run() == violations + analysed
    assert run() == violations + "1 []\n"
    (root / "high" / "__init__.py").write_text("import low\nimport os\nimport yaml\n")
    revised = analysed.replace(" 'modlint.model.coverage', 'modlint.model.docs',", "")
    assert run() == violations + revised
    assert run() == violations + "1 []\n"
    (root / "low" / "__init__.py").write_text('__all__ = ["f"]\nimport os\n')
    assert run() == violations + analysed
    assert run() == violations + "1 []\n"


def test_a_source_checkout_is_fingerprinted_by_every_python_file(tmp_path: Path) -> None:
    """Without a wheel's RECORD, the fingerprint that keys every cached result changes when a
    `.py` file of modlint's package is added, removed, or changes size or modification time,
    at any depth, and for nothing else (compiled files, other files)."""
    from modlint.cache.results import package_fingerprint

    package = write(
        tmp_path / "modlint",
        {"__init__.py": "", "cache/results.py": "x = 1\n", "rules/deep/ml.py": ""},
    )
    first = package_fingerprint(package)
    assert package_fingerprint(package) == first
    (package / "cache" / "__pycache__").mkdir()
    (package / "cache" / "__pycache__" / "results.cpython-311.pyc").write_bytes(b"\0")
    (package / "README.md").write_text("notes\n")
    assert package_fingerprint(package) == first
    deep = package / "rules" / "deep" / "ml.py"
    deep.write_text("y = 2\n")
    grown = package_fingerprint(package)
    assert grown != first
    os.utime(deep, ns=(1, 1))
    touched = package_fingerprint(package)
    assert touched not in (first, grown)
    (package / "rules" / "new.py").write_text("")
    added = package_fingerprint(package)
    assert added not in (first, grown, touched)
    (package / "rules" / "new.py").unlink()
    assert package_fingerprint(package) == touched


def test_a_run_for_one_path_checks_the_stored_findings_it_shows(tmp_path: Path) -> None:
    """The editor case validates the stored findings of the path it shows (every stored
    path too), not the fields of every other file's: a malformed line number elsewhere is
    left alone and the findings are replayed; one in a finding it shows makes it analyse."""
    files: dict[str, str | bytes | None] = {
        "pyproject.toml": '[tool.modlint]\ntiers = ["low", "high"]\n'
        '[tool.modlint.modules.low]\ntier = "low"\n'
        '[tool.modlint.modules.high]\ntier = "high"\n',
        "low/__init__.py": "",
        "low/core.py": "import high\n",
        "low/other.py": "import high\n",
        "high/__init__.py": "",
    }
    root = write(tmp_path / "p", files)
    shown = "low/core.py:1:8: ML001 low module 'low' imports high module 'high' (high)\n"
    analysed = (
        "1 ['modlint.docs', 'modlint.extraction', 'modlint.graph', 'modlint.locking',"
        " 'modlint.pipeline.isolation']\n"
    )

    def run() -> str:
        return imported_after_run(root, ANALYSIS_STAGES, "-q", "low/core.py")

    def corrupt(relative: str) -> None:
        results = root / ".modlint_cache" / "results.json"
        document = json.loads(results.read_bytes())
        for entry in document["diagnostics"]:
            if entry[0] == relative:
                entry[1] = "1"
        results.write_text(json.dumps(document))

    assert run() == shown + analysed
    corrupt("low/other.py")
    assert run() == shown + "1 []\n"
    corrupt("low/core.py")
    assert run() == shown + analysed
    assert run() == shown + "1 []\n"
