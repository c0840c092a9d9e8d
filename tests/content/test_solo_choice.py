"""Solo practice draws what was practised longest ago, leaning toward the weakest categories."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from desktop.content import (
    Category,
    CategoryAverage,
    Library,
    NoScenarios,
    PastAnswer,
    PracticeHistory,
    Practised,
    as_hurt,
    choose_next,
    history_from_answers,
    hurt_source,
    load_builtin,
)

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def history_all_practised(
    library: Library, except_ids: frozenset[str] = frozenset()
) -> PracticeHistory:
    return PracticeHistory(
        tuple(
            Practised(s.id, NOW - timedelta(hours=i))
            for i, s in enumerate(library.scenarios)
            if s.id not in except_ids
        )
    )


def test_a_scenario_never_practised_comes_before_any_practised_one() -> None:
    library = load_builtin()
    fresh = library.scenarios[7].id
    history = history_all_practised(library, except_ids=frozenset({fresh}))
    picks = {choose_next(library, history, random.Random(seed)).id for seed in range(20)}
    assert picks == {fresh}


def test_the_draw_comes_from_the_least_recently_practised() -> None:
    library = load_builtin()
    history = history_all_practised(library)  # later scenarios were practised longer ago
    oldest = {s.id for s in library.scenarios[-len(library.scenarios) // 4 :]}
    picks = {choose_next(library, history, random.Random(seed)).id for seed in range(50)}
    assert picks <= oldest
    assert len(picks) > 1  # still varied, not the same one every time


def test_weak_categories_are_drawn_more_often() -> None:
    library = load_builtin()
    history = PracticeHistory(
        averages=(
            CategoryAverage(Category.CONTEMPT, 10.0),
            CategoryAverage(Category.EVERYDAY, 95.0),
        )
    )
    rng = random.Random(4)
    counts = Counter(choose_next(library, history, rng).category for _ in range(3000))
    assert counts[Category.CONTEMPT] > 3 * counts[Category.EVERYDAY]


def test_the_same_seed_gives_the_same_choice() -> None:
    library = load_builtin()
    first = choose_next(library, PracticeHistory(), random.Random(11))
    assert choose_next(library, PracticeHistory(), random.Random(11)) == first


def test_a_topic_limits_the_draw_to_a_pack_or_category() -> None:
    library = load_builtin()
    rng = random.Random(2)
    assert {choose_next(library, PracticeHistory(), rng, "financial").pack for _ in range(20)} == {
        "financial"
    }
    assert {
        choose_next(library, PracticeHistory(), rng, "broken-promise").category for _ in range(20)
    } == {Category.BROKEN_PROMISE}


def test_no_matching_scenario_is_a_calm_error() -> None:
    with pytest.raises(NoScenarios, match="no scenarios for “astrology”"):
        choose_next(load_builtin(), PracticeHistory(), random.Random(1), "astrology")


def test_a_scenario_becomes_a_practice_hurt_with_its_follow_ups() -> None:
    scenario = load_builtin().scenarios[0]
    hurt = as_hurt(scenario, random.Random(3))
    assert hurt.text == scenario.opening.text
    assert hurt.scenario_id == scenario.id
    assert sorted(o.text for o in hurt.options) == sorted(o.text for o in scenario.opening.options)
    assert [o.expected for o in hurt.options] != [None] * len(hurt.options)
    assert [f.text for f in hurt.follow_ups] == [p.text for p in scenario.follow_ups]


def test_a_solo_session_never_repeats_a_scenario_until_all_were_drawn() -> None:
    library = load_builtin()
    source = hurt_source(library, PracticeHistory(), random.Random(5), topic="everyday", now=NOW)
    size = len(library.filtered(pack="everyday"))
    drawn = [source(n).scenario_id for n in range(size)]
    assert sorted(drawn) == sorted(s.id for s in library.filtered(pack="everyday"))


def test_history_from_saved_answers_keeps_the_latest_time_and_category_averages() -> None:
    library = load_builtin()
    contempt = library.filtered(category=Category.CONTEMPT)[:2]
    everyday = library.filtered(category=Category.EVERYDAY)[0]
    answers = [
        PastAnswer(contempt[0].id, NOW - timedelta(days=3), 20.0),
        PastAnswer(contempt[0].id, NOW - timedelta(days=1), 30.0),
        PastAnswer(contempt[1].id, NOW - timedelta(days=2), 40.0),
        PastAnswer(everyday.id, NOW - timedelta(days=5), 90.0),
        PastAnswer("deleted-long-ago", NOW, 0.0),
    ]
    history = history_from_answers(answers, library)
    assert history.last_practised(contempt[0].id) == NOW - timedelta(days=1)
    assert history.last_practised("deleted-long-ago") is None
    assert history.average(Category.CONTEMPT) == 30.0
    assert history.average(Category.EVERYDAY) == 90.0
    assert history.average(Category.AFFAIR) is None


def test_a_struggling_category_comes_back_while_new_ground_remains() -> None:
    """Every contempt scenario was practised, badly; the rest are new: contempt still comes up,
    more often than any single new category, and the longest-ago contempt scenario first."""
    library = load_builtin()
    contempt = library.filtered(category=Category.CONTEMPT)
    history = PracticeHistory(
        practised=tuple(
            Practised(s.id, NOW - timedelta(days=1, hours=i)) for i, s in enumerate(contempt)
        ),
        averages=(CategoryAverage(Category.CONTEMPT, 10.0),),
    )
    rng = random.Random(8)
    picks = [choose_next(library, history, rng) for _ in range(2000)]
    counts = Counter(p.category for p in picks)
    others = [n for c, n in counts.items() if c is not Category.CONTEMPT]
    assert counts[Category.CONTEMPT] > max(others)
    assert {p.id for p in picks if p.category is Category.CONTEMPT} == {contempt[-1].id}


def test_a_category_done_well_waits_its_turn() -> None:
    """A category with a good average and nothing due is not drawn while others are new."""
    library = load_builtin()
    everyday = library.filtered(category=Category.EVERYDAY)
    history = PracticeHistory(
        practised=tuple(Practised(s.id, NOW) for s in everyday),
        averages=(CategoryAverage(Category.EVERYDAY, 30.0 + 60.0),),
    )
    rng = random.Random(9)
    assert Category.EVERYDAY not in {
        choose_next(library, history, rng).category for _ in range(500)
    }
