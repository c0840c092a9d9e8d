"""Read-only looks at the data: doctor's health check, per-partner stats, and exports."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import sqlite3
import stat
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from desktop.errors import AttuneError, from_sqlite_error
from desktop.export_target import check_export_target
from desktop.paths import DIR_MODE, FILE_MODE, AppPaths
from desktop.store import backups, codec
from desktop.store.connection import (
    ambient_passphrase,
    connect,
    looks_encrypted,
    side_files,
    user_version,
)
from desktop.store.migrations import SCHEMA_VERSION
from desktop.store.records import (
    DoctorReport,
    ExportReport,
    FileCheck,
    PartnerStats,
    StoreStats,
)

EXPORT_FORMAT = "attune-export"
EXPORT_VERSION = 1
FORMATS = ("json", "csv")
CSV_COLUMNS = (
    "session_id",
    "session_started",
    "mode",
    "status",
    "round",
    "turn",
    "sharer",
    "answerer",
    "hurt",
    "answer",
    "chosen_option",
    "seconds",
    "timed_out",
    "validation",
    "defensiveness",
    "label",
    "felt_heard",
    "felt_heard_note",
    "habits",
    "rules_version",
    "answered_at",
)
# Cells a spreadsheet would run as a formula; a leading apostrophe makes them plain text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _file_checks(paths: AppPaths) -> list[FileCheck]:
    checks = []
    for folder in (paths.root, paths.backups, paths.logs):
        if folder.is_dir():
            checks.append(FileCheck(folder, _mode(folder), DIR_MODE, 0))
    candidates = [paths.database, *side_files(paths.database)]
    candidates += [b.path for b in backups.list_backups(paths.backups)]
    if paths.logs.is_dir():
        candidates += sorted(paths.logs.iterdir())
    for path in candidates:
        if path.is_file():
            checks.append(FileCheck(path, _mode(path), FILE_MODE, path.stat().st_size))
    return checks


def doctor(paths: AppPaths, passphrase: str | None = None) -> DoctorReport:
    """Check the database without changing anything: it is opened read-only."""
    path = paths.database
    files = tuple(_file_checks(paths))
    problems = [
        f"{check.path} can be read by other users (mode {check.mode:o}, expected "
        f"{check.expected:o})"
        for check in files
        if not check.ok
    ]
    found = tuple(backups.list_backups(paths.backups))
    size = sum(p.stat().st_size for p in (path, *side_files(path)) if p.is_file())
    if not path.is_file() or path.stat().st_size == 0:
        return DoctorReport(
            location=path,
            exists=False,
            size=size,
            schema_version=0,
            app_schema_version=SCHEMA_VERSION,
            integrity="no database yet",
            files=files,
            backups=found,
            encrypted=False,
            problems=tuple(problems),
        )
    encrypted = looks_encrypted(path)
    if encrypted and passphrase is None:
        passphrase = ambient_passphrase()
        if passphrase is None:
            return DoctorReport(
                location=path,
                exists=True,
                size=size,
                schema_version=0,
                app_schema_version=SCHEMA_VERSION,
                integrity="not checked (encrypted; give the passphrase to check it)",
                files=files,
                backups=found,
                encrypted=True,
                problems=tuple(problems),
            )
    version = 0
    try:
        db = connect(path, passphrase=passphrase, read_only=True)
        try:
            version = user_version(db)
            rows = db.execute("PRAGMA integrity_check(20)").fetchall()
        finally:
            db.close()
        integrity = "; ".join(str(r[0]) for r in rows)
    except sqlite3.Error as exc:
        integrity = from_sqlite_error(exc, "check the database").user_message
    except AttuneError as exc:
        integrity = exc.user_message
    if integrity != "ok":
        problems.append(f"integrity check: {integrity}")
    if version > SCHEMA_VERSION:
        problems.append(
            f"schema version {version} is newer than this Attune knows ({SCHEMA_VERSION})"
        )
    elif integrity == "ok" and version < SCHEMA_VERSION:
        # Not damage: the next start upgrades it (after a backup).
        pass
    return DoctorReport(
        location=path,
        exists=True,
        size=size,
        schema_version=version,
        app_schema_version=SCHEMA_VERSION,
        integrity=integrity,
        files=files,
        backups=found,
        encrypted=encrypted,
        problems=tuple(problems),
    )


def stats(conn: sqlite3.Connection, top: int = 3) -> StoreStats:
    """Per partner: sessions, answers given, average scores and most frequent habits."""
    partners = []
    for pid, name, sessions, answers, validation, defensiveness in conn.execute(
        "SELECT p.id, p.name,"
        " (SELECT count(*) FROM session_partners sp WHERE sp.partner_id = p.id),"
        " coalesce(sum(a.answers), 0), sum(a.validation_sum) / sum(a.answers),"
        " sum(a.defensiveness_sum) / sum(a.answers)"
        " FROM partners p LEFT JOIN answer_totals a ON a.answerer_id = p.id"
        " GROUP BY p.id ORDER BY p.name COLLATE NOCASE"
    ):
        habits = tuple(
            (str(category), int(n))
            for category, n in conn.execute(
                "SELECT h.category, count(*) AS n FROM hits h JOIN turns t ON t.id = h.turn_id"
                " WHERE t.answerer_id = ? AND h.polarity = 'defensiveness'"
                " GROUP BY h.category ORDER BY n DESC, h.category LIMIT ?",
                (pid, top),
            )
        )
        partners.append(
            PartnerStats(name, int(sessions), int(answers), validation, defensiveness, habits)
        )
    total_sessions = conn.execute("SELECT count(*) FROM sessions").fetchone()[0]
    total_answers = conn.execute("SELECT count(*) FROM turns").fetchone()[0]
    return StoreStats(int(total_sessions), int(total_answers), tuple(partners))


# --- export -------------------------------------------------------------------------


def export_to(
    conn: sqlite3.Connection,
    fmt: str,
    out: Path,
    session_id: int | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    paths: AppPaths | None = None,
) -> ExportReport:
    """Write the export to `out` atomically (a private temp file renamed into place).

    `out` must be a new file or an ordinary one, not one of Attune's own (check_export_target).
    """
    if fmt not in FORMATS:
        raise AttuneError(f"Unknown export format {fmt!r}; choose json or csv.")
    out = out.expanduser()
    check_export_target(out, paths)
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise AttuneError(f"The folder {folder} does not exist.")
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise AttuneError(f"Could not write to {folder} ({exc.strerror}).") from exc
    temp = Path(temp_name)
    try:
        os.fchmod(fd, FILE_MODE)
        newline = "" if fmt == "csv" else "\n"
        encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as stream:
            sessions, turns = write_export(
                conn, fmt, stream, session_id, progress=progress, cancelled=cancelled
            )
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, out)
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        if exc.errno == 28:  # ENOSPC
            raise AttuneError(
                "The export did not fit on the disk; nothing was written. Free some space "
                "and try again."
            ) from exc
        raise AttuneError(f"Could not write {out} ({exc.strerror}).") from exc
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise
    return ExportReport(out, fmt, sessions, turns)


class _Pace:
    """Reports progress and honours a cancel request between sessions."""

    def __init__(
        self,
        total: int,
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool] | None,
    ) -> None:
        self.total = total
        self.progress = progress
        self.cancelled = cancelled

    def step(self, done: int) -> None:
        if self.cancelled is not None and self.cancelled():
            raise ExportCancelled("The export was cancelled; nothing was written.")
        if self.progress is not None:
            self.progress(done, self.total)


class ExportCancelled(AttuneError):
    """The person stopped the export; the partial file was removed."""


def write_export(
    conn: sqlite3.Connection,
    fmt: str,
    stream: IO[str],
    session_id: int | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[int, int]:
    """Write json or csv to an open text stream; returns (sessions, turns) written."""
    if fmt not in FORMATS:
        raise AttuneError(f"Unknown export format {fmt!r}; choose json or csv.")
    try:
        # One read transaction: the export is a consistent picture even if saves go on.
        conn.execute("BEGIN")
        try:
            ids = _session_ids(conn, session_id)
            pace = _Pace(len(ids), progress, cancelled)
            if fmt == "csv":
                return _write_csv(conn, stream, ids, pace)
            return _write_json(conn, stream, ids, pace)
        finally:
            conn.execute("ROLLBACK")
    except sqlite3.Error as exc:
        raise from_sqlite_error(exc, "export") from exc


def _session_ids(conn: sqlite3.Connection, session_id: int | None) -> list[int]:
    if session_id is None:
        return [int(r[0]) for r in conn.execute("SELECT id FROM sessions ORDER BY started_at, id")]
    row = conn.execute("SELECT id FROM sessions WHERE id = ?", (session_id,)).fetchone()
    if row is None:
        raise AttuneError(f"There is no session {session_id}.")
    return [session_id]


def _rows(conn: sqlite3.Connection, sql: str, params: tuple[Any, ...]) -> Iterator[dict[str, Any]]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    for row in cursor:
        yield dict(zip(names, row, strict=True))


def _session_json(conn: sqlite3.Connection, sid: int) -> dict[str, Any]:
    (session,) = _rows(conn, "SELECT * FROM sessions WHERE id = ?", (sid,))
    session["partners"] = [
        r[0]
        for r in conn.execute(
            "SELECT p.name FROM session_partners sp JOIN partners p ON p.id = sp.partner_id"
            " WHERE sp.session_id = ? ORDER BY sp.position",
            (sid,),
        )
    ]
    session["hints"] = bool(session["hints"])
    session["swap_roles"] = bool(session["swap_roles"])
    hits: dict[int, list[dict[str, Any]]] = {}
    for hit in _rows(
        conn,
        "SELECT h.turn_id, h.rule_id, h.category, h.polarity, h.start, h.[end], h.weight,"
        " h.message, h.suggestion FROM hits h JOIN turns t ON t.id = h.turn_id"
        " WHERE t.session_id = ? ORDER BY h.turn_id, h.position",
        (sid,),
    ):
        hits.setdefault(hit.pop("turn_id"), []).append(hit)
    turns = []
    for turn in _rows(
        conn,
        "SELECT t.*, f.rating AS felt_heard_rating, f.note AS felt_heard_note,"
        " o.options_json FROM turns t LEFT JOIN felt_heard f ON f.turn_id = t.id"
        " LEFT JOIN option_sets o ON o.id = t.option_set_id"
        " WHERE t.session_id = ? ORDER BY t.round_index, t.turn_index, t.id",
        (sid,),
    ):
        extra = json.loads(turn.pop("hurt_json") or "{}")
        options_json = turn.pop("options_json")
        turn.pop("option_set_id")
        if options_json:
            extra["options"] = json.loads(options_json)
        turn["hurt"] = {
            "text": turn.pop("hurt_text"),
            "scenario_id": turn.pop("scenario_id"),
            "options": extra.get("options", []),
            "follow_ups": extra.get("follow_ups", []),
        }
        share_json = turn.pop("share_json")
        turn["share"] = json.loads(share_json) if share_json else None
        steps_json = turn.pop("steps_json")
        turn["steps"] = json.loads(steps_json) if steps_json else None
        turn["timed_out"] = bool(turn["timed_out"])
        rating, note = turn.pop("felt_heard_rating"), turn.pop("felt_heard_note")
        turn["felt_heard"] = None if rating is None else {"rating": rating, "note": note}
        turn["hits"] = hits.get(turn["id"], [])
        for key in ("session_id", "answerer_id"):
            turn.pop(key)
        turns.append(turn)
    session["turns"] = turns
    session["breaks"] = [
        {k: v for k, v in b.items() if k != "session_id"}
        for b in _rows(conn, "SELECT * FROM breaks WHERE session_id = ? ORDER BY id", (sid,))
    ]
    session["safety_events"] = [
        {k: v for k, v in e.items() if k != "session_id"}
        for e in _rows(conn, "SELECT * FROM safety_events WHERE session_id = ? ORDER BY id", (sid,))
    ]
    drafts = [
        {k: v for k, v in d.items() if k != "session_id"}
        for d in _rows(conn, "SELECT * FROM drafts WHERE session_id = ?", (sid,))
    ]
    session["draft"] = drafts[0] if drafts else None
    return session


def _write_json(
    conn: sqlite3.Connection, stream: IO[str], ids: list[int], pace: _Pace
) -> tuple[int, int]:
    # Written session by session, so a long history never sits in memory all at once.
    head = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "schema_version": user_version_of(conn),
        "exported_at": codec.when(datetime.now(UTC)),
    }
    stream.write("{\n")
    for key, value in head.items():
        stream.write(f"  {json.dumps(key)}: {json.dumps(value)},\n")
    stream.write('  "sessions": [')
    turns = 0
    for n, sid in enumerate(ids):
        if n % 50 == 0:
            pace.step(n)
        session = _session_json(conn, sid)
        turns += len(session["turns"])
        stream.write(("," if n else "") + "\n    " + json.dumps(session, ensure_ascii=False))
    stream.write("\n  ],\n")
    whole_db = len(ids) != 1 or conn.execute("SELECT count(*) FROM sessions").fetchone()[0] == 1
    tail: dict[str, Any] = {"custom_scenarios": [], "self_checks": [], "preferences": {}}
    if whole_db:
        tail["custom_scenarios"] = list(
            _rows(conn, "SELECT * FROM custom_scenarios ORDER BY id", ())
        )
        tail["self_checks"] = [
            {**c, "flags": json.loads(c["flags"])}
            for c in _rows(conn, "SELECT id, at, level, flags FROM self_checks ORDER BY id", ())
        ]
        tail["preferences"] = {
            str(k): v for k, v in conn.execute("SELECT key, value FROM preferences ORDER BY key")
        }
    items = list(tail.items())
    for n, (key, value) in enumerate(items):
        comma = "," if n < len(items) - 1 else ""
        stream.write(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}\n")
    stream.write("}\n")
    pace.step(len(ids))
    return len(ids), turns


def user_version_of(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _cell(value: object) -> object:
    if isinstance(value, str):
        # Line breaks inside a cell are kept (csv quotes them); formulas are defused.
        if value.startswith(_FORMULA_START):
            return "'" + value
        return value.replace("\x00", "")
    return value


def _write_csv(
    conn: sqlite3.Connection, stream: IO[str], ids: list[int], pace: _Pace
) -> tuple[int, int]:
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    turns = 0
    for start in range(0, len(ids), 500):
        pace.step(start)
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        habits: dict[int, str] = {
            int(tid): str(cats)
            for tid, cats in conn.execute(
                "SELECT h.turn_id, group_concat(h.category, '; ') FROM hits h"
                f" JOIN turns t ON t.id = h.turn_id WHERE t.session_id IN ({marks})"
                " AND h.polarity = 'defensiveness' GROUP BY h.turn_id",
                chunk,
            )
        }
        for row in conn.execute(
            "SELECT t.id, s.id, s.started_at, s.mode, s.status, t.round_index + 1,"
            " t.turn_index, t.sharer, t.answerer, t.hurt_text, t.answer_text,"
            " t.chosen_option, round(t.elapsed, 1), t.timed_out, round(t.validation, 1),"
            " round(t.defensiveness, 1), t.label, f.rating, f.note, t.rules_version,"
            " t.answered_at FROM turns t JOIN sessions s ON s.id = t.session_id"
            " LEFT JOIN felt_heard f ON f.turn_id = t.id"
            f" WHERE s.id IN ({marks})"
            " ORDER BY s.started_at, s.id, t.round_index, t.turn_index, t.id",
            chunk,
        ):
            tid, *rest = row
            values = [*rest[:12], "yes" if rest[12] else "no", *rest[13:18]]
            values += [habits.get(int(tid), ""), *rest[18:]]
            writer.writerow([_cell(v) for v in values])
            turns += 1
    pace.step(len(ids))
    return len(ids), turns


def export_text(conn: sqlite3.Connection, fmt: str, session_id: int | None = None) -> str:
    """The export as one string (small histories, tests)."""
    buffer = io.StringIO()
    write_export(conn, fmt, buffer, session_id)
    return buffer.getvalue()
