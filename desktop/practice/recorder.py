"""Where a session's events go the moment they happen: the store, or nowhere in tests."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from desktop.practice.records import (
    Break,
    Draft,
    FeltHeard,
    SafetyEvent,
    SessionSettings,
    SessionStatus,
    Turn,
)


class SessionRecorder(Protocol):
    """Each call commits before it returns; a failure raises AttuneError and changes nothing.

    The session calls these in order; ids are the store's. A recorder that fails (disk full,
    database busy) must leave no half-written unit, so the caller can simply retry.
    """

    def session_started(self, settings: SessionSettings, started_at: datetime) -> int: ...

    def turn_scored(self, session_id: int, turn: Turn) -> int: ...

    def felt_heard_rated(self, turn_id: int, felt_heard: FeltHeard) -> None: ...

    def break_taken(self, session_id: int, pause: Break) -> None: ...

    def safety_flagged(self, session_id: int, event: SafetyEvent) -> None: ...

    def draft_saved(self, session_id: int, draft: Draft) -> None: ...

    def session_ended(self, session_id: int, status: SessionStatus, ended_at: datetime) -> None: ...


class NullRecorder:
    """Keeps nothing; for tests of the state machine alone and for throwaway practice."""

    def __init__(self) -> None:
        self._next = 0

    def _new_id(self) -> int:
        self._next += 1
        return self._next

    def session_started(self, settings: SessionSettings, started_at: datetime) -> int:
        return self._new_id()

    def turn_scored(self, session_id: int, turn: Turn) -> int:
        return self._new_id()

    def felt_heard_rated(self, turn_id: int, felt_heard: FeltHeard) -> None:
        return None

    def break_taken(self, session_id: int, pause: Break) -> None:
        return None

    def safety_flagged(self, session_id: int, event: SafetyEvent) -> None:
        return None

    def draft_saved(self, session_id: int, draft: Draft) -> None:
        return None

    def session_ended(self, session_id: int, status: SessionStatus, ended_at: datetime) -> None:
        return None
