"""Moving the database into or out of encryption (SQLCipher): copy, verify every row, swap.

The live file is never written in place. A complete copy is made next to it (SQLCipher's
`sqlcipher_export`), read back row by row against the original, and only then renamed over
it; so a crash, a kill or a full disk at any moment leaves either the old database or the
new one, both whole. Backups are then replaced by one in the new form, and the old file's
bytes are overwritten before it is unlinked.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.errors import AttuneError, DatabaseLocked, WrongPassphrase, from_sqlite_error
from desktop.paths import AppPaths, touch_private_file
from desktop.store import backups
from desktop.store.connection import (
    WRONG_PASSPHRASE,
    check_passphrase,
    cipher,
    key_literal,
    looks_encrypted,
    raw_connection,
    side_files,
    tighten_side_files,
)
from desktop.store.wipe import scrub

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
# Called with the name of each point the migration passes; tests fail or kill there.
Checkpoint = Callable[[str], None]
CHECKPOINTS = ("opened", "copied", "verified", "linked", "swapped", "backed-up", "scrubbed")

MIGRATING_SUFFIX = ".migrating"
REPLACED_SUFFIX = ".replaced"


@dataclass(frozen=True, slots=True)
class MigrationReport:
    encrypted: bool  # the database's state afterwards
    tables: int
    rows: int  # rows copied and verified
    seconds: float


class MigrationCancelled(AttuneError):
    """Stopped before the swap: the database is as it was."""


def encrypt(
    paths: AppPaths,
    passphrase: str,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    checkpoint: Checkpoint | None = None,
) -> MigrationReport:
    """Encrypt a plain database with `passphrase` (Attune must not have it open)."""
    check_passphrase(passphrase)
    if looks_encrypted(paths.database):
        raise AttuneError("Your data is already encrypted; change the passphrase instead.")
    return migrate(
        paths, None, passphrase, progress=progress, cancelled=cancelled, checkpoint=checkpoint
    )


def decrypt(
    paths: AppPaths,
    passphrase: str,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    checkpoint: Checkpoint | None = None,
) -> MigrationReport:
    """Turn encryption off: the database becomes a plain SQLite file again."""
    if not looks_encrypted(paths.database):
        raise AttuneError("Your data is not encrypted.")
    return migrate(
        paths, passphrase, None, progress=progress, cancelled=cancelled, checkpoint=checkpoint
    )


def change_passphrase(
    paths: AppPaths,
    old: str,
    new: str,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    checkpoint: Checkpoint | None = None,
) -> MigrationReport:
    """Re-encrypt under a new passphrase (a full copy, so the old key opens nothing new)."""
    check_passphrase(new)
    if not looks_encrypted(paths.database):
        raise AttuneError("Your data is not encrypted; turn encryption on instead.")
    return migrate(paths, old, new, progress=progress, cancelled=cancelled, checkpoint=checkpoint)


def migrate(
    paths: AppPaths,
    old: str | None,
    new: str | None,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    checkpoint: Checkpoint | None = None,
) -> MigrationReport:
    """Copy the database from key `old` to key `new` (None: plain), verify, swap."""
    started = time.monotonic()
    database = paths.database
    if not database.is_file() or database.stat().st_size == 0:
        raise AttuneError(f"There is no Attune database at {database} yet.")
    target = database.with_name(database.name + MIGRATING_SUFFIX)
    replaced = database.with_name(database.name + REPLACED_SUFFIX)

    def passed(name: str, step: int) -> None:
        if progress is not None:
            progress(step, len(CHECKPOINTS))
        if checkpoint is not None:
            checkpoint(name)

    def stop_if_cancelled() -> None:
        if cancelled is not None and cancelled():
            with contextlib.suppress(OSError):
                _remove(target)
            raise MigrationCancelled("Stopped; your data was left as it was.")

    clear_leftovers(paths)
    try:
        with _opened(database, old) as source:
            _make_standalone(source)
            passed("opened", 1)
            stop_if_cancelled()
            version = int(source.execute("PRAGMA user_version").fetchone()[0])
            _export(source, target, new, version)
        passed("copied", 2)
        stop_if_cancelled()
        with _opened(database, old) as source, _opened(target, new) as copy:
            tables, rows = _verify(source, copy)
        _fsync(target)
        passed("verified", 3)
        stop_if_cancelled()
    except sqlite3.Error as exc:
        with contextlib.suppress(OSError):
            _remove(target)
        raise from_sqlite_error(exc, "change the encryption") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            _remove(target)
        raise
    # From here on the new file is complete and checked; the swap itself is one rename.
    for side in side_files(database):
        if side.exists() and side.stat().st_size > 0:
            _remove(target)
            raise DatabaseLocked("Attune's database is in use by another program; close it first.")
        with contextlib.suppress(FileNotFoundError):
            side.unlink()
    linked = _link(database, replaced)
    passed("linked", 4)
    os.replace(target, database)
    _fsync_dir(database.parent)
    passed("swapped", 5)
    _replace_backups(paths, new)
    passed("backed-up", 6)
    if linked:
        scrub(replaced)
    tighten_side_files(database)
    passed("scrubbed", 7)
    return MigrationReport(new is not None, tables, rows, time.monotonic() - started)


def clear_leftovers(paths: AppPaths) -> None:
    """Remove what an interrupted migration left beside the database; never the database."""
    database = paths.database
    target = database.with_name(database.name + MIGRATING_SUFFIX)
    replaced = database.with_name(database.name + REPLACED_SUFFIX)
    if target.exists():
        scrub(target)
    with contextlib.suppress(FileNotFoundError):
        target.with_name(target.name + "-journal").unlink()
    if replaced.exists():
        if database.exists() and os.path.samefile(replaced, database):
            replaced.unlink()  # stopped before the swap: the link is the live file itself
        else:
            scrub(replaced)
    if looks_encrypted(database):
        # Stopped between the swap and the new backup: plain copies must not outlive it.
        for old in backups.list_backups(paths.backups):
            if not looks_encrypted(old.path):
                scrub(old.path)


# --- the steps ---------------------------------------------------------------------------


@contextlib.contextmanager
def _opened(path: Path, passphrase: str | None) -> Iterator[Any]:
    """An SQLCipher-driver connection (it reads plain files too), keyed when asked."""
    dbapi: Any = cipher()
    conn = dbapi.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        if passphrase is not None:
            conn.execute(f"PRAGMA key = {key_literal(passphrase)}")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            if passphrase is not None and "not a database" in str(exc):
                raise WrongPassphrase(WRONG_PASSPHRASE) from None
            raise
        yield conn
    finally:
        conn.close()


def _make_standalone(source: Any) -> None:
    """Fold the -wal into the file and leave WAL mode (which needs sole access), so the
    file renamed away later has no companion that could be replayed onto the new one."""
    source.execute("PRAGMA busy_timeout = 200")
    try:
        source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mode = source.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseLocked(
                "Attune's database is open in another program (or another Attune); close it "
                "and try again."
            ) from exc
        raise
    if str(mode).lower() != "delete":
        raise DatabaseLocked("Attune's database is in use; close other programs and try again.")


def _export(source: Any, target: Path, passphrase: str | None, version: int) -> None:
    _remove(target)
    touch_private_file(target)
    key = "''" if passphrase is None else key_literal(passphrase)
    source.execute(f"ATTACH DATABASE ? AS migrated KEY {key}", (str(target),))
    try:
        source.execute("SELECT sqlcipher_export('migrated')")
        # sqlcipher_export copies schema and rows, not the header's user_version.
        source.execute(f"PRAGMA migrated.user_version = {int(version)}")
    finally:
        source.execute("DETACH DATABASE migrated")


def _verify(source: Any, copy: Any) -> tuple[int, int]:
    """Every object's schema, the version and every row of every table must be equal."""
    schema = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    if source.execute(schema).fetchall() != copy.execute(schema).fetchall():
        raise AttuneError("The encrypted copy did not match (schema); nothing was changed.")
    version = "PRAGMA user_version"
    if source.execute(version).fetchone() != copy.execute(version).fetchone():
        raise AttuneError("The encrypted copy did not match (version); nothing was changed.")
    if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
        raise AttuneError("The new copy failed its integrity check; nothing was changed.")
    tables = [
        str(r[0]) for r in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    ]
    rows = 0
    for table in tables:
        columns = len(source.execute(f"SELECT * FROM [{table}] LIMIT 0").description)
        order = ", ".join(str(i) for i in range(1, columns + 1))
        query = f"SELECT * FROM [{table}] ORDER BY {order}"
        ours, theirs = source.execute(query), copy.execute(query)
        while True:
            a, b = ours.fetchmany(500), theirs.fetchmany(500)
            if a != b:
                raise AttuneError(
                    f"The new copy did not match (table {table}); nothing was changed."
                )
            if not a:
                break
            rows += len(a)
    return len(tables), rows


def _replace_backups(paths: AppPaths, passphrase: str | None) -> None:
    """One fresh backup in the new form; the old ones (other key, or plain) are scrubbed."""
    old = backups.list_backups(paths.backups)
    conn = raw_connection(paths.database, passphrase=passphrase)
    try:
        backups.make_backup(conn, paths.backups, "after-encryption-change", len(old) + 1)
    finally:
        conn.close()
    for backup in old:
        scrub(backup.path)


# --- files ---------------------------------------------------------------------------------


def _link(database: Path, replaced: Path) -> bool:
    """A second name for the old file, so its bytes can be overwritten after the swap."""
    with contextlib.suppress(FileNotFoundError):
        replaced.unlink()
    try:
        os.link(database, replaced)
    except OSError:
        return False  # no hard links here: the old file is unlinked without scrubbing
    return True


def _remove(path: Path) -> None:
    for p in (path, path.with_name(path.name + "-journal")):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no directory handles to sync)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
