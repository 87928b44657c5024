"""Writing the fixes of `--fix` through the public API: what remains is the check of the fixed
contents, or, when a file changed while it was being fixed, the project as it is on disk."""

from __future__ import annotations

from modlint.pipeline import Selection, find_configuration
from modlint.pipeline.fixes import Dropped, fix_project, written_outcome

SELECTION = Selection(select=("ML001", "ML903"))
UPWARD = "foundation module 'core' imports business module 'app' (app)"


def _lines(diagnostics) -> list[tuple[str, int, int, str, str]]:
    return [(d.path.name, d.line, d.column, d.code, d.message) for d in diagnostics]


def test_written_fixes_leave_what_the_fixed_contents_show(small) -> None:
    root = small({"core/a.py": "import app  # noqa: ML002\n"})
    config = find_configuration(root)
    outcome = fix_project(config, selection=SELECTION)
    written = written_outcome(outcome, config, selection=SELECTION)
    assert (root / "core/a.py").read_bytes() == b"import app\n"
    assert [file.path for file in written.fixed] == [root / "core/a.py"]
    assert written.changed == ()
    assert written.remaining is outcome.after
    assert _lines(written.remaining.diagnostics) == [("a.py", 1, 8, "ML001", UPWARD)]


def test_a_file_changed_meanwhile_is_left_alone_and_checked_as_it_is(small) -> None:
    root = small({"core/a.py": "import app  # noqa: ML002\n"})
    config = find_configuration(root)
    outcome = fix_project(config, selection=SELECTION)
    (root / "core/a.py").write_bytes(b"import os\nimport app  # noqa: ML002\n")
    written = written_outcome(outcome, config, selection=SELECTION)
    assert (root / "core/a.py").read_bytes() == b"import os\nimport app  # noqa: ML002\n"
    assert written.fixed == ()
    assert written.changed == (
        Dropped(root / "core/a.py", "the file changed while it was being fixed"),
    )
    assert _lines(written.remaining.diagnostics) == [
        ("a.py", 2, 8, "ML001", UPWARD),
        ("a.py", 2, 13, "ML903", "unused noqa directive (non-enabled: ML002)"),
    ]
