"""Baselines: `--write-baseline`, `--baseline` / the `baseline` key, stale entries, line moves,
and hostile baseline files (a clean exit-2 error each)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from modlint.model import fingerprint

UPWARD = "foundation module 'core' imports business module 'app' (app)"


def _project(small, extra: str = "") -> Path:
    return small({"core/a.py": "import app\nimport app\n", "core/b.py": "import app\n"}, extra)


def test_write_baseline_records_fingerprints(modlint, small) -> None:
    root = _project(small)
    run = modlint("--select", "ML001", "--write-baseline", "base.json", cwd=root)
    assert (run.code, run.out, run.err) == (0, "", "modlint: recorded 3 violations in base.json\n")
    entries = [
        ("core/a.py", 0),
        ("core/a.py", 1),
        ("core/b.py", 0),
    ]
    assert json.loads((root / "base.json").read_text()) == {
        "version": 1,
        "violations": [
            {
                "fingerprint": fingerprint("ML001", path, UPWARD, occurrence),
                "code": "ML001",
                "path": path,
                "message": UPWARD,
            }
            for path, occurrence in entries
        ],
    }


def test_baseline_hides_recorded_violations_after_lines_move(modlint, small) -> None:
    root = _project(small)
    modlint("--select", "ML001", "--write-baseline", "base.json", cwd=root)
    (root / "core/a.py").write_text("'''Docs.'''\n\nimport app\nimport app\n")
    (root / "core/c.py").write_text("import app\n")
    run = modlint("--select", "ML001", "--baseline", "base.json", cwd=root)
    assert (run.code, run.out, run.err) == (
        1,
        f"core/c.py:1:8: ML001 {UPWARD}\n",
        "Found 1 error.\n",
    )


def test_baseline_lists_entries_that_no_longer_occur(modlint, small) -> None:
    root = _project(small, extra='baseline = "base.json"')
    modlint("--select", "ML001", "--write-baseline", cwd=root)
    (root / "core/a.py").write_text("import app\n")
    run = modlint("--select", "ML001", cwd=root)
    assert (run.code, run.out, run.err) == (
        0,
        "",
        f"modlint: warning: baseline entry no longer occurs: core/a.py: ML001 {UPWARD}\n",
    )
    rewrite = modlint("--select", "ML001", "--write-baseline", cwd=root)
    assert rewrite.err == "modlint: recorded 2 violations in base.json\n"
    assert modlint("--select", "ML001", cwd=root).err == ""


def test_write_baseline_without_a_file(modlint, small) -> None:
    root = _project(small)
    run = modlint("--write-baseline", cwd=root)
    assert (run.code, run.err) == (
        2,
        "modlint: error: option --write-baseline: name the file, or set 'baseline' in the "
        "configuration\n",
    )


def test_write_baseline_refuses_fix(modlint, small) -> None:
    root = _project(small)
    run = modlint("--write-baseline", "b.json", "--fix", cwd=root)
    assert (run.code, run.err) == (
        2,
        "modlint: error: option --write-baseline cannot be combined with --baseline, --fix, "
        "--diff or --add-noqa\n",
    )


def test_baseline_key_must_be_a_string(modlint, small) -> None:
    root = _project(small, extra="baseline = 3")
    run = modlint(cwd=root)
    assert (run.code, run.err) == (
        2,
        "modlint: error: pyproject.toml: [tool.modlint]: key 'baseline' must be a string, "
        "got an integer\n",
    )


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "not valid JSON: Expecting value at line 1, column 1"),
        (
            b'{"version": 1,',
            "not valid JSON: Expecting property name enclosed in double quotes at line 1, column 15",
        ),
        (b"\xff\xfe", "not UTF-8 (byte 0)"),
        (b"[" * 100000 + b"]" * 100000, "not valid JSON: nested too deeply"),
        (b"[]", "expected a JSON object with 'version' and 'violations'"),
        (b'{"version": 2, "violations": []}', "key 'version': expected 1"),
        (b'{"version": 1, "violations": {}}', "key 'violations': expected an array"),
        (
            b'{"version": 1, "violations": [{"fingerprint": "x", "code": 1, "path": "a", "message": "m"}]}',
            "violation 0: expected an object with the strings 'fingerprint', 'code', 'path' and "
            "'message'",
        ),
        (
            b'{"version": 1, "violations": ["x"]}',
            "violation 0: expected an object with the strings 'fingerprint', 'code', 'path' and "
            "'message'",
        ),
    ],
)
def test_hostile_baseline_files(modlint, small, content: bytes, problem: str) -> None:
    root = _project(small)
    (root / "base.json").write_bytes(content)
    run = modlint("--baseline", "base.json", cwd=root)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        f"modlint: error: baseline file base.json: {problem}\n",
    )


def test_missing_baseline_file(modlint, small) -> None:
    root = _project(small, extra='baseline = "gone.json"')
    run = modlint(cwd=root)
    assert (run.code, run.err) == (
        2,
        "modlint: error: baseline file gone.json does not exist (create it with "
        "--write-baseline)\n",
    )


def test_baseline_that_is_a_folder(modlint, small) -> None:
    root = _project(small)
    (root / "base.json").mkdir()
    run = modlint("--baseline", "base.json", cwd=root)
    assert run.code == 2
    assert run.err.startswith("modlint: error: baseline file base.json: ")


def test_stale_entry_text_cannot_forge_output(modlint, small) -> None:
    root = _project(small)
    document = {
        "version": 1,
        "violations": [
            {"fingerprint": "f", "code": "ML001", "path": "x\x1b[2J", "message": "m\nforged"}
        ],
    }
    (root / "base.json").write_text(json.dumps(document))
    run = modlint("--select", "ML002", "--baseline", "base.json", cwd=root)
    assert run.err == (
        "modlint: warning: baseline entry no longer occurs: x\\x1b[2J: ML001 m\\nforged\n"
    )


def test_pipeline_chooses_the_baseline_file(small, tmp_path: Path, monkeypatch) -> None:
    """The public API: an option names the file relative to the current folder and wins over
    the `baseline` key, which is relative to the configuration's folder; without either there
    is no baseline, and writing one is refused."""
    from modlint.model import UsageError
    from modlint.pipeline import (
        Selection,
        baseline_file,
        baselined,
        check,
        find_configuration,
        record_baseline,
    )

    root = _project(small, extra='baseline = "conf/base.json"')
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    config = find_configuration(root)
    assert baseline_file(config, None) == root / "conf" / "base.json"
    assert baseline_file(config, "") == root / "conf" / "base.json"
    assert baseline_file(config, "mine.json") == tmp_path / "elsewhere" / "mine.json"
    unset = dataclasses.replace(config, baseline=None)
    assert baseline_file(unset, None) is None
    with pytest.raises(UsageError) as refused:
        record_baseline(unset, "", ())
    assert str(refused.value) == (
        "option --write-baseline: name the file, or set 'baseline' in the configuration"
    )

    findings = check(config, selection=Selection(select=("ML001",)), reuse=False)
    assert len(findings.diagnostics) == 3
    (root / "conf").mkdir()
    assert record_baseline(config, "", findings.diagnostics[:2]) == root / "conf" / "base.json"
    kept, stale = baselined(findings, config, None)
    assert [(d.path, d.line) for d in kept.diagnostics] == [(root / "core" / "b.py", 1)]
    assert stale == ()
    assert baselined(findings, unset, None) == (findings, ())
    (root / "core" / "a.py").write_text("import app\n")
    after = check(config, selection=Selection(select=("ML001",)), reuse=False)
    kept, stale = baselined(after, config, None, [root / "core"])
    assert [(d.path, d.line) for d in kept.diagnostics] == [(root / "core" / "b.py", 1)]
    assert [(e.code, e.path, e.message) for e in stale] == [("ML001", "core/a.py", UPWARD)]


@pytest.mark.parametrize(
    ("key", "linked", "where"),
    [
        ("../victim.json", False, "it is outside the project"),
        ("base.json", True, "it is a symbolic link to a file outside the project"),
    ],
    ids=["outside", "link-out"],
)
def test_the_configured_baseline_is_never_written_outside_the_project(
    modlint, small, key: str, linked: bool, where: str
) -> None:
    root = _project(small, f'baseline = "{key}"')
    victim = root.parent / "victim.json"
    victim.write_text("keep\n")
    if linked:
        (root / "base.json").symlink_to(victim)
    run = modlint("--select", "ML001", "--write-baseline", cwd=root)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        f"modlint: error: cannot write baseline file {key}: {where}\n",
    )
    assert victim.read_text() == "keep\n"
    run = modlint("--select", "ML001", "--write-baseline", "../victim.json", cwd=root)
    assert (run.code, run.err) == (0, "modlint: recorded 3 violations in ../victim.json\n")
