"""R4, R5, R6, R8, R12: busy, read-only, full, damaged; backups; private file modes."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.errors import DatabaseLocked, DatabaseReadOnly, DiskFull
from desktop.paths import AppPaths
from desktop.store import NoticeKind, Store
from desktop.store.backups import list_backups, verify
from tests.store.helpers import T0, couple, make_turn
from tests.store.processes import kill, spawn, wait_for


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def answers(store: Store) -> list[str]:
    sessions = store.list_sessions()
    return [t.answer_text for s in sessions for t in store.session_replay(s.session_id).turns]


@pytest.fixture
def filled(app_paths: AppPaths) -> Iterator[AppPaths]:
    """A data folder whose database holds one session with three answers (closed, backed up)."""
    with Store.open(app_paths) as store:
        sid = store.session_started(couple(), T0)
        for n in range(3):
            store.turn_scored(sid, make_turn(f"sorry {n}", turn_index=n))
    yield app_paths


def test_a_save_while_another_program_holds_the_database_says_busy_and_retry_works(
    store: Store,
) -> None:
    sid = store.session_started(couple(), T0)
    other = sqlite3.connect(store.paths.database, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    turn = make_turn("I'm sorry, but it was late")
    with pytest.raises(DatabaseLocked) as caught:
        store.turn_scored(sid, turn)
    assert "busy" in caught.value.user_message
    assert store.list_sessions()[0].answers == 0  # history stays readable, nothing half-saved
    other.execute("ROLLBACK")
    other.close()
    store.turn_scored(sid, turn)
    (saved,) = store.session_replay(sid).turns
    assert saved.answer_text == turn.answer_text
    assert len(saved.result.hits) == len(turn.result.hits)


def test_read_only_database_shows_history_and_refuses_saves_calmly(filled: AppPaths) -> None:
    store = Store.open(filled, read_only=True)
    try:
        assert answers(store) == ["sorry 0", "sorry 1", "sorry 2"]
        with pytest.raises(DatabaseReadOnly) as caught:
            store.session_started(couple(), T0)
        assert "read-only" in caught.value.user_message
    finally:
        store.close()


def test_a_full_disk_keeps_every_acknowledged_answer(store: Store) -> None:
    sid = store.session_started(couple(), T0)
    store.turn_scored(sid, make_turn("sorry first"))
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")
    acknowledged = ["sorry first"]
    with pytest.raises(DiskFull) as caught:
        for n in range(200):
            text = f"sorry {n} " + "long words " * 400
            store.turn_scored(sid, make_turn(text, turn_index=n + 1))
            acknowledged.append(text)
    assert "disk is full" in caught.value.user_message
    paths = store.paths
    store.close(backup=False)
    with Store.open(paths) as reopened:
        assert reopened.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert answers(reopened) == acknowledged


def quick_check(path: Path) -> list[str]:
    """quick_check through a read-only connection (it reads the -wal, never writes)."""
    conn = sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True)
    try:
        return [str(r[0]) for r in conn.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()


def flip_page(path: Path, table: str) -> None:
    """Scribble over the b-tree header of `table`'s root page, as a bad sector would.

    The page is found through a read-only connection: a writable one would fold a live -wal
    back into the file when it closes."""
    conn = sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    conn.close()
    with path.open("r+b") as f:
        f.seek((root[0] - 1) * page_size)
        header = bytearray(f.read(12))
        f.seek((root[0] - 1) * page_size)
        f.write(bytes(b ^ 0x5A for b in header))


def test_a_damaged_file_is_moved_aside_untouched_and_a_backup_restores(
    filled: AppPaths,
) -> None:
    flip_page(filled.database, "turns")
    damaged = sha(filled.database)

    store = Store.open(filled)
    try:
        notice = store.notice
        assert notice is not None and notice.kind is NoticeKind.CORRUPT_MOVED
        assert notice.moved_to is not None and str(notice.moved_to) in notice.message
        assert sha(notice.moved_to) == damaged
        assert store.list_sessions() == []
        (newest, *_) = store.available_backups()
        store.restore_backup(newest.path)
        assert answers(store) == ["sorry 0", "sorry 1", "sorry 2"]
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        store.close()


@pytest.mark.slow
def test_a_damaged_file_with_a_live_wal_is_moved_aside_with_it_and_a_backup_restores(
    filled: AppPaths,
) -> None:
    database = filled.database
    wal = database.with_name(database.name + "-wal")
    # A process saving answers is killed: its commits sit in the -wal, never checkpointed.
    child = spawn("tests.store.child", "turns", str(filled.root))
    acknowledged = wait_for(child, "turn ")
    acknowledged += kill(child)
    assert any(line.startswith("turn ") for line in acknowledged)
    assert wal.stat().st_size > 0
    # A table the child never writes: its root page is in the main file only, not in the
    # -wal (a page the -wal holds a newer copy of would hide the damage from every reader).
    flip_page(database, "custom_scenarios")
    damaged, damaged_wal = sha(database), sha(wal)
    assert quick_check(database) != ["ok"]
    assert sha(wal) == damaged_wal  # a read-only look folds nothing back

    store = Store.open(filled)
    try:
        notice = store.notice
        assert notice is not None and notice.kind is NoticeKind.CORRUPT_MOVED
        moved = notice.moved_to
        assert moved is not None and moved.parent == database.parent
        moved_wal = moved.with_name(moved.name + "-wal")
        assert sha(moved) == damaged and sha(moved_wal) == damaged_wal
        # A fresh database took its place; the damaged -wal was not replayed into it.
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.list_sessions() == []
        # The newest good backup is offered, and restoring it brings back its rows.
        assert notice.backups and "backup can be restored" in notice.message
        (newest, *_) = store.available_backups()
        assert notice.backups[0].path == newest.path
        store.restore_backup(newest.path)
        assert answers(store) == ["sorry 0", "sorry 1", "sorry 2"]
    finally:
        store.close(backup=False)
    assert sha(moved) == damaged and sha(moved_wal) == damaged_wal


def test_backups_rotate_verify_and_restore(app_paths: AppPaths) -> None:
    for n in range(7):
        with Store.open(app_paths, keep_backups=5) as store:
            sid = store.session_started(couple(), T0)
            store.turn_scored(sid, make_turn(f"sorry {n}"))
    kept = list_backups(app_paths.backups)
    assert len(kept) == 5
    assert all(verify(b.path) for b in kept)
    for b in kept:
        conn = sqlite3.connect(b.path.absolute().as_uri() + "?mode=ro", uri=True)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        conn.close()

    with Store.open(app_paths) as store:
        expected = answers(store)
        store.delete_session(store.list_sessions()[0].session_id)
        store.restore_backup(kept[0].path)
        assert answers(store) == expected


def test_every_file_is_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        paths = AppPaths.under(tmp_path / "fresh")
        store = Store.open(paths)
        sid = store.session_started(couple(), T0)
        store.turn_scored(sid, make_turn())
        db = paths.database
        files = [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]
        export = tmp_path / "out.json"
        store.export("json", export)
        store.export("csv", tmp_path / "out.csv")
        files += [export, tmp_path / "out.csv"]
        assert all(p.exists() for p in files)
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in files}
        store.close()
        backups = [b.path for b in list_backups(paths.backups)]
        assert backups
        modes |= {p.name: stat.S_IMODE(p.stat().st_mode) for p in backups}
        assert set(modes.values()) == {0o600}, modes
        for folder in (paths.root, paths.backups):
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    finally:
        os.umask(old)


def test_a_database_that_cannot_be_written_opens_read_only_with_a_notice(
    filled: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    # chmod does not stop root, so the permission answer is what is replaced here.
    monkeypatch.setattr(os, "access", lambda path, mode: mode != os.W_OK)
    store = Store.open(filled)
    try:
        assert store.read_only
        assert store.notice is not None and store.notice.kind is NoticeKind.READ_ONLY
        assert answers(store) == ["sorry 0", "sorry 1", "sorry 2"]
        with pytest.raises(DatabaseReadOnly):
            store.session_started(couple(), T0)
    finally:
        store.close()


def test_only_a_database_with_something_of_the_persons_in_it_is_backed_up(
    app_paths: AppPaths,
) -> None:
    with Store.open(app_paths) as store:
        store.set_preference("theme", "dark")  # a change, but nothing worth keeping
    assert list_backups(app_paths.backups) == []
    with Store.open(app_paths) as store:
        store.save_scenario("my-hurt", "mine", 'format = 1\n[pack]\nid = "mine"')
    assert len(list_backups(app_paths.backups)) == 1  # what they wrote is kept
