"""Rule files: a malformed one fails at load with the file, the rule id and the reason; and the
phrase language rules are written in, compiled to regular expressions."""

from __future__ import annotations

import re
from importlib import resources

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from desktop import engine
from desktop.engine.phrases import SEP, PhraseError, compile_pattern, text_words
from desktop.engine.rules import RuleError, RuleSet, load_texts

FAMILY = "kindness.toml"
GOOD_FAMILY = """\
[family]
id = "kindness"
name = "Kindness"
polarity = "validation"
step = "validate"

[[rule]]
id = "kindness.thank_you"
weight = 1.5
patterns = ["thank you [so much] for (telling | trusting) me"]
message = "Thanking them for telling you keeps them talking."
suggestion = "Say thank you first."
examples = ["Thank you for telling me."]
counter_examples = ["Thank you for nothing."]
"""


def shipped(name: str) -> str:
    return resources.files("resources.rules").joinpath(name).read_text(encoding="utf-8")


def shipped_families_needed_by_settings() -> dict[str, str]:
    """engine.toml names the families its contrast, shouting and paraphrase hits belong to."""
    return {name: shipped(name) for name in ("yes_but.toml", "shouting.toml", "paraphrase.toml")}


def files_with(family_text: str) -> dict[str, str]:
    return {
        "words.toml": shipped("words.toml"),
        "engine.toml": shipped("engine.toml"),
        **shipped_families_needed_by_settings(),
        FAMILY: family_text,
    }


def load_error(family_text: str) -> RuleError:
    with pytest.raises(RuleError) as caught:
        load_texts(files_with(family_text))
    return caught.value


def test_a_good_family_loads_and_compiles() -> None:
    ruleset = load_texts(files_with(GOOD_FAMILY))
    assert isinstance(ruleset, RuleSet)
    rule = next(r for r in ruleset.rules if r.id == "kindness.thank_you")
    assert rule.category == "kindness" and rule.polarity == "validation"
    assert rule.weight == 1.5 and rule.source == FAMILY
    assert rule.compiled[0].spans("Thank you so much for telling me.")
    assert not rule.compiled[0].regex.search("Thank you for nothing.")
    assert ruleset.families["kindness"].step == "validate"


@pytest.mark.parametrize(
    ("broken", "rule_id", "reason"),
    [
        pytest.param(GOOD_FAMILY.replace("[[rule]]", "[[rule]"), None, "not valid TOML", id="toml"),
        pytest.param(
            GOOD_FAMILY.replace('id = "kindness.thank_you"\n', ""),
            None,
            "a rule has no 'id'",
            id="missing-id",
        ),
        pytest.param(
            GOOD_FAMILY.replace("weight = 1.5", "weight = 0"),
            "kindness.thank_you",
            "'weight' must be a number",
            id="zero-weight",
        ),
        pytest.param(
            GOOD_FAMILY.replace("weight = 1.5", "weight = 11"),
            "kindness.thank_you",
            "'weight' must be a number",
            id="huge-weight",
        ),
        pytest.param(
            GOOD_FAMILY.replace("weight = 1.5", 'weight = "heavy"'),
            "kindness.thank_you",
            "'weight' must be a number",
            id="text-weight",
        ),
        pytest.param(
            GOOD_FAMILY.replace("weight = 1.5", "weight = true"),
            "kindness.thank_you",
            "'weight' must be a number",
            id="bool-weight",
        ),
        pytest.param(
            GOOD_FAMILY.replace("weight = 1.5\n", ""),
            "kindness.thank_you",
            "'weight' must be a number",
            id="missing-weight",
        ),
        pytest.param(
            GOOD_FAMILY.replace('polarity = "validation"', 'polarity = "kindness"'),
            None,
            "polarity must be one of",
            id="bad-polarity",
        ),
        pytest.param(
            GOOD_FAMILY.replace("[family]", '[family]\nside = "share"'),
            None,
            "polarity must be one of gentleness, harshness",
            id="polarity-of-the-other-side",
        ),
        pytest.param(
            GOOD_FAMILY.replace("(telling | trusting)", "{telling}"),
            "kindness.thank_you",
            "unknown word class {telling}",
            id="unknown-word-class",
        ),
        pytest.param(
            GOOD_FAMILY.replace("[so much]", "[so much"),
            "kindness.thank_you",
            "missing ']'",
            id="unclosed-bracket",
        ),
        pytest.param(
            GOOD_FAMILY.replace("(telling | trusting)", "telling | trusting)"),
            "kindness.thank_you",
            "unexpected '|'",
            id="stray-bar",
        ),
        pytest.param(
            GOOD_FAMILY.replace("(telling | trusting)", "telling) trusting"),
            "kindness.thank_you",
            "unbalanced ')'",
            id="unbalanced-bracket",
        ),
        pytest.param(
            GOOD_FAMILY.replace("weight = 1.5", 'weight = 1.5\nweigth = 2.0\ncolour = "red"'),
            "kindness.thank_you",
            "unknown field(s): colour, weigth",
            id="unknown-field",
        ),
        pytest.param(
            GOOD_FAMILY + GOOD_FAMILY[GOOD_FAMILY.index("[[rule]]") :],
            "kindness.thank_you",
            "the id is also used in kindness.toml",
            id="duplicate-id",
        ),
        pytest.param(
            GOOD_FAMILY.replace('examples = ["Thank you for telling me."]\n', ""),
            "kindness.thank_you",
            "'examples' must give at least one text",
            id="no-examples",
        ),
        pytest.param(
            re.sub(r'message = ".*"', 'message = "  "', GOOD_FAMILY),
            "kindness.thank_you",
            "'message' is missing",
            id="blank-message",
        ),
        pytest.param(
            GOOD_FAMILY.replace("weight = 1.5", 'weight = 1.5\nnegation = "sometimes"'),
            "kindness.thank_you",
            "'negation' must be flip, void or keep",
            id="bad-negation",
        ),
        pytest.param(
            GOOD_FAMILY.replace("weight = 1.5", 'weight = 1.5\nnegation = "flip"'),
            "kindness.thank_you",
            "'negated_category' is missing",
            id="flip-without-target",
        ),
        pytest.param(
            GOOD_FAMILY.replace("weight = 1.5", 'weight = 1.5\nvoids = ["no_such_family"]'),
            "kindness.thank_you",
            "no family called 'no_such_family'",
            id="voids-unknown-family",
        ),
        pytest.param(
            GOOD_FAMILY.replace("thank you [so much]", "thank you ^ [so much]"),
            "kindness.thank_you",
            "belongs at the very start or end",
            id="anchor-in-the-middle",
        ),
        pytest.param(
            GOOD_FAMILY.replace("patterns = [", "patterns = [7, "),
            "kindness.thank_you",
            "'patterns' must be a list of texts",
            id="pattern-not-text",
        ),
        pytest.param(
            GOOD_FAMILY.replace(
                'patterns = ["thank you [so much] for (telling | trusting) me"]', "patterns = []"
            ),
            "kindness.thank_you",
            "'patterns' must list at least one pattern",
            id="no-patterns",
        ),
        pytest.param(
            GOOD_FAMILY.replace('[family]\nid = "kindness"\n', "[family]\n"),
            None,
            "'id' is missing",
            id="family-without-id",
        ),
        pytest.param(
            GOOD_FAMILY[: GOOD_FAMILY.index("[[rule]]")],
            None,
            "at least one [[rule]] is needed",
            id="no-rules",
        ),
        pytest.param(
            GOOD_FAMILY.replace(
                '[family]\nid = "kindness"\n', '[family]\nid = "kindness"\nstpe = "own"\n'
            ),
            None,
            "unknown field(s): stpe",
            id="unknown-family-field",
        ),
        pytest.param(
            GOOD_FAMILY + '\n[[rules]]\nid = "kindness.typo"\n',
            None,
            "unknown field(s): rules",
            id="misspelt-rule-table",
        ),
    ],
)
def test_a_malformed_family_names_file_rule_and_reason(
    broken: str, rule_id: str | None, reason: str
) -> None:
    error = load_error(broken)
    assert error.source == FAMILY
    assert error.rule_id == rule_id
    assert reason in error.reason
    message = str(error)
    assert FAMILY in message and reason in message
    if rule_id:
        assert rule_id in message


def test_a_family_id_used_twice_names_both_files() -> None:
    files = files_with(GOOD_FAMILY)
    files["zz_kindness_again.toml"] = GOOD_FAMILY.replace("kindness.thank_you", "kindness.other")
    with pytest.raises(RuleError) as caught:
        load_texts(files)
    assert caught.value.source == "zz_kindness_again.toml"
    assert "also in kindness.toml" in caught.value.reason


def test_broken_word_class_is_named() -> None:
    files = files_with(GOOD_FAMILY)
    files["words.toml"] += '\nbroken = ["(oh | no"]\n'
    with pytest.raises(RuleError) as caught:
        load_texts(files)
    assert caught.value.source == "words.toml"
    assert "word class 'broken'" in caught.value.reason


def test_settings_and_words_are_required() -> None:
    files = files_with(GOOD_FAMILY)
    del files["engine.toml"]
    with pytest.raises(RuleError, match=re.escape("engine.toml are needed")):
        load_texts(files)
    files = files_with(GOOD_FAMILY)
    files["engine.toml"] = files["engine.toml"].replace('version = "', 'old_version = "')
    with pytest.raises(RuleError, match="'version' is missing"):
        load_texts(files)


def test_settings_must_name_families_that_exist() -> None:
    files = files_with(GOOD_FAMILY)
    del files["shouting.toml"]
    with pytest.raises(RuleError) as caught:
        load_texts(files)
    assert caught.value.source == "engine.toml"
    assert "[shouting] category 'shouting' is no family" in caught.value.reason


# --- the phrase language ------------------------------------------------------------------------

CLASSES: dict[str, tuple[str, ...]] = {
    "emotion": ("hurt", "alone", "let down"),
    "i_am": ("i'm", "i am"),
    "you_are": ("you're", "you are"),
    "feel_emotion": ("feel {emotion}",),
}


def found(pattern: str, text: str) -> list[str]:
    compiled = compile_pattern(pattern, CLASSES)
    return [text[start:end] for start, end in compiled.spans(text)]


def matches(pattern: str, text: str) -> bool:
    return bool(found(pattern, text))


def test_words_match_whole_words_in_any_case() -> None:
    assert found("i lied", "Yes, I LIED to you.") == ["I LIED"]
    assert not matches("lie", "I lied.")
    assert not matches("lie", "I believe you.")
    assert matches("lie", "It was a lie.")


def test_optional_words() -> None:
    assert found("[so] sorry", "I'm so sorry.") == ["so sorry"]
    assert found("[so] sorry", "I'm sorry.") == ["sorry"]
    assert found("i [really] [truly] hurt you", "I really hurt you") == ["I really hurt you"]
    assert found("i [really] [truly] hurt you", "I really truly hurt you") == [
        "I really truly hurt you"
    ]
    assert not matches("i [really] hurt you", "I badly hurt you")


def test_alternatives_are_phrases() -> None:
    assert matches("i (hurt | let down) you", "I hurt you")
    assert matches("i (hurt | let down) you", "I let down you")
    assert not matches("i (hurt | let down) you", "I let you")
    assert matches("(i'm | i am) (so | really) sorry", "i am really sorry")


def test_word_classes_and_classes_within_classes() -> None:
    assert found("you {feel_emotion}", "You feel let down.") == ["You feel let down"]
    assert matches("{you_are} {emotion}", "you are alone")
    assert not matches("{you_are} {emotion}", "you are fine")


def test_gaps_of_up_to_n_words() -> None:
    assert matches("i ~2 lied", "I lied")
    assert matches("i ~2 lied", "I really lied")
    assert matches("i ~2 lied", "I really, badly lied")
    assert not matches("i ~2 lied", "I really very badly lied")


def test_stems() -> None:
    for word in ("apologise", "apology", "apologies", "Apologized"):
        assert matches("apolog*", word), word
    assert not matches("apolog*", "an apolo")
    assert found("hurt*", "hurting hurts") == ["hurting", "hurts"]


def test_apostrophes_are_optional() -> None:
    assert matches("i'm sorry", "I'm sorry")
    assert matches("i'm sorry", "im sorry")
    assert matches("don't", "dont")
    assert not matches("i'm sorry", "I am sorry")


def test_anchors_hold_the_sentence_and_the_whole_answer() -> None:
    assert matches("^ whatever $", "I hear you. Whatever.")
    assert not matches("^^ whatever $$", "I hear you. Whatever.")
    assert matches("^^ whatever $$", " Whatever! ")


def test_single_anchors_hold_the_sentence() -> None:
    assert matches("^ whatever $", "whatever")
    assert matches("^ whatever $", "  Whatever.  ")
    assert not matches("^ whatever $", "whatever you say")
    assert not matches("^ whatever $", "oh whatever")
    assert matches("^ whatever", "Whatever you say.")
    assert not matches("^ whatever", "Oh, whatever.")
    assert matches("fine $", "Okay. Fine!")
    assert not matches("fine $", "Fine, I hear you.")
    assert found("^ whatever $", "I hear you. Whatever.") == ["Whatever"]
    assert matches("fine $", "Okay, fine. I hear you.")


def test_double_anchors_hold_the_whole_answer() -> None:
    assert not matches("^^ whatever", "Okay. Whatever you say.")
    assert matches("^^ whatever", "Whatever you say. Okay.")
    assert not matches("fine $$", "Okay, fine. I hear you.")
    assert matches("fine $$", "I hear you. Okay, fine!")


def test_a_question_mark_part() -> None:
    assert found("why ~8 ?", "Why are you still on this?") == ["Why are you still on this?"]
    assert not matches("why ~8 ?", "Why are you still on this.")
    assert not matches("why ~3 ?", "Why do you keep asking me the same thing?")


def test_look_ahead_excludes_a_following_word() -> None:
    assert found("sorry !you", "Sorry I lied.") == ["Sorry"]
    assert not matches("sorry !you", "Sorry you feel that way.")
    assert not matches("sorry !{emotion}", "sorry alone")
    assert matches("sorry !(you | if)", "sorry, I know")
    assert not matches("sorry !(you | if)", "sorry if")


def test_no_pattern_crosses_a_sentence_end() -> None:
    assert not matches("sorry ~3 lied", "I'm sorry. I lied.")
    assert not matches("i lied", "I. Lied")
    assert not matches("i ~4 lied", "I know! Lied")
    assert not matches("i ~4 lied", "I know\nlied")
    assert matches("i ~4 lied", "I know, I lied")
    assert not matches("i lied", "I; lied")


def test_triggers_are_the_rarest_required_words() -> None:
    assert compile_pattern("[so] sorry", CLASSES).triggers == frozenset({"sorry"})
    assert compile_pattern("i lied", CLASSES).triggers == frozenset({"lied"})
    # "im" is in nearly every answer, so the rarer word is the trigger
    assert compile_pattern("i'm sorry", CLASSES).triggers == frozenset({"sorry"})
    assert compile_pattern("i'm sorry", CLASSES).first_words == frozenset({"im"})
    assert compile_pattern("{emotion}", CLASSES).triggers == frozenset({"hurt", "alone", "let"})
    assert compile_pattern("(hurt | let down) you", CLASSES).triggers == frozenset({"hurt", "let"})
    assert compile_pattern("apolog*", CLASSES).triggers is None  # a stem cannot be looked up
    assert compile_pattern("you apolog*", CLASSES).triggers == frozenset({"you"})


def test_a_pattern_knows_the_most_words_a_match_holds() -> None:
    def most(pattern: str) -> int | None:
        return compile_pattern(pattern, CLASSES).most_words

    assert most("i lied") == 2
    assert most("[so] sorry") == 2  # an optional word may be there
    assert most("{emotion}") == 2  # "let down"
    assert most("check-in ?") == 2  # the hyphen parts two words; "?" is none
    assert most("i ~3 lied") == 5
    assert most("apolog*") == 1
    assert most("sorry !you") == 1  # a look-ahead holds nothing


def test_a_pattern_for_a_whole_answer_still_matches_one_of_as_many_words() -> None:
    # Such patterns are not searched where there are more words than they can hold: these
    # hold exactly as many ("i'll think about it", "whatever makes you happy").
    def rules(text: str) -> list[str]:
        return [hit.rule_id for hit in engine.score(text).hits]

    assert rules("I'll think about it.") == ["stonewalling.shut_down"]
    assert rules("Whatever makes you happy.") == ["stonewalling.bare_word"]
    assert rules("Fine. Whatever makes you happy.") == ["stonewalling.bare_word"] * 2
    assert "stonewalling.shut_down" not in rules("I'll think about it tonight.")


def test_triggers_are_looked_up_in_the_text_words() -> None:
    words = text_words("I'm SO sorry, you're hurt.")
    assert {"im", "so", "sorry", "youre", "hurt"} <= words
    compiled = compile_pattern("[so] sorry", CLASSES)
    assert compiled.triggers is not None and compiled.triggers & words


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("", "empty pattern"),
        ("{nope}", "unknown word class {nope}"),
        ("[so sorry", "missing ']'"),
        ("(so | sorry", "missing ')'"),
        ("so ] sorry", "unbalanced ']'"),
        ("sorry ~3", "a gap cannot end a phrase"),
        ("~3 sorry", "a gap needs a required word before it"),
        ("!you sorry", "'!' needs a required word before it"),
        ("sorry ^ you", "belongs at the very start or end"),
        ("*", "a lone '*' is not a word"),
        ("sorr$y", "unexpected characters"),
        ("[so]", "a phrase needs at least one word that is not optional"),
        ("( | sorry)", "empty group"),
    ],
)
def test_malformed_patterns_say_why(pattern: str, reason: str) -> None:
    with pytest.raises(PhraseError, match=re.escape(reason)):
        compile_pattern(pattern, CLASSES)


WORDS = st.sampled_from(["a", "ab", "abc", "b", "ba", "i", "im", "i'm", "i am", "a b", "-", "x-y"])


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=8), st.lists(WORDS, max_size=6))
@example(["a", "a b"], ["a", "b", "b"])
def test_alternatives_share_their_first_letters_and_still_match_the_same(
    options: list[str], text_words: list[str]
) -> None:
    """Options are tried behind a shared first letter (a trie) only where that keeps the very
    match the plain list of alternatives gives, in the same order of preference."""
    from desktop.engine.phrases import _alternation, _word

    regexes = [SEP.join(_word(w).regex for w in option.split()) for option in options]
    text = " ".join(text_words)
    factored = re.compile(_alternation(regexes) + SEP + "b")
    plain = re.compile("(?:" + "|".join(regexes) + ")" + SEP + "b")
    for start in range(len(text) + 1):
        a, b = factored.match(text, start), plain.match(text, start)
        assert (a and a.span()) == (b and b.span())
