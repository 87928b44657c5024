"""Property: whatever the edits, a run with the cache (replaying, checking only the changed
files, or analysing afresh) reports what a run without the cache reports."""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path

from conftest import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from modlint.cli import main

MODULES = ("low", "mid", "high", "tools")
FILES = ("__init__.py", "a.py", "b.py")
CONFIG = """
[tool.modlint]
tiers = ["bottom", "top"]
unassigned = "error"
forbidden = ["pickle"]
independent = [["high", "tools"]]
ignore-imports = ["tools.* -> low.b", "mid.a -> yaml"]

[tool.modlint.modules.low]
tier = "bottom"
{low_level}

[tool.modlint.modules.mid]
tier = "bottom"
depends-on = ["low"]

[tool.modlint.modules.high]
tier = "top"
depends-on = ["low", "mid"]

[tool.modlint.modules.tools]
tier = "top"
"""
IMPORTS = [
    *(f"import {module}" for module in MODULES),
    *(f"import {module}.{name[:-3]}" for module in MODULES for name in FILES[1:]),
    *(f"from {module} import {name[:-3]}" for module in MODULES for name in FILES[1:]),
    "from low import helper",
    "from . import a",
    "from .b import thing",
    "from .. import nothing",
    "import os",
    "import pickle",
    "import yaml",
    "import requests",
    "import low.missing",
]
SUFFIXES = ["", "", "", "  # noqa", "  # noqa: ML001", "  # noqa: ML003,ML009", "  # noqa:ML1"]

lines = st.tuples(st.sampled_from(IMPORTS), st.sampled_from(SUFFIXES)).map("".join)
contents = st.one_of(
    st.lists(lines, max_size=4).map(lambda found: "".join(line + "\n" for line in found)),
    st.just("def broken(:\n"),
    st.just("# modlint: noqa\nimport high\n"),
    st.just('__all__ = ["a"]\nfrom .a import *\n'),
)
DEFAULTS = {
    "low/a.py": "import mid\n",
    "mid/a.py": "import low.a\nimport yaml\n",
    "high/a.py": "import low\nimport mid.b\n",
    "tools/a.py": "import low.b\nimport yaml\n",
    "script.py": "import low\n",
}
"""What a file the example does not start otherwise holds: a cycle (low and mid), and an
import for each `ignore-imports` entry, so that edits can keep or break them."""
places = st.sampled_from(
    [f"{module}/{name}" for module in MODULES for name in FILES] + ["script.py"]
)


def _run(root: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(root), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--ignore", "ML005,ML204", *args, "."])
    return code, out.getvalue(), err.getvalue()


@settings(max_examples=examples(60), deadline=None)
@given(
    stable=st.booleans(),
    start=st.dictionaries(places, contents),
    steps=st.lists(
        st.dictionaries(places, contents, min_size=1, max_size=3), min_size=1, max_size=4
    ),
)
def test_a_cached_run_reports_what_a_run_without_the_cache_reports(
    stable: bool, start: dict[str, str], steps: list[dict[str, str]]
) -> None:
    """Each step rewrites one to three files, then both runs compare."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        level = 'level = "stable"' if stable else ""
        (root / "pyproject.toml").write_text(CONFIG.format(low_level=level))
        for module in MODULES:
            (root / module).mkdir()
            for name in FILES:
                place = f"{module}/{name}"
                (root / place).write_text(start.get(place, DEFAULTS.get(place, "")))
        (root / "script.py").write_text(start.get("script.py", DEFAULTS["script.py"]))
        assert _run(root) == _run(root, "--no-cache")
        for number, edits in enumerate(steps):
            for place, text in edits.items():
                path = root / place
                path.write_text(f"{text}# edit {number}\n" if number % 2 else text)
                # A new modification time even within the clock's resolution.
                os.utime(path, ns=(10**18 + number, 10**18 + number))
            assert (edits, _run(root)) == (edits, _run(root, "--no-cache"))
