"""The one place a database connection is made: file modes, pragmas, version check,
and (with the optional `encryption` extra) SQLCipher keys."""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
import stat
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path
from types import ModuleType
from typing import Any, cast

import sqlite_utils

from desktop.errors import (
    AttuneError,
    DatabaseCorrupt,
    DatabaseTooNew,
    WrongPassphrase,
    from_sqlite_error,
)
from desktop.paths import FILE_MODE, touch_private_file

# Short, so a database held by another program is reported as busy at once instead of the
# window freezing; the user retries (the unit of work was rolled back whole).
BUSY_TIMEOUT_MS = 200

SIDE_SUFFIXES = ("-wal", "-shm")

# Every plain SQLite file starts with these 16 bytes; an SQLCipher file starts with its salt.
PLAIN_HEADER = b"SQLite format 3\x00"
NO_CIPHER = "This copy of Attune cannot open encrypted databases (install the encryption extra)."
WRONG_PASSPHRASE = "That passphrase didn't open your data. Nothing was changed."
# Random bytes (a salt, then ciphertext) use nearly every byte value; a bad sector, text or
# zeros do not. Below this many distinct values in the first KiB a file is not SQLCipher's.
_RANDOM_DISTINCT_BYTES = 160
_ERROR_NAMES = (
    "InterfaceError",
    "DatabaseError",
    "DataError",
    "OperationalError",
    "IntegrityError",
    "InternalError",
    "ProgrammingError",
    "NotSupportedError",
)


class PassphraseNeeded(WrongPassphrase):
    """The database is encrypted and no passphrase was given (the first ask, not a retry)."""


PassphraseSource = Callable[[], str | None]
_passphrase_source: ContextVar[PassphraseSource | None] = ContextVar(
    "attune_passphrase_source", default=None
)


@contextlib.contextmanager
def passphrase_source(source: PassphraseSource) -> Iterator[None]:
    """Within the block, opening an encrypted database without a passphrase asks `source`
    (the command line's prompt or --passphrase-file) instead of failing."""
    token = _passphrase_source.set(source)
    try:
        yield
    finally:
        _passphrase_source.reset(token)


def ambient_passphrase() -> str | None:
    source = _passphrase_source.get()
    return None if source is None else source()


@functools.cache
def cipher() -> ModuleType:
    """The sqlcipher3 driver, its errors made subclasses of the standard library's.

    The store and sqlite-utils catch `sqlite3.OperationalError` and friends; sqlcipher3
    defines classes of its own with the same names. Adding the standard class as a second
    base makes every `except sqlite3.X` catch the SQLCipher error too, for both drivers.
    """
    try:
        import sqlcipher3
    except ImportError as exc:
        raise AttuneError(NO_CIPHER) from exc
    dbapi = sqlcipher3.dbapi2
    for name in _ERROR_NAMES:
        ours, standard = getattr(dbapi, name), getattr(sqlite3, name)
        if not issubclass(ours, standard):
            ours.__bases__ = (*ours.__bases__, standard)
    return cast("ModuleType", dbapi)


def cipher_available() -> bool:
    try:
        cipher()
    except AttuneError:
        return False
    return True


def looks_encrypted(path: Path) -> bool:
    """Whether `path` holds an SQLCipher database rather than a plain or damaged one.

    Never certain (a wrong key and a damaged first page read the same, by design), so this
    only decides whether to ask for a passphrase; nothing is ever repaired on its word.
    """
    try:
        with path.open("rb") as f:
            head = f.read(1024)
        size = path.stat().st_size
    except OSError:
        return False
    if len(head) < 1024 or head.startswith(PLAIN_HEADER) or size % 512:
        return False
    return len(set(head)) >= _RANDOM_DISTINCT_BYTES


def check_passphrase(passphrase: str) -> None:
    """SQLCipher reads the key as a C string of UTF-8: no NUL, no lone surrogate, not empty."""
    if not passphrase:
        raise AttuneError("The passphrase is empty.")
    if "\x00" in passphrase:
        raise AttuneError("A passphrase cannot contain a NUL character.")
    try:
        passphrase.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise AttuneError("The passphrase holds characters that cannot be stored.") from exc


def key_literal(passphrase: str) -> str:
    """`PRAGMA key` takes no bound parameter: a string literal with every quote doubled."""
    check_passphrase(passphrase)
    return "'" + passphrase.replace("'", "''") + "'"


def passphrase_of(conn: sqlite3.Connection) -> str | None:
    """The passphrase a connection from raw_connection() was keyed with, if any."""
    key = getattr(conn, "attune_passphrase", None)
    return key if isinstance(key, str) else None


def raw_connection(
    path: Path, *, passphrase: str | None = None, read_only: bool = False
) -> sqlite3.Connection:
    """A bare connection in autocommit mode: the standard driver, or SQLCipher keyed with
    `passphrase` (its log lines silenced). Errors are the drivers' own (sqlite3.Error)."""
    target = path.absolute().as_uri() + "?mode=ro" if read_only else str(path)
    if passphrase is None:
        return sqlite3.connect(target, uri=read_only, isolation_level=None, check_same_thread=False)
    literal = key_literal(passphrase)
    dbapi: Any = cipher()
    conn: Any = dbapi.connect(
        target,
        uri=read_only,
        isolation_level=None,
        check_same_thread=False,
        factory=_keyed_connection_class(),
    )
    try:
        # Before the key: otherwise every wrong key prints "ERROR CORE" lines on stderr.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {literal}")
    except BaseException:
        conn.close()
        raise
    conn.attune_passphrase = passphrase
    return cast("sqlite3.Connection", conn)


@functools.cache
def _keyed_connection_class() -> type:
    """sqlcipher3's Connection with room to remember its key (backups need the same one)."""
    dbapi: Any = cipher()

    class KeyedConnection(dbapi.Connection):  # type: ignore[misc]  # Any base: no stubs
        attune_passphrase: str | None = None

    return KeyedConnection


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
    try:
        if not read_only:
            touch_private_file(path)
        conn = raw_connection(path, passphrase=passphrase, read_only=read_only)
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
        error = from_sqlite_error(exc, "open the database")
        if passphrase is not None and isinstance(error, DatabaseCorrupt):
            # A wrong key and a damaged file read the same: ask again, never repair.
            raise WrongPassphrase(WRONG_PASSPHRASE) from None
        raise error from exc
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
