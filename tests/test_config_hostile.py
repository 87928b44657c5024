"""Hostile and unusual configuration: every TOML key form, keys that JSON cannot decode, broken
`tool` tables, invalid patterns, docs and module paths outside the project. Each case gives
the normal output, or one `modlint: error: ...` line with exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write

from modlint.configuration.toml import key_lines, loads

MODULES = """
[tool.modlint.modules.core]
tier = "foundation"
[tool.modlint.modules.app]
tier = "business"
"""
VIOLATION = (
    "core/__init__.py:1:8: ML001 foundation module 'core' imports business module 'app' (app)"
)


def project(tmp_path: Path, pyproject: str, **files: str) -> Path:
    return write(
        tmp_path,
        {
            "pyproject.toml": pyproject,
            "core/__init__.py": "import app\n",
            "app/__init__.py": "",
            **files,
        },
    )


KEY_FORMS = r"""# a comment = 1
bare = 1
bare-with_dash09 = 2
"basic" = 3
"tab\there" = 4
"\U0001F4D6 Docs" = 5
"quote \" and \\ backslash" = 6
'literal \n stays' = 7
"" = 8
a.b.c = 9
x . "y.z" . 'w' = 10
inline = { one = 1, two = { three = [1, { four = 4 }] } }
text = QQQ
fake = 1
[fake.table]
QQQ
literal-text = '''
also-fake = 2
'''
array = [
  1, # not-a-key = 3
  "x",
]
date = 1979-05-27T07:32:00Z

[table]
key = 1
[ spaced . "tab\tin header" ]
key = 2
[[items]]
name = "first"
[[items]]
name = "second"
""".replace("QQQ", '"' * 3)


def test_the_key_forms_are_valid_toml() -> None:
    assert loads(KEY_FORMS)["spaced"]["tab\tin header"] == {"key": 2}


@pytest.mark.parametrize(
    ("path", "line"),
    [
        (("bare",), 2),
        (("bare-with_dash09",), 3),
        (("basic",), 4),
        (("tab\there",), 5),
        (("\U0001f4d6 Docs",), 6),
        (('quote " and \\ backslash',), 7),
        (("literal \\n stays",), 8),
        (("",), 9),
        (("a",), 10),
        (("a", "b"), 10),
        (("a", "b", "c"), 10),
        (("x", "y.z", "w"), 11),
        (("inline", "one"), 12),
        (("inline", "two", "three"), 12),
        (("inline", "two", "three", "four"), 12),
        (("text",), 13),
        (("literal-text",), 17),
        (("array",), 20),
        (("date",), 24),
        (("table",), 26),
        (("table", "key"), 27),
        (("spaced", "tab\tin header"), 28),
        (("spaced", "tab\tin header", "key"), 29),
        (("items",), 30),
        (("items", "name"), 31),
    ],
)
def test_every_toml_key_form_has_its_line(path: tuple[str, ...], line: int) -> None:
    assert key_lines(KEY_FORMS).get(path) == line


def test_lines_inside_strings_and_comments_are_no_keys() -> None:
    found = key_lines(KEY_FORMS)
    assert [key for key in found if key[-1] in ("fake", "also-fake", "not-a-key", "comment")] == []
    assert ("fake", "table") not in found


@pytest.mark.parametrize(
    "text",
    [
        '"unterminated = 1\n',
        "[table\n",
        "a = [1, 2\n",
        'a = "\\x"\n',
        "a = {b = }\n",
        "= 1\n",
        "[[a]\n",
        "a = " + "[" * 100_000 + "\n",
        "\x00\x01 = 2\n",
        '"\\ud800" = 1\n',
    ],
)
def test_line_lookup_never_fails_on_broken_toml(text: str) -> None:
    assert isinstance(key_lines(text), dict)


def test_keys_json_cannot_decode_do_not_break_the_run(modlint, tmp_path: Path) -> None:
    root = project(
        tmp_path,
        '[project]\nname = "x"\n[project.urls]\n'
        '"\\U0001F4D6 Docs" = "https://example.com"\n"a\\tb" = "x"\n'
        "'literal \\d' = \"x\"\n[tool.modlint]\n" + MODULES,
    )
    run = modlint("--no-cache", cwd=root)
    assert (run.code, run.lines) == (1, [VIOLATION])


def test_a_module_declared_under_a_quoted_key_points_at_its_lines(modlint, tmp_path) -> None:
    root = project(
        tmp_path,
        '[tool.modlint]\n[tool.modlint.modules."c\\u006Fre"]\n'
        'tier = "foundation"\n# "level" = 1\nlevel = "locked"\n'
        '[tool.modlint.modules.app]\ntier = "business"\n',
    )
    run = modlint("--no-cache", "--select", "ML201", cwd=root)
    assert run.lines == [
        "pyproject.toml:5:1: ML201 module 'core' is configured as locked but has no .LOCKED "
        "file: run `modlint lock core --version X.Y.Z`, or configure another level",
    ]


@pytest.mark.parametrize(
    ("pyproject", "line"),
    [
        (
            '[tool.modlint]\nmodules.core.tier = "foundation"\nmodules . "core" . level = "locked"\n'
            'modules.app.tier = "business"\n',
            3,
        ),
        (
            '[tool.modlint]\ntiers = ["foundation", "business"]\nmodules = { core = { tier = '
            '"foundation", level = "locked" }, app = { tier = "business" } }\n',
            3,
        ),
        (
            '[tool.modlint.modules]\ncore.tier = "foundation"\n"core".\'level\' = "locked"\n'
            'app.tier = "business"\n',
            3,
        ),
    ],
)
def test_dotted_and_inline_module_keys_point_at_their_lines(
    modlint, tmp_path, pyproject: str, line: int
) -> None:
    root = project(tmp_path, pyproject)
    run = modlint("--no-cache", "--select", "ML201", cwd=root)
    assert run.lines == [
        f"pyproject.toml:{line}:1: ML201 module 'core' is configured as locked but has no "
        ".LOCKED file: run `modlint lock core --version X.Y.Z`, or configure another level",
    ]


def test_lock_file_keys_json_cannot_decode_are_ml202_not_a_crash(modlint, tmp_path) -> None:
    root = project(
        tmp_path,
        "[tool.modlint]\n" + MODULES,
        **{
            "core/.LOCKED": 'module = "core"\nversion = "1.0.0"\nlocked-on = 2026-01-01\n'
            '"\\U0001F4D6 n\\u00f6te" = "x"\n[surface]\n'
        },
    )
    run = modlint("--no-cache", "--select", "ML202", cwd=root)
    assert (run.code, run.lines) == (
        1,
        [
            "core/.LOCKED:4:1: ML202 invalid lock file: unknown key '\U0001f4d6 n\u00f6te'",
        ],
    )


def test_a_removed_entry_of_a_module_without_init_points_at_its_lock_line(
    modlint, tmp_path: Path
) -> None:
    root = write(
        tmp_path,
        {
            "pyproject.toml": "[tool.modlint]\n" + MODULES,
            "core/tool.py": "",
            "app/__init__.py": "",
            "core/.LOCKED": 'module = "core"\nversion = "1.0.0"\nlocked-on = 2026-01-01\n'
            '[surface]\n"set" = "constant"\n"g\\u00e9t" = "def g\u00e9t() -> None"\n',
        },
    )
    run = modlint("--no-cache", "--select", "ML103", cwd=root)
    assert (run.code, run.lines) == (
        1,
        [
            "core/.LOCKED:5:1: ML103 removed 'set': breaking change to locked module 'core' 1.0.0 "
            "(unlock it, and lock it again as 2.0.0)",
            "core/.LOCKED:6:1: ML103 removed 'g\u00e9t': breaking change to locked module 'core' "
            "1.0.0 (unlock it, and lock it again as 2.0.0)",
        ],
    )


@pytest.mark.parametrize(
    ("pyproject", "args", "message"),
    [
        (
            "tool = 1\n",
            ("--config", "pyproject.toml"),
            "pyproject.toml: key 'tool' must be a table, got an integer",
        ),
        (
            "tool = []\n",
            ("--config", "pyproject.toml"),
            "pyproject.toml: key 'tool' must be a table, got an array",
        ),
        (
            "[tool]\nmodlint = 1\n",
            (),
            "pyproject.toml: [tool]: key 'modlint' must be a table, got an integer",
        ),
        (
            "[tool]\nmodlint = 1\n",
            ("--config", "pyproject.toml"),
            "pyproject.toml: [tool]: key 'modlint' must be a table, got an integer",
        ),
        (
            '[tool]\nmodlint = "x"\n',
            (),
            "pyproject.toml: [tool]: key 'modlint' must be a table, got a string",
        ),
        (
            "[tool.black]\n",
            ("--config", "pyproject.toml"),
            "pyproject.toml: no [tool.modlint] table",
        ),
        (
            "x = " + "1" * 5000 + "\n",
            ("--config", "pyproject.toml"),
            "pyproject.toml: invalid TOML: Exceeds the limit (4300 digits) for integer string "
            "conversion: value has 5000 digits",
        ),
        (
            "x = " + "[" * 2000 + "]" * 2000 + "\n",
            ("--config", "pyproject.toml"),
            "pyproject.toml: invalid TOML: arrays or inline tables are nested too deeply",
        ),
    ],
)
def test_broken_tool_tables_exit_2_with_one_line(
    modlint, tmp_path: Path, pyproject: str, args: tuple[str, ...], message: str
) -> None:
    root = project(tmp_path, pyproject)
    run = modlint(*args, cwd=root)
    assert (run.code, run.out, run.err) == (2, "", f"modlint: error: {message}\n")


def test_tool_that_is_no_table_is_no_configuration_when_searching(modlint, tmp_path) -> None:
    root = project(tmp_path, "tool = 1\n")
    run = modlint(cwd=root)
    assert (run.code, run.err) == (
        2,
        (
            f"modlint: error: no configuration found in '{root}' or any folder above it: add "
            "[tool.modlint] to pyproject.toml, or create modlint.toml\n"
        ),
    )


def test_a_pyproject_that_is_a_folder_is_skipped_for_modlint_toml(modlint, tmp_path) -> None:
    root = write(
        tmp_path,
        {
            "pyproject.toml/x": "",
            "core/__init__.py": "import app\n",
            "app/__init__.py": "",
            "modlint.toml": MODULES.replace("tool.modlint.", ""),
        },
    )
    run = modlint("--no-cache", cwd=root)
    assert (run.code, run.lines) == (1, [VIOLATION])


def test_a_non_utf8_configuration_names_the_byte(modlint, tmp_path: Path) -> None:
    root = project(tmp_path, "")
    (root / "pyproject.toml").write_bytes(b"[tool.modlint]\n# caf\xe9\n")
    run = modlint("--config", "pyproject.toml", cwd=root)
    assert (run.code, run.err) == (
        2,
        "modlint: error: pyproject.toml: cannot read file: not valid UTF-8 (byte 20)\n",
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            'docs = ["/abs/path/outside.md"]',
            "key 'docs': file '/abs/path/outside.md' is outside the project root",
        ),
        ('docs = ["../x.md"]', "key 'docs': file '../x.md' is outside the project root"),
        (
            'docs = ["core/../../x.md"]',
            "key 'docs': file 'core/../../x.md' is outside the project root",
        ),
        ('docs = ["."]', "key 'docs': file '.' is outside the project root"),
        ('docs = ["core"]', "key 'docs': 'core' is a folder, not a file"),
        ('docs = ["README\\u0000.md"]', "key 'docs': 'README\\x00.md' is not a file name"),
        (
            'exclude = ["[z-a].py"]',
            "key 'exclude': invalid pattern '[z-a].py': bad character range z-a",
        ),
        ('exclude = ["!"]', "key 'exclude': invalid pattern '!': not a gitignore pattern"),
        (
            'exclude = ["a\\\\"]',
            "key 'exclude': invalid pattern 'a\\': not a gitignore "
            "pattern (it ends with an unescaped backslash)",
        ),
        (
            'exclude = ["*a*a*a*a*x.py"]',
            "key 'exclude': invalid pattern '*a*a*a*a*x.py': more than 3 '*' in one path segment",
        ),
        (
            'exclude = ["**/a/**/a/**/b"]',
            "key 'exclude': invalid pattern '**/a/**/a/**/b': more than 2 '**' segments",
        ),
        (
            'per-file-ignores = { "[z-a].py" = ["ML001"] }',
            "key 'per-file-ignores': invalid pattern '[z-a].py': bad character range z-a",
        ),
        (
            'per-file-ignores = { "tests/\\\\" = ["ML001"] }',
            "key 'per-file-ignores': invalid pattern 'tests/\\': not a gitignore pattern (it ends "
            "with an unescaped backslash)",
        ),
    ],
)
def test_bad_top_level_values_exit_2_with_one_line(
    modlint, tmp_path: Path, extra: str, message: str
) -> None:
    root = project(tmp_path, f"[tool.modlint]\n{extra}\n" + MODULES)
    run = modlint(cwd=root)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        f"modlint: error: pyproject.toml: [tool.modlint]: {message}\n",
    )


def test_valid_unusual_patterns_are_accepted(modlint, tmp_path: Path) -> None:
    root = project(
        tmp_path,
        '[tool.modlint]\nexclude = ["**/gen/**", "[!a]*.py", "**"]\n'
        'per-file-ignores = { "core/**/*_*.py" = ["ML001"] }\n' + MODULES,
    )
    run = modlint("--no-cache", cwd=root)
    assert (run.code, run.out, run.err) == (0, "", "")


@pytest.mark.parametrize(
    ("module", "message"),
    [
        ('path = "/"', "key 'path': folder '/' is outside the project root"),
        (
            'path = "core/__init__.py"',
            "key 'path': 'core/__init__.py' is a package's __init__.py: name its folder instead",
        ),
        ('packages = ["../app"]', "key 'packages': '../app' is not a package name"),
        ('packages = [""]', "key 'packages': '' is not a package name"),
        ('path = "core\\u0000"', "key 'path': folder 'core\\x00' does not exist in ."),
        (
            f'version = "{"9" * 5000}.0"',
            f"key 'version' must be a version like \"1.0.0\", got '{'9' * 5000}.0'",
        ),
    ],
)
def test_bad_module_values_exit_2_with_one_line(
    modlint, tmp_path: Path, module: str, message: str
) -> None:
    root = project(tmp_path, f'[tool.modlint.modules.core]\ntier = "foundation"\n{module}\n')
    run = modlint(cwd=root)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        f"modlint: error: pyproject.toml: [tool.modlint.modules.core]: {message}\n",
    )


def test_an_absolute_module_path_outside_is_reported_as_written(modlint, tmp_path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    root = project(
        tmp_path / "repo", f'[tool.modlint.modules.core]\ntier = "foundation"\npath = "{outside}"\n'
    )
    run = modlint(cwd=root)
    assert run.err == (
        f"modlint: error: pyproject.toml: [tool.modlint.modules.core]: key "
        f"'path': folder '{outside}' is outside the project root\n"
    )


def test_a_symlinked_configuration_keeps_the_project_where_the_link_is(modlint, tmp_path) -> None:
    shared = write(tmp_path / "shared", {"pyproject.toml": "[tool.modlint]\n" + MODULES})
    root = project(tmp_path / "repo", "")
    (root / "pyproject.toml").unlink()
    (root / "pyproject.toml").symlink_to(shared / "pyproject.toml")
    run = modlint("--no-cache", cwd=root)
    assert (run.code, run.lines) == (1, [VIOLATION])


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("dependencies = 1", "key 'dependencies' must be an array of strings, got an integer"),
        (
            'dependencies = "requests"',
            "key 'dependencies' must be an array of strings, got a string",
        ),
        (
            'dependencies = ["requests", 2]',
            "key 'dependencies' must be an array of strings, got an array",
        ),
        (
            "optional-dependencies = []",
            "key 'optional-dependencies' must be a table of arrays of strings, got an array",
        ),
        (
            "optional-dependencies = { web = true }",
            "key 'optional-dependencies.web' must be an array of strings, got a boolean",
        ),
        ('dynamic = "dependencies"', "key 'dynamic' must be an array of strings, got a string"),
    ],
)
def test_project_metadata_of_the_wrong_types_exits_2(
    modlint, tmp_path: Path, table: str, message: str
) -> None:
    root = project(
        tmp_path,
        f'[project]\nname = "p"\n{table}\n[tool.modlint]\n' + MODULES,
        **{"app/__init__.py": "import requests\n"},
    )
    run = modlint("--no-cache", "--select", "ML005", cwd=root)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        f"modlint: error: pyproject.toml: [project]: {message}\n",
    )
