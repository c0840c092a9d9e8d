"""R9 and R6: an encrypted database holds no plaintext anywhere; a wrong passphrase changes
nothing, prints nothing and never looks like damage to repair."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.errors import WrongPassphrase
from desktop.paths import AppPaths
from desktop.store import Store
from desktop.store.connection import PassphraseNeeded, looks_encrypted, passphrase_source
from desktop.store.reports import doctor
from tests.privacy.helpers import (
    CANARY,
    OTHER,
    PASSPHRASE,
    content,
    fill,
    plaintext_files,
    snapshot,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def encrypted(app_paths: AppPaths) -> AppPaths:
    """A database created encrypted, holding the canary, closed (so a backup exists)."""
    with Store.open(app_paths, PASSPHRASE) as store:
        fill(store)
        store.set_preference("note", CANARY)
    return app_paths


def test_no_file_in_the_data_folder_holds_plaintext(encrypted: AppPaths) -> None:
    assert looks_encrypted(encrypted.database)
    assert list(encrypted.backups.iterdir()) != []  # the close made a backup: encrypted too
    assert plaintext_files(encrypted.root) == []
    # And while open, with the -wal holding fresh pages:
    store = Store.open(encrypted, PASSPHRASE)
    fill(store, 1)
    assert encrypted.database.with_name("attune.db-wal").stat().st_size > 0
    assert plaintext_files(encrypted.root) == []
    store.close(backup=False)
    assert CANARY in content(encrypted, PASSPHRASE)


def test_plain_sqlite3_and_strings_cannot_read_it(encrypted: AppPaths) -> None:
    conn = sqlite3.connect(encrypted.database)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        conn.execute("SELECT * FROM sqlite_master").fetchall()
    conn.close()
    strings = shutil.which("strings")
    if strings is None:
        pytest.skip("no strings command here")
    found = subprocess.run(
        [strings, "-a", "-n", "6", str(encrypted.database)], capture_output=True, text=True
    ).stdout
    assert "Canary" not in found and "SQLite" not in found and "sessions" not in found


def test_a_wrong_passphrase_changes_nothing_and_prints_nothing(
    encrypted: AppPaths, capfd: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(encrypted.root)
    for attempt in ("wrong", "", "it's a", PASSPHRASE + " "):
        with pytest.raises(Exception) as caught:
            Store.open(encrypted, attempt or None)
        assert isinstance(caught.value, WrongPassphrase)
        assert "didn't open" in caught.value.user_message or attempt == ""
        assert CANARY not in caught.value.user_message
    assert snapshot(encrypted.root) == before  # no repair, no aside copy, no new file
    out, err = capfd.readouterr()
    assert "ERROR" not in err and "Traceback" not in err and out == ""
    with Store.open(encrypted, PASSPHRASE) as store:
        assert len(store.list_sessions()) == 3


def test_without_a_passphrase_the_store_asks_and_never_moves_the_file(
    encrypted: AppPaths,
) -> None:
    before = snapshot(encrypted.root)
    with pytest.raises(PassphraseNeeded, match="encrypted"):
        Store.open(encrypted)
    assert snapshot(encrypted.root) == before
    with pytest.raises(WrongPassphrase):
        Store.open(encrypted, read_only=True)


def test_a_source_of_passphrases_is_asked_only_for_an_encrypted_file(
    encrypted: AppPaths, app_paths: AppPaths, tmp_path: Path
) -> None:
    asked: list[str] = []

    def source() -> str:
        asked.append("asked")
        return PASSPHRASE

    plain = AppPaths.under(tmp_path / "plain").ensure()
    with passphrase_source(source):
        Store.open(plain).close()
        assert asked == []
        with Store.open(encrypted) as store:
            assert store.encrypted and len(store.list_sessions()) == 3
    assert asked == ["asked"]


def test_a_damaged_plain_file_is_still_moved_aside_not_taken_for_encrypted(
    app_paths: AppPaths,
) -> None:
    app_paths.database.write_bytes(b"this is not a database at all" * 200)
    assert not looks_encrypted(app_paths.database)
    with Store.open(app_paths) as store:
        assert store.notice is not None and store.notice.moved_to is not None


def test_backups_are_encrypted_verified_and_restore(encrypted: AppPaths) -> None:
    store = Store.open(encrypted, PASSPHRASE)
    try:
        made = store.backup_now()
        assert looks_encrypted(made.path)
        assert made.path in [b.path for b in store.available_backups()]
        store.delete_everything(including_backups=False)
        assert store.list_sessions() == []
        store.restore_backup(made.path)
        assert len(store.list_sessions()) == 3
    finally:
        store.close(backup=False)
    assert plaintext_files(encrypted.root) == []


def test_export_and_doctor_work_on_an_encrypted_store(encrypted: AppPaths, tmp_path: Path) -> None:
    with Store.open(encrypted, PASSPHRASE) as store:
        report = store.export("json", tmp_path / "out.json")
        assert report.sessions == 3 and CANARY in (tmp_path / "out.json").read_text()
        checked = store.doctor()
    assert checked.encrypted and checked.integrity == "ok" and checked.ok
    unchecked = doctor(encrypted)
    assert unchecked.encrypted and "not checked" in unchecked.integrity
    wrong = doctor(encrypted, "wrong")
    assert not wrong.ok and "didn't open" in wrong.integrity
    assert not doctor(AppPaths.under(tmp_path / "none")).encrypted


def test_a_quote_heavy_unicode_passphrase_is_a_literal_not_sql(app_paths: AppPaths) -> None:
    tricky = "'; ATTACH DATABASE 'x' AS y; --"
    with Store.open(app_paths, tricky) as store:
        fill(store, 1)
    assert not (app_paths.root / "x").exists()
    assert CANARY in content(app_paths, tricky)
    with pytest.raises(WrongPassphrase):
        Store.open(app_paths, OTHER)


def test_a_passphrase_with_nul_is_refused_calmly(app_paths: AppPaths) -> None:
    from desktop.errors import AttuneError

    with pytest.raises(AttuneError, match="NUL"):
        Store.open(app_paths, "abc\x00def")


def test_the_cipher_log_never_reaches_stderr_in_a_fresh_process(encrypted: AppPaths) -> None:
    script = (
        "from desktop.paths import AppPaths\n"
        "from desktop.store import Store\n"
        "from desktop.errors import WrongPassphrase\n"
        f"paths = AppPaths.under({str(encrypted.root)!r})\n"
        "for _ in range(3):\n"
        "    try:\n"
        "        Store.open(paths, 'wrong one')\n"
        "    except WrongPassphrase as exc:\n"
        "        print(exc.user_message)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0
    assert done.stdout.count("didn't open your data") == 3
    assert done.stderr == ""


@settings(max_examples=6, deadline=None)
@given(
    passphrase=st.text(
        alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=40
    )
)
def test_any_passphrase_text_is_a_key_never_sql(
    tmp_path_factory: pytest.TempPathFactory, passphrase: str
) -> None:
    from desktop.store.connection import raw_connection

    path = tmp_path_factory.mktemp("keys") / "k.db"
    conn = raw_connection(path, passphrase=passphrase)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (?)", (CANARY,))
    conn.close()
    assert looks_encrypted(path) or path.stat().st_size < 1024
    again = raw_connection(path, passphrase=passphrase)
    assert again.execute("SELECT x FROM t").fetchone() == (CANARY,)
    again.close()
