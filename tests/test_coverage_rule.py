"""ML205 insufficient-coverage from a coverage.py JSON or a Cobertura XML report."""

from __future__ import annotations

from pathlib import Path

from conftest import write

CONFIG = """\
[tool.modlint]
select = ["ML205"]

[tool.modlint.levels.locked]
min-coverage = 90

[tool.modlint.levels.stable]
min-coverage = 75.5

[tool.modlint.modules.core]
tier = "foundation"
level = "stable"

[tool.modlint.modules.app]
tier = "business"
"""
XML = """\
<?xml version="1.0" ?>
<coverage version="7.4" line-rate="0.5">
  <sources><source>{source}</source></sources>
  <packages><package name="core"><classes>
    <class name="__init__.py" filename="core/__init__.py" line-rate="0.5">
      <lines><line number="1" hits="1"/><line number="2" hits="0"/><line number="3" hits="2"/>
      <line number="4" hits="0"/></lines>
    </class>
  </classes></package></packages>
</coverage>
"""
BELOW = (
    "pyproject.toml:10:1: ML205 stable module 'core' has 50% line coverage (2 of 4 statements "
    "in {}), below the 75.5% its level requires"
)


def _project(tmp_path: Path, files: dict[str, str]) -> Path:
    return write(
        tmp_path / "p",
        {"pyproject.toml": CONFIG, "core/__init__.py": "A = 1\n", "app/__init__.py": "", **files},
    )


def test_a_cobertura_report_with_sources(modlint, tmp_path: Path) -> None:
    root = _project(tmp_path, {})
    (root / "coverage.xml").write_text(XML.format(source=root))
    run = modlint(cwd=root)
    assert (run.code, run.lines, run.err) == (1, [BELOW.format("coverage.xml")], "Found 1 error.\n")


def test_a_json_report_wins_over_an_xml_one(modlint, tmp_path: Path) -> None:
    root = _project(
        tmp_path,
        {
            "coverage.json": '{"files": {"core/__init__.py": '
            '{"summary": {"covered_lines": 4, "num_statements": 5}}}}',
            "coverage.xml": "not read",
        },
    )
    run = modlint(cwd=root)
    assert (run.code, run.out, run.err) == (0, "", "")


def test_without_a_report_a_notice_and_nothing_reported(modlint, tmp_path: Path) -> None:
    root = _project(tmp_path, {})
    run = modlint(cwd=root)
    assert (run.code, run.out, run.err) == (
        0,
        "",
        "modlint: warning: pyproject.toml:1:1: no coverage report (coverage.json or coverage.xml): run the tests "
        "with coverage (`coverage json` or `coverage xml`) for insufficient-coverage to check "
        "anything\n",
    )


def test_an_xml_report_with_a_doctype_is_refused_before_parsing(modlint, tmp_path) -> None:
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">]>\n<coverage>&lol;</coverage>\n'
    )
    root = _project(tmp_path, {"coverage.xml": bomb})
    run = modlint(cwd=root)
    assert (run.code, run.out, run.err) == (
        0,
        "",
        "modlint: warning: coverage.xml:1:1: coverage report not used: it declares a DOCTYPE or entities, which "
        "modlint does not read\n",
    )


def test_a_bad_min_coverage_is_a_configuration_error(modlint, tmp_path: Path) -> None:
    root = _project(tmp_path, {})
    (root / "pyproject.toml").write_text(
        CONFIG.replace("min-coverage = 90", 'min-coverage = "high"')
    )
    run = modlint(cwd=root)
    assert (run.code, run.err) == (
        2,
        "modlint: error: pyproject.toml: [tool.modlint]: [levels.locked]: key 'min-coverage' "
        "must be a percentage from 0 to 100, got a string\n",
    )
