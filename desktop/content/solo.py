"""Chooses the next scenario for solo practice: the least recently practised, weighted to need."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from desktop.content.model import Category, Library, Prompt, Scenario
from desktop.errors import AttuneError

if TYPE_CHECKING:
    from desktop.practice.records import Hurt

# A category never scored counts as middling: new ground is worth visiting, but not before
# the places the person is known to struggle.
UNSCORED_AVERAGE = 50.0
# The pool drawn from is the least recently practised quarter (at least this many), so the
# draw varies yet never repeats what was just done while older scenarios wait.
MIN_POOL = 4


@dataclass(frozen=True, slots=True)
class Practised:
    """When one scenario was last practised."""

    scenario_id: str
    last_practised: datetime


@dataclass(frozen=True, slots=True)
class CategoryAverage:
    """How validating the person's answers were, on average, in one category (0-100)."""

    category: Category
    average: float


@dataclass(frozen=True, slots=True)
class PracticeHistory:
    """What solo selection needs to know about the past, independent of how it is stored."""

    practised: tuple[Practised, ...] = ()
    averages: tuple[CategoryAverage, ...] = ()

    def last_practised(self, scenario_id: str) -> datetime | None:
        latest: datetime | None = None
        for item in self.practised:
            if item.scenario_id == scenario_id and (latest is None or item.last_practised > latest):
                latest = item.last_practised
        return latest

    def average(self, category: Category) -> float | None:
        for item in self.averages:
            if item.category is category:
                return item.average
        return None


@dataclass(frozen=True, slots=True)
class PastAnswer:
    """One saved answer to a scenario line: enough to build a PracticeHistory."""

    scenario_id: str
    answered_at: datetime
    validation: float  # the engine's validation score, 0-100


def history_from_answers(answers: Iterable[PastAnswer], library: Library) -> PracticeHistory:
    """When each scenario was last practised, and the average validation per category.

    Answers to scenarios no longer in the library still count for nothing: their category
    cannot be known.
    """
    latest: dict[str, datetime] = {}
    totals: dict[Category, list[float]] = {}
    for answer in answers:
        scenario = library.get(answer.scenario_id)
        if scenario is None:
            continue
        before = latest.get(answer.scenario_id)
        if before is None or answer.answered_at > before:
            latest[answer.scenario_id] = answer.answered_at
        totals.setdefault(scenario.category, []).append(answer.validation)
    return PracticeHistory(
        practised=tuple(Practised(sid, when) for sid, when in sorted(latest.items())),
        averages=tuple(
            CategoryAverage(category, sum(values) / len(values))
            for category, values in totals.items()
        ),
    )


class NoScenarios(AttuneError):
    """Solo practice was asked for a scenario where none matches."""


def category_weight(history: PracticeHistory, category: Category) -> float:
    """Higher where the person scored lower: 1 at a perfect 100, 5 at 0."""
    average = history.average(category)
    if average is None:
        average = UNSCORED_AVERAGE
    average = min(100.0, max(0.0, average))
    return 1.0 + (100.0 - average) / 25.0


def choose_next(
    library: Library,
    history: PracticeHistory,
    rng: random.Random,
    topic: str | None = None,
) -> Scenario:
    """The scenario to practise next.

    First a category is drawn, weighted toward the lowest averages, then a scenario within it:
    one never practised if it has any, else one of the least recently practised. Categories
    in the draw are those with scenarios due (never practised while any are; otherwise in the
    least recently practised quarter), and always those where the person is known to struggle,
    so a weak category keeps coming back even while new ground remains. `topic` limits the
    draw to one pack or category id. Raises NoScenarios when nothing matches.
    """
    candidates = [
        scenario
        for scenario in library.scenarios
        if topic is None or topic in (scenario.pack, scenario.category.value)
    ]
    if not candidates:
        where = f" for “{topic}”" if topic else ""
        raise NoScenarios(f"There are no scenarios{where} to practise with yet.")

    never = [s for s in candidates if history.last_practised(s.id) is None]
    if never:
        due = never
    else:
        # Sorting on (time, id) keeps the order stable for equal times, so a seeded rng repeats.
        by_age = sorted(candidates, key=lambda s: (history.last_practised(s.id), s.id))
        due = by_age[: max(MIN_POOL, len(by_age) // 4)]
    pools: dict[Category, list[Scenario]] = {}
    for scenario in due:
        pools.setdefault(scenario.category, []).append(scenario)
    for category in dict.fromkeys(s.category for s in candidates):
        average = history.average(category)
        if category in pools or average is None or average >= UNSCORED_AVERAGE:
            continue
        # A struggling category with nothing due still offers its least recently practised.
        own = [s for s in candidates if s.category is category]
        pools[category] = [min(own, key=lambda s: (history.last_practised(s.id), s.id))]
    categories = list(pools)
    weights = [category_weight(history, category) for category in categories]
    chosen = rng.choices(categories, weights=weights, k=1)[0]
    return rng.choice(pools[chosen])


def as_hurt(scenario: Scenario, rng: random.Random | None = None) -> Hurt:
    """The scenario as practice's Hurt: opening, then follow-ups; options shuffled if rng given."""
    from desktop.practice.records import Hurt, Option

    def one(prompt: Prompt) -> Hurt:
        options = [Option(o.text, o.label.value, o.why) for o in prompt.options]
        if rng is not None:
            rng.shuffle(options)
        return Hurt(prompt.text, options=tuple(options), scenario_id=scenario.id)

    opening = one(scenario.opening)
    follow_ups = tuple(one(prompt) for prompt in scenario.follow_ups)
    return Hurt(
        opening.text, options=opening.options, scenario_id=scenario.id, follow_ups=follow_ups
    )


def hurt_source(
    library: Library,
    history: PracticeHistory,
    rng: random.Random,
    topic: str | None = None,
    now: datetime | None = None,
) -> Callable[[int], Hurt]:
    """A solo session's source of hurts: round n gets `choose_next`, never a repeat in a session.

    Each scenario drawn counts as practised just now, so the next round moves on to another.
    """
    drawn: list[Practised] = []
    moment = now or datetime.now(UTC)

    def next_hurt(round_index: int) -> Hurt:
        seen = PracticeHistory(history.practised + tuple(drawn), history.averages)
        scenario = choose_next(library, seen, rng, topic)
        drawn.append(Practised(scenario.id, moment + timedelta(seconds=round_index + 1)))
        return as_hurt(scenario, rng)

    return next_hurt
