"""The hard cases of DOMAIN.md, one by one: the label, and which hits appear.

These state the right answer. Where the engine does not give it yet, the test fails and the case
is listed in /work/notes/requests.md for the rules' author.
"""

from __future__ import annotations

import pytest

from desktop import engine
from desktop.engine import Result

VALIDATION = "validation"
DEFENSIVENESS = "defensiveness"


def categories(result: Result) -> set[str]:
    return {hit.category for hit in result.hits}


def against(result: Result) -> list[str]:
    return [hit.rule_id for hit in result.hits if hit.polarity == DEFENSIVENESS]


def helping(result: Result) -> list[str]:
    return [hit.rule_id for hit in result.hits if hit.polarity == VALIDATION]


def explain(text: str, result: Result) -> str:
    hits = ", ".join(f"{h.rule_id} {text[h.start : h.end]!r}" for h in result.hits)
    return f"{result.label} v={result.validation} d={result.defensiveness}: {hits or 'no hits'}"


# --- negation flips meaning, both ways ----------------------------------------------------------

NEGATED_INVALIDATION = [
    "You're not overreacting.",
    "I don't blame you.",
    "It's not your fault.",
    "I won't argue the details.",
    "You're not wrong to be angry.",
    "I don't think you're crazy.",
    "You are not crazy, and you are not imagining it.",
]


@pytest.mark.parametrize("text", NEGATED_INVALIDATION)
def test_a_negated_invalidation_validates(text: str) -> None:
    result = engine.score(text)
    assert result.label == "validating", explain(text, result)
    assert helping(result), explain(text, result)
    assert not against(result), explain(text, result)


@pytest.mark.parametrize(
    "text",
    [
        "I don't see why you're upset.",
        "I don't know why you're so upset.",
        "You shouldn't feel that way.",
    ],
)
def test_a_negated_feeling_invalidates(text: str) -> None:
    result = engine.score(text)
    assert result.label == "defensive", explain(text, result)
    assert "invalidating" in categories(result), explain(text, result)
    assert not helping(result), explain(text, result)


@pytest.mark.parametrize(
    ("plain", "negated"),
    [
        ("You're overreacting.", "You're not overreacting."),
        ("It's your fault.", "It's not your fault."),
    ],
)
def test_negation_turns_a_defence_into_validation(plain: str, negated: str) -> None:
    before, after = engine.score(plain), engine.score(negated)
    assert before.label == "defensive", explain(plain, before)
    assert after.label == "validating", explain(negated, after)
    assert after.validation > before.validation
    assert after.defensiveness < before.defensiveness


def test_negation_turns_a_reflection_into_invalidation() -> None:
    plain, negated = "You're upset.", "I don't see why you're upset."
    assert engine.score(plain).label == "validating"
    result = engine.score(negated)
    assert result.label == "defensive"
    assert any(h.rule_id.endswith(".negated") for h in result.hits), explain(negated, result)


# --- "I understand, but ..." --------------------------------------------------------------------

YES_BUT = [
    "I understand, but you went through my phone first.",
    "I'm sorry, but I was stressed.",
    "Sorry, but I was stressed.",
    "I get it, but you're overreacting.",
    "I understand, but it was years ago.",
    "I'm sorry, but you went through my phone.",
]


@pytest.mark.parametrize("text", YES_BUT)
def test_yes_but_is_defensive_and_cancels_what_came_before(text: str) -> None:
    result = engine.score(text)
    assert result.label == "defensive", explain(text, result)
    assert "yes_but" in categories(result), explain(text, result)
    assert result.validation == 0.0, explain(text, result)
    marked = [text[h.start : h.end].lower() for h in result.hits if h.category == "yes_but"]
    assert any("but" in piece for piece in marked), marked


@pytest.mark.parametrize(
    "text",
    [
        "I understand. And I want to hear the rest.",
        "I'm sorry. And I'm going to keep showing up.",
        "I understand how much this hurt you. And I want to make it right.",
    ],
)
def test_and_instead_of_but_keeps_the_validation(text: str) -> None:
    result = engine.score(text)
    assert result.label == "validating", explain(text, result)
    assert "yes_but" not in categories(result)
    assert not against(result), explain(text, result)


@pytest.mark.parametrize(
    "text",
    [
        "I wish I could undo it, but I can't, so I'm going to earn it back.",
        "I hurt you, but that's on me, not you.",
        "I can't change what I did, but I can be honest with you from now on.",
    ],
)
def test_a_but_turned_against_the_speaker_cancels_nothing(text: str) -> None:
    result = engine.score(text)
    assert result.label == "validating", explain(text, result)
    assert "yes_but" not in categories(result), explain(text, result)
    assert not against(result), explain(text, result)


def test_the_same_validation_with_and_without_a_defensive_but() -> None:
    clean = engine.score("I understand.")
    cancelled = engine.score("I understand, but you went through my phone first.")
    assert clean.validation > 0.0
    assert cancelled.validation < clean.validation


# --- curious versus rhetorical questions --------------------------------------------------------

CURIOUS = [
    "What was that like for you?",
    "How did that feel for you?",
    "What would help right now?",
    "What do you need from me?",
    "Do you want me to sit with you?",
]
RHETORICAL = [
    "Why are you still on this?",
    "Why can't you just let it go?",
    "How many times do we have to talk about this?",
    "What is your problem?",
    "Are you serious?",
]


@pytest.mark.parametrize("text", CURIOUS)
def test_a_curious_question_validates(text: str) -> None:
    result = engine.score(text)
    assert result.label == "validating", explain(text, result)
    assert "curiosity" in categories(result), explain(text, result)
    assert not against(result), explain(text, result)


@pytest.mark.parametrize("text", RHETORICAL)
def test_a_rhetorical_question_attacks(text: str) -> None:
    result = engine.score(text)
    assert result.label == "defensive", explain(text, result)
    assert "curiosity" not in categories(result), explain(text, result)
    assert against(result)


# --- shouting and sarcasm make it worse ---------------------------------------------------------

LOUD = [
    ("I'm sorry, okay?", "I'M SORRY, OKAY?!"),
    ("You're overreacting.", "YOU'RE OVERREACTING!!"),
    ("Why are you still on this?", "Why are you still on this?!"),
    ("I hear you.", "I HEAR YOU, OKAY!!"),
    ("I'm sorry I lied.", "I'M SORRY I LIED."),
]


@pytest.mark.parametrize(("calm", "loud"), LOUD)
def test_caps_and_interrobangs_make_it_worse(calm: str, loud: str) -> None:
    quiet, shouted = engine.score(calm), engine.score(loud)
    assert "shouting" not in categories(quiet), explain(calm, quiet)
    assert "shouting" in categories(shouted), explain(loud, shouted)
    assert shouted.defensiveness > quiet.defensiveness
    assert shouted.validation <= quiet.validation
    assert not (quiet.label != "validating" and shouted.label == "validating")


@pytest.mark.parametrize(
    "text",
    [
        "I'm REALLY sorry.",
        "I lied about the ATM withdrawals. I'm sorry.",
        "I know I hurt you. I'm sorry.",
    ],
)
def test_one_stressed_word_or_an_acronym_is_not_shouting(text: str) -> None:
    result = engine.score(text)
    assert "shouting" not in categories(result), explain(text, result)
    assert result.label == "validating", explain(text, result)


SARCASM = [
    ("I'm sorry.", "I'm sorry lol."),
    ("I'm sorry.", "Oh great, I'm sorry."),
    ("I'm so sorry.", "I'm so sorry. Haha."),
    ("I'm sorry.", "Yeah right, I'm sorry."),
    ("Okay, let's talk about it.", "Oh great, here we go again."),
]


@pytest.mark.parametrize(("plain", "sarcastic"), SARCASM)
def test_sarcasm_markers_make_it_worse(plain: str, sarcastic: str) -> None:
    straight, mocking = engine.score(plain), engine.score(sarcastic)
    assert "contempt" in categories(mocking), explain(sarcastic, mocking)
    assert mocking.defensiveness > straight.defensiveness
    assert mocking.label != "validating", explain(sarcastic, mocking)


# --- very short answers can validate ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "That hurt you. I'm sorry.",
        "You're hurt. I'm sorry.",
        "I'm so sorry.",
        "That hurt you.",
        "I lied. That's on me.",
        "I hear you.",
    ],
)
def test_a_very_short_answer_can_validate(text: str) -> None:
    result = engine.score(text)
    assert result.label == "validating", explain(text, result)
    assert not against(result)


def test_short_reflection_and_apology_take_both_steps() -> None:
    steps = engine.score("That hurt you. I'm sorry.").steps
    assert steps.validated and steps.owned and steps.order_ok and not steps.explained


# --- empty, whitespace and timed-out answers are withdrawal -------------------------------------


@pytest.mark.parametrize("text", ["", " ", "\n\t  \r\n", "...", "?", "\u00a0\u3000"])
def test_nothing_said_is_withdrawing(text: str) -> None:
    result = engine.score(text)
    assert result.label == "withdrawing"
    assert result.hits == ()
    assert (result.validation, result.defensiveness) == (0.0, 0.0)
    assert engine.score(text, "I felt so alone.").label == "withdrawing"


@pytest.mark.parametrize(
    "text", ["Whatever.", "I'm done.", "I can't do this.", "I'm not talking about this."]
)
def test_only_dismissive_is_withdrawing(text: str) -> None:
    result = engine.score(text)
    assert result.label == "withdrawing", explain(text, result)
    assert "stonewalling" in categories(result)


# --- a break with a promise to come back is self-regulation -------------------------------------

BREAKS = [
    "I need a break. I promise I'll come back in twenty minutes.",
    "I'm feeling flooded. Can we pause for ten minutes? I'll come back and we'll keep going.",
    "I'm overwhelmed. I need twenty minutes to breathe, and then I'll come back and listen.",
    "Can we take a break? I'll come back in half an hour and we can keep talking.",
    "I need a minute to calm down, then I'll come back and listen.",
    "I can't do this right now. I need ten minutes, then I'll come back and listen.",
]


@pytest.mark.parametrize("text", BREAKS)
def test_a_break_with_a_promise_is_never_withdrawing_or_defensive(text: str) -> None:
    result = engine.score(text)
    assert result.label in ("neutral", "validating"), explain(text, result)
    assert "stonewalling" not in categories(result), explain(text, result)
    assert not against(result), explain(text, result)
    assert "self_regulation" in categories(result), explain(text, result)


# --- hedges depend on their target --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "It sounds like you felt really alone.",
        "It seems like you're really scared.",
        "Maybe you felt invisible.",
    ],
)
def test_a_hedge_on_their_feeling_validates(text: str) -> None:
    result = engine.score(text)
    assert result.label == "validating", explain(text, result)
    assert "reflection" in categories(result)
    assert "minimising" not in categories(result)


@pytest.mark.parametrize(
    "text",
    [
        "Maybe I was a bit distant.",
        "I guess maybe I was a little careless.",
        "Maybe it wasn't that bad.",
    ],
)
def test_a_hedge_on_my_own_conduct_minimises(text: str) -> None:
    result = engine.score(text)
    assert result.label == "defensive", explain(text, result)
    assert "minimising" in categories(result), explain(text, result)


# --- validate first, then explain --------------------------------------------------------------


def test_an_explanation_before_validation_breaks_the_order() -> None:
    first = "I didn't tell you because I was ashamed. You feel betrayed, and that makes sense."
    after = "You feel betrayed, and that makes sense. I didn't tell you because I was ashamed."
    early, late = engine.score(first), engine.score(after)
    assert early.steps.explained and not early.steps.order_ok
    assert late.steps.explained and late.steps.order_ok
    assert late.validation > early.validation
    assert late.defensiveness < early.defensiveness
    assert late.label == "validating", explain(after, late)
    assert early.label != "validating", explain(first, early)


def test_an_excuse_before_the_apology_breaks_the_order() -> None:
    text = "I was exhausted from work and I wasn't thinking. I'm sorry I hurt you."
    result = engine.score(text)
    assert result.steps.explained and not result.steps.order_ok
    assert "excuse" in categories(result)
    assert result.label != "validating", explain(text, result)


def test_only_an_explanation_is_heard_as_an_excuse() -> None:
    result = engine.score("I didn't tell you because I was ashamed.")
    assert result.steps.explained and not result.steps.order_ok
    assert result.label == "defensive"


def test_full_order_validate_own_explain() -> None:
    text = "You feel betrayed. I'm sorry I lied to you. I didn't tell you because I was ashamed."
    result = engine.score(text)
    assert result.steps == engine.Steps(True, True, True, True)
    assert result.label == "validating"


# --- paraphrase of the hurt ---------------------------------------------------------------------

PARAPHRASES = [
    (
        "I felt humiliated when I saw the messages.",
        "I know you felt humiliated when you saw the messages.",
    ),
    ("I felt humiliated when I saw the messages.", "Seeing those messages humiliated you."),
    (
        "I felt so alone at the party when you left me there.",
        "You felt alone at the party and I left you there.",
    ),
    (
        "I keep wondering what else you've hidden from me.",
        "You keep wondering what else I've hidden.",
    ),
]


@pytest.mark.parametrize(("hurt", "text"), PARAPHRASES)
def test_paraphrasing_the_hurt_raises_validation(hurt: str, text: str) -> None:
    alone, heard = engine.score(text), engine.score(text, hurt)
    assert "paraphrase" in categories(heard), explain(text, heard)
    assert "paraphrase" not in categories(alone)
    assert heard.validation > alone.validation, (explain(text, alone), explain(text, heard))
    assert heard.label == "validating", explain(text, heard)
    assert heard.steps.owned >= alone.steps.owned


def test_echoing_the_hurt_inside_a_defence_is_not_paraphrase() -> None:
    hurt = "I felt humiliated when I saw the messages."
    text = "You felt humiliated when you saw the messages, but you're overreacting."
    result = engine.score(text, hurt)
    assert "paraphrase" not in categories(result), explain(text, result)
    assert result.label == "defensive"


def test_an_unrelated_hurt_adds_no_paraphrase() -> None:
    text = "I'm sorry I lied to you."
    result = engine.score(text, "The dog needs a walk before dinner.")
    assert "paraphrase" not in categories(result)
    assert result == engine.score(text)
