"""The editor's case, `modlint path ...`: only the findings under the given paths, the same
whether they are checked afresh or replayed from the cache."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write
from fresh_process import imported_after_run

CORE_A = [
    "core/a/__init__.py:1:8: ML001 foundation module 'core' imports business module 'app' (app)",
    "core/a/__init__.py:1:8: ML004 stable module 'core' imports development module 'app' (app)",
    "core/a/b.py:2:8: ML001 foundation module 'core' imports business module 'app' (app)",
    "core/a/b.py:2:8: ML004 stable module 'core' imports development module 'app' (app)",
]
CORE_AB = [
    "core/ab.py:1:8: ML001 foundation module 'core' imports business module 'app' (app)",
    "core/ab.py:1:8: ML004 stable module 'core' imports development module 'app' (app)",
    "core/ab.py:2:8: ML001 foundation module 'core' imports framework module 'service' (service)",
]
NOTICE = (
    "modlint: warning: core/ab.py:2:17: malformed noqa directive: expected a list of codes"
    " after ':' (e.g. `# noqa: ML001, ML004`); the directive is ignored"
)


@pytest.fixture
def prefixed(small) -> Path:
    """A project where `core/ab.py` shares the prefix of the folder `core/a` (a string
    comparison without the separator would take one for the other)."""
    root = small({"core/a/__init__.py": "import app\n", "core/a/b.py": b"\nimport app\n"})
    return write(root, {"core/ab.py": "import app\nimport service  # noqa:\n"})


@pytest.mark.parametrize("cached", [False, True], ids=["afresh", "replayed"])
@pytest.mark.parametrize(
    ("paths", "lines", "notices"),
    [
        (["core/a"], CORE_A, []),
        (["core/a/"], CORE_A, []),
        (["core/a/b.py"], CORE_A[2:], []),
        (["core/ab.py"], CORE_AB, [NOTICE]),
        (["core/ab.py", "core/a/b.py"], CORE_A[2:] + CORE_AB, [NOTICE]),
        (["core/a", "core/a/b.py"], CORE_A, []),
        (["core"], CORE_A + CORE_AB, [NOTICE]),
        (["app"], [], []),
    ],
)
def test_only_the_findings_under_the_given_paths(
    modlint, prefixed: Path, paths: list[str], lines: list[str], notices: list[str], cached: bool
) -> None:
    if cached:
        whole = modlint(cwd=prefixed)
        assert whole.lines == CORE_A + CORE_AB
        run = modlint(*paths, cwd=prefixed)
    else:
        run = modlint("--no-cache", *paths, cwd=prefixed)
    assert run.lines == lines
    summary = [f"Found {len(lines)} errors."] if lines else []
    assert run.err.splitlines() == [*notices, *summary]
    assert run.code == (1 if lines else 0)


def _imported_after_run(root: Path, *args: str) -> str:
    """The output of a run in a fresh process, then its exit code and whether it imported
    pathspec."""
    return imported_after_run(root, ("pathspec",), *args)


def test_a_gitignore_beside_no_python_file_costs_no_pathspec_import(small) -> None:
    """A tool's cache folder with a `.gitignore` holding `*` (import-linter's) is never
    matched against, so its patterns are not compiled; one beside Python files still is."""
    root = small(
        {
            "core/a.py": "import app\n",
            ".tool_cache/.gitignore": "*\n",
            ".tool_cache/data.json": "{}\n",
        }
    )
    violation = "core/a.py:1:8: ML001 foundation module 'core' imports business module 'app' (app)"
    assert _imported_after_run(root, "-q", "--select", "ML001") == f"{violation}\n1 []\n"
    write(root, {"core/.gitignore": "a.py\n"})
    assert _imported_after_run(root, "-q", "--select", "ML001") == "0 ['pathspec']\n"
