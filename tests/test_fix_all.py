"""ML102 completes an existing `__all__`: the public definitions a locked package leaves out
of its literal `__all__` are reported at the definition, and the unsafe fix appends them in
the literal's own style (exact bytes, exact diffs), or offers no fix."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ML102_FIXTURE = Path(__file__).parent / "rules" / "ML102"
INIT = "util/__init__.py"
DEFINED = (
    b"\n\ndef normalize(text):\n    return text\n\n\nclass Cleaner:\n    pass\n\n\nLIMIT = 3\n"
)


def unlisted(line: int, column: int, name: str) -> str:
    """The concise line ML102 prints for ``name`` defined in util/__init__.py."""
    return (
        f"{INIT}:{line}:{column}: ML102 locked module 'util': __all__ of package 'util' does "
        f"not list '{name}', a public name defined there"
    )


@pytest.fixture
def util(tmp_path: Path) -> Path:
    """tests/rules/ML102 copied; its locked `util` re-exports `clean` and `shout`."""
    root = tmp_path / "ml102"
    shutil.copytree(ML102_FIXTURE, root)
    return root


def fixed(modlint, root: Path, before: bytes, count: int) -> bytes:
    """The bytes of util/__init__.py after `--fix --unsafe-fixes` of ``before``, which has
    ``count`` ML102 diagnostics that all get fixed; re-checking it finds nothing."""
    init = root / INIT
    init.write_bytes(before)
    run = modlint("--fix", "--unsafe-fixes", "--select", "ML102", "util", cwd=root)
    plural = "error" if count == 1 else "errors"
    assert (run.code, run.out, run.err) == (
        0,
        "",
        f"Found {count} {plural} ({count} fixed, 0 remaining).\n",
    )
    again = modlint("--select", "ML102", "util", cwd=root)
    assert (again.code, again.out, again.err) == (0, "", "")
    return init.read_bytes()


def test_reports_each_public_definition_left_out_at_the_definition(modlint, util: Path) -> None:
    (util / INIT).write_bytes(
        b"from typing import TYPE_CHECKING\n"
        b"from .text import clean, shout as loud\n"
        b"import os\n\n"
        b'__all__ = ["clean"]\n'
        b'__version__ = "1.0"\n'
        b"_cache = {}\n"
        b"A, (B, _c) = 1, (2, 3)\n"
        b"width: int = 80\n"
        b"if TYPE_CHECKING:\n"
        b"    pass\n"
        b"try:\n"
        b"    import json\n"
        b"except ImportError:\n"
        b"    json = None\n\n\n"
        b"async def fetch():\n"
        b"    inner = 1\n"
        b"    return inner\n\n\n"
        b"def _helper():\n"
        b"    pass\n"
    )
    run = modlint("--select", "ML102", "--output-format", "concise", "util", cwd=util)
    assert run.code == 1
    assert run.lines == [
        unlisted(8, 1, "A"),
        unlisted(8, 5, "B"),
        unlisted(9, 1, "width"),
        unlisted(18, 11, "fetch"),
    ]


def test_computed_all_reports_no_unlisted_name(modlint, util: Path) -> None:
    for value in (b'[*text.__all__, "clean"]', b'sorted(["clean"])'):
        (util / INIT).write_bytes(
            b"from . import text\nfrom .text import clean\n\n__all__ = " + value + DEFINED
        )
        run = modlint("--select", "ML102", "--output-format", "concise", "util", cwd=util)
        assert run.lines == [
            f"{INIT}:4:1: ML102 locked module 'util': __all__ of package 'util' is computed; "
            "modlint reads only a literal list of strings",
        ]
        diff = modlint("--diff", "--unsafe-fixes", "--select", "ML102", "util", cwd=util)
        assert (diff.code, diff.out, diff.err) == (0, "", "")


def test_fix_one_line_list(modlint, util: Path) -> None:
    before = b'from .text import clean\n\n__all__ = ["clean"]' + DEFINED
    assert fixed(modlint, util, before, 3) == (
        b'from .text import clean\n\n__all__ = ["clean", "normalize", "Cleaner", "LIMIT"]' + DEFINED
    )


def test_fix_multi_line_list_keeps_trailing_comma_comments_and_indentation(
    modlint, util: Path
) -> None:
    before = (
        b"from .text import clean, shout\n\n"
        b"if True:\n"
        b"    __all__: list = [  # the surface\n"
        b'        "shout",  # first\n'
        b"        # the clean one\n"
        b'        "clean",  # last\n'
        b"        # more to come\n"
        b"    ]\n" + DEFINED
    )
    assert fixed(modlint, util, before, 3) == (
        b"from .text import clean, shout\n\n"
        b"if True:\n"
        b"    __all__: list = [  # the surface\n"
        b'        "shout",  # first\n'
        b"        # the clean one\n"
        b'        "clean",  # last\n'
        b'        "normalize",\n'
        b'        "Cleaner",\n'
        b'        "LIMIT",\n'
        b"        # more to come\n"
        b"    ]\n" + DEFINED
    )


def test_fix_puts_each_name_at_its_place_in_a_sorted_list(modlint, util: Path) -> None:
    before = (
        b"from .text import clean, shout\n\n"
        b"__all__ = [  # the surface\n"
        b"    # the clean one\n"
        b'    "clean",  # first\n'
        b"    # the loud one\n"
        b'    "shout",  # last\n'
        b"]\n" + DEFINED.replace(b"LIMIT", b"wrap")
    )
    assert fixed(modlint, util, before, 3) == (
        b"from .text import clean, shout\n\n"
        b"__all__ = [  # the surface\n"
        b'    "Cleaner",\n'
        b"    # the clean one\n"
        b'    "clean",  # first\n'
        b'    "normalize",\n'
        b"    # the loud one\n"
        b'    "shout",  # last\n'
        b'    "wrap",\n'
        b"]\n" + DEFINED.replace(b"LIMIT", b"wrap")
    )


def test_fix_multi_line_list_without_trailing_comma(modlint, util: Path) -> None:
    before = b'from .text import clean\n\n__all__ = [\n  "clean"  # only\n]' + DEFINED
    assert fixed(modlint, util, before, 3) == (
        b"from .text import clean\n\n__all__ = [\n"
        b'  "clean",  # only\n  "normalize",\n  "Cleaner",\n  "LIMIT"\n]' + DEFINED
    )


def test_fix_aligned_list(modlint, util: Path) -> None:
    before = b'from .text import clean, shout\n\n__all__ = ["shout",\n           "clean"]' + DEFINED
    assert fixed(modlint, util, before, 3) == (
        b'from .text import clean, shout\n\n__all__ = ["shout",\n           "clean",\n'
        b'           "normalize",\n           "Cleaner",\n           "LIMIT"]' + DEFINED
    )


@pytest.mark.parametrize(
    ("value", "after"),
    [
        (b'("shout", "clean")', b'("shout", "clean", "normalize", "Cleaner", "LIMIT")'),
        (b'("clean",)', b'("clean", "normalize", "Cleaner", "LIMIT")'),
        (b'"shout", "clean"', b'"shout", "clean", "normalize", "Cleaner", "LIMIT"'),
        (
            b'(\n    "clean",\n)',
            b'(\n    "clean",\n    "normalize",\n    "Cleaner",\n    "LIMIT",\n)',
        ),
        (b"[]", b'["normalize", "Cleaner", "LIMIT"]'),
        (b"['shout', 'clean',]", b"['shout', 'clean', 'normalize', 'Cleaner', 'LIMIT',]"),
        (b'("clean", "shout")', b'("Cleaner", "LIMIT", "clean", "normalize", "shout")'),
    ],
    ids=[
        "tuple",
        "tuple-of-one",
        "bare-tuple",
        "tuple-one-a-line",
        "empty",
        "single-quotes",
        "sorted",
    ],
)
def test_fix_keeps_the_literal_style(modlint, util: Path, value: bytes, after: bytes) -> None:
    head = b"from .text import clean, shout\n\n__all__ = "
    if value == b"[]":
        head = b"__all__ = "
        (util / "util" / ".LOCKED").write_text('module = "util"\nversion = "1.0.0"\n\n[surface]\n')
    assert fixed(modlint, util, head + value + DEFINED, 3) == head + after + DEFINED


def test_fix_one_name_in_single_quotes(modlint, util: Path) -> None:
    before = b"from .text import clean\n\n__all__ = ['clean']\n\n\ndef normalize():\n    pass\n"
    assert fixed(modlint, util, before, 1) == before.replace(b"'clean'", b"'clean', 'normalize'")


def test_fix_keeps_crlf_and_a_bom(modlint, util: Path) -> None:
    before = (
        b"\xef\xbb\xbffrom .text import clean\r\n\r\n__all__ = [\r\n    'clean',\r\n]\r\n"
        b"\r\n\r\nclass Cleaner:\r\n    pass\r\n"
    )
    assert fixed(modlint, util, before, 1) == (
        b"\xef\xbb\xbffrom .text import clean\r\n\r\n__all__ = [\r\n    'clean',\r\n"
        b"    'Cleaner',\r\n]\r\n\r\n\r\nclass Cleaner:\r\n    pass\r\n"
    )


def test_diff_shows_the_completed_all_and_writes_nothing(modlint, util: Path) -> None:
    init = util / INIT
    before = b'from .text import clean\n\n__all__ = [\n    "clean",\n]' + DEFINED
    init.write_bytes(before)
    run = modlint("--diff", "--unsafe-fixes", "--select", "ML102", "util", cwd=util)
    assert (run.code, run.err) == (1, "Would fix 3 errors.\n")
    assert run.out == (
        f"--- a/{INIT}\n"
        f"+++ b/{INIT}\n"
        "@@ -2,6 +2,9 @@\n"
        " \n"
        " __all__ = [\n"
        '     "clean",\n'
        '+    "normalize",\n'
        '+    "Cleaner",\n'
        '+    "LIMIT",\n'
        " ]\n"
        " \n"
        " def normalize(text):\n"
    )
    assert init.read_bytes() == before
    safe = modlint("--diff", "--select", "ML102", "util", cwd=util)
    assert (safe.code, safe.out, safe.err) == (
        0,
        "",
        "3 hidden fixes can be enabled with the `--unsafe-fixes` option.\n",
    )


@pytest.mark.parametrize(
    "changes",
    [
        b'__all__ = ["clean"]\n__all__ += ["shout"]\n',
        b'__all__ = ["clean"]\n__all__.extend(["shout"])\n',
        b'__all__ = ["clean"]\n__all__.append("shout")\n',
        b'__all__ = ["clean", "sh" "out"]\n',
        b'__all__ = ["clean"]\n__all__ = ["clean", "shout"]\n',
    ],
    ids=["augmented", "extend", "append", "concatenated", "assigned-twice"],
)
def test_no_fix_when_all_is_not_one_plain_literal(modlint, util: Path, changes: bytes) -> None:
    init = util / INIT
    before = b"from .text import clean, shout\n\n" + changes + b"\n\nclass Cleaner:\n    pass\n"
    init.write_bytes(before)
    run = modlint("--select", "ML102", "--output-format", "concise", "util", cwd=util)
    line = before.count(b"\n", 0, before.index(b"class")) + 1
    assert run.lines == [unlisted(line, 7, "Cleaner")]
    diff = modlint("--diff", "--unsafe-fixes", "--select", "ML102", "util", cwd=util)
    assert (diff.code, diff.out, diff.err) == (0, "", "")
    assert init.read_bytes() == before


def test_fix_that_grows_a_locked_surface_is_dropped_when_ml104_checks(modlint, util) -> None:
    init = util / INIT
    before = b'from .text import clean\n\n__all__ = ["clean"]\n\n\ndef normalize():\n    pass\n'
    init.write_bytes(before)
    run = modlint("--fix", "--unsafe-fixes", "util", cwd=util)
    assert (run.code, run.out) == (
        1,
        f"{INIT}:6:5: ML102 locked module 'util': __all__ of package 'util' does not list "
        "'normalize', a public name defined there\n",
    )
    assert run.err == (
        f"modlint: warning: {INIT}: fixes not applied: it would introduce ML104: added "
        "'normalize': locked module 'util' 1.0.0 grew (unlock it, and lock it again as 1.1.0)\n"
        "Found 1 error (0 fixed, 1 remaining).\n"
    )
    assert init.read_bytes() == before


def test_json_carries_the_fix(modlint, util: Path) -> None:
    (util / INIT).write_bytes(b'from .text import clean\n__all__ = ["clean"]\nLIMIT = 3\n')
    run = modlint("--select", "ML102", "--output-format", "json", "util", cwd=util)
    [found] = json.loads(run.out)
    assert found["fix"] == {
        "applicability": "unsafe",
        "message": "Add `LIMIT` to `__all__`",
        "edits": [
            {
                "content": ', "LIMIT"',
                "location": {"row": 2, "column": 19},
                "end_location": {"row": 2, "column": 19},
            }
        ],
    }


def test_lock_refuses_a_package_whose_all_leaves_out_a_definition(modlint, util: Path) -> None:
    (util / "util" / ".LOCKED").unlink()
    (util / INIT).write_bytes(b'from .text import clean\n__all__ = ["clean"]\nLIMIT = 3\n')
    run = modlint("lock", "util", "--version", "1.0.0", cwd=util)
    assert (run.code, run.out) == (
        1,
        f"{INIT}:3:1: ML102 __all__ of package 'util' does not list 'LIMIT', "
        "a public name defined there\n",
    )
    assert run.err == "modlint: refusing to lock 'util': fix its 1 diagnostic first\n"


SINGLE_FILE = """\
[tool.modlint]
tiers = ["low", "high"]

[tool.modlint.modules.utils]
path = "utils.py"
tier = "low"
level = "stable"
version = "0.9.0"
depends-on = []

[tool.modlint.modules.app]
path = "app"
tier = "high"
"""

UTILS = """\
__all__ = ("Box", "slug")


def slug(text: str) -> str:
    return text


class Box:
    pass
"""


def test_single_file_module_gets_back_a_locked_name_dropped_from_all(
    modlint, tmp_path: Path
) -> None:
    root = tmp_path / "p"
    (root / "app").mkdir(parents=True)
    (root / "pyproject.toml").write_text(SINGLE_FILE)
    (root / "utils.py").write_text(UTILS)
    (root / "app" / "__init__.py").write_text("from utils import Box, slug\n")
    assert modlint("lock", "utils", "--version", "1.0.0", "--no-docs", cwd=root).code == 0
    utils = root / "utils.py"
    utils.write_text(UTILS.replace('("Box", "slug")', '("slug",)'))
    check = modlint(cwd=root)
    assert check.lines == [
        "app/__init__.py:1:19: ML101 'utils.Box' is not in the surface of locked module "
        "'utils' (use what 'utils' exports)",
        "utils.py:1:1: ML103 removed 'Box': breaking change to locked module 'utils' 1.0.0 "
        "(unlock it, and lock it again as 2.0.0)",
        "utils.py:8:7: ML102 locked module 'utils': __all__ of file 'utils' does not list "
        "'Box', a public name defined there",
    ]
    run = modlint("--fix", "--unsafe-fixes", cwd=root)
    assert (run.code, run.out, run.err) == (0, "", "Found 1 error (1 fixed, 0 remaining).\n")
    assert utils.read_text() == UTILS.replace('("Box", "slug")', '("slug", "Box")')
