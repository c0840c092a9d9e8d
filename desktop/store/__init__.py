"""Attune's storage: the only place with SQL. Open with `Store.open(paths)`."""

from __future__ import annotations

from desktop.store.backups import KEEP_BACKUPS
from desktop.store.connection import connect
from desktop.store.migrations import SCHEMA_VERSION
from desktop.store.records import (
    Backup,
    BreakReplay,
    CustomScenario,
    DoctorReport,
    ExportReport,
    FeltHeardPoint,
    FileCheck,
    HabitTrend,
    NoticeKind,
    Partner,
    PartnerStats,
    ProgressPoint,
    SafetyReplay,
    ScenarioPractice,
    SelfCheck,
    SessionReplay,
    SessionSummary,
    StoredHit,
    StoredResult,
    StoreNotice,
    StoreStats,
    Trend,
    TurnReplay,
)
from desktop.store.store import Store

__all__ = [
    "KEEP_BACKUPS",
    "SCHEMA_VERSION",
    "Backup",
    "BreakReplay",
    "CustomScenario",
    "DoctorReport",
    "ExportReport",
    "FeltHeardPoint",
    "FileCheck",
    "HabitTrend",
    "NoticeKind",
    "Partner",
    "PartnerStats",
    "ProgressPoint",
    "SafetyReplay",
    "ScenarioPractice",
    "SelfCheck",
    "SessionReplay",
    "SessionSummary",
    "Store",
    "StoreNotice",
    "StoreStats",
    "StoredHit",
    "StoredResult",
    "Trend",
    "TurnReplay",
    "connect",
]
