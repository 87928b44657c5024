"""`ignore-imports` module expressions match as import-linter 2.17 matches them (the cases
/work/briefs/peers.md §A3 ran against a real graph)."""

from __future__ import annotations

import pytest

from modlint.model import matches_expression

MODULES = (
    "shop shop.api shop.api.views shop.blue shop.domain shop.domain.models shop.domain.services "
    "shop.green shop.helpers shop.infra shop.infra.db"
).split()


@pytest.mark.parametrize(
    ("expression", "matched"),
    [
        ("shop.*", "shop.api shop.blue shop.domain shop.green shop.helpers shop.infra"),
        ("shop.**", " ".join(MODULES[1:])),
        ("shop.**.views", "shop.api.views"),
        ("shop.api.**", "shop.api.views"),
        ("shop.*.*", "shop.api.views shop.domain.models shop.domain.services shop.infra.db"),
        ("shop.**.api.views", ""),
        ("shop.**.domain", ""),
        ("**", " ".join(MODULES)),
        ("*", "shop"),
        ("*.api", "shop.api"),
        ("shop.domain", "shop.domain"),
    ],
)
def test_expressions_match_as_import_linters(expression: str, matched: str) -> None:
    assert [name for name in MODULES if matches_expression(expression, name)] == matched.split()


def test_many_double_stars_on_a_long_name_answer_at_once() -> None:
    assert not matches_expression("**.a.**.a.**.a.**.b", ".".join(["a"] * 5000))
