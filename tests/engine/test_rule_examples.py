"""Every rule's own examples match it, and its counter-examples do not.

A rule's hit keeps the rule's id; a negated reading adds ".negated" (the rule flipped to the other
side). An example counts when any hit's id starts with the rule's id; a counter-example fails only
on the rule's own, un-negated reading. Share-side rules are checked with score_share.
"""

from __future__ import annotations

import pytest

from desktop import engine
from desktop.engine import Hit, Rule


def side(rule: Rule) -> str:
    return engine.ruleset().families[rule.category].side


def hits_for(rule: Rule, text: str) -> tuple[Hit, ...]:
    if side(rule) == "share":
        return engine.score_share(text).hits
    return engine.score(text).hits


def describe(text: str, hits: tuple[Hit, ...]) -> str:
    return "; ".join(f"{h.rule_id} {text[h.start : h.end]!r}" for h in hits) or "no hits"


EXAMPLES = [
    pytest.param(rule, text, id=f"{rule.id}:{text[:40]}")
    for rule in engine.rules()
    for text in rule.examples
]
COUNTER_EXAMPLES = [
    pytest.param(rule, text, id=f"{rule.id}:{text[:40]}")
    for rule in engine.rules()
    for text in rule.counter_examples
]


def test_every_rule_has_examples() -> None:
    assert EXAMPLES
    assert all(rule.examples for rule in engine.rules())


@pytest.mark.parametrize(("rule", "text"), EXAMPLES)
def test_example_matches_its_rule(rule: Rule, text: str) -> None:
    hits = hits_for(rule, text)
    assert any(hit.rule_id == rule.id or hit.rule_id.startswith(rule.id + ".") for hit in hits), (
        f"{rule.source}: {rule.id} should match {text!r}; found {describe(text, hits)}"
    )


@pytest.mark.parametrize(("rule", "text"), COUNTER_EXAMPLES)
def test_counter_example_does_not_match_its_rule(rule: Rule, text: str) -> None:
    hits = hits_for(rule, text)
    assert not any(hit.rule_id == rule.id for hit in hits), (
        f"{rule.source}: {rule.id} should not match {text!r}; found {describe(text, hits)}"
    )


@pytest.mark.parametrize(("rule", "text"), EXAMPLES)
def test_example_hit_marks_words_of_the_example(rule: Rule, text: str) -> None:
    for hit in hits_for(rule, text):
        piece = text[hit.start : hit.end]
        assert piece.strip() == piece and piece, (rule.id, piece)
