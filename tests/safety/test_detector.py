"""The safety detector: recall on the labelled set, near misses, negation, and robustness."""

from __future__ import annotations

import re
import tomllib
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.safety import Kind, Level, SafetyCheck, check
from desktop.safety.detector import normalise, parse_phrase_book, phrase_book

LABELLED = Path(__file__).with_name("labelled.toml")
# Written apart from the phrases, in many voices, as a check on wording the phrases never saw.
HELD_OUT = Path(__file__).with_name("held_out.toml")
RECALL_NEEDED = 0.95
FALSE_ALARMS_ALLOWED = 0.05


def labelled(path: Path = LABELLED) -> dict[str, list[dict[str, object]]]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def positives(path: Path = LABELLED) -> list[tuple[str, Kind, Level]]:
    rows = []
    for group in labelled(path)["positive"]:
        level = Level(str(group.get("level", "crisis")))
        for text in group["texts"]:  # type: ignore[attr-defined]
            rows.append((str(text), Kind(str(group["kind"])), level))
    return rows


def negatives(path: Path = LABELLED) -> list[tuple[str, Level]]:
    rows = []
    for group in labelled(path)["negative"]:
        level = Level(str(group.get("level", "none")))
        for text in group["texts"]:  # type: ignore[attr-defined]
            rows.append((str(text), level))
    return rows


def test_the_labelled_set_is_big_enough_and_covers_every_kind() -> None:
    pos, neg = positives(), negatives()
    assert len(pos) + len(neg) >= 150
    assert len(neg) >= 50
    kinds = {kind for _, kind, _ in pos}
    assert kinds == set(Kind)
    for kind in Kind:
        assert sum(1 for _, k, _ in pos if k is kind) >= 8, kind


def missed_positives(rows: list[tuple[str, Kind, Level]]) -> list[str]:
    missed = []
    for text, kind, level in rows:
        found = check(text)
        if found.level is not level or kind not in found.kinds:
            missed.append(f"{level}/{kind}: {text!r} -> {found.level}/{found.kinds}")
    return missed


def false_alarms(rows: list[tuple[str, Level]]) -> list[str]:
    alarms = []
    for text, ceiling in rows:
        found = check(text)
        if found.level.rank > ceiling.rank:
            alarms.append(f"{text!r} -> {found.level}/{found.kind}")
    return alarms


def test_recall_on_positives(capsys: pytest.CaptureFixture[str]) -> None:
    rows = positives()
    missed = missed_positives(rows)
    recall = 1 - len(missed) / len(rows)
    with capsys.disabled():
        print(f"\nsafety recall: {recall:.3f} on {len(rows)} positives")
    assert recall >= RECALL_NEEDED, "\n".join(missed)


def test_false_alarm_rate_on_near_misses(capsys: pytest.CaptureFixture[str]) -> None:
    rows = negatives()
    alarms = false_alarms(rows)
    rate = len(alarms) / len(rows)
    with capsys.disabled():
        print(f"\nsafety false alarms: {rate:.3f} on {len(rows)} near misses")
    assert rate <= FALSE_ALARMS_ALLOWED, "\n".join(alarms)


def test_the_held_out_set_is_big_enough_and_covers_every_danger() -> None:
    pos, neg = positives(HELD_OUT), negatives(HELD_OUT)
    assert len(pos) + len(neg) >= 120
    assert 0.5 <= len(pos) / (len(pos) + len(neg)) <= 0.7
    crisis_kinds = {kind for _, kind, level in pos if level is Level.CRISIS}
    assert crisis_kinds >= {
        Kind.SUICIDE,
        Kind.SELF_HARM,
        Kind.VIOLENCE_THREAT,
        Kind.FEAR_OF_PARTNER,
        Kind.COERCIVE_CONTROL,
        Kind.SEXUAL_COERCION,
    }
    texts = [text for text, _, _ in pos] + [text for text, _ in neg]
    assert len(set(texts)) == len(texts)
    seen = {text for text, _, _ in positives()} | {text for text, _ in negatives()}
    assert not set(texts) & seen, "a held-out sentence is also in the labelled set"


def test_recall_and_false_alarms_on_the_held_out_set(capsys: pytest.CaptureFixture[str]) -> None:
    pos, neg = positives(HELD_OUT), negatives(HELD_OUT)
    missed, alarms = missed_positives(pos), false_alarms(neg)
    recall = 1 - len(missed) / len(pos)
    rate = len(alarms) / len(neg)
    with capsys.disabled():
        print(f"\nheld-out recall: {recall:.3f} on {len(pos)} positives")
        print(f"held-out false alarms: {rate:.3f} on {len(neg)} near misses")
    assert recall >= RECALL_NEEDED, "\n".join(missed)
    assert rate <= FALSE_ALARMS_ALLOWED, "\n".join(alarms)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I don't think I can keep living like this", Kind.SUICIDE),
        ("Part of me wants to just not exist anymore", Kind.SUICIDE),
        ("I thought about crashing the car on purpose", Kind.SUICIDE),
        ("He made me do things I didn't want to do", Kind.SEXUAL_COERCION),
        ("I keep a bag packed in case he snaps", Kind.FEAR_OF_PARTNER),
        ("I hid the knives from him", Kind.FEAR_OF_PARTNER),
        ("If I leave he'll take the kids and I'll never see them again", Kind.COERCIVE_CONTROL),
        (
            "My partner controls all the money and I have to ask for every cent",
            Kind.COERCIVE_CONTROL,
        ),
    ],
)
def test_indirect_wording_from_a_fresh_probe_is_a_crisis(text: str, kind: Kind) -> None:
    found = check(text)
    assert found.level is Level.CRISIS
    assert kind in found.kinds


@pytest.mark.parametrize(
    ("text", "level", "kind"),
    [
        ("I don't see the point of going on", Level.CRISIS, Kind.SUICIDE),
        ("I'm afraid of what he'll do when I tell him", Level.CRISIS, Kind.FEAR_OF_PARTNER),
        (
            "she checks my phone and won't let me see my friends",
            Level.CRISIS,
            Kind.COERCIVE_CONTROL,
        ),
        ("he takes my pay and gives me an allowance", Level.CRISIS, Kind.COERCIVE_CONTROL),
        ("this is killing me", Level.CHECK_IN, Kind.DISTRESS_FIGURE_OF_SPEECH),
        ("I could kill for a coffee", Level.NONE, None),
        ("the deadline is killing me", Level.NONE, None),
        ("I'm not afraid of him", Level.NONE, None),
        ("I'm not safe", Level.CRISIS, Kind.FEAR_OF_PARTNER),
    ],
)
def test_the_examples_from_the_issue(text: str, level: Level, kind: Kind | None) -> None:
    found = check(text)
    assert found.level is level
    assert found.kind is kind


def test_negation_softens_suicide_to_a_check_in_and_drops_fear() -> None:
    assert check("I want to die").level is Level.CRISIS
    assert check("I don't want to die").level is Level.CHECK_IN
    assert check("He has never hit me").level is Level.NONE
    assert check("He hit me").level is Level.CRISIS


def test_negation_does_not_reach_past_a_clause() -> None:
    found = check("I'm not afraid of him, I'm afraid of what he'll do")
    assert found.level is Level.CRISIS
    assert check("I don't know if he'll kill me").level is Level.CRISIS


def test_intensifiers_are_not_negations() -> None:
    assert check("I've never been so scared of him").level is Level.CRISIS


def test_spans_point_at_the_words_in_the_original_text() -> None:
    text = "We talked.\nThen   HE HIT ME, and I left."
    found = check(text)
    assert found.level is Level.CRISIS
    assert [text[a:b] for a, b in found.spans] == ["HE HIT ME"]


def test_typographic_apostrophes_and_capitals_are_understood() -> None:
    text = "I DON\u2019T SEE THE POINT OF GOING ON"
    found = check(text)
    assert found.kind is Kind.SUICIDE
    assert len(normalise("\u0130stanbul")) == len("\u0130stanbul")


def test_spans_stay_aligned_after_characters_whose_lower_case_is_longer() -> None:
    text = "\u0130\u0130\u0130 he hit me"
    found = check(text)
    assert [text[a:b] for a, b in found.spans] == ["he hit me"]


def test_several_kinds_at_the_top_level_are_all_reported() -> None:
    found = check("He hit me and he won't let me see my family.")
    assert found.kind is Kind.VIOLENCE_THREAT
    assert found.kinds == (Kind.VIOLENCE_THREAT, Kind.COERCIVE_CONTROL)
    assert len(found.spans) == 2


def test_a_crisis_outranks_a_check_in() -> None:
    found = check("This is killing me. I want to die.")
    assert found.level is Level.CRISIS
    assert found.kind is Kind.SUICIDE


def test_each_finding_carries_a_message_for_the_person() -> None:
    crisis = check("I want to die").message
    gentle = check("this is killing me").message
    assert "crisis line" in crisis
    assert gentle and "crisis" not in gentle
    assert check("she made me have sex").message not in ("", crisis)
    assert check("I'm sorry I lied.").message == ""


def test_the_result_is_a_frozen_value_and_level_compares_to_plain_strings() -> None:
    found = check("I want to die")
    assert isinstance(found, SafetyCheck)
    assert found.level == "crisis"
    assert found.kind == "suicide"
    with pytest.raises(FrozenInstanceError):
        found.level = Level.NONE  # type: ignore[misc]


@pytest.mark.parametrize(
    "text",
    ["", "   ", "\x00", "\x00he hit me\x00", "\ud800\udfff\ud800", "'" * 50, "\n" * 50],
)
def test_odd_input_never_raises(text: str) -> None:
    assert isinstance(check(text), SafetyCheck)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_gives_a_valid_finding(text: str) -> None:
    found = check(text)
    assert found.level in Level
    assert (found.kind is None) == (found.level is Level.NONE)
    for start, end in found.spans:
        assert 0 <= start < end <= len(text)


@settings(max_examples=100, deadline=None)
@given(st.text(), st.sampled_from(["he hit me", "I want to die", "she scares me"]), st.text())
def test_a_phrase_is_found_wherever_it_stands(before: str, phrase: str, after: str) -> None:
    text = f"{before}. {phrase}. {after}"
    found = check(text)
    assert found.level is Level.CRISIS
    end = len(before) + 2 + len(phrase)
    assert any(a < end <= b for a, b in found.spans)


@pytest.mark.slow
def test_a_megabyte_of_text_is_checked() -> None:
    text = "I feel hurt and I need you to listen. " * 27000 + "he hit me"
    found = check(text)
    assert found.level is Level.CRISIS
    assert found.spans[-1][1] == len(text)


def test_phrases_compile_and_every_pattern_is_anchored_on_words() -> None:
    book = phrase_book()
    assert book.version >= 1
    assert len(book.groups) >= 8
    for group in book.groups:
        assert group.pattern.pattern.startswith(r"(?<![\w'])")
        assert ".*" not in group.pattern.pattern


def test_an_unknown_slot_in_the_phrase_file_is_reported() -> None:
    bad = '[[group]]\nkind = "suicide"\nlevel = "crisis"\npatterns = ["{nope} die"]\n'
    with pytest.raises(ValueError, match="unknown slot"):
        parse_phrase_book(bad)


def test_a_space_in_a_phrase_matches_any_run_of_whitespace() -> None:
    text = (
        '[[group]]\nkind = "suicide"\nlevel = "crisis"\n'
        'patterns = ["want to die", "self[- ]harm"]\n'
    )
    book = parse_phrase_book(text)
    pattern = book.groups[0].pattern
    assert pattern.search("i want \n to\tdie")
    assert pattern.search("self harm") and pattern.search("self-harm")
    assert not re.search(r"\\s\+\]", pattern.pattern)
