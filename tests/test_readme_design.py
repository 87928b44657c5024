"""README's Design section lists exactly the packages modlint has: a package added, renamed or
removed without its row fails here."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- modlint:packages:start -->", "<!-- modlint:packages:end -->"
_ROW_PACKAGE = re.compile(r"^\| `(modlint(?:/[a-z_]+)?)/?` \|", re.MULTILINE)


def _listed_packages(readme: str) -> list[str]:
    """The package of each row of the table between the markers, in order."""
    assert readme.count(START) == 1 and readme.count(END) == 1
    table = readme[readme.index(START) + len(START) : readme.index(END)]
    return _ROW_PACKAGE.findall(table)


def _actual_packages() -> list[str]:
    """``modlint`` itself and each package directly under it."""
    folders = sorted(
        f"modlint/{init.parent.name}" for init in (ROOT / "modlint").glob("*/__init__.py")
    )
    return ["modlint", *folders]


def test_design_table_lists_exactly_the_packages() -> None:
    listed = _listed_packages((ROOT / "README.md").read_text(encoding="utf-8"))
    assert sorted(listed) == sorted(_actual_packages())


def test_a_missing_row_is_noticed() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    without = re.sub(r"^\| `modlint/cache` \|.*\n", "", readme, flags=re.MULTILINE)
    assert sorted(_listed_packages(without)) == sorted(
        name for name in _actual_packages() if name != "modlint/cache"
    )
