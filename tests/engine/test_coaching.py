"""Live coaching: the one-line hint while typing, and the suggested rewrite."""

from __future__ import annotations

import pytest

from desktop import engine

DEFENSIVE = [
    "You're overreacting, it was only once.",
    "I was stressed. You went through my phone first.",
    "Why are you still on this? I already apologised.",
    "I'm sorry you feel that way.",
    "Whatever.",
    "Oh great, here we go again.",
    "I never meant to hurt you, it just happened.",
]
HURT = "I felt humiliated when I found the messages."


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "That hurt you.",
        "That hurt you. I'm sorry I lied.",
        "That hurt you. I'm sorry I lied. What do you need from me?",
        *DEFENSIVE,
    ],
)
def test_the_hint_is_one_non_empty_line(text: str) -> None:
    for hurt in (None, HURT):
        hint = engine.coaching_hint(text, hurt)
        assert hint.strip()
        assert "\n" not in hint
        assert len(hint) < 240


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("You're overreacting, it was only once.", "overreacting"),
        ("I love you. You went through my phone first.", "You went through my phone"),
        ("I'm sorry you feel that way.", "sorry you feel that way"),
        ("Oh great, here we go again.", "Oh great"),
        ("It\u2019s not a big deal.", "It\u2019s not a big deal"),
    ],
)
def test_the_hint_names_the_defensive_phrase(text: str, phrase: str) -> None:
    hint = engine.coaching_hint(text)
    assert phrase in hint, hint
    worst = max(
        (h for h in engine.score(text).hits if h.polarity == "defensiveness"),
        key=lambda h: h.weight,
    )
    assert text[worst.start : worst.end].strip()[:39] in hint


def test_the_hint_walks_the_steps_in_order() -> None:
    start = engine.coaching_hint("")
    validate = engine.coaching_hint("I'm sorry I lied.")
    own = engine.coaching_hint("That hurt you.")
    ask = engine.coaching_hint("That hurt you. I'm sorry I lied.")
    landing = engine.coaching_hint("That hurt you. I'm sorry I lied. What do you need from me?")
    assert len({start, validate, own, ask, landing}) == 5
    assert "feeling" in validate.lower() or "feel" in validate.lower()
    assert "own" in own.lower()
    assert "?" in ask


@pytest.mark.parametrize("text", DEFENSIVE)
def test_the_rewrite_of_a_defensive_answer_validates(text: str) -> None:
    assert engine.score(text).label in ("defensive", "withdrawing", "mixed")
    for hurt in (None, HURT):
        rewrite = engine.suggest_rewrite(text, hurt)
        result = engine.score(rewrite, hurt)
        assert result.label == "validating", (rewrite, result)
        assert not [h for h in result.hits if h.polarity == "defensiveness"], rewrite
        assert result.steps.validated and result.steps.owned and result.steps.order_ok


def test_the_rewrite_uses_the_hurts_own_feeling_word() -> None:
    rewrite = engine.suggest_rewrite("You're overreacting.", HURT)
    assert "humiliated" in rewrite


def test_the_rewrite_of_empty_text_is_a_full_answer() -> None:
    rewrite = engine.suggest_rewrite("")
    assert engine.score(rewrite).label == "validating"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (
            "That hurt you, and I'm sorry I lied. You went through my phone first.",
            ["That hurt you, and I'm sorry I lied."],
        ),
        (
            "I know you felt humiliated. You're overreacting.",
            ["I know you felt humiliated."],
        ),
        (
            "You feel alone, and that makes sense. I lied to you. Honestly, it was only once.",
            ["You feel alone, and that makes sense.", "I lied to you."],
        ),
    ],
)
def test_the_rewrite_keeps_the_validating_sentences_of_a_mixed_answer(
    text: str, kept: list[str]
) -> None:
    rewrite = engine.suggest_rewrite(text)
    for sentence in kept:
        assert sentence in rewrite, rewrite
    assert "phone first" not in rewrite and "overreacting" not in rewrite
    assert "only once" not in rewrite
    assert engine.score(rewrite).label == "validating"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (
            "You feel alone, and that makes sense. But you went through my phone.",
            "You feel alone, and that makes sense.",
        ),
        ("You feel alone. I'm sorry I lied. It was only once, though.", "I'm sorry I lied."),
    ],
)
def test_the_rewrite_keeps_validation_that_a_but_cancelled(text: str, kept: str) -> None:
    """The "but" cancels the validation in the score; dropping the defence brings it back."""
    rewrite = engine.suggest_rewrite(text)
    assert kept in rewrite, rewrite
    assert engine.score(rewrite).label == "validating"


def test_the_rewrite_keeps_a_question_a_question() -> None:
    rewrite = engine.suggest_rewrite("That hurt you. I'm sorry I lied. What do you need from me?")
    assert "What do you need from me?" in rewrite, rewrite


def test_a_good_answer_is_rewritten_to_itself() -> None:
    text = "That hurt you. I'm sorry I lied. What do you need from me?"
    assert engine.suggest_rewrite(text).rstrip(".?") == text.rstrip(".?")


def test_the_rewrite_keeps_curly_quotes_out_of_trouble() -> None:
    rewrite = engine.suggest_rewrite(
        "That hurt you. I\u2019m sorry I lied. You\u2019re overreacting."
    )
    assert "overreacting" not in rewrite
    assert engine.score(rewrite).label == "validating"
