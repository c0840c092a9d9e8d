"""Filling a real store through the real practice session, with a small predictable scorer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from desktop.practice import FeltHeard, ManualClock, Mode, PracticeSession, SessionSettings
from desktop.store import Store


@dataclass(frozen=True, slots=True)
class StandInHit:
    rule_id: str
    category: str
    polarity: str
    start: int
    end: int
    weight: float
    message: str
    suggestion: str


@dataclass(frozen=True, slots=True)
class StandInResult:
    validation: float
    defensiveness: float
    label: str
    hits: tuple[StandInHit, ...]
    steps: None = None
    rules_version: str = "test"


# Each phrase scores a known amount, so tests can assert exact averages and highlights.
PHRASES = (
    ("that makes sense", "making_sense", "validation", 40.0, "Shows their feeling fits."),
    ("i'm sorry", "apology", "validation", 40.0, "A clean apology."),
    ("you always", "always_never", "defensiveness", 50.0, "Sweeping words start a fight."),
    ("but", "yes_but", "defensiveness", 30.0, "A 'but' cancels what came before."),
)


def stand_in_score(text: str, hurt: str | None = None) -> StandInResult:
    lowered = text.lower()
    hits = []
    validation = defensiveness = 0.0
    for phrase, category, polarity, weight, message in PHRASES:
        at = lowered.find(phrase)
        if at < 0:
            continue
        hits.append(
            StandInHit(
                f"{category}.1",
                category,
                polarity,
                at,
                at + len(phrase),
                weight,
                message,
                "Try naming their feeling first.",
            )
        )
        if polarity == "validation":
            validation += weight
        else:
            defensiveness += weight
    validation, defensiveness = min(100.0, validation), min(100.0, defensiveness)
    if not text.strip():
        label = "withdrawing"
    elif validation > defensiveness:
        label = "validating"
    elif defensiveness > validation:
        label = "defensive"
    else:
        label = "neutral"
    return StandInResult(validation, defensiveness, label, tuple(hits))


@dataclass(frozen=True, slots=True)
class StandInShare:
    gentleness: float = 50.0
    harshness: float = 0.0
    label: str = "gentle"
    hits: tuple[StandInHit, ...] = ()


def stand_in_share(text: str) -> StandInShare:
    return StandInShare()


def couple_session(
    store: Store,
    names: tuple[str, str],
    answers: list[str],
    *,
    when: datetime,
    ratings: list[int] | None = None,
) -> int:
    """One couple session, one round per answer, no follow-ups; returns its id."""
    start = when.astimezone(UTC)
    clock = ManualClock(start=0.0, wall=start)
    settings = SessionSettings(
        Mode.COUPLE, names, rounds=len(answers), follow_ups=0, round_seconds=90
    )
    session = PracticeSession(
        settings,
        clock=clock,
        recorder=store,
        scorer=stand_in_score,
        share_scorer=stand_in_share,  # type: ignore[arg-type]
    )
    session.start()
    for index, answer in enumerate(answers):
        session.send_share(f"I felt alone when plans changed ({index + 1}).")
        session.ready()
        clock.advance(20)
        session.submit(answer)
        rating = (ratings or [])[index] if ratings and index < len(ratings) else None
        if rating is None:
            session.skip_rating()
        else:
            session.rate(FeltHeard(rating, ""))
        session.next()
    return session.session_id


def days_ago(days: float) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


def started_session(store: Store, names: tuple[str, str], answer: str) -> int:
    """A couple session cut off after its first saved answer, as a crash would leave it."""
    clock = ManualClock(start=0.0, wall=days_ago(0.1))
    settings = SessionSettings(Mode.COUPLE, names, rounds=2, follow_ups=0, round_seconds=90)
    session = PracticeSession(
        settings,
        clock=clock,
        recorder=store,
        scorer=stand_in_score,
        share_scorer=stand_in_share,  # type: ignore[arg-type]
    )
    session.start()
    session.send_share("I felt forgotten when you were late again.")
    session.ready()
    clock.advance(15)
    session.submit(answer)
    session.skip_rating()
    session.next()
    return session.session_id
