"""R11 and R12 (privacy side): deleted text leaves every file, files stay private whatever the
umask, in plain and encrypted databases and through a migration."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.paths import AppPaths
from desktop.privacy import encrypt, write_recovery_file
from desktop.store import Store
from desktop.store.reports import doctor
from tests.privacy.helpers import CANARY, PASSPHRASE, files_holding, fill
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
        if passphrase is None:
            assert files_holding(app_paths.root, CANARY.encode()) != []
        store.delete_session(gone)
        assert wal.stat().st_size == 0  # folded back and truncated
        assert files_holding(app_paths.root, CANARY.encode()) == []
        assert [p.name for p in store.partners()] == ["Ana", "Ben"]
        store.delete_everything()
        assert store.db.execute("PRAGMA freelist_count").fetchone()[0] == 0  # VACUUMed
        assert store.list_sessions() == [] and store.available_backups() == []
    finally:
        store.close(backup=False)
    assert files_holding(app_paths.root, CANARY.encode()) == []
