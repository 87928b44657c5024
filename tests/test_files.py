"""Bad and unusual input files, file discovery, and code outside every module."""

from __future__ import annotations

import os

UPWARD = "ML001 foundation module 'core' imports business module 'app' (app)"


def test_syntax_error_is_reported_and_the_other_files_still_checked(modlint, small) -> None:
    root = small(
        {
            "core/a.py": "import app\n",
            "core/broken.py": "import os\n\ndef open_store(:\n    pass\n",
            "core/z.py": "import app\n",
        }
    )
    run = modlint("--select", "ML001,ML901", cwd=root)
    assert run.lines == [
        f"core/a.py:1:8: {UPWARD}",
        "core/broken.py:3:16: ML901 syntax error: invalid syntax",
        f"core/z.py:1:8: {UPWARD}",
    ]


def test_invalid_utf8_is_unreadable_and_the_rest_is_checked(modlint, small) -> None:
    root = small({"core/latin.py": b"import os\nname = 'caf\xe9'\n", "core/a.py": "import app\n"})
    run = modlint("--select", "ML001,ML902", cwd=root)
    assert run.lines == [
        f"core/a.py:1:8: {UPWARD}",
        "core/latin.py:1:1: ML902 cannot read file: invalid UTF-8: byte 0xe9 at line 2, column 12",
    ]


def test_a_coding_cookie_is_honoured(modlint, small) -> None:
    root = small({"core/latin.py": b"# -*- coding: latin-1 -*-\nname = 'caf\xe9'\nimport app\n"})
    assert modlint("--select", "ML001,ML902", cwd=root).lines == [f"core/latin.py:3:8: {UPWARD}"]


def test_a_file_that_cannot_be_read(modlint, small) -> None:
    root = small({})
    os.symlink(root / "nowhere.py", root / "core" / "dangling.py")
    assert modlint(cwd=root).lines == [
        "core/dangling.py:1:1: ML902 cannot read file: No such file or directory",
    ]


def test_empty_file(modlint, small) -> None:
    root = small({"core/empty.py": b""})
    run = modlint(cwd=root)
    assert (run.code, run.out, run.err) == (0, "", "")


def test_bom_and_crlf_keep_exact_positions(modlint, small) -> None:
    source = '\ufeff"""Docs."""\r\nimport os\r\nfrom app import (  # noqa: ML004\r\n    x)\r\n'
    root = small({"core/a.py": source.encode("utf-8")})
    run = modlint(cwd=root)
    assert run.lines == [f"core/a.py:3:6: {UPWARD}"]


def test_gitignore_and_exclude_are_respected(modlint, small) -> None:
    root = small(
        {
            ".gitignore": "generated/\n*_pb2.py\n",
            "core/generated/a.py": "import app\n",
            "core/types_pb2.py": "import app\n",
            "core/sub/.gitignore": "*.py\n!kept.py\n",
            "core/sub/dropped.py": "import app\n",
            "core/sub/kept.py": "import app\n",
            "core/migrations/0001.py": "import app\n",
            "core/.venv/lib.py": "import app\n",
            "core/build/lib.py": "import app\n",
        },
        extra='exclude = ["**/migrations"]',
    )
    assert modlint("--select", "ML001", cwd=root).lines == [f"core/sub/kept.py:1:8: {UPWARD}"]


def test_gitignore_can_be_turned_off(modlint, small) -> None:
    root = small(
        {".gitignore": "core/a.py\n", "core/a.py": "import app\n"},
        extra="respect-gitignore = false",
    )
    assert modlint("--select", "ML001", cwd=root).lines == [f"core/a.py:1:8: {UPWARD}"]


def test_symlink_loops_are_not_followed(modlint, small) -> None:
    root = small({"core/a.py": "import app\n"})
    os.symlink(root / "core", root / "core" / "again")
    os.symlink(root, root / "app" / "up")
    run = modlint("--select", "ML001", cwd=root)
    assert run.lines == [f"core/a.py:1:8: {UPWARD}"]


def test_unassigned_code_is_ignored_by_default(modlint, small) -> None:
    root = small({"tools/helpers.py": "import app\n", "setup.py": ""})
    assert modlint(cwd=root).code == 0


def test_unassigned_code_as_error(modlint, small) -> None:
    root = small({"tools/helpers.py": "import app\n", "setup.py": ""}, extra='unassigned = "error"')
    run = modlint(cwd=root)
    message = "ML007 file is outside every module: add its folder to a module, or exclude it"
    assert run.lines == [f"setup.py:1:1: {message}", f"tools/helpers.py:1:1: {message}"]


def test_paths_limit_what_is_reported_but_the_whole_project_is_analysed(modlint, small) -> None:
    root = small({"core/a.py": "import app\n", "service/b.py": "import app\n"})
    assert modlint("--select", "ML001,ML004", "core/a.py", cwd=root).lines == [
        f"core/a.py:1:8: {UPWARD}",
        "core/a.py:1:8: ML004 stable module 'core' imports development module 'app' (app)",
    ]
    # A cycle is found even when only one of its files is given.
    (root / "app" / "__init__.py").write_text("import service.b\n")
    assert modlint("--select", "ML003", "app", cwd=root).lines == [
        "app/__init__.py:1:8: ML003 module 'app' imports 'service' (service.b), closing the "
        "cycle app -> service -> app",
    ]


def test_output_paths_are_relative_to_the_current_folder(modlint, small) -> None:
    root = small({"core/a.py": "import app\n"})
    run = modlint("--select", "ML001", ".", cwd=root / "core")
    assert run.lines == [f"a.py:1:8: {UPWARD}"]
    run = modlint("--select", "ML001", "small", cwd=root.parent)
    assert run.lines == [f"small/core/a.py:1:8: {UPWARD}"]
    run = modlint("--select", "ML001", str(root / "core"), cwd=root / "app")
    assert run.lines == [f"../core/a.py:1:8: {UPWARD}"]


def test_folders_without_init_are_checked(modlint, small) -> None:
    root = small({"core/plain/deeper/a.py": "import app\n"})
    assert modlint("--select", "ML001", cwd=root).lines == [
        f"core/plain/deeper/a.py:1:8: {UPWARD}",
    ]


def test_pathological_nesting_is_a_syntax_error_not_a_crash(modlint, small) -> None:
    # libcst's native parser would overflow its stack here; CPython stops at 200 levels.
    root = small(
        {"core/deep.py": "x = " + "(" * 5000 + ")" * 5000 + "\n", "core/nul.py": b"import os\x00\n"}
    )
    assert modlint(cwd=root).lines == [
        "core/deep.py:1:205: ML901 syntax error: too many nested parentheses",
        "core/nul.py:1:1: ML901 syntax error: source code string cannot contain null bytes",
    ]
