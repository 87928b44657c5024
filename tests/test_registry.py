"""The rule registry: one complete entry per code."""

from __future__ import annotations

import re

from modlint.rules import RULES, RULES_BY_CODE


def test_every_rule_is_documented_and_unique() -> None:
    assert len(RULES_BY_CODE) == len(RULES)
    assert [rule.code for rule in RULES] == sorted(rule.code for rule in RULES)
    for rule in RULES:
        assert re.fullmatch(r"ML\d{3}", rule.code), rule.code
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name), rule.name
        assert rule.summary.endswith("."), rule.code
        assert len(rule.rationale) > 80, rule.code
        assert rule.bad_example and rule.good_example, rule.code


def test_only_the_unused_noqa_rule_is_emitted_outside_the_rule_checks() -> None:
    assert [rule.code for rule in RULES if rule.check is None] == ["ML903"]
