"""Verified, rotated copies of the database made with SQLite's backup API (safe under WAL)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from desktop.errors import AttuneError, DatabaseCorrupt, from_sqlite_error
from desktop.paths import make_private_dir, touch_private_file
from desktop.store.connection import passphrase_of, raw_connection
from desktop.store.records import Backup

KEEP_BACKUPS = 5
PREFIX = "attune-"
SUFFIX = ".db"
_STAMP = "%Y%m%dT%H%M%S%fZ"


def backup_name(reason: str, now: datetime | None = None) -> str:
    stamp = (now or datetime.now(UTC)).strftime(_STAMP)
    return f"{PREFIX}{stamp}-{reason}{SUFFIX}"


def make_backup(
    source: sqlite3.Connection, folder: Path, reason: str, keep: int = KEEP_BACKUPS
) -> Backup:
    """Copy the live database page by page, check the copy, then rotate old copies out.

    The copy is written under a temporary name and renamed only once integrity_check passes,
    so backups/ never holds a half-made or damaged file.
    """
    make_private_dir(folder)
    target = folder / backup_name(reason)
    partial = target.with_name(target.name + ".part")
    touch_private_file(partial)
    try:
        # An encrypted database's backup is encrypted with the same passphrase.
        dest = raw_connection(partial, passphrase=passphrase_of(source))
        try:
            source.backup(dest)
            # A standalone file: no -wal/-shm companions to lose when it is copied elsewhere.
            dest.execute("PRAGMA journal_mode = DELETE")
            verdict = dest.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            dest.close()
        if verdict != "ok":
            raise DatabaseCorrupt(
                "The backup could not be made: the database failed its integrity check."
            )
        os.replace(partial, target)
    except sqlite3.Error as exc:
        raise from_sqlite_error(exc, "make a backup") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
    rotate(folder, keep)
    return _describe(target)


def rotate(folder: Path, keep: int = KEEP_BACKUPS) -> None:
    """Keep the newest `keep` backups; older ones are removed."""
    for old in list_backups(folder)[keep:]:
        with contextlib.suppress(FileNotFoundError):
            old.path.unlink()


def list_backups(folder: Path) -> list[Backup]:
    """Backups, newest first (the name carries the time, so sorting by name is by age)."""
    if not folder.is_dir():
        return []
    files = sorted(
        (p for p in folder.glob(f"{PREFIX}*{SUFFIX}") if p.is_file()),
        key=lambda p: p.name,
        reverse=True,
    )
    return [_describe(p) for p in files]


def verify(path: Path, passphrase: str | None = None) -> bool:
    """Whether `path` is a readable SQLite database that passes integrity_check."""
    try:
        conn = raw_connection(path, passphrase=passphrase, read_only=True)
        try:
            verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return bool(verdict == "ok")


def _describe(path: Path) -> Backup:
    stamp = path.name.removeprefix(PREFIX).split("-", 1)[0]
    try:
        made = datetime.strptime(stamp, _STAMP).replace(tzinfo=UTC)
    except ValueError:
        made = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return Backup(path=path, made_at=made, size=path.stat().st_size)


def copy_into(backup: Path, dest: sqlite3.Connection) -> None:
    """Replace the contents of `dest` with a verified backup, through the backup API."""
    passphrase = passphrase_of(dest)
    if not verify(backup, passphrase):
        raise DatabaseCorrupt("That backup is damaged and was not restored.")
    try:
        src = raw_connection(backup, passphrase=passphrase, read_only=True)
        try:
            src.backup(dest)
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise from_sqlite_error(exc, "restore the backup") from exc
    except OSError as exc:
        raise AttuneError(f"The backup could not be read ({exc.strerror}).") from exc
