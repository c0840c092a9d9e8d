"""The end-of-session summary: averages, best answer, habits to work on, change over time."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from desktop.practice.records import Turn

_WORKED = frozenset({"validating", "mixed"})


@dataclass(frozen=True, slots=True)
class EarlierAverages:
    """A partner's averages over earlier sessions, from the store, to show change."""

    validation: float
    defensiveness: float
    sessions: int


@dataclass(frozen=True, slots=True)
class PartnerSummary:
    """One answerer's practice in this session: feedback for them, not a contest."""

    name: str
    answers: int
    validation: float
    defensiveness: float
    best: Turn | None  # the answer that worked best; None when none of them worked
    habits: tuple[str, ...]  # up to two defensive habit categories, most frequent first
    felt_heard: float | None
    rated_by: tuple[str, ...]  # who gave the felt-heard ratings (the sharers)
    validation_change: float | None  # against earlier sessions; None when there are none
    defensiveness_change: float | None


def summarise(
    turns: Sequence[Turn], earlier: Mapping[str, EarlierAverages] | None = None
) -> tuple[PartnerSummary, ...]:
    """One summary per answerer, in the order they first answered."""
    by_answerer: dict[str, list[Turn]] = {}
    for turn in turns:
        by_answerer.setdefault(turn.answerer, []).append(turn)
    summaries = []
    for name, own in by_answerer.items():
        validation = sum(t.result.validation for t in own) / len(own)
        defensiveness = sum(t.result.defensiveness for t in own) / len(own)
        # Only an answer that worked is held up as the best: validation above defensiveness
        # and a label that says it helped. Otherwise the card says nothing of a best answer.
        worked = [
            t
            for t in own
            if t.result.label in _WORKED and t.result.validation > t.result.defensiveness
        ]
        best = max(
            worked,
            key=lambda t: (t.result.validation - t.result.defensiveness, -t.elapsed),
            default=None,
        )
        habits = Counter(
            hit.category for t in own for hit in t.result.hits if hit.polarity == "defensiveness"
        )
        ratings = [t.felt_heard.rating for t in own if t.felt_heard is not None]
        raters = tuple(dict.fromkeys(t.sharer for t in own if t.felt_heard is not None))
        before = (earlier or {}).get(name)
        summaries.append(
            PartnerSummary(
                name=name,
                answers=len(own),
                validation=validation,
                defensiveness=defensiveness,
                best=best,
                habits=tuple(category for category, _ in habits.most_common(2)),
                felt_heard=sum(ratings) / len(ratings) if ratings else None,
                rated_by=raters,
                validation_change=None if before is None else validation - before.validation,
                defensiveness_change=(
                    None if before is None else defensiveness - before.defensiveness
                ),
            )
        )
    return tuple(summaries)
