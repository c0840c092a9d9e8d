"""The values a practice session is made of: settings, hurts, turns, ratings, breaks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.engine import Result, ShareResult

MIN_ROUND_SECONDS = 30
MAX_ROUND_SECONDS = 300
DEFAULT_ROUND_SECONDS = 90
MAX_ROUNDS = 20
MAX_FOLLOW_UPS = 4


class Mode(StrEnum):
    COUPLE = "couple"
    SOLO = "solo"


class AnswerMode(StrEnum):
    PICK = "pick"
    TYPE = "type"
    BOTH = "both"


class SessionStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    INTERRUPTED = "interrupted"
    ENDED_EARLY = "ended_early"


class BreakReason(StrEnum):
    BREAK = "break"  # "Take a break": self-regulation, never scored as withdrawal
    SAFETY = "safety"  # the safety screen paused the exercise


@dataclass(frozen=True, slots=True)
class SessionSettings:
    """What the start screen chose. Validated on construction."""

    mode: Mode
    partners: tuple[str, ...]
    first_sharer: int = 0
    round_seconds: int | None = DEFAULT_ROUND_SECONDS  # None: untimed
    rounds: int = 2
    answer_mode: AnswerMode = AnswerMode.BOTH
    follow_ups: int = 1
    hints: bool = True
    swap_roles: bool = True
    topic: str | None = None  # a scenario pack or category, or None for any

    def __post_init__(self) -> None:
        expected = 2 if self.mode is Mode.COUPLE else 1
        names = tuple(name.strip() for name in self.partners)
        if len(names) != expected or any(not name for name in names):
            raise ValueError(f"{self.mode.value} mode needs {expected} name(s)")
        if self.mode is Mode.COUPLE and names[0].casefold() == names[1].casefold():
            raise ValueError("the two partners need different names")
        object.__setattr__(self, "partners", names)
        if self.first_sharer not in range(expected):
            raise ValueError("first_sharer must name one of the partners")
        if self.round_seconds is not None and not (
            MIN_ROUND_SECONDS <= self.round_seconds <= MAX_ROUND_SECONDS
        ):
            raise ValueError(
                f"round length must be {MIN_ROUND_SECONDS}-{MAX_ROUND_SECONDS} s, or untimed"
            )
        if not 1 <= self.rounds <= MAX_ROUNDS:
            raise ValueError(f"rounds must be 1-{MAX_ROUNDS}")
        if not 0 <= self.follow_ups <= MAX_FOLLOW_UPS:
            raise ValueError(f"follow-up turns must be 0-{MAX_FOLLOW_UPS}")


@dataclass(frozen=True, slots=True)
class Option:
    """One answer the answerer can pick; `expected` is the label the scenario tags it with."""

    text: str
    expected: str | None = None
    why: str = ""


@dataclass(frozen=True, slots=True)
class Hurt:
    """What the sharer said, with any answer options and the scenario's next lines."""

    text: str
    options: tuple[Option, ...] = ()
    scenario_id: str | None = None
    follow_ups: tuple[Hurt, ...] = ()


@dataclass(frozen=True, slots=True)
class FeltHeard:
    """The sharer's own rating, taken before the engine's verdict is shown."""

    rating: int  # 1..5
    note: str = ""

    def __post_init__(self) -> None:
        if not 1 <= self.rating <= 5:
            raise ValueError("a felt-heard rating is 1 to 5")


@dataclass(frozen=True, slots=True)
class Turn:
    """One scored answer: the unit of work that is saved whole or not at all."""

    round_index: int
    turn_index: int  # 0 = the opening hurt, 1.. = follow-ups
    sharer: str
    answerer: str
    hurt: Hurt
    share: ShareResult | None  # couple mode: the sharer's own text, scored for gentleness
    answer_text: str
    chosen_option: int | None  # index into hurt.options when picked
    elapsed: float  # seconds of answering time used (breaks excluded)
    timed_out: bool
    result: Result
    answered_at: datetime
    felt_heard: FeltHeard | None = None


@dataclass(frozen=True, slots=True)
class Break:
    round_index: int
    turn_index: int
    reason: BreakReason
    started_at: datetime
    seconds: float


@dataclass(frozen=True, slots=True)
class SafetyEvent:
    """The detector fired; the kind is kept, the text is not copied again."""

    round_index: int
    turn_index: int
    level: str
    kind: str
    source: str  # "share" | "answer" | "note"
    at: datetime


@dataclass(frozen=True, slots=True)
class Draft:
    """The text in the box being typed, autosaved every few seconds so a crash loses little."""

    round_index: int
    turn_index: int
    phase: str  # "share" or "answer": which box the text belongs in
    hurt_text: str  # for an answer draft: the hurt it answers, so the round can go on
    text: str
    saved_at: datetime


@dataclass(frozen=True, slots=True)
class SessionSnapshot:
    """Everything saved about a session, enough to resume it after a crash."""

    session_id: int
    settings: SessionSettings
    started_at: datetime
    status: SessionStatus
    turns: tuple[Turn, ...] = ()
    breaks: tuple[Break, ...] = ()
    draft: Draft | None = None
