"""Practice sessions: settings, rounds and turns, the timer, as a Qt-free state machine."""

from __future__ import annotations

from desktop.practice.clock import Clock, ManualClock, SystemClock
from desktop.practice.recorder import NullRecorder, SessionRecorder
from desktop.practice.records import (
    AnswerMode,
    Break,
    BreakReason,
    Draft,
    FeltHeard,
    Hurt,
    Mode,
    Option,
    SafetyEvent,
    SessionSettings,
    SessionSnapshot,
    SessionStatus,
    Turn,
)
from desktop.practice.session import Phase, PracticeSession

__all__ = [
    "AnswerMode",
    "Break",
    "BreakReason",
    "Clock",
    "Draft",
    "FeltHeard",
    "Hurt",
    "ManualClock",
    "Mode",
    "NullRecorder",
    "Option",
    "Phase",
    "PracticeSession",
    "SafetyEvent",
    "SessionRecorder",
    "SessionSettings",
    "SessionSnapshot",
    "SessionStatus",
    "SystemClock",
    "Turn",
]
