"""The database schema as numbered migrations; a shipped migration is never edited.

Each migration runs in one transaction together with the record that it ran and the new
`PRAGMA user_version`, so a crash inside one leaves the previous version intact. Tables and
indexes are created only here.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
import time
from collections.abc import Callable
from typing import Any

import sqlite_utils
from sqlite_utils.db import ForeignKey, Table
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("attune")

# A test sets this to a migration's name to stop that process inside the migration's
# transaction, so it can be killed there (see tests/store/test_crash.py).
PAUSE_ENV = "ATTUNE_STORE_TEST_PAUSE"

_versions: list[str] = []


def pause_point(name: str) -> None:
    """Hold here when a crash test asked for it; does nothing otherwise."""
    if os.environ.get(PAUSE_ENV) == name:
        print(f"paused {name}", flush=True)
        sys.stdout.flush()
        time.sleep(120)


def numbered(number: int) -> Callable[[Callable[[sqlite_utils.Database], None]], None]:
    """Register a migration as schema version `number` (they must come in order)."""

    def register(fn: Callable[[sqlite_utils.Database], None]) -> None:
        if number != len(_versions) + 1:
            raise RuntimeError(f"migration {fn.__name__} is out of order")
        _versions.append(fn.__name__)

        def run(db: sqlite_utils.Database) -> None:
            fn(db)
            db.execute(f"PRAGMA user_version = {number}")
            pause_point(fn.__name__)

        run.__name__ = fn.__name__
        MIGRATIONS(name=fn.__name__)(run)

    return register


def _table(db: sqlite_utils.Database, name: str) -> Table:
    return db.table(name)


def _fk(column: str, other: str, on_delete: str = "CASCADE") -> ForeignKey:
    return ForeignKey(
        table="", column=column, other_table=other, other_column="id", on_delete=on_delete
    )


@numbered(1)
def m001_initial(db: sqlite_utils.Database) -> None:
    _table(db, "partners").create(
        {"id": int, "name": str, "created_at": str},
        pk="id",
        not_null=["name", "created_at"],
    )
    _table(db, "partners").create_index(["name"], unique=True)
    _table(db, "sessions").create(
        {
            "id": int,
            "mode": str,
            "status": str,
            "first_sharer": int,
            "round_seconds": int,  # NULL: untimed
            "rounds": int,
            "answer_mode": str,
            "follow_ups": int,
            "hints": int,
            "swap_roles": int,
            "topic": str,
            "started_at": str,
            "ended_at": str,
        },
        pk="id",
        not_null=[
            "mode",
            "status",
            "first_sharer",
            "rounds",
            "answer_mode",
            "follow_ups",
            "hints",
            "swap_roles",
            "started_at",
        ],
    )
    _table(db, "sessions").create_index(["started_at"])
    _table(db, "sessions").create_index(["status"])
    # Who took part, in the order the start screen named them.
    _table(db, "session_partners").create(
        {"session_id": int, "position": int, "partner_id": int},
        pk=("session_id", "position"),
        foreign_keys=[_fk("session_id", "sessions"), _fk("partner_id", "partners", "RESTRICT")],
        not_null=["partner_id"],
    )
    _table(db, "session_partners").create_index(["partner_id", "session_id"])
    _table(db, "turns").create(
        {
            "id": int,
            "session_id": int,
            "round_index": int,
            "turn_index": int,
            "sharer": str,
            "answerer": str,
            "answerer_id": int,
            "hurt_text": str,
            "scenario_id": str,
            "hurt_json": str,  # options and the scenario's next lines
            "share_json": str,  # couple mode: the share's own scores; NULL in solo
            "share_label": str,
            "answer_text": str,
            "chosen_option": int,
            "elapsed": float,
            "timed_out": int,
            "validation": float,
            "defensiveness": float,
            "label": str,
            "rules_version": str,
            "steps_json": str,
            "answered_at": str,
        },
        pk="id",
        foreign_keys=[
            _fk("session_id", "sessions"),
            _fk("answerer_id", "partners", "RESTRICT"),
        ],
        not_null=[
            "session_id",
            "round_index",
            "turn_index",
            "sharer",
            "answerer",
            "answerer_id",
            "hurt_text",
            "answer_text",
            "elapsed",
            "timed_out",
            "validation",
            "defensiveness",
            "label",
            "rules_version",
            "answered_at",
        ],
    )
    _table(db, "turns").create_index(["session_id", "round_index", "turn_index"])
    # Progress charts read a partner's scores per session without touching the text.
    _table(db, "turns").create_index(
        ["answerer_id", "session_id", "validation", "defensiveness"],
        index_name="idx_turns_progress",
    )
    _table(db, "turns").create_index(["answerer_id", "answered_at"])
    _table(db, "hits").create(
        {
            "id": int,
            "turn_id": int,
            "position": int,
            "rule_id": str,
            "category": str,
            "polarity": str,
            "start": int,
            "end": int,
            "weight": float,
            "message": str,
            "suggestion": str,
        },
        pk="id",
        foreign_keys=[_fk("turn_id", "turns")],
        not_null=["turn_id", "position", "rule_id", "category", "polarity", "start", "end"],
    )
    _table(db, "hits").create_index(["turn_id", "position"])
    _table(db, "felt_heard").create(
        {"turn_id": int, "rating": int, "note": str, "rated_at": str},
        pk="turn_id",
        foreign_keys=[_fk("turn_id", "turns")],
        not_null=["rating", "note"],
    )
    _table(db, "breaks").create(
        {
            "id": int,
            "session_id": int,
            "round_index": int,
            "turn_index": int,
            "reason": str,
            "started_at": str,
            "seconds": float,
        },
        pk="id",
        foreign_keys=[_fk("session_id", "sessions")],
        not_null=["session_id", "round_index", "turn_index", "reason", "started_at", "seconds"],
    )
    _table(db, "breaks").create_index(["session_id"])
    _table(db, "safety_events").create(
        {
            "id": int,
            "session_id": int,
            "round_index": int,
            "turn_index": int,
            "level": str,
            "kind": str,
            "source": str,
            "at": str,
        },
        pk="id",
        foreign_keys=[_fk("session_id", "sessions")],
        not_null=["session_id", "level", "kind", "source", "at"],
    )
    _table(db, "safety_events").create_index(["session_id"])
    # One draft per session: the text in the box being typed, replaced on every autosave.
    _table(db, "drafts").create(
        {
            "session_id": int,
            "round_index": int,
            "turn_index": int,
            "phase": str,
            "hurt_text": str,
            "text": str,
            "saved_at": str,
        },
        pk="session_id",
        foreign_keys=[_fk("session_id", "sessions")],
        not_null=["round_index", "turn_index", "phase", "hurt_text", "text", "saved_at"],
    )


@numbered(2)
def m002_add_library_and_settings(db: sqlite_utils.Database) -> None:
    _table(db, "custom_scenarios").create(
        {"id": str, "pack": str, "format": str, "body": str, "updated_at": str},
        pk="id",
        not_null=["pack", "format", "body", "updated_at"],
    )
    _table(db, "custom_scenarios").create_index(["pack"])
    _table(db, "self_checks").create(
        {"id": int, "at": str, "level": int, "flags": str},
        pk="id",
        not_null=["at", "level", "flags"],
    )
    _table(db, "self_checks").create_index(["at"])
    _table(db, "preferences").create(
        {"key": str, "value": str, "updated_at": str},
        pk="key",
        not_null=["value", "updated_at"],
    )


@numbered(3)
def m003_add_option_sets(db: sqlite_utils.Database) -> None:
    """Answer options offered with a hurt, kept once per distinct set instead of per answer
    (a scenario's options were most of the file)."""
    _table(db, "option_sets").create(
        {"id": int, "digest": str, "options_json": str},
        pk="id",
        not_null=["digest", "options_json"],
    )
    _table(db, "option_sets").create_index(["digest"], unique=True)
    db.execute("ALTER TABLE turns ADD COLUMN option_set_id INTEGER REFERENCES option_sets(id)")
    _table(db, "turns").create_index(["option_set_id"])
    moved = db.execute("SELECT id, hurt_json FROM turns WHERE hurt_json IS NOT NULL").fetchall()
    for turn_id, extra in moved:
        options = json.loads(extra).get("options") or []
        set_id = option_set_id(db.conn, options) if options else None
        db.execute(
            "UPDATE turns SET option_set_id = ?, hurt_json = NULL WHERE id = ?",
            [set_id, turn_id],
        )


# Recomputes one (session, answerer) row of answer_totals from the answers themselves; the
# triggers below run it whenever an answer or a rating changes, so the totals cannot drift.
_RECOMPUTE = """
    INSERT OR REPLACE INTO answer_totals (session_id, answerer_id, started_at, answers,
        validation_sum, defensiveness_sum, ratings, rating_sum)
    SELECT t.session_id, t.answerer_id, s.started_at, count(*), sum(t.validation),
           sum(t.defensiveness), count(f.rating), coalesce(sum(f.rating), 0)
    FROM turns t JOIN sessions s ON s.id = t.session_id
    LEFT JOIN felt_heard f ON f.turn_id = t.id
    WHERE t.session_id = {session} AND t.answerer_id = {answerer}
    GROUP BY t.session_id, t.answerer_id;
"""
_FORGET = """
    DELETE FROM answer_totals WHERE session_id = {session} AND answerer_id = {answerer};
"""


def _recompute(session: str, answerer: str) -> str:
    return _FORGET.format(session=session, answerer=answerer) + _RECOMPUTE.format(
        session=session, answerer=answerer
    )


@numbered(4)
def m004_add_answer_totals(db: sqlite_utils.Database) -> None:
    """Per session and answerer: answers, score sums and ratings, kept by triggers, so a
    partner's progress over years reads one small row per session."""
    _table(db, "answer_totals").create(
        {
            "session_id": int,
            "answerer_id": int,
            "started_at": str,  # the session's, so a partner's series reads in date order
            "answers": int,
            "validation_sum": float,
            "defensiveness_sum": float,
            "ratings": int,
            "rating_sum": int,
        },
        pk=("session_id", "answerer_id"),
        foreign_keys=[_fk("session_id", "sessions"), _fk("answerer_id", "partners")],
        not_null=[
            "started_at",
            "answers",
            "validation_sum",
            "defensiveness_sum",
            "ratings",
            "rating_sum",
        ],
    )
    # Covers the progress query: one index range, already in date order, no table reads.
    _table(db, "answer_totals").create_index(
        [
            "answerer_id",
            "started_at",
            "session_id",
            "answers",
            "validation_sum",
            "defensiveness_sum",
            "ratings",
            "rating_sum",
        ],
        index_name="idx_answer_totals_progress",
    )
    of_turn = "(SELECT {col} FROM turns WHERE id = {row}.turn_id)"
    triggers = {
        "turns_totals_insert": (
            "AFTER INSERT ON turns",
            _recompute("new.session_id", "new.answerer_id"),
        ),
        "turns_totals_delete": (
            "AFTER DELETE ON turns",
            _recompute("old.session_id", "old.answerer_id"),
        ),
        "turns_totals_update": (
            "AFTER UPDATE OF session_id, answerer_id, validation, defensiveness ON turns",
            _recompute("old.session_id", "old.answerer_id")
            + _recompute("new.session_id", "new.answerer_id"),
        ),
    }
    for event, row in (("INSERT", "new"), ("DELETE", "old"), ("UPDATE", "new")):
        triggers[f"felt_heard_totals_{event.lower()}"] = (
            f"AFTER {event} ON felt_heard",
            _recompute(
                of_turn.format(col="session_id", row=row),
                of_turn.format(col="answerer_id", row=row),
            ),
        )
    for name, (when, body) in triggers.items():
        db.execute(f"CREATE TRIGGER {name} {when} BEGIN {body} END")
    db.execute(
        "INSERT INTO answer_totals (session_id, answerer_id, started_at, answers,"
        " validation_sum, defensiveness_sum, ratings, rating_sum)"
        " SELECT t.session_id, t.answerer_id, s.started_at, count(*), sum(t.validation),"
        " sum(t.defensiveness), count(f.rating), coalesce(sum(f.rating), 0)"
        " FROM turns t JOIN sessions s ON s.id = t.session_id"
        " LEFT JOIN felt_heard f ON f.turn_id = t.id"
        " GROUP BY t.session_id, t.answerer_id"
    )


def option_set_id(conn: sqlite3.Connection, options: list[Any]) -> int:
    """The id of this exact list of options, stored once."""
    text = json.dumps(options, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    conn.execute(
        "INSERT INTO option_sets (digest, options_json) VALUES (?, ?)"
        " ON CONFLICT (digest) DO NOTHING",
        (digest, text),
    )
    row = conn.execute("SELECT id FROM option_sets WHERE digest = ?", (digest,)).fetchone()
    return int(row[0])


SCHEMA_VERSION = len(_versions)
MIGRATION_NAMES = tuple(_versions)


def pending(db: sqlite_utils.Database) -> list[str]:
    return [migration.name for migration in MIGRATIONS.pending(db)]


def apply(db: sqlite_utils.Database, *, stop_before: str | None = None) -> None:
    MIGRATIONS.apply(db, stop_before=stop_before)
