"""The fact cache and the reuse of findings: hits, misses, invalidation, corruption,
concurrent runs, and the same results with and without it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import append, edit

import modlint.pipeline.facts


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the files parsed (runs with fewer than 32 files to parse stay in-process)."""
    count = [0]
    real = modlint.pipeline.facts._extract

    def counting(data: bytes):
        count[0] += 1
        return real(data)

    monkeypatch.setattr(modlint.pipeline.facts, "_extract", counting)
    return count


def _files(nimbus: Path) -> int:
    return sum(1 for _ in nimbus.rglob("*.py"))


def _clean(run) -> bool:
    """Whether a run on the clean sample said nothing and exited 0."""
    return (run.code, run.out, run.err) == (0, "", "")


def test_a_warm_run_parses_nothing_and_writes_nothing(modlint, nimbus, parses) -> None:
    assert _clean(modlint(cwd=nimbus))
    assert parses[0] == _files(nimbus)
    cache = nimbus / ".modlint_cache"
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"
    written = {path.name: path.stat().st_mtime_ns for path in cache.iterdir()}
    assert _clean(modlint(cwd=nimbus))
    assert parses[0] == _files(nimbus)
    assert {path.name: path.stat().st_mtime_ns for path in cache.iterdir()} == written


CYCLE_AFTER_THE_IMPORT = (
    1,
    "project/services.py:10:6: ML003 module 'project' imports 'user' (user.models), closing "
    "the cycle project -> user -> project\n"
    "user/models.py:13:8: ML003 module 'user' imports 'project' (project), closing the cycle "
    "user -> project -> user\n",
    "Found 2 errors.\n",
)
"""The cycle `import project` appended to user/models.py closes in the sample."""


def test_a_changed_file_is_parsed_again_alone(modlint, nimbus, parses) -> None:
    modlint(cwd=nimbus)
    before = parses[0]
    append(nimbus / "user" / "models.py", "import project\n")
    run = modlint("--select", "ML003", cwd=nimbus)
    assert parses[0] == before + 1
    assert (run.code, run.out, run.err) == CYCLE_AFTER_THE_IMPORT


def test_same_content_with_a_new_modification_time_is_a_hit(modlint, nimbus, parses) -> None:
    modlint(cwd=nimbus)
    before = parses[0]
    os.utime(nimbus / "auth" / "session.py", (1, 1))
    assert _clean(modlint(cwd=nimbus))
    assert parses[0] == before


def test_a_configuration_change_reuses_facts_but_not_findings(modlint, nimbus, parses) -> None:
    modlint(cwd=nimbus)
    before = parses[0]
    edit(
        nimbus / "pyproject.toml",
        '[tool.modlint.modules.user]\ntier = "business"',
        '[tool.modlint.modules.user]\ntier = "foundation"',
    )
    run = modlint("--select", "ML001", cwd=nimbus)
    assert parses[0] == before  # facts depend on bytes only
    assert (run.code, run.out, run.err) == (
        1,
        "user/profile.py:8:6: ML001 foundation module 'user' imports framework module "
        "'messaging' (messaging)\n",
        "Found 1 error.\n",
    )


@pytest.mark.parametrize(
    "garbage",
    [b"\x00not json", b"[1, 2, 3]", b'{"modlint": "0.0.1", "schema": 1, "paths": {}, "facts": {}}'],
)
def test_a_corrupt_or_foreign_cache_is_rebuilt(modlint, nimbus, parses, garbage) -> None:
    modlint(cwd=nimbus)
    for path in (nimbus / ".modlint_cache").glob("*.json"):
        path.write_bytes(garbage)
    parses[0] = 0
    assert _clean(modlint(cwd=nimbus))
    assert parses[0] == _files(nimbus)
    rebuilt = json.loads((nimbus / ".modlint_cache" / "facts.json").read_bytes())
    assert sorted(rebuilt["paths"]) == sorted(
        path.relative_to(nimbus).as_posix() for path in nimbus.rglob("*.py")
    )
    parses[0] = 0
    assert _clean(modlint(cwd=nimbus))
    assert parses[0] == 0


def test_a_corrupt_entry_is_parsed_again(modlint, nimbus, parses) -> None:
    modlint(cwd=nimbus)
    index = json.loads((nimbus / ".modlint_cache" / "facts.json").read_bytes())
    digest = index["paths"]["auth/session.py"][2]
    shard = nimbus / ".modlint_cache" / f"facts-{digest[0]}.json"
    document = json.loads(shard.read_bytes())
    document[digest] = ["not", "facts"]
    shard.write_text(json.dumps(document))
    (nimbus / ".modlint_cache" / "results.json").unlink()
    parses[0] = 0
    assert _clean(modlint(cwd=nimbus))
    assert parses[0] == 1


def test_results_are_the_same_with_and_without_the_cache(modlint, planted: Path) -> None:
    append(planted / "logs" / "handlers.py", "from datastore import _cache  # noqa: ML002\n")
    cold = modlint("--no-cache", "--output-format", "json", cwd=planted)
    assert not (planted / ".modlint_cache").exists()
    first = modlint("--output-format", "json", cwd=planted)
    warm = modlint("--output-format", "json", cwd=planted)
    assert json.loads(cold.out) == json.loads(first.out) == json.loads(warm.out)
    assert _lines(cold.out) == [*AUTH, *CYCLES[:1], *LOGS_CACHE, *CYCLES[1:]]
    assert (cold.code, cold.err) == (1, "")
    for options in ((), ("--no-cache",)):
        run = modlint(*options, "auth", cwd=planted)
        assert (run.code, run.lines, run.err) == (1, AUTH, "Found 4 errors.\n")


def test_cache_dir_option(modlint, nimbus: Path, tmp_path: Path) -> None:
    assert _clean(modlint("--cache-dir", str(tmp_path / "elsewhere"), cwd=nimbus))
    assert (tmp_path / "elsewhere" / "facts.json").is_file()
    assert not (nimbus / ".modlint_cache").exists()


def test_an_unwritable_cache_folder_is_no_error(modlint, nimbus: Path) -> None:
    (nimbus / "blocked").write_text("a file where the cache folder would go")
    run = modlint("--cache-dir", str(nimbus / "blocked"), cwd=nimbus)
    assert (run.code, run.out, run.err) == (0, "", "")


def test_two_concurrent_runs_leave_a_valid_cache(planted: Path) -> None:
    command = [sys.executable, "-m", "modlint", "--output-format", "json", "."]
    runs = [
        subprocess.Popen(command, cwd=planted, stdout=subprocess.PIPE, text=True) for _ in range(2)
    ]
    outputs = [run.communicate()[0] for run in runs]
    assert outputs[0] == outputs[1]
    assert _lines(outputs[0]) == [*AUTH, *CYCLES]
    document = json.loads((planted / ".modlint_cache" / "facts.json").read_bytes())
    assert sorted(document["paths"]) == sorted(
        path.relative_to(planted).as_posix() for path in planted.rglob("*.py")
    )
    again = subprocess.run(command, cwd=planted, capture_output=True, text=True, check=False)
    assert again.stdout == outputs[0]


def _lines(json_output: str) -> list[str]:
    """The JSON report's diagnostics as the text format's lines."""
    return [
        f"{d['path']}:{d['line']}:{d['column']}: {d['code']} {d['message']}"
        for d in json.loads(json_output)
    ]


AUTH = [
    "auth/session.py:10:8: ML001 foundation module 'auth' imports business module 'user' "
    "(user.models)",
    "auth/session.py:10:8: ML002 module 'auth' imports 'user' (user.models), which is not in its "
    "depends-on",
    "auth/session.py:10:8: ML003 module 'auth' imports 'user' (user.models), closing the cycle "
    "auth -> user -> auth",
    "auth/session.py:10:8: ML004 locked module 'auth' imports development module 'user' "
    "(user.models)",
]
"""What `planted` reports in auth/session.py."""
CYCLES = [
    "cloudfunction/runtime.py:8:6: ML003 module 'cloudfunction' imports 'auth' (auth), closing "
    "the cycle cloudfunction -> auth -> user -> messaging -> cloudfunction",
    "messaging/dispatcher.py:26:14: ML003 module 'messaging' imports 'cloudfunction' "
    "(cloudfunction), closing the cycle messaging -> cloudfunction -> auth -> user -> messaging",
    "user/profile.py:7:6: ML003 module 'user' imports 'auth' (auth), closing the cycle "
    "user -> auth -> user",
    "user/profile.py:8:6: ML003 module 'user' imports 'messaging' (messaging), closing the cycle "
    "user -> messaging -> cloudfunction -> auth -> user",
]
"""The cycles `planted` closes elsewhere."""
LOGS_CACHE = [
    "datastore/store.py:7:6: ML003 module 'datastore' imports 'logs' (logs), closing the cycle "
    "datastore -> logs -> datastore",
    "logs/handlers.py:20:23: ML003 module 'logs' imports 'datastore' (datastore._cache), closing "
    "the cycle logs -> datastore -> logs",
    "logs/handlers.py:20:23: ML101 'datastore._cache' is not in the surface of locked module "
    "'datastore' (use what 'datastore' exports)",
]
"""What importing datastore._cache into logs adds to `planted`."""


def test_installing_a_distribution_changes_the_findings_reused(tmp_path: Path) -> None:
    """The findings of a rule that reads installed distributions (ML005) are not replayed
    once a distribution is installed on `sys.path`, nor after it is removed."""
    project = tmp_path / "q"
    (project / "app").mkdir(parents=True)
    (project / "pyproject.toml").write_text(
        '[project]\nname = "q"\nversion = "1"\ndependencies = []\n'
        '[tool.modlint]\n[tool.modlint.modules.app]\ntier = "business"\n'
    )
    (project / "app" / "__init__.py").write_text("import fakepkg\n")
    site = tmp_path / "site"
    site.mkdir()

    def run() -> str:
        done = subprocess.run(
            [sys.executable, "-m", "modlint", "-q", "."],
            cwd=project,
            env={**os.environ, "PYTHONPATH": str(site)},
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 1
        return done.stdout

    undeclared = (
        "app/__init__.py:1:8: ML005 module 'app' imports 'fakepkg' from distribution '{}',"
        " which the project does not declare as a dependency\n"
    )
    assert run() == undeclared.format("fakepkg")
    metadata = site / "fake_dist-1.0.dist-info"
    metadata.mkdir()
    (metadata / "METADATA").write_text("Metadata-Version: 2.1\nName: fake-dist\nVersion: 1.0\n")
    (metadata / "top_level.txt").write_text("fakepkg\n")
    assert run() == undeclared.format("fake-dist")
    (metadata / "METADATA").unlink()
    (metadata / "top_level.txt").unlink()
    metadata.rmdir()
    assert run() == undeclared.format("fakepkg")


def test_a_changed_file_whose_facts_differ_is_parsed_once(modlint, nimbus, parses) -> None:
    """Its facts are compared with the cached run's, found different, and kept: the analysis
    that follows does not parse it again."""
    modlint(cwd=nimbus)
    before = parses[0]
    append(nimbus / "user" / "models.py", "import project\n")
    run = modlint(cwd=nimbus)
    assert parses[0] == before + 1
    assert (run.code, run.out, run.err) == CYCLE_AFTER_THE_IMPORT
