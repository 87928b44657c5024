"""A run after files changed reuses the last findings when every changed file's facts are
those the findings were taken from (an edit inside a function, a comment, a fresh clone's new
modification times), and analyses the project afresh otherwise."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import write
from fresh_process import imported_after_run
from unprivileged import run_unprivileged

from modlint.cache.results import package_fingerprint
from modlint.model import __version__

FILES: dict[str, str | bytes | None] = {
    "pyproject.toml": '[tool.modlint]\ntiers = ["low", "high"]\n'
    '[tool.modlint.modules.low]\ntier = "low"\nlevel = "stable"\n'
    '[tool.modlint.modules.high]\ntier = "high"\n',
    "low/__init__.py": '__all__ = ["f"]\n\n\ndef f():\n    return 1\n',
    "low/core.py": "import high\n\n\ndef g():\n    return 2\n",
    "high/__init__.py": "import low\n",
}
FINDINGS = (
    "high/__init__.py:1:8: ML003 module 'high' imports 'low' (low), closing the cycle"
    " high -> low -> high\n"
    "low/core.py:1:8: ML001 low module 'low' imports high module 'high' (high)\n"
    "low/core.py:1:8: ML003 module 'low' imports 'high' (high), closing the cycle"
    " low -> high -> low\n"
    "low/core.py:1:8: ML004 stable module 'low' imports development module 'high' (high)\n"
)
WATCHED = ("modlint.extraction", "modlint.graph")
REUSED = "1 []\n"
"""Nothing extracted, nothing analysed: the findings replayed."""
COMPARED = "1 ['modlint.extraction']\n"
"""The changed files extracted and their facts compared: the findings replayed."""
ANALYSED = "1 ['modlint.extraction', 'modlint.graph']\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The project above, checked once so that its caches hold the findings."""
    root = write(tmp_path / "p", FILES)
    assert run(root) == FINDINGS + ANALYSED
    assert run(root) == FINDINGS + REUSED
    return root


def run(root: Path) -> str:
    return imported_after_run(root, WATCHED, "-q", ".")


def test_an_edit_inside_a_function_replays_the_findings(project: Path) -> None:
    (project / "low" / "core.py").write_text("import high\n\n\ndef g():\n    return 3\n")
    assert run(project) == FINDINGS + COMPARED
    assert run(project) == FINDINGS + REUSED
    (project / "low" / "core.py").write_text("import high\n\n\ndef g():\n    return 2  # two\n")
    assert run(project) == FINDINGS + COMPARED


def test_an_edit_that_changes_the_facts_is_analysed(project: Path) -> None:
    """A new import, a new suppression comment, moved imports, a syntax error: each changes
    the file's facts, and the findings follow."""
    core = project / "low" / "core.py"
    core.write_text("import high\n\n\ndef g():\n    import high\n    return 2\n")
    assert run(project) == (
        FINDINGS + "low/core.py:5:12: ML001 low module 'low' imports high module 'high' (high)\n"
        "low/core.py:5:12: ML003 module 'low' imports 'high' (high), closing the cycle"
        " low -> high -> low\n"
        "low/core.py:5:12: ML004 stable module 'low' imports development module 'high'"
        " (high)\n" + ANALYSED
    )
    core.write_text("import high  # noqa: ML001\n\n\ndef g():\n    return 2\n")
    assert run(project) == (
        "high/__init__.py:1:8: ML003 module 'high' imports 'low' (low), closing the cycle"
        " high -> low -> high\n"
        "low/core.py:1:8: ML003 module 'low' imports 'high' (high), closing the cycle"
        " low -> high -> low\n"
        "low/core.py:1:8: ML004 stable module 'low' imports development module 'high'"
        " (high)\n" + ANALYSED
    )
    core.write_text("\nimport high\n\n\ndef g():\n    return 2\n")
    assert run(project) == FINDINGS.replace("low/core.py:1:8", "low/core.py:2:8") + ANALYSED
    core.write_text("def g(:\n")
    assert run(project) == ("low/core.py:1:7: ML901 syntax error: invalid syntax\n" + ANALYSED)


def fresh_clone(project: Path) -> Path:
    """A copy of ``project`` and its cache in another folder, every file with a new
    modification time, as a CI job's checkout with the cache restored."""
    clone = project.parent / "clone of p"
    shutil.copytree(project, clone)
    later = os.stat(clone / "pyproject.toml").st_mtime + 60
    for path in clone.rglob("*"):
        if path.is_file() and ".modlint_cache" not in path.parts:
            os.utime(path, (later, later))
    return clone


def test_a_fresh_clone_with_the_cache_restored_replays_the_findings(project: Path) -> None:
    """Another folder, new modification times on every file: the content hashes match, so
    nothing is extracted; a comment added in the clone is compared, not analysed."""
    clone = fresh_clone(project)
    assert run(clone) == FINDINGS + REUSED
    with (clone / "high" / "__init__.py").open("a") as handle:
        handle.write("# a comment\n")
    assert run(clone) == FINDINGS + COMPARED
    assert run(clone) == FINDINGS + REUSED


def test_a_file_added_is_analysed(project: Path) -> None:
    write(project, {"high/more.py": "import low\n"})
    assert run(project) == (
        "high/__init__.py:1:8: ML003 module 'high' imports 'low' (low), closing the cycle"
        " high -> low -> high\n"
        "high/more.py:1:8: ML003 module 'high' imports 'low' (low), closing the cycle"
        " high -> low -> high\n" + FINDINGS.split("\n", 1)[1] + ANALYSED
    )


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda results: results["hashes"].update({"low/core.py": 5}), id="bad-hash"),
        pytest.param(lambda results: results.pop("hashes"), id="no-hashes"),
        pytest.param(lambda results: results.update(facts="other"), id="unknown-kind"),
        pytest.param(
            lambda results: results["hashes"].update({"low/core.py": "0" * 32}), id="other-hash"
        ),
    ],
)
def test_a_tampered_results_file_is_never_trusted_for_changed_files(project: Path, tamper) -> None:
    """The stored hashes are checked for their shape, and a hash whose facts the cache does
    not hold compares unequal: the project is analysed afresh, with the right findings."""
    stored = project / ".modlint_cache" / "results.json"
    results = json.loads(stored.read_text())
    tamper(results)
    stored.write_text(json.dumps(results))
    with (project / "low" / "core.py").open("a") as handle:
        handle.write("# a comment\n")
    assert run(project) == FINDINGS + ANALYSED


def test_facts_no_longer_cached_mean_an_analysis(project: Path) -> None:
    for shard in (project / ".modlint_cache").glob("facts-*.json"):
        shard.unlink()
    with (project / "low" / "core.py").open("a") as handle:
        handle.write("# a comment\n")
    assert run(project) == FINDINGS + ANALYSED
    assert run(project) == FINDINGS + REUSED


def test_an_installed_copy_is_fingerprinted_by_its_record(tmp_path: Path) -> None:
    """A reinstall into another environment (new modification times, a console script that
    names another Python, the same package files) keeps the fingerprint of an installed
    modlint; other package files change it; a source checkout goes by modification times."""
    record = (
        "../../../bin/modlint,sha256={script},219\n"
        "modlint/__init__.py,sha256={package},0\n"
        "modlint-{version}.dist-info/direct_url.json,sha256={script},46\n"
        "modlint/__pycache__/__init__.cpython-311.pyc,,\n"
    )
    site = write(
        tmp_path / "site",
        {
            "modlint/__init__.py": "",
            f"modlint-{__version__}.dist-info/RECORD": record.format(
                script="one", package="abc", version=__version__
            ),
        },
    )
    installed = package_fingerprint(site / "modlint")
    os.utime(site / "modlint" / "__init__.py", (1, 1))
    (site / f"modlint-{__version__}.dist-info" / "RECORD").write_text(
        record.format(script="two", package="abc", version=__version__)
    )
    assert package_fingerprint(site / "modlint") == installed
    (site / f"modlint-{__version__}.dist-info" / "RECORD").write_text(
        record.format(script="two", package="abd", version=__version__)
    )
    assert package_fingerprint(site / "modlint") != installed
    checkout = write(tmp_path / "checkout", {"modlint/__init__.py": ""})
    source = package_fingerprint(checkout / "modlint")
    os.utime(checkout / "modlint" / "__init__.py", (1, 1))
    assert package_fingerprint(checkout / "modlint") != source


def test_how_modlint_is_started_does_not_change_what_is_reused(project: Path) -> None:
    """`python -m modlint` puts the project on `sys.path`, the `modlint` script its own
    folder: neither holds installed distributions, so both reuse the same findings."""
    module_run = subprocess.run(
        [sys.executable, "-m", "modlint", "-q", "."],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (module_run.returncode, module_run.stdout) == (1, FINDINGS)
    assert run(project) == FINDINGS + REUSED


def test_a_file_made_unreadable_is_reported(project: Path) -> None:
    """`chmod` leaves a file's size and modification time alone but not its status-change
    time: the file is read again, and what cannot be read is reported, not replayed."""
    core = project / "low" / "core.py"
    core.chmod(0)
    try:
        unreadable = run_unprivileged("-q", ".", cwd=project)
    finally:
        core.chmod(0o644)
    assert (unreadable.code, unreadable.out) == (
        1,
        "low/core.py:1:1: ML902 cannot read file: Permission denied\n",
    )
    assert run(project) == FINDINGS + ANALYSED


def test_many_files_with_new_bytes_are_left_to_the_analysis(tmp_path: Path) -> None:
    """Past 32 files whose bytes changed, they are not parsed one by one to be compared: the
    analysis parses them in parallel (and finds the same findings)."""
    many = {f"high/m{number:02}.py": "import os\n" for number in range(33)}
    root = write(tmp_path / "p", {**FILES, **many})
    assert run(root) == FINDINGS + ANALYSED
    for name in many:
        with (root / name).open("a") as handle:
            handle.write("# a comment\n")
    assert run(root) == FINDINGS + ANALYSED
    assert run(root) == FINDINGS + REUSED
    for name in list(many)[:32]:
        with (root / name).open("a") as handle:
            handle.write("# another\n")
    assert run(root) == FINDINGS + COMPARED


def test_a_file_rewritten_with_another_files_bytes(tmp_path: Path) -> None:
    """The new bytes' facts are already cached (another file has them): compared from the
    cache, equal, replayed; then different from the cache, analysed."""
    root = write(
        tmp_path / "p",
        {**FILES, "high/a.py": "import low\n", "high/b.py": "import low\n# b\n"},
    )
    findings = (
        "high/__init__.py:1:8: ML003 module 'high' imports 'low' (low), closing the cycle"
        " high -> low -> high\n"
        "high/a.py:1:8: ML003 module 'high' imports 'low' (low), closing the cycle"
        " high -> low -> high\n"
        "high/b.py:1:8: ML003 module 'high' imports 'low' (low), closing the cycle"
        " high -> low -> high\n" + FINDINGS.split("\n", 1)[1]
    )
    assert run(root) == findings + ANALYSED
    (root / "high" / "b.py").write_text("import low\n")
    assert run(root) == findings + REUSED
    (root / "high" / "b.py").write_text("import low\n# b\n")
    assert run(root) == findings + COMPARED
    (root / "high" / "b.py").write_text("")
    assert run(root) == findings.replace(findings.split("\n")[2] + "\n", "") + ANALYSED


def reads_during(modlint, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[str, Counter[str]]:
    """The output of an in-process run that compared the changed files' facts (once), and how
    often the facts stage read each file."""
    from modlint.pipeline import facts as facts_stage

    reads: Counter[str] = Counter()
    read, compare = facts_stage.read_regular_file, facts_stage.fact_changes
    comparisons = []

    def counted(path: Path, limit: int) -> bytes | object:
        reads[Path(path).relative_to(Path.cwd()).as_posix()] += 1
        return read(path, limit)

    def compared(*args: object, **kwargs: object) -> object:
        comparisons.append(args)
        return compare(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(facts_stage, "read_regular_file", counted)
    monkeypatch.setattr(facts_stage, "fact_changes", compared)
    output = modlint(*args).out
    assert len(comparisons) == 1, "the last findings were not even looked at"
    return output, reads


NO_METADATA = ("--ignore", "ML005,ML204", "-q", ".")
"""Without the rules whose findings depend on the distributions on ``sys.path``, which other
tests running at the same time may change (the full suite once failed the comparison)."""


def primed_in_process(root: Path, modlint, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``root`` checked once in this process, as the counted run will check it."""
    monkeypatch.chdir(root)
    assert modlint(*NO_METADATA).out == FINDINGS
    return root


def test_after_a_fresh_clone_and_an_import_changed_each_file_is_read_once(
    tmp_path: Path, modlint, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The comparison stops at the first file whose facts differ, but still notes the new
    stat keys of every file it hashed: the analysis reads none of them again."""
    clone = fresh_clone(primed_in_process(write(tmp_path / "p", FILES), modlint, monkeypatch))
    (clone / "high" / "__init__.py").write_text("import low\nimport low\n")
    monkeypatch.chdir(clone)
    output, reads = reads_during(modlint, monkeypatch, *NO_METADATA)
    assert output == (
        "high/__init__.py:1:8: ML003 module 'high' imports 'low' (low), closing the cycle"
        " high -> low -> high\n"
        "high/__init__.py:2:8: ML003 module 'high' imports 'low' (low), closing the cycle"
        " high -> low -> high\n" + FINDINGS.split("\n", 1)[1]
    )
    assert reads == Counter({"high/__init__.py": 1, "low/__init__.py": 1, "low/core.py": 1})


def test_files_hashed_before_too_many_new_bytes_are_not_read_again(
    tmp_path: Path, modlint, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past 32 files with new bytes the comparison gives up; the analysis then reads only
    those 33, not the files already hashed and found unchanged."""
    many = {f"high/m{number:02}.py": "import os\n" for number in range(33)}
    root = primed_in_process(write(tmp_path / "p", {**FILES, **many}), modlint, monkeypatch)
    clone = fresh_clone(root)
    for name in many:
        with (clone / name).open("a") as handle:
            handle.write("# a comment\n")
    monkeypatch.chdir(clone)
    output, reads = reads_during(modlint, monkeypatch, *NO_METADATA)
    assert output == FINDINGS
    assert reads == Counter(
        {**dict.fromkeys(many, 2), "high/__init__.py": 1, "low/__init__.py": 1, "low/core.py": 1}
    )
