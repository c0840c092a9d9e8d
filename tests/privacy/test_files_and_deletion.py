"""R11 and R12 (privacy side): deleted text leaves every file, files stay private whatever the
umask, in plain and encrypted databases and through a migration."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.paths import AppPaths
from desktop.practice import Draft
from desktop.privacy import encrypt, write_recovery_file
from desktop.store import Store
from desktop.store.backups import list_backups
from desktop.store.reports import doctor
from tests.privacy.helpers import CANARY, PASSPHRASE, canary_files, files_holding, fill, listing
from tests.store.helpers import T0, couple, make_turn


@pytest.fixture
def loose_umask() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def modes(root: Path) -> dict[str, int]:
    return {
        str(p.relative_to(root)): stat.S_IMODE(p.stat().st_mode)
        for p in [root, *sorted(root.rglob("*"))]
        if p.name != "attune.lock"
    }


def test_every_file_is_private_through_encryption_whatever_the_umask(
    loose_umask: None, tmp_path: Path
) -> None:
    paths = AppPaths.under(tmp_path / "data")
    with Store.open(paths) as store:
        fill(store, 2)
    encrypt(paths, PASSPHRASE)
    store = Store.open(paths, PASSPHRASE)
    fill(store, 1)
    store.export("json", paths.root / "export.json")
    write_recovery_file(paths.root / "recovery.txt", PASSPHRASE)
    seen = modes(paths.root)
    assert "attune.db-wal" in seen and any(name.startswith("backups/") for name in seen)
    store.close()
    loose = {
        name: oct(mode)
        for name, mode in seen.items()
        if mode != (0o700 if (paths.root / name).is_dir() or name == "." else 0o600)
    }
    assert loose == {}
    report = doctor(paths, PASSPHRASE)
    assert report.encrypted and report.ok and all(check.ok for check in report.files)


def test_doctor_names_a_loose_file(app_paths: AppPaths) -> None:
    with Store.open(app_paths) as store:
        fill(store, 1)
    app_paths.database.chmod(0o644)
    report = doctor(app_paths)
    assert not report.ok and any("can be read by other users" in p for p in report.problems)


@pytest.mark.parametrize("passphrase", [None, PASSPHRASE], ids=["plain", "encrypted"])
def test_deleted_text_is_overwritten_and_the_wal_emptied(
    app_paths: AppPaths, passphrase: str | None
) -> None:
    store = Store.open(app_paths, passphrase)
    try:
        assert store.db.execute("PRAGMA secure_delete").fetchone()[0] == 1
        keep = store.session_started(couple(), T0)
        store.turn_scored(keep, make_turn("I'm sorry, truly."))
        gone = store.session_started(couple("Cleo", "Dan"), T0)
        store.turn_scored(gone, make_turn(CANARY, sharer="Cleo", answerer="Dan", hurt=CANARY))
        wal = app_paths.database.with_name("attune.db-wal")
        assert wal.stat().st_size > 0
        # The canary is really stored, and the scan finds it (through a decrypted copy when
        # the data is encrypted): the "gone" checks below could fail.
        assert store.session_replay(gone).turns[0].answer_text == CANARY
        assert canary_files(app_paths.root, passphrase) != []
        if passphrase is not None:
            assert files_holding(app_paths.root, CANARY.encode()) == []  # never in plaintext
        store.delete_session(gone)
        assert wal.stat().st_size == 0  # folded back and truncated
        assert canary_files(app_paths.root, passphrase) == []
        assert [p.name for p in store.partners()] == ["Ana", "Ben"]
        store.delete_everything()
        assert store.db.execute("PRAGMA freelist_count").fetchone()[0] == 0  # VACUUMed
        assert store.list_sessions() == [] and store.available_backups() == []
    finally:
        store.close(backup=False)
    assert canary_files(app_paths.root, passphrase) == []


@pytest.mark.parametrize("passphrase", [None, PASSPHRASE], ids=["plain", "encrypted"])
def test_delete_everything_leaves_the_data_folder_empty_of_user_data(
    app_paths: AppPaths, passphrase: str | None
) -> None:
    root = app_paths.root
    # A folder as long use leaves it: answers, ratings, notes, drafts, scenarios, settings,
    # backups, a damaged file moved aside with its -wal, an export saved here, a log.
    with Store.open(app_paths, passphrase) as store:
        fill(store, 3)
        store.save_scenario("mine-1", "mine", f'hurt = "{CANARY}"')
        store.set_preference("last_topic", CANARY)
        store.save_self_check(3, ["tired"])
    if passphrase is None:
        stamp = "20260101-000000"
        for suffix in ("", "-wal"):
            shutil.copyfile(
                list_backups(app_paths.backups)[0].path,
                root / f"attune.db.damaged-{stamp}{suffix}",
            )
    app_paths.log_file.write_text("2026-01-05 ERROR Unexpected ValueError\n", encoding="utf-8")
    (root / "window.ini").write_text("[General]\ngeometry=@ByteArray(1)\n", encoding="utf-8")
    foreign = root / "not-attunes.txt"
    foreign.write_text("a file Attune did not write stays", encoding="utf-8")
    store = Store.open(app_paths, passphrase)
    try:
        store.backup_now()
        store.export("json", root / "attune-export.json")
        sid = store.session_started(couple(), T0)
        store.draft_saved(sid, Draft(0, 0, "answer", CANARY, CANARY, T0))
        holding = canary_files(root, passphrase)
        assert "attune-export.json" in holding and any(f.startswith("backups/") for f in holding)
        assert any(f.startswith("attune.db") for f in holding)

        store.delete_everything()

        assert canary_files(root, passphrase) == []
        left = listing(root)
        # Only the live (now empty) database and its side files, the running app's lock,
        # the emptied log, the folders Attune needs, and what Attune never wrote.
        assert set(left) - {"attune.lock"} == {
            "attune.db",
            "attune.db-shm",
            "attune.db-wal",
            "backups",
            "logs",
            "logs/attune.log",
            "not-attunes.txt",
        }
        assert app_paths.log_file.stat().st_size == 0
        assert (root / "attune.db-wal").stat().st_size == 0
        # The app goes on running on the empty database.
        assert store.list_sessions() == [] and store.partners() == []
        assert store.list_scenarios() == [] and store.preferences() == {}
        assert store.self_checks() == [] and store.in_progress_sessions() == []
    finally:
        store.close()
    # Closing after it makes no new backup: there is nothing to back up.
    assert list(app_paths.backups.iterdir()) == []
    assert canary_files(root, passphrase) == []
    assert set(listing(root)) <= {
        "attune.db",
        "attune.db-sealed",
        "backups",
        "logs",
        "logs/attune.log",
        "not-attunes.txt",
    }
    assert foreign.read_text(encoding="utf-8") == "a file Attune did not write stays"
    with Store.open(app_paths, passphrase) as reopened:
        assert reopened.notice is None and reopened.list_sessions() == []
