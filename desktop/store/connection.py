"""The one place a database connection is made: file modes, pragmas, version check."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from pathlib import Path

import sqlite_utils

from desktop.errors import AttuneError, DatabaseTooNew, from_sqlite_error
from desktop.paths import FILE_MODE, touch_private_file

# Short, so a database held by another program is reported as busy at once instead of the
# window freezing; the user retries (the unit of work was rolled back whole).
BUSY_TIMEOUT_MS = 200

SIDE_SUFFIXES = ("-wal", "-shm")


def side_files(path: Path) -> tuple[Path, ...]:
    """The -wal and -shm files SQLite keeps next to a WAL database."""
    return tuple(path.with_name(path.name + suffix) for suffix in SIDE_SUFFIXES)


def connect(
    path: Path,
    *,
    passphrase: str | None = None,
    read_only: bool = False,
    newest_version: int | None = None,
) -> sqlite_utils.Database:
    """Open `path` with every pragma Attune relies on.

    The file is created 0600 before SQLite sees it (SQLite follows the umask). When
    `newest_version` is given, a file whose user_version is newer is refused before anything
    is written to it (setting WAL mode would be the first write).
    """
    if passphrase is not None:
        raise AttuneError("This copy of Attune cannot open encrypted databases.")
    try:
        if read_only:
            uri = path.absolute().as_uri() + "?mode=ro"
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        else:
            touch_private_file(path)
            conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise from_sqlite_error(exc, "open the database") from exc
    except OSError as exc:
        raise from_sqlite_error(
            sqlite3.OperationalError(f"unable to open database file ({exc.strerror})"),
            "open the database",
        ) from exc
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        # Reading the header is the first thing that touches the file: a file that is not a
        # database (or is damaged on page 1) fails here, before any write.
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if newest_version is not None and version > newest_version:
            raise DatabaseTooNew(
                "This database was written by a newer version of Attune "
                f"(schema {version}; this version knows up to {newest_version}). "
                "It was left untouched: please update Attune to open it."
            )
        if not read_only:
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.Error as exc:
        conn.close()
        raise from_sqlite_error(exc, "open the database") from exc
    except AttuneError:
        conn.close()
        raise
    if not read_only:
        tighten_side_files(path)
    return sqlite_utils.Database(conn)


def tighten_side_files(path: Path) -> None:
    """SQLite gives -wal/-shm the database file's mode; make sure of it anyway."""
    for side in (path, *side_files(path)):
        try:
            mode = stat.S_IMODE(side.stat().st_mode)
        except FileNotFoundError:
            continue
        if mode != FILE_MODE:
            # Not ours to change (another user's file): doctor reports it.
            with contextlib.suppress(OSError):
                os.chmod(side, FILE_MODE)


def user_version(db: sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])
