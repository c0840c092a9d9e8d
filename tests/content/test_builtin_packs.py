"""The packs shipped with Attune load cleanly and cover what solo practice needs."""

from __future__ import annotations

import re
from collections import Counter

from desktop.content import Category, Label, Source, load_builtin
from desktop.content.loader import MAX_FOLLOW_UPS, MAX_OPTIONS, MIN_FOLLOW_UPS, MIN_OPTIONS


def test_every_builtin_file_loads_without_problems() -> None:
    library = load_builtin()
    assert [problem.describe() for problem in library.problems] == []


def test_there_are_at_least_sixty_scenarios_with_unique_ids() -> None:
    library = load_builtin()
    ids = [scenario.id for scenario in library.scenarios]
    assert len(ids) >= 60
    assert len(set(ids)) == len(ids)


def test_every_category_has_several_scenarios() -> None:
    counts = Counter(scenario.category for scenario in load_builtin().scenarios)
    assert {category: counts[category] >= 5 for category in Category} == {
        category: True for category in Category
    }


def test_every_intensity_is_offered() -> None:
    intensities = {scenario.intensity for scenario in load_builtin().scenarios}
    assert len(intensities) == 3


def test_every_line_offers_a_real_choice() -> None:
    for scenario in load_builtin().scenarios:
        assert scenario.source is Source.BUILT_IN
        assert MIN_FOLLOW_UPS <= len(scenario.follow_ups) <= MAX_FOLLOW_UPS, scenario.id
        for prompt in scenario.prompts:
            labels = {option.label for option in prompt.options}
            assert MIN_OPTIONS <= len(prompt.options) <= MAX_OPTIONS, scenario.id
            assert Label.VALIDATING in labels, scenario.id
            assert len(labels) >= 2, f"{scenario.id}: {prompt.text[:40]}"
            assert all(option.why for option in prompt.options)
        # Across a scenario the answerer meets more than "good or bad": at least three kinds.
        spread = {option.label for prompt in scenario.prompts for option in prompt.options}
        assert len(spread) >= 3, scenario.id


def test_every_label_is_used_somewhere() -> None:
    labels = Counter(
        option.label
        for scenario in load_builtin().scenarios
        for prompt in scenario.prompts
        for option in prompt.options
    )
    assert set(labels) == set(Label)


def test_no_line_assumes_a_straight_couple() -> None:
    # Third parties may have any gender; the two partners' roles are never gendered.
    gendered = re.compile(r"\b(husband|wife|boyfriend|girlfriend)s?\b", re.IGNORECASE)
    found = [
        scenario.id
        for scenario in load_builtin().scenarios
        for text in (scenario.title, *(p.text for p in scenario.prompts))
        if gendered.search(text)
    ]
    assert found == []


def test_openings_are_in_the_first_person() -> None:
    first_person = re.compile(r"\b(I|I'm|I've|my|me)\b")
    for scenario in load_builtin().scenarios:
        assert first_person.search(scenario.opening.text), scenario.id


def test_no_builtin_line_or_answer_trips_the_safety_net() -> None:
    # The crisis screen stops practice; a shipped scenario must never set it off by itself.
    from desktop.safety import Level, check

    tripped = [
        f"{scenario.id}: {text[:50]}"
        for scenario in load_builtin().scenarios
        for prompt in scenario.prompts
        for text in (prompt.text, *(option.text for option in prompt.options))
        if check(text).level is not Level.NONE
    ]
    assert tripped == []
