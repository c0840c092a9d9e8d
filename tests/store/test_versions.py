"""R7: newer databases are refused untouched; older ones upgrade atomically after a backup."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.errors import DatabaseTooNew
from desktop.paths import AppPaths
from desktop.store import SCHEMA_VERSION, Store
from desktop.store.backups import list_backups, verify
from tests.store.processes import kill, wait_for
from tests.store.test_crash import integrity, raw, spawn_child

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
EARLIER = sorted(FIXTURES.glob("attune-v*.db"))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def placed(fixture: Path, app_paths: AppPaths) -> Path:
    shutil.copyfile(fixture, app_paths.database)
    app_paths.database.chmod(0o600)
    return app_paths.database


def test_every_earlier_schema_has_a_frozen_fixture() -> None:
    versions = {int(p.stem.removeprefix("attune-v")) for p in EARLIER}
    assert versions == set(range(1, SCHEMA_VERSION))


@pytest.mark.parametrize("fixture", EARLIER, ids=lambda p: p.stem)
def test_an_earlier_database_opens_as_the_current_version_with_its_data(
    fixture: Path, app_paths: AppPaths
) -> None:
    placed(fixture, app_paths)
    with Store.open(app_paths) as store:
        assert store.schema_version == SCHEMA_VERSION
        history = store.list_sessions()
        assert [s.session_id for s in history] == [2, 1]
        assert history[1].felt_heard == 4.0
        replay = store.session_replay(1)
        assert replay.turns[0].answer_text == "I'm sorry, but I was tired."
        assert [h.category for h in replay.turns[0].result.hits] == ["apology", "yes_but"]
        (resumable,) = store.in_progress_sessions()
        assert resumable.draft is not None and resumable.draft.text == "I laughed because"
        # Tables added since work after the upgrade.
        store.set_preference("text_size", "large")
        assert store.preference("text_size") == "large"
    (before,) = [b for b in list_backups(app_paths.backups) if "before-v" in b.path.name]
    assert verify(before.path)
    conn = raw(before.path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION
    finally:
        conn.close()


def test_a_v2_database_keeps_its_options_library_and_settings(app_paths: AppPaths) -> None:
    placed(FIXTURES / "attune-v2.db", app_paths)
    with Store.open(app_paths) as store:
        snapshot = store.load_snapshot(1)
        moved = next(t for t in snapshot.turns if t.round_index == 1)
        assert [o.text for o in moved.hurt.options] == ["I hear you.", "Not this again."]
        assert moved.hurt.options[1].expected == "defensive"
        assert moved.chosen_option == 0
        scenario = store.scenario("mine-01")
        assert scenario is not None and "birthday" in scenario.body
        assert [c.flags for c in store.self_checks()] == [("sleep",)]
        assert store.preference("theme") == "dark"


def test_a_newer_database_is_refused_and_left_byte_for_byte(app_paths: AppPaths) -> None:
    Store.open(app_paths).close()
    conn = sqlite3.connect(app_paths.database)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = sha(app_paths.database)
    with pytest.raises(DatabaseTooNew) as caught:
        Store.open(app_paths)
    assert "newer version of Attune" in caught.value.user_message
    assert sha(app_paths.database) == before


@pytest.mark.parametrize(
    ("fixture", "migration"),
    [
        ("attune-v1.db", "m002_add_library_and_settings"),
        ("attune-v2.db", "m003_add_option_sets"),
        ("attune-v3.db", "m004_add_answer_totals"),
    ],
)
def test_sigkill_inside_a_migration_leaves_the_old_version_and_a_backup(
    tmp_path: Path, fixture: str, migration: str
) -> None:
    paths = AppPaths.under(tmp_path / "data").ensure()
    placed(FIXTURES / fixture, paths)
    version = int(fixture.removeprefix("attune-v").removesuffix(".db"))
    before = [r for r in raw(paths.database).execute("SELECT * FROM turns ORDER BY id")]
    proc = spawn_child("open", paths.root, pause=migration)
    wait_for(proc, "paused")
    kill(proc)
    assert integrity(paths.database) == "ok"
    conn = raw(paths.database)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == version
        assert conn.execute("SELECT * FROM turns ORDER BY id").fetchall() == before
    finally:
        conn.close()
    assert [b for b in list_backups(paths.backups) if verify(b.path)]
    with Store.open(paths) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert len(store.list_sessions()) == 2
