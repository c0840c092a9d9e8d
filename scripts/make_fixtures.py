"""Freeze a database of each earlier schema version into tests/fixtures/ for upgrade tests.

Run once when a migration is added (`python scripts/make_fixtures.py`), then commit the new
file; existing fixtures are never rebuilt, since they stand for files users already have.
Rows are written with plain dicts, matching the schema of that version exactly.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import sqlite_utils

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.store import migrations  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"


def make_v1(path: Path, *, close: bool = True) -> sqlite_utils.Database:
    """Schema 1 (m001_initial): two partners, two sessions, three answers with hits."""
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode = DELETE")
    migrations.apply(db, stop_before="m002_add_library_and_settings")
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    db.table("partners").insert_all(
        [
            {"id": 1, "name": "Ana", "created_at": "2025-06-01T19:00:00.000000+00:00"},
            {"id": 2, "name": "Ben", "created_at": "2025-06-01T19:00:00.000000+00:00"},
        ]
    )
    base = {
        "mode": "couple",
        "first_sharer": 0,
        "round_seconds": 90,
        "rounds": 1,
        "answer_mode": "both",
        "follow_ups": 1,
        "hints": 1,
        "swap_roles": 1,
        "topic": None,
    }
    db.table("sessions").insert_all(
        [
            {
                **base,
                "id": 1,
                "status": "completed",
                "started_at": "2025-06-01T19:00:00.000000+00:00",
                "ended_at": "2025-06-01T19:20:00.000000+00:00",
            },
            {
                **base,
                "id": 2,
                "status": "in_progress",
                "started_at": "2025-06-08T19:00:00.000000+00:00",
                "ended_at": None,
            },
        ]
    )
    db.table("session_partners").insert_all(
        [{"session_id": s, "position": p, "partner_id": p + 1} for s in (1, 2) for p in (0, 1)]
    )
    turn = {
        "sharer": "Ana",
        "answerer": "Ben",
        "answerer_id": 2,
        "hurt_text": "I felt alone when you left the party without me.",
        "scenario_id": None,
        "hurt_json": None,
        "share_json": None,
        "share_label": None,
        "chosen_option": None,
        "elapsed": 20.0,
        "timed_out": 0,
        "label": "mixed",
        "rules_version": "1",
        "steps_json": '{"validate":true,"own":false,"explain":true,"in_order":true}',
    }
    db.table("turns").insert_all(
        [
            {
                **turn,
                "id": 1,
                "session_id": 1,
                "round_index": 0,
                "turn_index": 0,
                "answer_text": "I'm sorry, but I was tired.",
                "validation": 40.0,
                "defensiveness": 55.0,
                "answered_at": "2025-06-01T19:05:00.000000+00:00",
            },
            {
                **turn,
                "id": 2,
                "session_id": 1,
                "round_index": 0,
                "turn_index": 1,
                "answer_text": "That must have felt lonely. I'm sorry.",
                "validation": 85.0,
                "defensiveness": 0.0,
                "label": "validating",
                "answered_at": "2025-06-01T19:10:00.000000+00:00",
            },
            {
                **turn,
                "id": 3,
                "session_id": 2,
                "round_index": 0,
                "turn_index": 0,
                "answer_text": "You always say that.",
                "validation": 0.0,
                "defensiveness": 80.0,
                "label": "defensive",
                "answered_at": "2025-06-08T19:05:00.000000+00:00",
            },
        ]
    )
    db.table("hits").insert_all(
        [
            {
                "turn_id": 1,
                "position": 0,
                "rule_id": "apology.sorry",
                "category": "apology",
                "polarity": "validation",
                "start": 4,
                "end": 9,
                "weight": 1.0,
                "message": "",
                "suggestion": "",
            },
            {
                "turn_id": 1,
                "position": 1,
                "rule_id": "but.cancel",
                "category": "yes_but",
                "polarity": "defensiveness",
                "start": 11,
                "end": 14,
                "weight": 1.5,
                "message": "",
                "suggestion": "",
            },
            {
                "turn_id": 3,
                "position": 0,
                "rule_id": "always",
                "category": "criticism",
                "polarity": "defensiveness",
                "start": 4,
                "end": 10,
                "weight": 1.0,
                "message": "",
                "suggestion": "",
            },
        ]
    )
    db.table("felt_heard").insert({"turn_id": 2, "rating": 4, "note": "better", "rated_at": "x"})
    db.table("drafts").insert(
        {
            "session_id": 2,
            "round_index": 0,
            "turn_index": 1,
            "phase": "answer",
            "hurt_text": "And then you laughed.",
            "text": "I laughed because",
            "saved_at": "2025-06-08T19:06:00.000000+00:00",
        }
    )
    if close:
        db.close()
    return db


def make_v2(path: Path, *, close: bool = True) -> sqlite_utils.Database:
    """Schema 2 (m002): the v1 rows, an answer with options and follow-ups kept per answer
    (as schema 1-2 did), a custom scenario, a self-check and a preference."""
    db = make_v1(path, close=False)
    migrations.apply(db, stop_before="m003_add_option_sets")
    assert db.execute("PRAGMA user_version").fetchone()[0] == 2
    options = [
        {"text": "I hear you.", "expected": "validating", "why": "Names it."},
        {"text": "Not this again.", "expected": "defensive", "why": "Dismisses."},
    ]
    db.table("turns").insert(
        {
            "id": 4,
            "session_id": 1,
            "round_index": 1,
            "turn_index": 0,
            "sharer": "Ben",
            "answerer": "Ana",
            "answerer_id": 1,
            "hurt_text": "You read my messages.",
            "scenario_id": "digital-03",
            "hurt_json": json.dumps(
                {
                    "options": options,
                    "follow_ups": [{"text": "Why?", "options": [], "follow_ups": []}],
                }
            ),
            "share_json": None,
            "share_label": None,
            "answer_text": "I hear you.",
            "chosen_option": 0,
            "elapsed": 9.5,
            "timed_out": 0,
            "validation": 70.0,
            "defensiveness": 0.0,
            "label": "validating",
            "rules_version": "1",
            "steps_json": None,
            "answered_at": "2025-06-01T19:15:00.000000+00:00",
        }
    )
    db.table("custom_scenarios").insert(
        {
            "id": "mine-01",
            "pack": "mine",
            "format": "toml",
            "body": 'id = "mine-01"\nhurt = "You forgot my birthday."\n',
            "updated_at": "2025-06-02T10:00:00.000000+00:00",
        }
    )
    db.table("self_checks").insert(
        {"id": 1, "at": "2025-06-02T10:00:00.000000+00:00", "level": 3, "flags": '["sleep"]'}
    )
    db.table("preferences").insert(
        {"key": "theme", "value": "dark", "updated_at": "2025-06-02T10:00:00.000000+00:00"}
    )
    if close:
        db.close()
    return db


def make_v3(path: Path) -> None:
    """Schema 3 (m003): the v2 rows (options moved into option_sets by the upgrade), plus a
    rated answer in session 2 that uses the same option set."""
    db = make_v2(path, close=False)
    migrations.apply(db, stop_before="m004_add_answer_totals")
    assert db.execute("PRAGMA user_version").fetchone()[0] == 3
    (set_id,) = db.execute("SELECT option_set_id FROM turns WHERE id = 4").fetchone()
    db.table("turns").insert(
        {
            "id": 5,
            "session_id": 2,
            "round_index": 0,
            "turn_index": 1,
            "sharer": "Ana",
            "answerer": "Ben",
            "answerer_id": 2,
            "hurt_text": "You read my messages.",
            "scenario_id": "digital-03",
            "hurt_json": None,
            "option_set_id": set_id,
            "share_json": None,
            "share_label": None,
            "answer_text": "Not this again.",
            "chosen_option": 1,
            "elapsed": 4.0,
            "timed_out": 0,
            "validation": 0.0,
            "defensiveness": 60.0,
            "label": "defensive",
            "rules_version": "1",
            "steps_json": None,
            "answered_at": "2025-06-08T19:08:00.000000+00:00",
        }
    )
    db.table("felt_heard").insert(
        {"turn_id": 5, "rating": 1, "note": "", "rated_at": "2025-06-08T19:09:00.000000+00:00"}
    )
    db.close()


MAKERS = {1: make_v1, 2: make_v2, 3: make_v3}


def main() -> int:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for version, make in MAKERS.items():
        target = FIXTURES / f"attune-v{version}.db"
        if target.exists():
            print(f"{target} exists; fixtures are frozen, not rebuilt.")
            continue
        make(target)
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
