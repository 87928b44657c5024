"""Snapshot tests, one folder per rule, as ruff keeps them.

``tests/rules/<CODE>/`` is a small project (its configuration, files, `.LOCKED` files, READMEs)
that shows at least one violation of the rule and one near miss. ``expected.txt`` beside it is
the exact output of ``modlint --select CODE --output-format concise`` run in the folder, with
the options in ``args.txt`` added when there is one. After a deliberate change, run
``pytest tests/test_rule_snapshots.py --snapshot-update`` to rewrite the ``expected.txt``
files, and review their diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from modlint.rules import RULES

SNAPSHOTS = Path(__file__).parent / "rules"
FIXTURE_FILES = ("expected.txt", "args.txt")
"""Files of a snapshot folder that are not part of its project."""


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
