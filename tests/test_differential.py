"""The converted configurations of fixtures/migration/ report exactly the direct-import
violations that import-linter or tach recorded on the same trees (issue 12)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

MIGRATION = Path(__file__).parent.parent / "fixtures" / "migration"
FIXTURES = ("il-platform", "il-shop", "tach-app", "tach-layers")
CODES = ("ML001", "ML002", "ML008", "ML009")


def _converted(name: str, tmp_path: Path) -> Path:
    """A copy of the fixture with its converted configuration in its pyproject.toml, as
    `modlint init --from-...` writes it."""
    root = Path(shutil.copytree(MIGRATION / name, tmp_path / name))
    pyproject = root / "pyproject.toml"
    before = pyproject.read_bytes() + b"\n" if pyproject.exists() else b""
    pyproject.write_bytes(before + (root / "converted.toml").read_bytes())
    return root


@pytest.mark.parametrize("name", FIXTURES)
def test_the_converted_configuration_reports_what_the_peer_reports(
    modlint, tmp_path: Path, name: str
) -> None:
    root = _converted(name, tmp_path)
    tool = "importlinter" if name.startswith("il-") else "tach"
    rows = json.loads((root / f"expected-{tool}.json").read_text(encoding="utf-8"))
    run = modlint("--output-format", "json", cwd=root)
    found = json.loads(run.out)
    reported = {
        (diagnostic["path"], diagnostic["line"])
        for diagnostic in found
        if diagnostic["code"] in CODES
    }
    assert run.code == 1
    assert reported == {(row["path"], row["line"]) for row in rows}
    assert {diagnostic["code"] for diagnostic in found} <= set(CODES)
