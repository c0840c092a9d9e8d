"""Builders for store tests: settings, turns with hits, and a store in a temp folder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from desktop.practice import FeltHeard, Hurt, Mode, Option, SessionSettings, Turn

T0 = datetime(2026, 1, 5, 19, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Hit:
    rule_id: str
    category: str
    polarity: str
    start: int
    end: int
    weight: float
    message: str = ""
    suggestion: str = ""


@dataclass(frozen=True)
class Result:
    validation: float
    defensiveness: float
    label: str
    hits: tuple[Hit, ...]
    steps: tuple[str, ...] = ()
    rules_version: str = "test-1"


def couple(first: str = "Ana", second: str = "Ben") -> SessionSettings:
    return SessionSettings(Mode.COUPLE, (first, second), rounds=2, follow_ups=1)


def result_for(text: str) -> Result:
    """A small stand-in score: 'sorry' validates, 'but' is defensive."""
    hits = []
    at = text.find("sorry")
    if at >= 0:
        hits.append(Hit("sorry", "apology", "validation", at, at + 5, 1.0, "Owns it.", ""))
    at = text.find("but")
    if at >= 0:
        hits.append(Hit("yes_but", "yes_but", "defensiveness", at, at + 3, 1.5, "Cancels.", "and"))
    validation = 80.0 if "sorry" in text else 10.0
    defensiveness = 70.0 if "but" in text else 5.0
    return Result(validation, defensiveness, "mixed", tuple(hits), ("validate",))


def make_turn(
    text: str = "I'm sorry, but I was tired",
    *,
    round_index: int = 0,
    turn_index: int = 0,
    sharer: str = "Ana",
    answerer: str = "Ben",
    minutes: float = 0.0,
    felt_heard: FeltHeard | None = None,
    hurt: str = "I felt alone when you left early.",
) -> Turn:
    return Turn(
        round_index=round_index,
        turn_index=turn_index,
        sharer=sharer,
        answerer=answerer,
        hurt=Hurt(hurt, options=(Option("I hear you.", "validating", "names it"),)),
        share=None,
        answer_text=text,
        chosen_option=None,
        elapsed=12.5,
        timed_out=False,
        result=result_for(text),  # type: ignore[arg-type]
        answered_at=T0 + timedelta(minutes=minutes),
        felt_heard=felt_heard,
    )
