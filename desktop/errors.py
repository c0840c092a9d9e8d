"""Failures the user can understand: each carries a calm message meant for a person."""

from __future__ import annotations

import sqlite3


class AttuneError(Exception):
    """An expected failure; `user_message` is shown as is, never a traceback."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


class DatabaseLocked(AttuneError):
    """Another program holds the database; retrying later works."""


class AlreadyRunning(AttuneError):
    """Another Attune already uses this data folder."""


class DatabaseTooNew(AttuneError):
    """The file was written by a newer Attune; it is left untouched."""


class DatabaseCorrupt(AttuneError):
    """The file is damaged or is not a database at all."""


class DatabaseReadOnly(AttuneError):
    """The file or its folder cannot be written."""


class DiskFull(AttuneError):
    """The disk has no room for the next write; what is on screen stays there."""


class CannotOpen(AttuneError):
    """The database file or its folder cannot be opened."""


class WrongPassphrase(AttuneError):
    """An encrypted database did not open with the passphrase given."""


class BadPack(AttuneError):
    """A scenario pack file failed validation."""


def from_sqlite_error(exc: sqlite3.Error, action: str = "save") -> AttuneError:
    """Map SQLite's error names to the failure a person can act on."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    if name.startswith("SQLITE_BUSY") or name.startswith("SQLITE_LOCKED") or "locked" in text:
        return DatabaseLocked(
            f"Could not {action}: the database is busy in another program. "
            "Nothing was lost; try again in a moment."
        )
    if name.startswith("SQLITE_FULL") or "full" in text:
        return DiskFull(
            f"Could not {action}: the disk is full. Your text is still here; "
            "free some space and try again."
        )
    if name.startswith("SQLITE_READONLY") or "readonly" in text or "read-only" in text:
        return DatabaseReadOnly(
            f"Could not {action}: the database is read-only. Your history can still be viewed."
        )
    if name.startswith("SQLITE_NOTADB") or "not a database" in text:
        return DatabaseCorrupt("The database file is not readable as an Attune database.")
    if name.startswith("SQLITE_CORRUPT") or "malformed" in text:
        return DatabaseCorrupt("The database file is damaged.")
    if name.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
        return CannotOpen("The database file could not be opened. Check the data folder.")
    return AttuneError(f"Could not {action}: the database reported a problem ({name or 'error'}).")
