"""The rule registry: one complete entry per code, one file per rule, and no code named outside
its rule's file."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

import modlint
from modlint.configuration.loader import MODULE_KEYS, TOP_LEVEL_KEYS
from modlint.model import Rule
from modlint.report.text import rules_markdown_table
from modlint.rules import RULES, RULES_BY_CODE

PACKAGE = Path(modlint.__file__).parent


def _module_name(rule: Rule) -> str:
    return f"ml{rule.code[2:]}_{rule.name.replace('-', '_')}"


def test_every_rule_is_documented_and_unique() -> None:
    assert len(RULES_BY_CODE) == len(RULES)
    assert [rule.code for rule in RULES] == sorted(rule.code for rule in RULES)
    for rule in RULES:
        assert re.fullmatch(r"ML\d{3}", rule.code), rule.code
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name), rule.name
        assert "\n" not in rule.summary and rule.summary.endswith("."), rule.code
        for text in (rule.what_it_does, rule.why_bad, *rule.options):
            assert text.endswith(".") and "\n" not in text, (rule.code, text)
        assert rule.example and rule.use_instead and rule.example != rule.use_instead, rule.code
        assert all(option.startswith("`") for option in rule.options), rule.code
        assert rule.example_language in ("python", "toml", "markdown"), rule.code


def test_each_rule_lives_in_its_own_file_as_RULE() -> None:
    expected = {_module_name(rule) for rule in RULES}
    assert {path.stem for path in (PACKAGE / "rules").glob("ml*.py")} == expected
    for rule in RULES:
        module = importlib.import_module(f"modlint.rules.{_module_name(rule)}")
        assert module.RULE is rule, rule.code


def test_a_rule_has_exactly_one_check() -> None:
    fields = dict(
        code="ML999",
        name="x",
        summary="x.",
        what_it_does="x.",
        why_bad="x.",
        example="a",
        use_instead="b",
    )
    with pytest.raises(
        ValueError, match="^rule ML999: set exactly one of check and check_suppressions$"
    ):
        Rule(**fields)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Rule(
            **fields,
            check=lambda project: (),  # type: ignore[arg-type]
            check_suppressions=lambda project, outcome: (),
        )
    assert [rule.name for rule in RULES if rule.check_suppressions] == ["unused-noqa"]


def _string_literals(path: Path) -> list[str]:
    """The string constants of a file that are not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_no_code_is_named_outside_its_rule_file() -> None:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if not re.fullmatch(r"rules/ml\d{3}_\w+\.py", relative):
            found.update(
                {text: relative for text in _string_literals(path) if re.search(r"ML\d", text)}
            )
    # The noqa grammar's own message shows what a well-formed directive looks like.
    assert found == {
        "malformed noqa directive: expected a list of codes after ':' (e.g. `# noqa: ML001, "
        "ML004`); the directive is ignored": "extraction/noqa.py",
    }


def _readme_rule_table() -> str:
    """The table under README.md's "### What it reports" heading."""
    lines = (PACKAGE.parent / "README.md").read_text(encoding="utf-8").splitlines()
    start = lines.index("### What it reports") + 1
    while not lines[start].startswith("|"):
        start += 1
    end = start
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    return "\n".join(lines[start:end]) + "\n"


def test_the_readme_rule_table_is_the_registrys() -> None:
    assert _readme_rule_table() == rules_markdown_table(RULES), (
        "README.md's rule table differs from the registry; paste this one:\n\n"
        + rules_markdown_table(RULES)
    )


def test_options_name_real_configuration_keys() -> None:
    for rule in RULES:
        for option in rule.options:
            head = option.split(": ", 1)[0]
            known = MODULE_KEYS if head.endswith("(per module)") else TOP_LEVEL_KEYS
            keys = re.findall(r"`([^`]+)`", head)
            assert keys and set(keys) <= set(known), (rule.code, option)
