"""The engine's shortcuts for plain ASCII text give exactly what their plain definitions give.

Scoring splits words with str methods when it can, because that is several times faster than
a regular expression; these tests keep the two ways in step, on every kind of character the
shortcut treats specially (apostrophes, end marks, separators, digits, underscores).
"""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from desktop import engine
from desktop.engine.matcher import tokens_of
from desktop.engine.phrases import lower
from desktop.engine.scoring import _STOP, _echo_stems, _echoed

PIECES = st.sampled_from(
    [
        "i", "im", "i'm", "you", "don't", "'", "''", "'''", "never", "nevermind", "the",
        "betrayed", "betrayal", "a_b", "42", "x", ".", "!", "?", ";", "?!", ",", " ", "  ",
        "\t", "-", '"', "(", "\x00", "\x1f", "\n", "é", "café", "straße", "i'd", "id", "'em",
        "em", "ok", "yours", "yourself", "youre", "sad", "sadness", "betra",
    ]
)  # fmt: skip
TEXTS = st.lists(PIECES, max_size=30).map("".join)


def regex_tokens(text: str) -> list[str]:
    return re.findall(r"\w+|[.!?;\n]", "." + text.replace("'", "") + ".")


def regex_stems(hurt: str) -> frozenset[str]:
    words = re.findall(r"[\w']{3,}", lower(hurt))
    keys = {word.replace("'", "") for word in words} - _STOP
    return frozenset(key[:5] for key in keys)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
@example("you're overreacting, it was only a few texts and i'm sorry you feel that way.")
@example("well-meant...honestly?! no;never")
def test_tokens_match_the_regex(text: str) -> None:
    lowered = lower(text)
    assert tokens_of(lowered) == regex_tokens(lowered)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
@example("I found the messages and I feel betrayed. You said it was over, and it wasn't.")
@example("I'd never... ''' it's")
def test_hurt_stems_match_the_regex(hurt: str) -> None:
    assert _echo_stems(hurt) == regex_stems(hurt)


@settings(max_examples=600, deadline=None)
@given(TEXTS, TEXTS)
@example("I'd never lied about yourself", "I'd say yours, yourself")
@example("ok 'em", "'em ok")
@example("yourself, always", "it is yours")
def test_echoed_stems_match_the_whole_hurts_stems(answer: str, hurt: str) -> None:
    """The shortcut that looks the answer's stems up in the hurt finds what intersecting the
    two sets of stems finds (or says it cannot tell)."""
    keys = frozenset(tokens_of(lower(answer))) - {".", "!", "?", ";", "\n"}
    found = _echoed(hurt, keys)
    if found is not None:
        assert found == _echo_stems(hurt) & {key[:5] for key in keys - _STOP}


def test_a_long_answer_scores_the_same_with_and_without_sentence_memory() -> None:
    sentence = (
        "I know you felt humiliated, and that makes sense, but honestly it was only a few "
        "texts. I'm sorry I lied to you. What was it like for you? "
    )
    answer = sentence * 12  # 36 sentences: matched one sentence at a time either way
    hurt = "I feel humiliated that you lied about the texts."
    engine.remember_sentences(False)
    try:
        cold = engine.score(answer, hurt)
    finally:
        engine.remember_sentences(True)
    warm = engine.score(answer, hurt)
    assert cold == warm
    assert cold.label == "mixed"
    # Each sentence is read as it would be alone: the "but" cancels the reflection before it.
    categories = {hit.category for hit in cold.hits}
    assert categories == {"apology", "curiosity", "minimising", "paraphrase", "yes_but"}
    assert sum(hit.category == "yes_but" for hit in cold.hits) == 12
