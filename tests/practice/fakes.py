"""Stand-ins for the engine and the store, so the state machine is tested on its own."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from desktop.errors import DatabaseLocked, DiskFull
from desktop.practice import (
    Break,
    Draft,
    FeltHeard,
    SafetyEvent,
    SessionSettings,
    SessionStatus,
    Turn,
)


@dataclass(frozen=True)
class FakeHit:
    category: str
    polarity: str


@dataclass(frozen=True)
class FakeResult:
    validation: float
    defensiveness: float
    label: str
    hits: tuple[FakeHit, ...] = ()


def fake_score(text: str, hurt: str | None) -> Any:
    """Validating when it says sorry, defensive on 'but', withdrawing when empty."""
    if not text.strip():
        return FakeResult(0, 60, "withdrawing")
    if "but" in text:
        return FakeResult(20, 70, "defensive", (FakeHit("yes_but", "defensiveness"),))
    if "sorry" in text:
        return FakeResult(80, 0, "validating")
    return FakeResult(10, 10, "neutral")


def fake_share(text: str) -> Any:
    return FakeResult(50, 0, "gentle")


@dataclass
class RecordingRecorder:
    """Keeps every call, and can be told to fail the next save like a full disk."""

    calls: list[tuple[str, Any]] = field(default_factory=list)
    fail_next_turn: bool = False
    busy_safety: int = 0  # how many safety notes in a row fail as if the database were busy
    _next: int = 0

    def _id(self) -> int:
        self._next += 1
        return self._next

    def session_started(self, settings: SessionSettings, started_at: datetime) -> int:
        self.calls.append(("session_started", settings))
        return self._id()

    def turn_scored(self, session_id: int, turn: Turn) -> int:
        if self.fail_next_turn:
            self.fail_next_turn = False
            raise DiskFull("The disk is full.")
        self.calls.append(("turn_scored", turn))
        return self._id()

    def felt_heard_rated(self, turn_id: int, felt_heard: FeltHeard) -> None:
        self.calls.append(("felt_heard_rated", (turn_id, felt_heard)))

    def break_taken(self, session_id: int, pause: Break) -> None:
        self.calls.append(("break_taken", pause))

    def safety_flagged(self, session_id: int, event: SafetyEvent) -> None:
        if self.busy_safety:
            self.busy_safety -= 1
            raise DatabaseLocked("The database is busy.")
        self.calls.append(("safety_flagged", event))

    def draft_saved(self, session_id: int, draft: Draft) -> None:
        self.calls.append(("draft_saved", draft))

    def session_ended(self, session_id: int, status: SessionStatus, ended_at: datetime) -> None:
        self.calls.append(("session_ended", status))

    def named(self, name: str) -> list[Any]:
        return [value for call, value in self.calls if call == name]
