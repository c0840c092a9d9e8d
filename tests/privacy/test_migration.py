"""Encrypting, decrypting and changing the passphrase: copy, verify every row, swap.

An interruption at any point (an error, a kill) leaves a database that opens, with every row,
under either the old key or the new one, and a later attempt succeeds.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.errors import AttuneError, DatabaseLocked, WrongPassphrase
from desktop.paths import AppPaths
from desktop.privacy import change_passphrase, decrypt, encrypt
from desktop.privacy.migration import CHECKPOINTS, MigrationCancelled, clear_leftovers, migrate
from desktop.store import Store
from desktop.store.connection import looks_encrypted
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
# (kind, old key, new key) for each direction.
DIRECTIONS = {
    "encrypt": (None, PASSPHRASE),
    "decrypt": (PASSPHRASE, None),
    "passwd": (PASSPHRASE, OTHER),
}


@pytest.fixture
def plain(app_paths: AppPaths) -> AppPaths:
    with Store.open(app_paths) as store:
        fill(store, 5)
        store.set_preference("lock_after_minutes", "5")
    return app_paths


def prepared(paths: AppPaths, kind: str) -> tuple[str | None, str | None]:
    old, new = DIRECTIONS[kind]
    if old is not None:
        encrypt(paths, old)
    return old, new


def opens_with(paths: AppPaths, *keys: str | None) -> str | None:
    """The key (of those given) that opens the database, after integrity_check passes."""
    for key in keys:
        try:
            with Store.open(paths, key) as store:
                assert store.doctor().integrity == "ok"
                return key
        except WrongPassphrase:
            continue
    raise AssertionError("no key opens the database")


def test_encrypt_then_decrypt_keeps_every_row(plain: AppPaths) -> None:
    before = content(plain, None)
    report = encrypt(plain, PASSPHRASE)
    assert report.encrypted and report.rows > 5 and looks_encrypted(plain.database)
    assert plaintext_files(plain.root) == []  # the plain backups went too
    assert content(plain, PASSPHRASE) == before
    report = decrypt(plain, PASSPHRASE)
    assert not report.encrypted and not looks_encrypted(plain.database)
    assert content(plain, None) == before
    assert [p.name for p in plain.root.iterdir() if "migrating" in p.name] == []


def test_a_new_passphrase_replaces_the_old_one_everywhere(plain: AppPaths) -> None:
    before = content(plain, None)
    encrypt(plain, PASSPHRASE)
    change_passphrase(plain, PASSPHRASE, OTHER)
    with pytest.raises(WrongPassphrase):
        Store.open(plain, PASSPHRASE)
    assert content(plain, OTHER) == before
    with Store.open(plain, OTHER) as store:
        assert store.available_backups() != []  # backups follow the new key
        assert all(looks_encrypted(b.path) for b in store.available_backups())


def test_a_wrong_old_passphrase_changes_nothing(plain: AppPaths) -> None:
    encrypt(plain, PASSPHRASE)
    before = snapshot(plain.root)
    with pytest.raises(WrongPassphrase):
        decrypt(plain, "not it")
    with pytest.raises(WrongPassphrase):
        change_passphrase(plain, "not it", OTHER)
    assert snapshot(plain.root) == before


def test_migrating_while_another_program_has_the_database_open_is_refused(
    plain: AppPaths,
) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            "c = sqlite3.connect(sys.argv[1])\n"
            "c.execute('SELECT count(*) FROM sessions').fetchone()\n"
            "print('ready', flush=True)\n"
            "time.sleep(60)\n",
            str(plain.database),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    with holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
            before = content(plain, None)
            with pytest.raises(DatabaseLocked):
                encrypt(plain, PASSPHRASE)
            assert not looks_encrypted(plain.database)
        finally:
            holder.kill()
    assert content(plain, None) == before
    assert [p.name for p in plain.root.iterdir() if "migrating" in p.name] == []


def test_already_encrypted_and_not_encrypted_are_said_plainly(plain: AppPaths) -> None:
    with pytest.raises(AttuneError, match="not encrypted"):
        decrypt(plain, PASSPHRASE)
    with pytest.raises(AttuneError, match="not encrypted"):
        change_passphrase(plain, PASSPHRASE, OTHER)
    encrypt(plain, PASSPHRASE)
    with pytest.raises(AttuneError, match="already encrypted"):
        encrypt(plain, OTHER)


def test_cancelling_before_the_swap_leaves_the_database_as_it_was(plain: AppPaths) -> None:
    before = snapshot(plain.root)
    with pytest.raises(MigrationCancelled):
        encrypt(plain, PASSPHRASE, cancelled=lambda: True)
    assert not looks_encrypted(plain.database)
    after = snapshot(plain.root)
    assert set(after) == set(before)  # no leftover copy


class Interrupted(Exception):
    pass


@pytest.mark.parametrize("kind", sorted(DIRECTIONS))
@pytest.mark.parametrize("point", CHECKPOINTS)
def test_a_failure_at_any_step_leaves_a_usable_database(
    plain: AppPaths, kind: str, point: str
) -> None:
    old, new = prepared(plain, kind)
    before = content(plain, old)

    def fail(name: str) -> None:
        if name == point:
            raise Interrupted(name)

    with pytest.raises(Interrupted):
        migrate(plain, old, new, checkpoint=fail)
    key = opens_with(plain, old, new)
    assert key == (old if CHECKPOINTS.index(point) < CHECKPOINTS.index("swapped") else new)
    assert content(plain, key) == before
    # A second attempt from wherever it stopped finishes the job.
    if key == old:
        migrate(plain, old, new)
    clear_leftovers(plain)
    assert content(plain, new) == before
    leftovers = [p.name for p in plain.root.iterdir() if p.name.startswith("attune.db.")]
    assert leftovers == []
    if new is not None:
        assert plaintext_files(plain.root) == []


# Every step for encrypting; for the other two, mid-copy and either side of the swap (the
# failure test above covers each of their steps in-process).
KILL_POINTS = [("encrypt", point) for point in (*CHECKPOINTS[:-1], "copying")] + [
    (kind, point) for kind in ("decrypt", "passwd") for point in ("copying", "linked", "swapped")
]


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "point"), KILL_POINTS)
def test_a_killed_migration_leaves_a_usable_database(
    plain: AppPaths, kind: str, point: str
) -> None:
    """SIGKILL a real process at each step (and once at a random moment mid-copy)."""
    old, new = prepared(plain, kind)
    before = content(plain, old)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.privacy.migrator",
            str(plain.root),
            kind,
            old or "-",
            new or "-",
            point,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    with child:
        assert child.stdout is not None
        if point == "copying":
            # Somewhere between the first checkpoint and the verified copy.
            assert child.stdout.readline().strip() == "opened"
            time.sleep(0.05)
        else:
            while (line := child.stdout.readline().strip()) != point:
                assert line, child.stderr.read() if child.stderr else ""
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    key = opens_with(plain, old, new)
    assert content(plain, key) == before
    clear_leftovers(plain)
    if key == old:
        migrate(plain, old, new)
    assert content(plain, new) == before


def test_an_encrypted_file_is_unreadable_to_sqlite_after_migration(plain: AppPaths) -> None:
    encrypt(plain, PASSPHRASE)
    conn = sqlite3.connect(plain.database)
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("SELECT count(*) FROM sessions").fetchone()
    conn.close()
    assert CANARY.encode() not in plain.database.read_bytes()
