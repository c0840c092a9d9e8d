"""The store: opens, upgrades and backs up the database, records sessions, answers history."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

import sqlite_utils

from desktop.errors import (
    AttuneError,
    CannotOpen,
    DatabaseCorrupt,
    WrongPassphrase,
    from_sqlite_error,
)
from desktop.paths import AppPaths
from desktop.practice.records import (
    AnswerMode,
    Break,
    BreakReason,
    Draft,
    FeltHeard,
    Mode,
    SafetyEvent,
    SessionSettings,
    SessionSnapshot,
    SessionStatus,
    Turn,
)
from desktop.store import backups, codec, migrations, reports, seal, wipe
from desktop.store.connection import (
    PassphraseNeeded,
    ambient_passphrase,
    connect,
    looks_encrypted,
    side_files,
    tighten_side_files,
    user_version,
)
from desktop.store.migrations import SCHEMA_VERSION, option_set_id, pause_point
from desktop.store.records import (
    Backup,
    BreakReplay,
    CustomScenario,
    DoctorReport,
    ExportReport,
    FeltHeardPoint,
    HabitTrend,
    NoticeKind,
    Partner,
    ProgressPoint,
    SafetyReplay,
    ScenarioPractice,
    SelfCheck,
    SessionReplay,
    SessionSummary,
    StoredHit,
    StoreNotice,
    StoreStats,
    Trend,
    TurnReplay,
)
from desktop.store.rescore import StaleTurn
from desktop.store.text import storable

if TYPE_CHECKING:
    from desktop.engine import Result, ShareResult

# A habit's rate must move by this many hits per answer to count as a change.
TREND_MARGIN = 0.05


def _now() -> datetime:
    return datetime.now(UTC)


class Store:
    """One open database. Every user action is one transaction; failures are AttuneErrors.

    Implements the practice SessionRecorder protocol, so a PracticeSession can be given the
    store itself (or `store.recorder()`).
    """

    def __init__(
        self,
        paths: AppPaths,
        db: sqlite_utils.Database,
        *,
        read_only: bool = False,
        notice: StoreNotice | None = None,
        keep_backups: int = backups.KEEP_BACKUPS,
        passphrase: str | None = None,
    ) -> None:
        self.paths = paths
        self.db = db
        self.read_only = read_only
        self.notice = notice
        self.keep_backups = keep_backups
        self._passphrase = passphrase
        self._lock = threading.RLock()
        self._closed = False
        # Changes that need no backup at close (delete_everything's: nothing is left).
        self._changes_kept = 0

    # --- opening and closing ---------------------------------------------------------

    @classmethod
    def open(
        cls,
        paths: AppPaths,
        passphrase: str | None = None,
        *,
        read_only: bool = False,
        keep_backups: int = backups.KEEP_BACKUPS,
    ) -> Store:
        """Open (or create) the database, refusing a newer one, upgrading an older one.

        A damaged file is moved aside with its -wal/-shm (never repaired in place) and a new
        database is started; `store.notice` then says where the old file went and which
        backups can be restored.
        """
        path = paths.database
        notice: StoreNotice | None = None
        if not read_only and path.exists() and not _can_write(path):
            # History stays readable; saves say why they cannot happen.
            read_only = True
            notice = StoreNotice(
                kind=NoticeKind.READ_ONLY,
                message=(
                    f"The database {path} cannot be written (check its permissions or the "
                    "disk). Your history can be viewed, but nothing new can be saved."
                ),
            )
        if not read_only:
            try:
                paths.ensure()
            except OSError as exc:
                raise CannotOpen(
                    f"The data folder {paths.root} could not be created ({exc.strerror})."
                ) from exc
        elif not path.exists():
            raise CannotOpen(f"There is no database at {path} yet.")
        if passphrase is None and looks_encrypted(path):
            # Asked for only now, so commands that never open the database never prompt.
            passphrase = ambient_passphrase()
            if passphrase is None:
                raise PassphraseNeeded(
                    "Your Attune data is encrypted. Enter its passphrase to open it."
                )
        if path.exists() and path.stat().st_size > 0:
            try:
                _check_readable(path, passphrase, full=not seal.sealed_and_unchanged(path))
            except DatabaseCorrupt:
                if passphrase is not None:
                    # With encryption a wrong key looks exactly like damage: never move it.
                    raise WrongPassphrase(
                        "The passphrase did not open the database. Nothing was changed."
                    ) from None
                if read_only:
                    raise
                moved = _move_aside(path)
                notice = StoreNotice(
                    kind=NoticeKind.CORRUPT_MOVED,
                    message=(
                        "The database file was damaged, so Attune started a new one. "
                        f"The damaged file was kept at {moved}."
                        + (
                            " A backup can be restored from Settings."
                            if backups.list_backups(paths.backups)
                            else ""
                        )
                    ),
                    moved_to=moved,
                    backups=tuple(backups.list_backups(paths.backups)),
                )
        db = connect(
            path, passphrase=passphrase, read_only=read_only, newest_version=SCHEMA_VERSION
        )
        if not read_only:
            seal.break_seal(path)
        store = cls(
            paths,
            db,
            read_only=read_only,
            notice=notice,
            keep_backups=keep_backups,
            passphrase=passphrase,
        )
        try:
            store._upgrade()
        except BaseException:
            db.close()
            raise
        return store

    def _upgrade(self) -> None:
        """Apply pending migrations, each atomic, after a verified backup of existing data."""
        try:
            names = migrations.pending(self.db)
            applied = {m.name for m in migrations.MIGRATIONS.applied(self.db)}
            if applied - set(migrations.MIGRATION_NAMES):
                raise AttuneError(
                    "This database has changes from a newer version of Attune; "
                    "it was left untouched. Please update Attune."
                )
            if not names:
                return
            if self.read_only:
                raise AttuneError(
                    "This database needs an upgrade, which cannot be done while it is read-only."
                )
            if self.db.table_names():
                backups.make_backup(
                    self.db.conn,
                    self.paths.backups,
                    f"before-v{SCHEMA_VERSION}",
                    self.keep_backups,
                )
            migrations.apply(self.db)
            if self.db.table_names():
                tighten_side_files(self.paths.database)
        except sqlite3.Error as exc:
            raise from_sqlite_error(exc, "upgrade the database") from exc

    def close(self, *, backup: bool = True) -> Backup | None:
        """Close the database; after changes, first make a rotated, verified backup."""
        with self._lock:
            if self._closed:
                return None
            made: Backup | None = None
            try:
                if backup and not self.read_only and self._worth_backing_up():
                    with contextlib.suppress(AttuneError):
                        # A failed backup must not stop the app from closing; the next
                        # close tries again, and doctor lists what exists.
                        made = backups.make_backup(
                            self.db.conn, self.paths.backups, "auto", self.keep_backups
                        )
                with contextlib.suppress(sqlite3.Error):
                    self.db.execute("PRAGMA optimize")
            finally:
                self.db.close()
                self._closed = True
                if not self.read_only:
                    seal.write_seal(self.paths.database)
                # Forgotten with the connection (the app lock), the connection's copy too.
                self._passphrase = None
                if hasattr(self.db.conn, "attune_passphrase"):
                    self.db.conn.attune_passphrase = None
            return made

    def _worth_backing_up(self) -> bool:
        # A database with nothing of the person's in it (no practice, no scenarios they
        # wrote) is never worth a backup: after a damaged file was set aside, copies of the
        # new, empty one would rotate the good backups out.
        if not self._count("sessions") and not self._count("custom_scenarios"):
            return False
        if self.db.conn.total_changes > self._changes_kept:
            return True
        return not backups.list_backups(self.paths.backups)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def recorder(self) -> Store:
        """The store as the practice session's SessionRecorder."""
        return self

    @property
    def encrypted(self) -> bool:
        """Opened with a passphrase (SQLCipher); False once closed."""
        return self._passphrase is not None

    @property
    def schema_version(self) -> int:
        return user_version(self.db)

    # --- backups ---------------------------------------------------------------------

    def available_backups(self) -> list[Backup]:
        """Verified backups, newest first (damaged ones are left out)."""
        return [
            b
            for b in backups.list_backups(self.paths.backups)
            if backups.verify(b.path, self._passphrase)
        ]

    def backup_now(self, reason: str = "manual") -> Backup:
        with self._lock:
            return backups.make_backup(self.db.conn, self.paths.backups, reason, self.keep_backups)

    def restore_backup(self, path: Path) -> None:
        """Replace the current data with a backup's (the current data is backed up first)."""
        with self._lock:
            self._writable("restore a backup")
            if self._count("sessions"):
                backups.make_backup(
                    self.db.conn, self.paths.backups, "before-restore", self.keep_backups + 1
                )
            backups.copy_into(path, self.db.conn)
            try:
                self.db.execute("PRAGMA journal_mode = WAL")
            except sqlite3.Error as exc:
                raise from_sqlite_error(exc, "restore the backup") from exc
            if user_version(self.db) > SCHEMA_VERSION:
                raise AttuneError("That backup is from a newer version of Attune.")
            self._upgrade()
            tighten_side_files(self.paths.database)
            self.notice = StoreNotice(
                kind=NoticeKind.RESTORED, message=f"Restored the backup {path.name}."
            )

    # --- the unit of work ------------------------------------------------------------

    @contextlib.contextmanager
    def _unit(self, action: str) -> Iterator[sqlite3.Connection]:
        """One user action, committed whole or not at all."""
        with self._lock:
            self._open_check()
            try:
                with self.db.atomic():
                    yield self.db.conn
            except sqlite3.Error as exc:
                raise from_sqlite_error(exc, action) from exc

    @contextlib.contextmanager
    def bulk(self, action: str = "save") -> Iterator[None]:
        """Group many recorder calls into one commit (demo data, imports); each call inside
        still rolls back alone on failure, and nothing is kept if the whole block fails."""
        with self._unit(action):
            yield

    @contextlib.contextmanager
    def _reading(self, action: str = "read the history") -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._open_check()
            try:
                yield self.db.conn
            except sqlite3.Error as exc:
                raise from_sqlite_error(exc, action) from exc

    def _open_check(self) -> None:
        if self._closed:
            raise AttuneError("The database is closed.")

    def _writable(self, action: str) -> None:
        self._open_check()
        if self.read_only:
            raise from_sqlite_error(sqlite3.OperationalError("readonly database"), action)

    def _count(self, table: str) -> int:
        return int(self.db.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0])

    # --- SessionRecorder -------------------------------------------------------------

    def session_started(self, settings: SessionSettings, started_at: datetime) -> int:
        with self._unit("start the session") as conn:
            cursor = conn.execute(
                "INSERT INTO sessions (mode, status, first_sharer, round_seconds, rounds,"
                " answer_mode, follow_ups, hints, swap_roles, topic, started_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    settings.mode.value,
                    SessionStatus.IN_PROGRESS.value,
                    settings.first_sharer,
                    settings.round_seconds,
                    settings.rounds,
                    settings.answer_mode.value,
                    settings.follow_ups,
                    int(settings.hints),
                    int(settings.swap_roles),
                    None if settings.topic is None else storable(settings.topic),
                    codec.when(started_at),
                ),
            )
            session_id = int(cursor.lastrowid or 0)
            for position, name in enumerate(settings.partners):
                conn.execute(
                    "INSERT INTO session_partners (session_id, position, partner_id)"
                    " VALUES (?, ?, ?)",
                    (session_id, position, self._partner_id(conn, name, started_at)),
                )
        return session_id

    def _partner_id(self, conn: sqlite3.Connection, name: str, at: datetime) -> int:
        name = storable(name)
        row = conn.execute("SELECT id FROM partners WHERE name = ?", (name,)).fetchone()
        if row is not None:
            return int(row[0])
        cursor = conn.execute(
            "INSERT INTO partners (name, created_at) VALUES (?, ?)", (name, codec.when(at))
        )
        return int(cursor.lastrowid or 0)

    def turn_scored(self, session_id: int, turn: Turn) -> int:
        """Save an answer with its score, every hit and any rating: all or nothing."""
        result = turn.result
        share = turn.share
        with self._unit("save the answer") as conn:
            answerer_id = self._partner_id(conn, turn.answerer, turn.answered_at)
            options = codec.options_plain(turn.hurt)
            cursor = conn.execute(
                "INSERT INTO turns (session_id, round_index, turn_index, sharer, answerer,"
                " answerer_id, hurt_text, scenario_id, option_set_id, share_json, share_label,"
                " answer_text, chosen_option, elapsed, timed_out, validation, defensiveness,"
                " label, rules_version, steps_json, answered_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id,
                    turn.round_index,
                    turn.turn_index,
                    storable(turn.sharer),
                    storable(turn.answerer),
                    answerer_id,
                    storable(turn.hurt.text),
                    turn.hurt.scenario_id,
                    option_set_id(conn, options) if options else None,
                    None if share is None else codec.dumps(share),
                    None if share is None else codec.label_text(getattr(share, "label", "")),
                    storable(turn.answer_text),
                    turn.chosen_option,
                    float(turn.elapsed),
                    int(turn.timed_out),
                    float(result.validation),
                    float(result.defensiveness),
                    codec.label_text(result.label),
                    str(getattr(result, "rules_version", "")),
                    codec.dumps(getattr(result, "steps", None)),
                    codec.when(turn.answered_at),
                ),
            )
            turn_id = int(cursor.lastrowid or 0)
            pause_point("turn_hits")
            conn.executemany(
                "INSERT INTO hits (turn_id, position, rule_id, category, polarity, start,"
                " [end], weight, message, suggestion) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [codec.hit_row(turn_id, i, hit) for i, hit in enumerate(result.hits)],
            )
            if turn.felt_heard is not None:
                self._rate(conn, turn_id, turn.felt_heard)
            conn.execute("DELETE FROM drafts WHERE session_id = ?", (session_id,))
        return turn_id

    def felt_heard_rated(self, turn_id: int, felt_heard: FeltHeard) -> None:
        with self._unit("save the rating") as conn:
            self._rate(conn, turn_id, felt_heard)

    def _rate(self, conn: sqlite3.Connection, turn_id: int, felt_heard: FeltHeard) -> None:
        conn.execute(
            "INSERT INTO felt_heard (turn_id, rating, note, rated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (turn_id) DO UPDATE SET rating = excluded.rating,"
            " note = excluded.note, rated_at = excluded.rated_at",
            (turn_id, felt_heard.rating, storable(felt_heard.note), codec.when(_now())),
        )

    def break_taken(self, session_id: int, pause: Break) -> None:
        with self._unit("save the break") as conn:
            conn.execute(
                "INSERT INTO breaks (session_id, round_index, turn_index, reason, started_at,"
                " seconds) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    session_id,
                    pause.round_index,
                    pause.turn_index,
                    codec.label_text(pause.reason),
                    codec.when(pause.started_at),
                    float(pause.seconds),
                ),
            )

    def safety_flagged(self, session_id: int, event: SafetyEvent) -> None:
        with self._unit("save the safety note") as conn:
            conn.execute(
                "INSERT INTO safety_events (session_id, round_index, turn_index, level, kind,"
                " source, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id,
                    event.round_index,
                    event.turn_index,
                    storable(event.level),
                    storable(event.kind),
                    storable(event.source),
                    codec.when(event.at),
                ),
            )

    def draft_saved(self, session_id: int, draft: Draft) -> None:
        with self._unit("save the draft") as conn:
            conn.execute(
                "INSERT INTO drafts (session_id, round_index, turn_index, phase, hurt_text,"
                " text, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (session_id) DO UPDATE SET round_index = excluded.round_index,"
                " turn_index = excluded.turn_index, phase = excluded.phase,"
                " hurt_text = excluded.hurt_text, text = excluded.text,"
                " saved_at = excluded.saved_at",
                (
                    session_id,
                    draft.round_index,
                    draft.turn_index,
                    draft.phase,
                    storable(draft.hurt_text),
                    storable(draft.text),
                    codec.when(draft.saved_at),
                ),
            )

    def session_ended(self, session_id: int, status: SessionStatus, ended_at: datetime) -> None:
        with self._unit("finish the session") as conn:
            conn.execute(
                "UPDATE sessions SET status = ?, ended_at = ? WHERE id = ?",
                (status.value, codec.when(ended_at), session_id),
            )
            conn.execute("DELETE FROM drafts WHERE session_id = ?", (session_id,))

    # --- resuming --------------------------------------------------------------------

    def in_progress_sessions(self) -> list[SessionSnapshot]:
        """Sessions a crash or kill cut off: offer to resume them (newest first)."""
        return self._snapshots_with(SessionStatus.IN_PROGRESS)

    def interrupted_sessions(self) -> list[SessionSnapshot]:
        """Sessions the user chose not to resume; still resumable, newest first."""
        return self._snapshots_with(SessionStatus.INTERRUPTED)

    def _snapshots_with(self, status: SessionStatus) -> list[SessionSnapshot]:
        with self._reading() as conn:
            ids = [
                int(row[0])
                for row in conn.execute(
                    "SELECT id FROM sessions WHERE status = ? ORDER BY started_at DESC, id DESC",
                    (status.value,),
                )
            ]
        return [self.load_snapshot(i) for i in ids]

    def mark_interrupted(self, session_id: int) -> None:
        """The user chose not to resume: the session stays in history as interrupted."""
        with self._unit("update the session") as conn:
            conn.execute(
                "UPDATE sessions SET status = ? WHERE id = ? AND status = ?",
                (SessionStatus.INTERRUPTED.value, session_id, SessionStatus.IN_PROGRESS.value),
            )

    def load_snapshot(self, session_id: int) -> SessionSnapshot:
        """Everything saved about a session, in the practice records' own types."""
        with self._reading() as conn:
            row = conn.execute(
                "SELECT mode, status, first_sharer, round_seconds, rounds, answer_mode,"
                " follow_ups, hints, swap_roles, topic, started_at FROM sessions WHERE id = ?",
                (session_id,),
            ).fetchone()
            if row is None:
                raise AttuneError("That session no longer exists.")
            names = self._names(conn, [session_id])[session_id]
            settings = SessionSettings(
                mode=Mode(row[0]),
                partners=names,
                first_sharer=row[2],
                round_seconds=row[3],
                rounds=row[4],
                answer_mode=AnswerMode(row[5]),
                follow_ups=row[6],
                hints=bool(row[7]),
                swap_roles=bool(row[8]),
                topic=row[9],
            )
            replays = self._turns(conn, session_id)
            breaks = tuple(
                Break(b.round_index, b.turn_index, BreakReason(b.reason), b.started_at, b.seconds)
                for b in self._breaks(conn, session_id)
            )
            draft_row = conn.execute(
                "SELECT round_index, turn_index, phase, hurt_text, text, saved_at"
                " FROM drafts WHERE session_id = ?",
                (session_id,),
            ).fetchone()
            extras = {
                int(r[0]): r[1:]
                for r in conn.execute(
                    "SELECT t.id, o.options_json, t.hurt_json, t.share_json FROM turns t"
                    " LEFT JOIN option_sets o ON o.id = t.option_set_id WHERE t.session_id = ?",
                    (session_id,),
                )
            }
        turns = tuple(_turn_from_replay(t, *extras[t.turn_id]) for t in replays)
        draft = None
        if draft_row is not None:
            draft = Draft(
                draft_row[0],
                draft_row[1],
                draft_row[2],
                draft_row[3],
                draft_row[4],
                codec.parse_when(draft_row[5]),
            )
        return SessionSnapshot(
            session_id=session_id,
            settings=settings,
            started_at=codec.parse_when(row[10]),
            status=SessionStatus(row[1]),
            turns=turns,
            breaks=breaks,
            draft=draft,
        )

    # --- history ---------------------------------------------------------------------

    def partners(self) -> list[Partner]:
        with self._reading() as conn:
            rows = conn.execute(
                "SELECT p.id, p.name,"
                " (SELECT count(*) FROM session_partners sp WHERE sp.partner_id = p.id),"
                " (SELECT count(*) FROM turns t WHERE t.answerer_id = p.id)"
                " FROM partners p ORDER BY p.name COLLATE NOCASE"
            ).fetchall()
        return [Partner(int(r[0]), r[1], int(r[2]), int(r[3])) for r in rows]

    def list_sessions(
        self,
        partner: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 200,
        offset: int = 0,
    ) -> list[SessionSummary]:
        """History, newest first; `until` is exclusive."""
        where: list[str] = []
        params: list[Any] = []
        if partner is not None:
            where.append(
                "s.id IN (SELECT sp.session_id FROM session_partners sp"
                " JOIN partners p ON p.id = sp.partner_id WHERE p.name = ?)"
            )
            params.append(partner)
        if since is not None:
            where.append("s.started_at >= ?")
            params.append(codec.when(since))
        if until is not None:
            where.append("s.started_at < ?")
            params.append(codec.when(until))
        clause = ("WHERE " + " AND ".join(where)) if where else ""
        with self._reading() as conn:
            return self._summaries(
                conn,
                f"SELECT s.id FROM sessions s {clause}"
                " ORDER BY s.started_at DESC, s.id DESC LIMIT ? OFFSET ?",
                [*params, max(0, limit), max(0, offset)],
            )

    def _summaries(
        self, conn: sqlite3.Connection, page_sql: str, params: Sequence[Any]
    ) -> list[SessionSummary]:
        rows = conn.execute(
            f"WITH page AS ({page_sql}),"
            " agg AS (SELECT t.session_id AS sid, count(DISTINCT t.round_index) AS rounds,"
            "  count(*) AS answers, avg(t.validation) AS v, avg(t.defensiveness) AS d,"
            "  avg(f.rating) AS fh"
            "  FROM turns t LEFT JOIN felt_heard f ON f.turn_id = t.id"
            "  WHERE t.session_id IN (SELECT id FROM page) GROUP BY t.session_id)"
            " SELECT s.id, s.started_at, s.ended_at, s.mode, s.status,"
            "  coalesce(agg.rounds, 0), coalesce(agg.answers, 0), agg.v, agg.d, agg.fh"
            " FROM sessions s JOIN page ON page.id = s.id LEFT JOIN agg ON agg.sid = s.id"
            " ORDER BY s.started_at DESC, s.id DESC",
            list(params),
        ).fetchall()
        names = self._names(conn, [int(r[0]) for r in rows])
        return [
            SessionSummary(
                session_id=int(r[0]),
                started_at=codec.parse_when(r[1]),
                ended_at=None if r[2] is None else codec.parse_when(r[2]),
                mode=Mode(r[3]),
                status=SessionStatus(r[4]),
                partners=names.get(int(r[0]), ()),
                rounds=int(r[5]),
                answers=int(r[6]),
                validation=r[7],
                defensiveness=r[8],
                felt_heard=r[9],
            )
            for r in rows
        ]

    def _names(
        self, conn: sqlite3.Connection, session_ids: Sequence[int]
    ) -> dict[int, tuple[str, ...]]:
        found: dict[int, list[str]] = {i: [] for i in session_ids}
        for start in range(0, len(session_ids), 500):
            chunk = list(session_ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for sid, name in conn.execute(
                "SELECT sp.session_id, p.name FROM session_partners sp"
                f" JOIN partners p ON p.id = sp.partner_id WHERE sp.session_id IN ({marks})"
                " ORDER BY sp.session_id, sp.position",
                chunk,
            ):
                found[int(sid)].append(name)
        return {k: tuple(v) for k, v in found.items()}

    def session_replay(self, session_id: int) -> SessionReplay:
        """A session as saved: every answer with its hits and felt-heard rating."""
        with self._reading() as conn:
            summaries = self._summaries(conn, "SELECT ? AS id", [session_id])
            if not summaries:
                raise AttuneError("That session no longer exists.")
            return SessionReplay(
                summary=summaries[0],
                turns=self._turns(conn, session_id),
                breaks=self._breaks(conn, session_id),
                safety_events=tuple(
                    SafetyReplay(r[0], r[1], r[2], r[3], r[4], codec.parse_when(r[5]))
                    for r in conn.execute(
                        "SELECT round_index, turn_index, level, kind, source, at"
                        " FROM safety_events WHERE session_id = ? ORDER BY at, id",
                        (session_id,),
                    )
                ),
            )

    def _turns(self, conn: sqlite3.Connection, session_id: int) -> tuple[TurnReplay, ...]:
        hits: dict[int, list[StoredHit]] = {}
        for r in conn.execute(
            "SELECT h.turn_id, h.rule_id, h.category, h.polarity, h.start, h.[end], h.weight,"
            " h.message, h.suggestion FROM hits h JOIN turns t ON t.id = h.turn_id"
            " WHERE t.session_id = ? ORDER BY h.turn_id, h.position",
            (session_id,),
        ):
            hits.setdefault(int(r[0]), []).append(
                StoredHit(r[1], r[2], r[3], int(r[4]), int(r[5]), float(r[6] or 0.0),
                          r[7] or "", r[8] or "")
            )  # fmt: skip
        replays = []
        for r in conn.execute(
            "SELECT t.id, t.round_index, t.turn_index, t.sharer, t.answerer, t.hurt_text,"
            " t.scenario_id, t.share_label, t.answer_text, t.chosen_option, t.elapsed,"
            " t.timed_out, t.validation, t.defensiveness, t.label, t.steps_json,"
            " t.rules_version, t.answered_at, f.rating, f.note"
            " FROM turns t LEFT JOIN felt_heard f ON f.turn_id = t.id"
            " WHERE t.session_id = ? ORDER BY t.round_index, t.turn_index, t.id",
            (session_id,),
        ):
            turn_id = int(r[0])
            replays.append(
                TurnReplay(
                    turn_id=turn_id,
                    round_index=r[1],
                    turn_index=r[2],
                    sharer=r[3],
                    answerer=r[4],
                    hurt_text=r[5],
                    scenario_id=r[6],
                    share_label=r[7],
                    answer_text=r[8],
                    chosen_option=r[9],
                    elapsed=float(r[10]),
                    timed_out=bool(r[11]),
                    result=codec.stored_result(
                        validation=float(r[12]),
                        defensiveness=float(r[13]),
                        label=r[14],
                        hits=tuple(hits.get(turn_id, ())),
                        steps_json=r[15],
                        rules_version=r[16],
                    ),
                    answered_at=codec.parse_when(r[17]),
                    felt_heard=None if r[18] is None else FeltHeard(int(r[18]), r[19] or ""),
                )
            )
        return tuple(replays)

    def _breaks(self, conn: sqlite3.Connection, session_id: int) -> tuple[BreakReplay, ...]:
        return tuple(
            BreakReplay(r[0], r[1], r[2], codec.parse_when(r[3]), float(r[4]))
            for r in conn.execute(
                "SELECT round_index, turn_index, reason, started_at, seconds FROM breaks"
                " WHERE session_id = ? ORDER BY started_at, id",
                (session_id,),
            )
        )

    # --- progress --------------------------------------------------------------------

    def _partner_key(self, conn: sqlite3.Connection, name: str) -> int | None:
        row = conn.execute("SELECT id FROM partners WHERE name = ?", (name,)).fetchone()
        return None if row is None else int(row[0])

    def progress_series(self, partner: str) -> list[ProgressPoint]:
        """Per session, oldest first: the partner's own answers' averages."""
        with self._reading() as conn:
            pid = self._partner_key(conn, partner)
            if pid is None:
                return []
            rows = conn.execute(
                "SELECT session_id, started_at, answers, validation_sum / answers,"
                " defensiveness_sum / answers,"
                " CASE WHEN ratings > 0 THEN 1.0 * rating_sum / ratings END"
                " FROM answer_totals WHERE answerer_id = ? AND answers > 0"
                " ORDER BY started_at, session_id",
                (pid,),
            ).fetchall()
        return [
            ProgressPoint(int(r[0]), codec.parse_when(r[1]), int(r[2]), r[3], r[4], r[5])
            for r in rows
        ]

    def felt_heard_vs_engine(self, partner: str, limit: int = 1000) -> list[FeltHeardPoint]:
        """The ratings the partner's newest `limit` rated answers received, next to the
        engine's scores, oldest first (a chart of more points shows nothing more)."""
        with self._reading() as conn:
            pid = self._partner_key(conn, partner)
            if pid is None:
                return []
            rows = conn.execute(
                "SELECT t.id, t.answered_at, f.rating, t.validation, t.defensiveness"
                " FROM turns t JOIN felt_heard f ON f.turn_id = t.id"
                " WHERE t.answerer_id = ? ORDER BY t.answered_at DESC, t.id DESC LIMIT ?",
                (pid, max(0, limit)),
            ).fetchall()
        rows.reverse()
        return [
            FeltHeardPoint(int(r[0]), codec.parse_when(r[1]), int(r[2]), r[3], r[4]) for r in rows
        ]

    def habit_trends(self, partner: str, window: int = 10) -> list[HabitTrend]:
        """Defensive habits in the partner's last `window` sessions against the `window`
        before those, as hits per answer; most frequent recent habit first."""
        window = max(1, window)
        with self._reading() as conn:
            pid = self._partner_key(conn, partner)
            if pid is None:
                return []
            sessions = [
                int(r[0])
                for r in conn.execute(
                    "SELECT t.session_id FROM turns t JOIN sessions s ON s.id = t.session_id"
                    " WHERE t.answerer_id = ? GROUP BY t.session_id"
                    " ORDER BY s.started_at DESC, t.session_id DESC LIMIT ?",
                    (pid, 2 * window),
                )
            ]
            recent, earlier = sessions[:window], sessions[window:]
            counts = [self._habit_counts(conn, pid, part) for part in (recent, earlier)]
        (recent_hits, recent_answers), (earlier_hits, earlier_answers) = counts
        trends = []
        for category in set(recent_hits) | set(earlier_hits):
            r_rate = recent_hits[category] / recent_answers if recent_answers else 0.0
            e_rate = earlier_hits[category] / earlier_answers if earlier_answers else 0.0
            if not earlier_answers or abs(r_rate - e_rate) < TREND_MARGIN:
                trend = Trend.SAME
            else:
                trend = Trend.UP if r_rate > e_rate else Trend.DOWN
            trends.append(
                HabitTrend(
                    category,
                    recent_hits[category],
                    earlier_hits[category],
                    r_rate,
                    e_rate,
                    trend,
                )
            )
        trends.sort(key=lambda t: (-t.recent, -t.earlier, t.category))
        return trends

    def _habit_counts(
        self, conn: sqlite3.Connection, pid: int, sessions: list[int]
    ) -> tuple[Counter[str], int]:
        if not sessions:
            return Counter(), 0
        marks = ",".join("?" * len(sessions))
        answers = conn.execute(
            f"SELECT count(*) FROM turns WHERE answerer_id = ? AND session_id IN ({marks})",
            [pid, *sessions],
        ).fetchone()[0]
        hits: Counter[str] = Counter()
        for category, n in conn.execute(
            "SELECT h.category, count(*) FROM hits h JOIN turns t ON t.id = h.turn_id"
            f" WHERE t.answerer_id = ? AND t.session_id IN ({marks})"
            " AND h.polarity = 'defensiveness' GROUP BY h.category",
            [pid, *sessions],
        ):
            hits[category] = int(n)
        return hits, int(answers)

    def scenario_history(self, partner: str | None = None) -> list[ScenarioPractice]:
        """Per scenario answered (by `partner`, or anyone): when last, how often, how well."""
        where, params = "t.scenario_id IS NOT NULL", []
        with self._reading() as conn:
            if partner is not None:
                pid = self._partner_key(conn, partner)
                if pid is None:
                    return []
                where += " AND t.answerer_id = ?"
                params.append(pid)
            rows = conn.execute(
                "SELECT t.scenario_id, max(t.answered_at), count(*), avg(t.validation)"
                f" FROM turns t WHERE {where} GROUP BY t.scenario_id ORDER BY t.scenario_id",
                params,
            ).fetchall()
        return [
            ScenarioPractice(r[0], codec.parse_when(r[1]), int(r[2]), float(r[3])) for r in rows
        ]

    # --- re-scoring (desktop/store/rescore.py) ----------------------------------------

    def stale_turn_count(self, rules_version: str) -> int:
        """Answers scored with any rule-set version but `rules_version`."""
        with self._reading() as conn:
            row = conn.execute(
                "SELECT count(*) FROM turns WHERE rules_version != ?", (rules_version,)
            ).fetchone()
        return int(row[0])

    def stale_turns(self, rules_version: str, batch: int = 100) -> Iterator[list[StaleTurn]]:
        """Those answers in id order, `batch` at a time; each batch is read afresh and the
        store is free between batches, so the window can use it while a re-score runs."""
        after = 0
        while True:
            with self._reading() as conn:
                rows = conn.execute(
                    "SELECT id, rules_version, hurt_text, answer_text, timed_out, label"
                    " FROM turns WHERE id > ? AND rules_version != ? ORDER BY id LIMIT ?",
                    (after, rules_version, max(1, batch)),
                ).fetchall()
            if not rows:
                return
            after = int(rows[-1][0])
            yield [
                StaleTurn(int(r[0]), str(r[1]), str(r[2]), str(r[3]), bool(r[4]), str(r[5]))
                for r in rows
            ]

    def turns_rescored(self, rescored: Sequence[tuple[int, str, Result]]) -> int:
        """Replace answers' scores and hits, all in one transaction: (turn id, the version
        it was read with, the new result). An answer deleted or re-scored meanwhile is left
        alone. Returns how many were replaced."""
        replaced = 0
        with self._unit("re-score the answers") as conn:
            for turn_id, old_version, result in rescored:
                cursor = conn.execute(
                    "UPDATE turns SET validation = ?, defensiveness = ?, label = ?,"
                    " rules_version = ?, steps_json = ? WHERE id = ? AND rules_version = ?",
                    (
                        float(result.validation),
                        float(result.defensiveness),
                        codec.label_text(result.label),
                        str(getattr(result, "rules_version", "")),
                        codec.dumps(getattr(result, "steps", None)),
                        turn_id,
                        old_version,
                    ),
                )
                if cursor.rowcount == 0:
                    continue
                conn.execute("DELETE FROM hits WHERE turn_id = ?", (turn_id,))
                pause_point("rescore_hits")
                conn.executemany(
                    "INSERT INTO hits (turn_id, position, rule_id, category, polarity, start,"
                    " [end], weight, message, suggestion) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [codec.hit_row(turn_id, i, hit) for i, hit in enumerate(result.hits)],
                )
                replaced += 1
        return replaced

    # --- deleting --------------------------------------------------------------------

    def delete_session(self, session_id: int) -> None:
        """Delete a session and everything in it; its text is overwritten, not just unlinked."""
        with self._unit("delete the session") as conn:
            conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
            self._drop_orphan_partners(conn)
        self._purge()

    def delete_partner(self, name: str) -> int:
        """Delete every session the partner took part in, then the partner; returns sessions."""
        with self._unit("delete the partner") as conn:
            pid = self._partner_key(conn, name)
            if pid is None:
                return 0
            ids = [
                int(r[0])
                for r in conn.execute(
                    "SELECT session_id FROM session_partners WHERE partner_id = ?"
                    " UNION SELECT session_id FROM turns WHERE answerer_id = ?",
                    (pid, pid),
                )
            ]
            conn.executemany("DELETE FROM sessions WHERE id = ?", [(i,) for i in ids])
            conn.execute("DELETE FROM partners WHERE id = ?", (pid,))
            self._drop_orphan_partners(conn)
        self._purge()
        return len(ids)

    def delete_everything(self, *, including_backups: bool = True) -> None:
        """Delete all of the person's data, for real. The policy:

        - The database stays, as an empty one, because the window goes on running on it:
          every row of every table is deleted, VACUUM rewrites the file (no freed page keeps
          old text) and a TRUNCATE checkpoint empties the -wal.
        - Every other file Attune wrote in the data folder that can hold what people wrote
          is overwritten and removed: backups (kept only with `including_backups=False`),
          damaged files moved aside with their -wal, leftovers of an encryption change, the
          clean-close note, the window's geometry, exports saved under the names Attune
          proposes, half-written exports. Log files are emptied (the app keeps its log open).
        - Files Attune did not write are left alone (the folder may be one the person
          chose), and so is the running app's instance lock.
        - Closing the store afterwards makes no backup unless something new was saved.
        """
        with self._lock:  # no backup or close can slip in while files are removed
            with self._unit("delete everything") as conn:
                # Checked at commit, when every table is empty, so the order cannot matter.
                conn.execute("PRAGMA defer_foreign_keys = ON")
                tables = [
                    str(r[0])
                    for r in conn.execute(
                        "SELECT name FROM sqlite_master WHERE type = 'table'"
                        " AND name NOT LIKE 'sqlite_%' AND name != ?",
                        (migrations.MIGRATIONS.migrations_table,),
                    )
                ]
                for table in tables:
                    conn.execute(f"DELETE FROM [{table}]")
            self._purge(vacuum=True)
            for path in wipe.user_files(self.paths, including_backups=including_backups):
                wipe.scrub(path)
            wipe.empty_logs(self.paths)
            self._changes_kept = self.db.conn.total_changes

    def _drop_orphan_partners(self, conn: sqlite3.Connection) -> None:
        """Partners and option sets nothing refers to any more go too (they hold text)."""
        conn.execute(
            "DELETE FROM partners WHERE id NOT IN (SELECT partner_id FROM session_partners)"
            " AND id NOT IN (SELECT answerer_id FROM turns)"
        )
        conn.execute(
            "DELETE FROM option_sets WHERE id NOT IN"
            " (SELECT option_set_id FROM turns WHERE option_set_id IS NOT NULL)"
        )

    def _purge(self, *, vacuum: bool = False) -> None:
        """Push deleted pages out of the -wal: secure_delete zeroed them, TRUNCATE empties it."""
        with self._reading("delete") as conn:
            if vacuum:
                conn.execute("VACUUM")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # --- custom scenarios, self-checks, preferences ----------------------------------

    def save_scenario(self, scenario_id: str, pack: str, body: str, fmt: str = "toml") -> None:
        with self._unit("save the scenario") as conn:
            conn.execute(
                "INSERT INTO custom_scenarios (id, pack, format, body, updated_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET pack = excluded.pack,"
                " format = excluded.format, body = excluded.body,"
                " updated_at = excluded.updated_at",
                (storable(scenario_id), storable(pack), fmt, storable(body), codec.when(_now())),
            )

    def scenario(self, scenario_id: str) -> CustomScenario | None:
        found = self._scenarios("WHERE id = ?", [scenario_id])
        return found[0] if found else None

    def list_scenarios(self, pack: str | None = None) -> list[CustomScenario]:
        if pack is None:
            return self._scenarios("", [])
        return self._scenarios("WHERE pack = ?", [pack])

    def _scenarios(self, clause: str, params: list[Any]) -> list[CustomScenario]:
        with self._reading() as conn:
            rows = conn.execute(
                f"SELECT id, pack, body, format, updated_at FROM custom_scenarios {clause}"
                " ORDER BY pack, id",
                params,
            ).fetchall()
        return [CustomScenario(r[0], r[1], r[2], r[3], codec.parse_when(r[4])) for r in rows]

    def delete_scenario(self, scenario_id: str) -> bool:
        with self._unit("delete the scenario") as conn:
            cursor = conn.execute("DELETE FROM custom_scenarios WHERE id = ?", (scenario_id,))
            return cursor.rowcount > 0

    def save_self_check(
        self, level: int, flags: Sequence[str] = (), at: datetime | None = None
    ) -> int:
        if not 1 <= level <= 5:
            raise ValueError("a self-check level is 1 to 5")
        with self._unit("save the check-in") as conn:
            cursor = conn.execute(
                "INSERT INTO self_checks (at, level, flags) VALUES (?, ?, ?)",
                (codec.when(at or _now()), level, codec.dumps(list(flags))),
            )
            return int(cursor.lastrowid or 0)

    def self_checks(self, limit: int = 100) -> list[SelfCheck]:
        """The newest check-ins first."""
        with self._reading() as conn:
            rows = conn.execute(
                "SELECT id, at, level, flags FROM self_checks ORDER BY at DESC, id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [
            SelfCheck(int(r[0]), codec.parse_when(r[1]), int(r[2]), tuple(json.loads(r[3])))
            for r in rows
        ]

    def preference(self, key: str, default: str | None = None) -> str | None:
        with self._reading() as conn:
            row = conn.execute("SELECT value FROM preferences WHERE key = ?", (key,)).fetchone()
        return default if row is None else str(row[0])

    def set_preference(self, key: str, value: str) -> None:
        with self._unit("save the setting") as conn:
            conn.execute(
                "INSERT INTO preferences (key, value, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
                " updated_at = excluded.updated_at",
                (storable(key), storable(value), codec.when(_now())),
            )

    def preferences(self) -> dict[str, str]:
        with self._reading() as conn:
            return {
                str(k): str(v)
                for k, v in conn.execute("SELECT key, value FROM preferences ORDER BY key")
            }

    # --- reports -----------------------------------------------------------------------

    def export(
        self,
        fmt: str,
        out: Path,
        session_id: int | None = None,
        *,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> ExportReport:
        """Write json (everything to rebuild history) or csv (one row per answer) to `out`,
        atomically and private (0600).

        Reads through its own read-only connection, so it can run on a worker thread while
        the window keeps using the store.
        """
        with self._side_connection() as conn:
            return reports.export_to(
                conn,
                fmt,
                out,
                session_id,
                progress=progress,
                cancelled=cancelled,
                paths=self.paths,
            )

    def write_export(self, fmt: str, stream: IO[str], session_id: int | None = None) -> None:
        with self._side_connection() as conn:
            reports.write_export(conn, fmt, stream, session_id)

    @contextlib.contextmanager
    def _side_connection(self) -> Iterator[sqlite3.Connection]:
        self._open_check()
        db = connect(self.paths.database, passphrase=self._passphrase, read_only=True)
        try:
            yield db.conn
        finally:
            db.close()

    def stats(self) -> StoreStats:
        with self._reading() as conn:
            return reports.stats(conn)

    def doctor(self) -> DoctorReport:
        return reports.doctor(self.paths, self._passphrase)


def _can_write(path: Path) -> bool:
    """The file and its folder (for -wal/-shm) can be written by this user."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _check_readable(path: Path, passphrase: str | None, *, full: bool = True) -> None:
    """Open read-only and check it: a damaged file is found before anything writes.

    `full` runs quick_check over every page; otherwise (the last close was clean and the file
    is as it was left, see seal.py) reading the schema proves the header, the key and page 1.
    """
    db = connect(path, passphrase=passphrase, read_only=True, newest_version=SCHEMA_VERSION)
    try:
        if full:
            rows = db.execute("PRAGMA quick_check").fetchall()
        else:
            db.execute("SELECT count(*) FROM sqlite_master").fetchall()
            rows = [("ok",)]
    except sqlite3.Error as exc:
        raise from_sqlite_error(exc, "open the database") from exc
    finally:
        db.close()
    if [r[0] for r in rows] != ["ok"]:
        raise DatabaseCorrupt("The database file is damaged.")


def _move_aside(path: Path) -> Path:
    """Rename the file and its -wal/-shm to a timestamped name; nothing is rewritten."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    os.replace(path, aside)
    for side, new_side in zip(side_files(path), side_files(aside), strict=True):
        if side.exists():
            os.replace(side, new_side)
    return aside


def _turn_from_replay(
    replay: TurnReplay, options_json: str | None, hurt_json: str | None, share_json: str | None
) -> Turn:
    from desktop.store import rebuild

    return Turn(
        round_index=replay.round_index,
        turn_index=replay.turn_index,
        sharer=replay.sharer,
        answerer=replay.answerer,
        hurt=codec.hurt_from(replay.hurt_text, replay.scenario_id, options_json, hurt_json),
        share=cast("ShareResult | None", rebuild.share(share_json)),
        answer_text=replay.answer_text,
        chosen_option=replay.chosen_option,
        elapsed=replay.elapsed,
        timed_out=replay.timed_out,
        result=cast("Result", rebuild.result(replay.result)),
        answered_at=replay.answered_at,
        felt_heard=replay.felt_heard,
    )
