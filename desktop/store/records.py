"""The values the store hands out: frozen records for history, progress, replay and doctor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from desktop.practice.records import FeltHeard, Mode, SessionStatus


@dataclass(frozen=True, slots=True)
class StoredHit:
    """A rule hit as saved: enough to highlight the span and explain it again."""

    rule_id: str
    category: str
    polarity: str
    start: int
    end: int
    weight: float
    message: str = ""
    suggestion: str = ""


@dataclass(frozen=True, slots=True)
class StoredResult:
    """An answer's score as saved, with the rule-set version it was scored with."""

    validation: float
    defensiveness: float
    label: str
    hits: tuple[StoredHit, ...]
    steps: object  # the engine's steps record, or its saved form when it cannot be rebuilt
    rules_version: str


@dataclass(frozen=True, slots=True)
class Partner:
    partner_id: int
    name: str
    sessions: int
    answers: int


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """One row of the history list."""

    session_id: int
    started_at: datetime
    ended_at: datetime | None
    mode: Mode
    status: SessionStatus
    partners: tuple[str, ...]
    rounds: int  # rounds with at least one saved answer
    answers: int
    validation: float | None  # averages over the session's answers; None without answers
    defensiveness: float | None
    felt_heard: float | None


@dataclass(frozen=True, slots=True)
class TurnReplay:
    """One saved answer, as the history screen replays it."""

    turn_id: int
    round_index: int
    turn_index: int
    sharer: str
    answerer: str
    hurt_text: str
    scenario_id: str | None
    share_label: str | None
    answer_text: str
    chosen_option: int | None
    elapsed: float
    timed_out: bool
    result: StoredResult
    answered_at: datetime
    felt_heard: FeltHeard | None


@dataclass(frozen=True, slots=True)
class BreakReplay:
    round_index: int
    turn_index: int
    reason: str
    started_at: datetime
    seconds: float


@dataclass(frozen=True, slots=True)
class SafetyReplay:
    """A safety event as kept: its kind and level, never the words that raised it."""

    round_index: int
    turn_index: int
    level: str
    kind: str
    source: str
    at: datetime


@dataclass(frozen=True, slots=True)
class SessionReplay:
    summary: SessionSummary
    turns: tuple[TurnReplay, ...]
    breaks: tuple[BreakReplay, ...]
    safety_events: tuple[SafetyReplay, ...]


@dataclass(frozen=True, slots=True)
class ProgressPoint:
    """One session in a partner's progress chart (their own answers only)."""

    session_id: int
    at: datetime
    answers: int
    validation: float
    defensiveness: float
    felt_heard: float | None


@dataclass(frozen=True, slots=True)
class FeltHeardPoint:
    """A sharer's rating next to the engine's score of the same answer."""

    turn_id: int
    at: datetime
    rating: int
    validation: float
    defensiveness: float


class Trend(StrEnum):
    UP = "up"
    DOWN = "down"
    SAME = "same"


@dataclass(frozen=True, slots=True)
class HabitTrend:
    """A defensive habit counted per answer in the recent window against the earlier one."""

    category: str
    recent: int
    earlier: int
    recent_rate: float  # hits per answer in the recent window
    earlier_rate: float
    trend: Trend


@dataclass(frozen=True, slots=True)
class PartnerStats:
    name: str
    sessions: int
    answers: int
    validation: float | None
    defensiveness: float | None
    top_habits: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class StoreStats:
    sessions: int
    answers: int
    partners: tuple[PartnerStats, ...]


@dataclass(frozen=True, slots=True)
class ScenarioPractice:
    """How often and how well a scenario was answered, for choosing the next solo scenario."""

    scenario_id: str
    last_practised: datetime
    answers: int
    validation: float


@dataclass(frozen=True, slots=True)
class CustomScenario:
    """A scenario the user wrote or imported, kept as the text it came in."""

    scenario_id: str
    pack: str
    body: str
    format: str  # "toml" or "json"
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class SelfCheck:
    check_id: int
    at: datetime
    level: int  # 1..5
    flags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    made_at: datetime
    size: int


class NoticeKind(StrEnum):
    CORRUPT_MOVED = "corrupt_moved"
    UPGRADED = "upgraded"
    RESTORED = "restored"
    READ_ONLY = "read_only"


@dataclass(frozen=True, slots=True)
class StoreNotice:
    """Something the user should be told once, after opening (e.g. where a damaged file went)."""

    kind: NoticeKind
    message: str
    moved_to: Path | None = None
    backups: tuple[Backup, ...] = ()


@dataclass(frozen=True, slots=True)
class FileCheck:
    path: Path
    mode: int  # permission bits, e.g. 0o600
    expected: int
    size: int

    @property
    def ok(self) -> bool:
        # Group and others must have no access at all; the owner's bits may vary.
        return self.mode & 0o077 == 0


@dataclass(frozen=True, slots=True)
class DoctorReport:
    location: Path
    exists: bool
    size: int  # the database with its -wal and -shm, in bytes
    schema_version: int
    app_schema_version: int
    integrity: str  # "ok" or the first problems SQLite reported
    files: tuple[FileCheck, ...]
    backups: tuple[Backup, ...]
    encrypted: bool
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class ExportReport:
    path: Path | None
    format: str
    sessions: int
    turns: int
