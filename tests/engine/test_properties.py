"""Properties that hold for every text: no exception, bounded scores, same input same output,
spans inside the text, and contempt never helping an answer."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from desktop import engine

LABELS = {"validating", "mixed", "defensive", "withdrawing", "neutral"}
SHARE_LABELS = {"gentle", "mixed", "harsh", "neutral"}
CONTEMPT = (
    "Oh great, here we go again.",
    "Stop being such a drama queen.",
    "Sure, whatever you say lol.",
    "You're being ridiculous.",
    "Boo hoo, poor you.",
)
PHRASES = (
    "I'm sorry",
    "I lied to you",
    "that hurt you",
    "you feel alone",
    "that makes sense",
    "you're not overreacting",
    "you're overreacting",
    "it was only once",
    "I was stressed",
    "but",
    "however",
    "and",
    "I understand",
    "what was that like for you?",
    "why are you still on this?",
    "I need a break",
    "I'll come back in ten minutes",
    "whatever",
    "I'm done",
    "you always do this",
    "I don't blame you",
    "I won't do it again",
    "I'm a terrible person",
    "can we move on",
    "I'm here",
    "STOP",
    "?!",
    "lol",
    "not",
    "maybe I was a bit",
    "it sounds like you",
    "\u2019",
    "I\u2019m sorry",
)
SEPARATORS = (" ", ", ", ". ", "! ", "? ", "\n", " - ", "; ", "")

# Every code point, surrogates, NUL and control characters included.
any_char = st.characters(codec=None, categories=None)
any_text = st.text(alphabet=any_char, max_size=300)
# Pieces that have broken text code elsewhere: NUL, bell, escape, bidi marks, BOM, lone
# surrogates, emoji, Hebrew and Arabic, curly quotes, bare punctuation.
AWKWARD_WORDS = (
    "\x00 \x07 \x1b \u200f \u202e \u2066 \ufeff \ud800 \udfff \U0001f62d \U0001f644 "
    "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 ' \u2019 ? ! . I you sorry but A Z"
)
AWKWARD = [*AWKWARD_WORDS.split(), " ", "\n", "\t"]
awkward = st.lists(st.sampled_from(AWKWARD), max_size=80).map("".join)
phrased = st.lists(
    st.tuples(st.sampled_from(PHRASES), st.sampled_from(SEPARATORS)), max_size=12
).map(lambda parts: "".join(p + s for p, s in parts))
texts = st.one_of(any_text, awkward, phrased)
hurts = st.one_of(st.none(), any_text, phrased)


def check_answer(text: str, hurt: str | None) -> None:
    result = engine.score(text, hurt)
    assert 0.0 <= result.validation <= 100.0
    assert 0.0 <= result.defensiveness <= 100.0
    assert result.label in LABELS
    for hit in result.hits:
        assert 0 <= hit.start < hit.end <= len(text), (hit, len(text))
        assert hit.polarity in ("validation", "defensiveness")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, hurts)
@example("\x00", None)
@example("", "")
@example("\ud800I'm sorry\udfff", "\ud800")
@example("\u202eyrros m'I\u202c", None)
@example("I'm sorry \U0001f62d\U0001f62d", "I felt \U0001f494")
@example("\u05d0\u05e0\u05d9 \u05de\u05e6\u05d8\u05e2\u05e8. I'm sorry.", None)
def test_never_raises_and_stays_in_bounds(text: str, hurt: str | None) -> None:
    check_answer(text, hurt)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_share_never_raises_and_stays_in_bounds(text: str) -> None:
    share = engine.score_share(text)
    assert 0.0 <= share.gentleness <= 100.0
    assert 0.0 <= share.harshness <= 100.0
    assert share.label in SHARE_LABELS
    for hit in share.hits:
        assert 0 <= hit.start < hit.end <= len(text)


@settings(max_examples=100, deadline=None)
@given(texts, hurts)
def test_coaching_never_raises(text: str, hurt: str | None) -> None:
    assert isinstance(engine.coaching_hint(text, hurt), str)
    assert isinstance(engine.suggest_rewrite(text, hurt), str)


@settings(max_examples=200, deadline=None)
@given(texts, hurts)
def test_same_input_same_output(text: str, hurt: str | None) -> None:
    assert engine.score(text, hurt) == engine.score(text, hurt)
    assert engine.score_share(text) == engine.score_share(text)


def negator_near_the_end(text: str) -> bool:
    """ "not " + "You're being ridiculous" is a negated insult, not an added one: in a run-on
    answer a negator within the last few words reaches the phrase that follows."""
    settings = engine.ruleset().settings["negation"]
    negators = {w.replace("'", "") for w in settings["words"]}
    words = [w.replace("'", "") for w in re.findall(r"[\w']+", text.lower())]
    return any(w in negators for w in words[-int(settings["lookback"]) :])


JOINTS = st.sampled_from([" ", ". ", "\n", ", "])
TRAILING_BUT = "What was that like for you? You're overreacting but "
STACKED = "You're overreacting you're overreacting you're overreacting I'm done lol but "


@settings(max_examples=300, deadline=None)
@given(phrased, st.sampled_from(CONTEMPT), hurts, JOINTS)
@example(TRAILING_BUT, "Oh great, here we go again.", None, " ")
@example("you're not overreacting ", "You're being ridiculous.", None, " ")
@example("I'm sorry. ", "Oh great, here we go again.", None, " ")
@example("I understand, but ", "Oh great, here we go again.", None, " ")
def test_contempt_after_never_raises_validation(
    base: str, contempt: str, hurt: str | None, joint: str
) -> None:
    assume(not (joint == " " and negator_near_the_end(base)))
    before = engine.score(base, hurt)
    after = engine.score(base + joint + contempt, hurt)
    assert after.validation <= before.validation, [(h.rule_id, h.weight) for h in after.hits]


@settings(max_examples=300, deadline=None)
@given(phrased, st.sampled_from(CONTEMPT), hurts, JOINTS)
@example(STACKED, "Oh great, here we go again.", None, " ")
def test_contempt_after_never_lowers_defensiveness(
    base: str, contempt: str, hurt: str | None, joint: str
) -> None:
    assume(not (joint == " " and negator_near_the_end(base)))
    before = engine.score(base, hurt)
    after = engine.score(base + joint + contempt, hurt)
    assert after.defensiveness >= before.defensiveness, [(h.rule_id, h.weight) for h in after.hits]


@settings(max_examples=300, deadline=None)
@given(phrased, st.sampled_from(CONTEMPT), hurts)
@example("But I'm sorry I lied.", "Oh great, here we go again.", None)
@example("I'm sorry but ", "Oh great, here we go again.", None)
def test_contempt_before_never_raises_validation(
    base: str, contempt: str, hurt: str | None
) -> None:
    before = engine.score(base, hurt)
    after = engine.score(contempt + " " + base, hurt)
    assert after.validation <= before.validation, [(h.rule_id, h.weight) for h in after.hits]


WHITESPACE = [" ", "\t", "\n", "\r", "\x0b", "\x0c", "\u00a0", "\u2003", "\u3000", "\u2028"]


@given(st.text(alphabet=st.sampled_from(WHITESPACE), max_size=50))
def test_empty_or_whitespace_is_withdrawing(text: str) -> None:
    result = engine.score(text)
    assert result.label == "withdrawing"
    assert result.hits == ()
    assert (result.validation, result.defensiveness) == (0.0, 0.0)


def test_a_megabyte_is_scored_without_trouble() -> None:
    sentence = (
        "I'm sorry I lied to you\x00, you're overreacting \U0001f644 \u05e9\u05dc\u05d5\u05dd. "
    )
    text = (sentence * (1_048_576 // len(sentence) + 1))[:1_048_576]
    assert len(text) == 1_048_576
    result = engine.score(text, text)
    assert result.label in LABELS
    assert 0.0 <= result.validation <= 100.0 and 0.0 <= result.defensiveness <= 100.0
    assert result.hits
    assert all(0 <= h.start < h.end <= len(text) for h in result.hits)
    share = engine.score_share(text)
    assert share.label in SHARE_LABELS


def test_a_megabyte_without_sentence_ends_or_spaces() -> None:
    for text in ("a" * 1_048_576, "\x00" * 1_048_576, "I " * 524_288, "?!" * 524_288):
        result = engine.score(text)
        assert result.label in LABELS
        assert all(0 <= h.start < h.end <= len(text) for h in result.hits)
    assert sys.getrecursionlimit() > 0


# Plain sentences that score nothing on their own but hold words many rules start from.
PLAIN = (
    "What time is dinner?",
    "I know the way to the station.",
    "That is the blue car.",
    "We went to the shop at eight.",
    "How was the traffic?",
    "I am at the station.",
    "She sent a present for my aunt.",
)


# Rules with a whole-answer pattern (^^ ... $$: "Okay." as the entire reply) depend on the
# rest of the answer by design.
WHOLE_ANSWER = frozenset(
    rule.id for rule in engine.rules() if any(any(c.whole) for c in rule.compiled)
)


def key(text: str, hurt: str | None, within: int) -> list[tuple[str, int, int, str, float]]:
    return [
        (h.rule_id, h.start, h.end, h.polarity, h.weight)
        for h in engine.score(text, hurt).hits
        if h.start < within and h.rule_id not in WHOLE_ANSWER
    ]


@pytest.mark.parametrize("plain", PLAIN)
def test_plain_sentences_score_nothing(plain: str) -> None:
    assert engine.score(plain).hits == ()


@settings(max_examples=300, deadline=None)
@given(phrased, st.sampled_from(PLAIN))
@example("What's hardest right now?", "What time is dinner?")
@example("That's on me.", "That is the blue car.")
@example("It was just a thank-you.", "She sent a present for my aunt.")
def test_a_sentence_scores_the_same_whatever_plain_sentence_follows(base: str, plain: str) -> None:
    """Hits come from the words of their own sentence, not from words elsewhere in the answer."""
    base = base.rstrip()
    assume(any(c.isalnum() for c in base))  # an answer with no words is withdrawal, unscored
    alone = key(base, None, len(base))
    together = key(base + "\n" + plain, None, len(base))
    assert together == alone
