"""Suppression: `# noqa`, file-level `# modlint: noqa`, `ignore`, `per-file-ignores`,
`--select` / `--ignore`, and ML903 for directives that suppress nothing."""

from __future__ import annotations

import pytest

UPWARD = "ML001 foundation module 'core' imports business module 'app' (app)"


@pytest.mark.parametrize(
    "comment",
    [
        "# noqa: ML001",
        "# noqa:ML001",
        "# NOQA: ML001",
        "# noqa",
        "# noqa: ML001 app is special",
        "# noqa: ML004, ML001",
        "# noqa: ML004 ML001",
        "# type: ignore # noqa: ML001",
    ],
)
def test_line_noqa_suppresses(modlint, small, comment: str) -> None:
    root = small({"core/a.py": f"import app  {comment}\n"})
    run = modlint("--select", "ML001", cwd=root)
    assert (run.code, run.out) == (0, "")


def test_noqa_for_another_code_does_not_suppress(modlint, small) -> None:
    root = small({"core/a.py": "import app  # noqa: ML002\n"})
    run = modlint("--select", "ML001", cwd=root)
    assert run.out == f"core/a.py:1:8: {UPWARD}\n"


def test_noqa_on_the_first_line_of_a_multiline_import(modlint, small) -> None:
    root = small(
        {"app/views.py": "", "core/a.py": "from app import (  # noqa: ML001\n    views,\n)\n"}
    )
    assert modlint("--select", "ML001", cwd=root).out == ""


def test_file_level_noqa_covers_the_whole_file(modlint, small) -> None:
    root = small({"core/a.py": "import os\n# modlint: noqa: ML001\nimport app\nimport app.x\n"})
    run = modlint("--select", "ML001,ML006", cwd=root)
    assert run.out == (
        "core/a.py:4:8: ML006 cannot resolve 'app.x': no such module or package in the project\n"
    )


def test_blanket_file_level_noqa(modlint, small) -> None:
    root = small({"core/a.py": "# modlint: noqa\nimport app\nimport app.x\n"})
    assert modlint(cwd=root).out == ""


def test_file_level_directive_must_stand_on_its_own_line(modlint, small) -> None:
    # At the end of a statement it acts like a line-level noqa comment for that line only.
    root = small({"core/a.py": "import app  # modlint: noqa\nimport app\n"})
    run = modlint("--select", "ML001", cwd=root)
    assert run.out == f"core/a.py:2:8: {UPWARD}\n"


def test_ignore_in_configuration(modlint, small) -> None:
    root = small({"core/a.py": "import app\n"}, extra='ignore = ["ML004"]')
    assert modlint(cwd=root).lines == [f"core/a.py:1:8: {UPWARD}"]


def test_per_file_ignores(modlint, small) -> None:
    root = small(
        {"core/a.py": "import app\n", "core/b.py": "import app\n"},
        extra='per-file-ignores = { "core/a.py" = ["ML0"] }',
    )
    run = modlint(cwd=root)
    assert run.lines == [
        f"core/b.py:1:8: {UPWARD}",
        "core/b.py:1:8: ML004 stable module 'core' imports development module 'app' (app)",
    ]


def test_per_file_ignores_with_a_glob(modlint, small) -> None:
    root = small(
        {"core/sub/a.py": "import app\n"},
        extra='per-file-ignores = { "core/**" = ["ML001", "ML004"] }',
    )
    assert modlint(cwd=root).code == 0


def test_select_and_ignore_on_the_command_line(modlint, small) -> None:
    root = small({"core/a.py": "import app\n"})
    assert modlint("--select", "ML004", cwd=root).lines == [
        "core/a.py:1:8: ML004 stable module 'core' imports development module 'app' (app)",
    ]
    assert modlint("--ignore", "ML004", cwd=root).lines == [f"core/a.py:1:8: {UPWARD}"]
    assert modlint("--ignore", "ML00", "--extend-select", "ML001", cwd=root).lines == [
        f"core/a.py:1:8: {UPWARD}",
    ]
    assert modlint("--select", "ML", "--ignore", "ML0", cwd=root).code == 0


def test_more_specific_select_beats_a_broader_ignore(modlint, small) -> None:
    root = small({"core/a.py": "import app\n"}, extra='select = ["ML001"]\nignore = ["ML0"]')
    assert modlint(cwd=root).lines == [f"core/a.py:1:8: {UPWARD}"]


def test_unused_noqa(modlint, small) -> None:
    root = small(
        {
            "core/a.py": """
            import os  # noqa: ML001
            import app  # noqa: ML001, ML004, ML002
            import sys  # noqa: E401, F401
            import json  # noqa
            import re  # noqa: ML999
        """,
        }
    )
    run = modlint(cwd=root)
    assert run.lines == [
        "core/a.py:1:12: ML903 unused noqa directive (unused: ML001)",
        "core/a.py:2:13: ML903 unused noqa directive (unused: ML002)",
        "core/a.py:5:12: ML903 unused noqa directive (unknown: ML999)",
    ]


def test_unused_noqa_names_codes_that_are_not_enabled(modlint, small) -> None:
    root = small({"core/a.py": "import app  # noqa: ML001, ML004\n"}, extra='ignore = ["ML004"]')
    run = modlint(cwd=root)
    assert run.lines == ["core/a.py:1:13: ML903 unused noqa directive (non-enabled: ML004)"]


def test_unused_file_level_noqa(modlint, small) -> None:
    root = small({"core/a.py": "# modlint: noqa: ML003\nimport os\n"})
    assert modlint(cwd=root).lines == [
        "core/a.py:1:1: ML903 unused noqa directive (unused: ML003)",
    ]


def test_unused_noqa_can_itself_be_ignored(modlint, small) -> None:
    root = small({"core/a.py": "import os  # noqa: ML001\n"}, extra='ignore = ["ML903"]')
    assert modlint(cwd=root).code == 0


def test_malformed_noqa_is_a_warning_not_a_crash(modlint, small) -> None:
    root = small({"core/a.py": "import app  # noqa: ml001\n"})
    run = modlint("--select", "ML001", cwd=root)
    assert run.code == 1
    assert run.out == f"core/a.py:1:8: {UPWARD}\n"
    assert run.err == (
        "modlint: warning: core/a.py:1:13: malformed noqa directive: expected a list of codes "
        "after ':' (e.g. `# noqa: ML001, ML004`); the directive is ignored\nFound 1 error.\n"
    )
