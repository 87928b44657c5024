"""Shared helpers: run the CLI in-process, copy the nimbus sample, write small projects."""

from __future__ import annotations

import os
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from modlint.cli import main

REPO = Path(__file__).resolve().parent.parent
NIMBUS = REPO / "fixtures" / "nimbus"

# HYPOTHESIS_PROFILE=ci-long runs every property test at its full example count; the default
# runs a third of it (the explicit @example cases always run), to keep the suite fast.
settings.register_profile("default")
settings.register_profile("ci-long")
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
settings.load_profile(HYPOTHESIS_PROFILE)


def examples(full: int) -> int:
    """How many examples a property test runs: ``full`` under the ci-long profile, a third of
    it (at least 10) otherwise."""
    return full if HYPOTHESIS_PROFILE == "ci-long" else max(10, full // 3)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--snapshot-update",
        action="store_true",
        default=False,
        help="rewrite tests/rules/*/expected.txt from modlint's output instead of comparing",
    )


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


@pytest.fixture
def modlint(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Call ``modlint(*args, cwd=...)`` to run the command line in-process."""

    def run(*args: str, cwd: Path | None = None) -> Run:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def nimbus(tmp_path: Path) -> Path:
    """A fresh copy of the shipped sample project, to plant violations in."""
    target = tmp_path / "nimbus"
    shutil.copytree(NIMBUS, target, ignore=shutil.ignore_patterns(".modlint_cache"))
    return target


def write(root: Path, files: dict[str, str | bytes | None]) -> Path:
    """Write ``files`` (relative path -> text, dedented, or raw bytes; None: no such file)
    under ``root``."""
    for name, content in files.items():
        path = root / name
        if content is None:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


def edit(path: Path, old: str, new: str) -> None:
    """Replace text that occurs exactly once in a file of a planted copy."""
    text = path.read_text()
    assert text.count(old) == 1, f"{old!r} not once in {path}"
    path.write_text(text.replace(old, new))


@pytest.fixture
def planted(nimbus: Path) -> Path:
    """A nimbus copy where locked auth imports the business module user (ML001 and more)."""
    edit(
        nimbus / "auth" / "session.py",
        "from logs import get_logger\n",
        "from logs import get_logger\nimport user.models\n",
    )
    return nimbus


def append(path: Path, text: str) -> None:
    """Append lines to a file of a planted copy."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write(textwrap.dedent(text).lstrip("\n"))


THREE_TIERS = """
[tool.modlint]
{extra}

[tool.modlint.modules.core]
tier = "foundation"
level = "stable"

[tool.modlint.modules.service]
tier = "framework"
level = "stable"

[tool.modlint.modules.app]
tier = "business"
"""


@pytest.fixture
def small(tmp_path: Path):
    """Call ``small(files, extra=...)`` for a project with modules core < service < app."""

    def make(files: dict[str, str | bytes | None], extra: str = "") -> Path:
        root = tmp_path / "small"
        base = {
            "pyproject.toml": THREE_TIERS.format(extra=extra),
            "core/__init__.py": "",
            "service/__init__.py": "",
            "app/__init__.py": "",
        }
        return write(root, {**base, **files})

    return make
