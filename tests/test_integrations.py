"""Editor and CI integration: problem matchers, pre-commit hooks, the flake8 plugin, `graph`
and `init`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO, write
from test_output_formats import ML001, ML004
from unprivileged import run_unprivileged

BIN = Path(sys.executable).parent


def _matcher_pattern() -> dict:
    matcher = json.loads((REPO / ".github" / "modlint-problem-matcher.json").read_text())
    [pattern] = matcher["problemMatcher"][0]["pattern"]
    return pattern


def test_problem_matcher_reads_real_text_output(modlint, planted: Path) -> None:
    pattern = _matcher_pattern()
    regexp = re.compile(pattern["regexp"])
    for output_format in ("text", "concise"):
        lines = modlint(
            "--select", "ML001,ML004", "--output-format", output_format, cwd=planted
        ).lines
        found = [regexp.match(line) for line in lines]
        assert [
            (
                m[pattern["file"]],
                m[pattern["line"]],
                m[pattern["column"]],
                m[pattern["code"]],
                m[pattern["message"]],
            )
            for m in found
        ] == [
            ("auth/session.py", "10", "8", "ML001", ML001),
            ("auth/session.py", "10", "8", "ML004", ML004),
        ]


def test_vscode_task_uses_the_same_pattern() -> None:
    tasks = json.loads((REPO / "editors" / "vscode" / "tasks.json").read_text())
    assert tasks["tasks"][0]["problemMatcher"]["pattern"]["regexp"] == _matcher_pattern()["regexp"]


def test_pre_commit_hooks_run_the_whole_project(planted: Path) -> None:
    hooks = {
        hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    }
    assert sorted(hooks) == ["modlint", "modlint-docs"]
    for hook in hooks.values():
        assert hook["pass_filenames"] is False and hook["language"] == "python"
        assert re.search(hook["files"], "datastore/.LOCKED")
    command = hooks["modlint"]["entry"].split()
    done = subprocess.run(
        [str(BIN / command[0]), *command[1:]],
        cwd=planted,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1 and f"ML001 {ML001}" in done.stdout
    command = hooks["modlint-docs"]["entry"].split()
    done = subprocess.run(
        [str(BIN / command[0]), *command[1:]],
        cwd=planted,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, "")


def test_flake8_plugin_reports_the_file_it_is_given(planted: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "flake8", "--select", "ML", "auth/session.py", "user/models.py"],
        cwd=planted,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == [
        f"auth/session.py:10:8: ML001 {ML001}",
        "auth/session.py:10:8: ML002 module 'auth' imports 'user' (user.models), which is not "
        "in its depends-on",
        "auth/session.py:10:8: ML003 module 'auth' imports 'user' (user.models), closing the "
        "cycle auth -> user -> auth",
        f"auth/session.py:10:8: ML004 {ML004}",
    ]


def test_graph_json(modlint, planted: Path) -> None:
    graph = json.loads(modlint("graph", "--format", "json", cwd=planted).out)
    assert graph["nodes"] == [
        "auth",
        "datamodel",
        "datastore",
        "logs",
        "api-key",
        "cloudfunction",
        "messaging",
        "project",
        "user",
    ]
    edge = next(e for e in graph["edges"] if (e["source"], e["target"]) == ("auth", "user"))
    assert edge == {
        "source": "auth",
        "target": "user",
        "imports": [{"path": "auth/session.py", "line": 10}],
        "violations": ["ML001", "ML002", "ML003", "ML004"],
    }
    clean = next(e for e in graph["edges"] if (e["source"], e["target"]) == ("datastore", "logs"))
    assert clean["violations"] == []


def test_graph_mermaid_and_dot(modlint, planted: Path) -> None:
    mermaid = modlint("graph", cwd=planted).out
    assert mermaid.startswith(
        'flowchart BT\n    subgraph tier0["foundation"]\n        n0["auth 🔴"]\n'
    )
    assert "    n0 -->|ML001 ML002 ML003 ML004| n8\n" in mermaid
    assert re.search(r"^    linkStyle [\d,]+ stroke:#d1242f,stroke-width:2px$", mermaid, re.M)
    dot = modlint("graph", "--format", "dot", cwd=planted).out
    assert '    subgraph cluster_0 {\n        label="foundation";\n' in dot
    assert (
        '    "auth" -> "user" [color="#d1242f", fontcolor="#d1242f", '
        'label="ML001 ML002 ML003 ML004"];\n'
    ) in dot


def test_graph_of_files(modlint, planted: Path) -> None:
    graph = json.loads(
        modlint("graph", "--format", "json", "--granularity", "file", cwd=planted).out
    )
    assert "datastore.backends.sql" in graph["nodes"]
    assert {
        "source": "auth.session",
        "target": "user.models",
        "imports": [{"path": "auth/session.py", "line": 10}],
        "violations": ["ML001", "ML002", "ML003", "ML004"],
    } in graph["edges"]


def test_init_appends_to_pyproject_keeping_its_bytes(modlint, tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "core/__init__.py": "",
            "api-key/api_key/__init__.py": "",
            "tests/test_core.py": "",
            "locked/__init__.py": "",
            "locked/.LOCKED": "",
            ".venv/lib/x.py": "",
        },
    )
    (root / "pyproject.toml").write_bytes(b'[project]\r\nname = "x"  # keep me\r\n')
    run = modlint("init", cwd=root)
    assert run.lines == [
        "wrote [tool.modlint] with 3 modules to pyproject.toml: set each "
        "module's tier and level, then run `modlint .`"
    ]
    assert (root / "pyproject.toml").read_bytes() == (
        b'[project]\r\nname = "x"  # keep me\r\n\r\n[tool.modlint]\r\n'
        b"# Tiers, lowest first: a module may import modules of its own tier and lower ones.\r\n"
        b'tiers = ["foundation", "framework", "business"]\r\n'
        b"# Files holding a lock table between the modlint:lock-table markers.\r\n"
        b"docs = []\r\n\r\n"
        b'[tool.modlint.modules.api-key]\r\npackages = ["api_key"]\r\ntier = "business"\r\n'
        b'level = "development"\r\n\r\n'
        b'[tool.modlint.modules.core]\r\ntier = "business"\r\nlevel = "development"\r\n\r\n'
        b'[tool.modlint.modules.locked]\r\ntier = "business"\r\nlevel = "locked"\r\n'
    )
    assert modlint("init", cwd=root).err == (
        "modlint: error: modlint is already configured in pyproject.toml\n"
    )


def test_init_stdout_and_src_layout(modlint, tmp_path: Path) -> None:
    root = write(tmp_path, {"src/shop/__init__.py": "", "src/shop_api/__init__.py": ""})
    run = modlint("init", "--stdout", cwd=root)
    assert run.out == (
        "[tool.modlint]\n"
        "# Tiers, lowest first: a module may import modules of its own tier and lower ones.\n"
        'tiers = ["foundation", "framework", "business"]\nsource-roots = ["src"]\n'
        "# Files holding a lock table between the modlint:lock-table markers.\n"
        "docs = []\n\n"
        '[tool.modlint.modules.shop]\npath = "src/shop"\ntier = "business"\n'
        'level = "development"\n\n'
        '[tool.modlint.modules.shop_api]\npath = "src/shop_api"\ntier = "business"\n'
        'level = "development"\n'
    )
    assert not (root / "pyproject.toml").exists()
    (root / "pyproject.toml").write_text(run.out)
    assert modlint(cwd=root).code == 0


MARKERS = "<!-- modlint:lock-table:start -->\n<!-- modlint:lock-table:end -->\n"


@pytest.mark.parametrize(
    ("readme", "docs"),
    [
        (f"# Shop\n\n{MARKERS}", 'docs = ["README.md"]'),
        (f"# Shop\n\n{MARKERS}{MARKERS}", 'docs = ["README.md"]'),  # wrong, but markers
        (f"# Shop\n\n```markdown\n{MARKERS}```\n", "docs = []"),
        (f"# Shop\n\n    {MARKERS.replace(chr(10), chr(10) + '    ')}\n", "docs = []"),
        ("# Shop\n\nPut `<!-- modlint:lock-table:start -->` in your README.\n", "docs = []"),
        ("# Shop\n\nPut <!-- modlint:lock-table:start --> and the end marker.\n", "docs = []"),
        (f"# Shop\n\n> {MARKERS.replace(chr(10), chr(10) + '> ')}\n", "docs = []"),
    ],
    ids=["markers", "duplicated", "fenced", "indented", "inline-code", "prose", "quote"],
)
def test_init_lists_the_readme_only_when_it_holds_real_markers(
    modlint, tmp_path: Path, readme: str, docs: str
) -> None:
    root = write(tmp_path, {"shop/__init__.py": "", "README.md": readme})
    run = modlint("init", "--stdout", cwd=root)
    assert run.out.splitlines()[4] == docs


def test_flake8_plugin_escapes_project_text_in_messages(small) -> None:
    root = small({"core/a.py": 'import importlib\nimportlib.import_module("app.x\\nb\\x1b[2J")\n'})
    done = subprocess.run(
        [sys.executable, "-m", "flake8", "--select", "ML", "core/a.py"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout == (
        "core/a.py:2:25: ML006 cannot resolve 'app.x\\nb\\x1b[2J': no such module or package in "
        "the project\n"
    )


def test_init_with_an_unreadable_readme_starts_with_no_docs(tmp_path: Path) -> None:
    root = write(tmp_path, {"shop/__init__.py": "", "README.md": MARKERS})
    (root / "README.md").chmod(0)
    run = run_unprivileged("init", "--stdout", cwd=root)
    assert (run.code, run.err, run.out.splitlines()[4]) == (0, "", "docs = []")


def test_init_never_reads_the_markers_of_a_readme_linked_out_of_the_project(
    modlint, tmp_path: Path
) -> None:
    """The docs checker reads no README that leads out of the project (ML301), so init does
    not list one for its markers either."""
    outside = write(tmp_path / "elsewhere", {"README.md": MARKERS})
    root = write(tmp_path / "p", {"shop/__init__.py": ""})
    (root / "README.md").symlink_to(outside / "README.md")
    run = modlint("init", "--stdout", cwd=root)
    assert (run.code, run.out.splitlines()[4]) == (0, "docs = []")
