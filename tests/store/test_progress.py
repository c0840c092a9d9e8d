"""History and progress queries: what the History and Progress screens show."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from desktop.paths import AppPaths
from desktop.practice import FeltHeard, SessionStatus
from desktop.store import Store, Trend
from tests.store.helpers import T0, couple, make_turn

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def from_answers(store: Store, partner: str) -> list[tuple[int, int, float, float, float | None]]:
    """The progress series worked out the slow way, from every saved answer."""
    found = []
    for summary in reversed(store.list_sessions(limit=10_000)):
        own = [t for t in store.session_replay(summary.session_id).turns if t.answerer == partner]
        if not own:
            continue
        ratings = [t.felt_heard.rating for t in own if t.felt_heard is not None]
        found.append(
            (
                summary.session_id,
                len(own),
                sum(t.result.validation for t in own) / len(own),
                sum(t.result.defensiveness for t in own) / len(own),
                sum(ratings) / len(ratings) if ratings else None,
            )
        )
    return found


def series(store: Store, partner: str) -> list[tuple[int, int, float, float, float | None]]:
    return [
        (p.session_id, p.answers, p.validation, p.defensiveness, p.felt_heard)
        for p in store.progress_series(partner)
    ]


def test_progress_follows_every_answer_rating_and_deletion(store: Store) -> None:
    first = store.session_started(couple(), T0)
    a = store.turn_scored(first, make_turn("I'm sorry"))
    store.turn_scored(first, make_turn("but no", turn_index=1, felt_heard=FeltHeard(2)))
    store.turn_scored(first, make_turn("sorry", round_index=1, sharer="Ben", answerer="Ana"))
    second = store.session_started(couple(), T0 + timedelta(days=1))
    store.turn_scored(second, make_turn("I'm sorry, but", minutes=60 * 24))
    assert series(store, "Ben") == from_answers(store, "Ben")

    store.felt_heard_rated(a, FeltHeard(5))
    store.felt_heard_rated(a, FeltHeard(4))  # a changed rating replaces the first
    assert series(store, "Ben")[0][4] == 3.0
    assert series(store, "Ben") == from_answers(store, "Ben")
    assert series(store, "Ana") == from_answers(store, "Ana")

    store.delete_session(first)
    assert series(store, "Ben") == from_answers(store, "Ben")
    assert [p[0] for p in series(store, "Ben")] == [second]
    assert store.progress_series("Ana") == []
    store.delete_partner("Ben")
    assert store.progress_series("Ben") == []


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("attune-v*.db")), ids=lambda p: p.stem)
def test_progress_after_an_upgrade_counts_the_old_answers(
    fixture: Path, app_paths: AppPaths
) -> None:
    shutil.copyfile(fixture, app_paths.database)
    with Store.open(app_paths) as store:
        for name in ("Ana", "Ben"):
            assert series(store, name) == from_answers(store, name)
        assert series(store, "Ben")[0][:2] == (1, 2)


def test_history_filters_by_partner_and_date_newest_first(store: Store) -> None:
    ids = []
    for day in range(5):
        names = couple() if day % 2 == 0 else couple("Cleo", "Dan")
        sid = store.session_started(names, T0 + timedelta(days=day))
        answerer = names.partners[1]
        store.turn_scored(sid, make_turn("sorry", answerer=answerer, minutes=day * 1440))
        ids.append(sid)
    store.session_ended(ids[0], SessionStatus.COMPLETED, T0 + timedelta(hours=1))

    assert [s.session_id for s in store.list_sessions()] == ids[::-1]
    assert [s.session_id for s in store.list_sessions(partner="Dan")] == [ids[3], ids[1]]
    window = store.list_sessions(since=T0 + timedelta(days=1), until=T0 + timedelta(days=3))
    assert [s.session_id for s in window] == [ids[2], ids[1]]
    assert [s.session_id for s in store.list_sessions(limit=2, offset=1)] == [ids[3], ids[2]]
    oldest = store.list_sessions()[-1]
    assert oldest.status is SessionStatus.COMPLETED and oldest.ended_at is not None
    assert (oldest.rounds, oldest.answers, oldest.validation) == (1, 1, 80.0)
    assert {p.name: p.sessions for p in store.partners()} == {
        "Ana": 3,
        "Ben": 3,
        "Cleo": 2,
        "Dan": 2,
    }


def test_habits_trend_down_when_recent_answers_drop_them(store: Store) -> None:
    for n in range(6):
        sid = store.session_started(couple(), T0 + timedelta(days=n))
        text = "I'm sorry, but you" if n < 3 else "I'm sorry."
        store.turn_scored(sid, make_turn(text, minutes=n * 1440))
    (trend,) = store.habit_trends("Ben", window=3)
    assert (trend.category, trend.earlier, trend.recent, trend.trend) == (
        "yes_but",
        3,
        0,
        Trend.DOWN,
    )
    assert store.habit_trends("Nobody") == []


def test_felt_heard_points_pair_ratings_with_scores(store: Store) -> None:
    sid = store.session_started(couple(), T0)
    for n, rating in enumerate((2, 5)):
        text = "but" if rating == 2 else "I'm sorry"
        store.turn_scored(sid, make_turn(text, turn_index=n, felt_heard=FeltHeard(rating)))
    points = store.felt_heard_vs_engine("Ben")
    assert [(p.rating, p.validation) for p in points] == [(2, 10.0), (5, 80.0)]
    assert [p.rating for p in store.felt_heard_vs_engine("Ben", limit=1)] == [5]


def test_custom_scenarios_self_checks_and_preferences(store: Store) -> None:
    store.save_scenario("mine-1", "mine", 'hurt = "one"')
    store.save_scenario("mine-1", "mine", 'hurt = "two"')
    store.save_scenario("other-1", "other", "{}", "json")
    assert [s.body for s in store.list_scenarios("mine")] == ['hurt = "two"']
    assert store.delete_scenario("mine-1") and store.scenario("mine-1") is None
    store.save_self_check(2, ["sleep", "eating"], T0)
    store.save_self_check(4, [], T0 + timedelta(days=1))
    assert [(c.level, c.flags) for c in store.self_checks()] == [(4, ()), (2, ("sleep", "eating"))]
    with pytest.raises(ValueError):
        store.save_self_check(6)
    store.set_preference("theme", "dark")
    assert store.preference("theme") == "dark" and store.preference("nope", "x") == "x"
    assert store.preferences() == {"theme": "dark"}


def test_scenario_history_for_choosing_the_next_solo_scenario(store: Store) -> None:
    from dataclasses import replace

    from desktop.practice import Hurt

    sid = store.session_started(couple(), T0)
    for n, scenario in enumerate(("affair-01", "affair-01", "money-02")):
        turn = make_turn("I'm sorry" if n else "but", turn_index=n, minutes=n)
        store.turn_scored(sid, replace(turn, hurt=Hurt("hurt", scenario_id=scenario)))
    store.turn_scored(sid, make_turn("sorry", round_index=1))  # no scenario: not counted
    found = {s.scenario_id: s for s in store.scenario_history("Ben")}
    assert sorted(found) == ["affair-01", "money-02"]
    assert found["affair-01"].answers == 2 and found["affair-01"].validation == 45.0
    assert found["money-02"].last_practised == T0 + timedelta(minutes=2)
    assert store.scenario_history("Ana") == []
