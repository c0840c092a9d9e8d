"""Turning encryption on, off, or to a new passphrase (the SQL lives in desktop.store.rekey)."""

from __future__ import annotations

from desktop.store.rekey import (
    CHECKPOINTS,
    Checkpoint,
    MigrationCancelled,
    MigrationReport,
    change_passphrase,
    clear_leftovers,
    decrypt,
    encrypt,
    migrate,
)

__all__ = [
    "CHECKPOINTS",
    "Checkpoint",
    "MigrationCancelled",
    "MigrationReport",
    "change_passphrase",
    "clear_leftovers",
    "decrypt",
    "encrypt",
    "migrate",
]
