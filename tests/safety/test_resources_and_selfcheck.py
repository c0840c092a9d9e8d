"""Crisis resources, safety texts and the self-check rule that suggests a therapist."""

from __future__ import annotations

import pytest

from desktop.safety import (
    Feeling,
    SelfCheck,
    crisis_resources,
    needs_professional_help,
    safety_texts,
    therapist_guidance,
)
from desktop.safety.crisis import parse_crisis_resources


def test_crisis_resources_hold_the_well_known_lines() -> None:
    found = crisis_resources()
    contacts = {line.name: line.contact for line in found.lines}
    assert "988" in contacts["988 Suicide & Crisis Lifeline"]
    assert "1-800-799-7233" in contacts["National Domestic Violence Hotline"]
    assert "116 123" in contacts["Samaritans"]
    assert "0808 2000 247" in contacts["National Domestic Abuse Helpline"]
    assert "13 11 14" in contacts["Lifeline"]
    assert "9-8-8" in contacts["9-8-8 Suicide Crisis Helpline"]
    assert len(found.lines) <= 8


def test_crisis_resources_say_how_to_find_a_line_anywhere() -> None:
    found = crisis_resources()
    assert "emergency number" in found.emergency.text
    assert "findahelpline.com" in found.find_a_line.text
    assert found.last_reviewed
    text = found.as_text()
    assert "Samaritans" in text and "findahelpline.com" in text


def test_a_resources_file_without_lines_still_gives_the_advice() -> None:
    parsed = parse_crisis_resources(
        '[emergency]\ntitle = "Danger"\ntext = "Call 112"\n'
        '[find_a_line]\ntitle = "Find"\ntext = "Look it up"\n'
    )
    assert parsed.lines == ()
    assert parsed.emergency.text == "Call 112"


def test_texts_say_practice_not_therapy_and_name_abuse_plainly() -> None:
    texts = safety_texts()
    joined = " ".join(s.text for s in texts.first_run.sections)
    assert "practice, not therapy" in joined
    assert "stays on this computer" in joined
    assert "not suited to relationships where there is abuse" in texts.abuse_statement
    assert texts.take_break.minutes == 20
    assert texts.take_break.button == "I'm ready to come back"


def test_therapist_guidance_covers_when_and_what_to_look_for() -> None:
    guidance = therapist_guidance()
    assert len(guidance.when) >= 3
    assert len(guidance.look_for) >= 3
    assert any("abuse" in item for item in guidance.look_for)
    assert "What to look for" in guidance.as_text()


CALM = SelfCheck(Feeling.CALM)
OKAY = SelfCheck(Feeling.OKAY)
OVERWHELMED = SelfCheck(Feeling.OVERWHELMED)
UPSET = SelfCheck(Feeling.UPSET)
SLEEPLESS = SelfCheck(Feeling.OKAY, trouble_sleeping_or_eating=True)
DOUBTING = SelfCheck(Feeling.UNSETTLED, doubting_reality=True)
ANXIOUS = SelfCheck(Feeling.UNSETTLED, high_anxiety=True)


@pytest.mark.parametrize(
    ("recent", "expected"),
    [
        ([], False),
        ([OVERWHELMED], False),
        ([CALM, OKAY, CALM], False),
        ([OVERWHELMED, UPSET], True),
        ([SLEEPLESS, CALM, SLEEPLESS], True),
        ([DOUBTING, OKAY, DOUBTING], True),
        ([ANXIOUS, ANXIOUS], True),
        ([UPSET, SLEEPLESS], True),
        # Only the last five count: an old hard patch followed by calm weeks does not.
        ([OVERWHELMED, OVERWHELMED, CALM, CALM, CALM, CALM, CALM], False),
        ([CALM, CALM, CALM, OVERWHELMED, CALM, DOUBTING], True),
    ],
)
def test_needs_professional_help(recent: list[SelfCheck], expected: bool) -> None:
    assert needs_professional_help(recent) is expected


def test_feelings_run_from_calm_to_overwhelmed() -> None:
    assert [f.distress for f in Feeling] == [1, 2, 3, 4, 5]
    assert Feeling.OVERWHELMED.label == "Overwhelmed"
    assert not SelfCheck(Feeling.UNSETTLED).concerning
    assert SelfCheck(Feeling.UPSET).concerning
