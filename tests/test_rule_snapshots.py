"""Snapshot tests, one folder per rule, as ruff keeps them.

``tests/rules/<CODE>/`` is a small project (its configuration, files, `.LOCKED` files, READMEs)
that shows at least one violation of the rule and one near miss. ``expected.txt`` beside it is
the exact output of ``modlint --select CODE --output-format concise`` run in the folder, with
the options in ``args.txt`` added when there is one. After a deliberate change, run
``pytest tests/test_rule_snapshots.py --snapshot-update`` to rewrite the ``expected.txt``
files, and review their diff.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from modlint.rules import RULES

SNAPSHOTS = Path(__file__).parent / "rules"
FIXTURE_FILES = ("expected.txt", "args.txt", "git-base")
"""Files of a snapshot folder that are not part of its project. `git-base/` holds the files that
differ at the git commit a `--base HEAD` run compares with (ML106)."""


def _folders() -> list[Path]:
    return sorted(path for path in SNAPSHOTS.iterdir() if path.is_dir())


def test_every_rule_has_a_snapshot_folder() -> None:
    assert [folder.name for folder in _folders()] == [rule.code for rule in RULES]


@pytest.mark.parametrize("folder", _folders(), ids=lambda folder: folder.name)
def test_rule_snapshot(
    modlint, request: pytest.FixtureRequest, tmp_path: Path, folder: Path
) -> None:
    # A copy, so that nothing a run might write lands in the repository.
    project = tmp_path / folder.name
    shutil.copytree(
        folder,
        project,
        symlinks=True,
        ignore=shutil.ignore_patterns(*FIXTURE_FILES, ".modlint_cache"),
    )
    if (folder / "git-base").is_dir():
        _commit_base(project, folder / "git-base")
    arguments = folder / "args.txt"
    extra = arguments.read_text(encoding="utf-8").split() if arguments.exists() else []
    run = modlint(
        "--select", folder.name, "--output-format", "concise", "--no-cache", *extra, cwd=project
    )
    expected = folder / "expected.txt"
    if request.config.getoption("--snapshot-update"):
        expected.write_text(run.out, encoding="utf-8")
    assert (run.code, run.out) == (1, expected.read_text(encoding="utf-8"))
    count = len(run.lines)
    assert run.err == f"Found {count} error{'' if count == 1 else 's'}.\n"
    assert {line.split(" ")[1] for line in run.lines} == {folder.name}


def _commit_base(project: Path, base: Path) -> None:
    """Make ``project`` a git repository whose one commit holds it with the files of ``base``
    in place of its own; the work tree is then as the snapshot folder has it."""
    current: dict[Path, bytes | None] = {}
    for source in sorted(path for path in base.rglob("*") if path.is_file()):
        target = project / source.relative_to(base)
        current[target] = target.read_bytes() if target.exists() else None
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    environment = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    identity = ("-c", "user.name=Snapshot", "-c", "user.email=snapshot@example.com")
    for arguments in (("init", "-q"), ("add", "-A"), (*identity, "commit", "-qm", "base")):
        subprocess.run(
            ["git", *arguments], cwd=project, check=True, capture_output=True, env=environment
        )
    for target, data in current.items():
        if data is None:
            target.unlink()
        else:
            target.write_bytes(data)
