"""Privacy at rest: passphrase encryption of the database, real deletion, passphrase checks."""

from __future__ import annotations

from desktop.privacy.migration import (
    MigrationReport,
    change_passphrase,
    clear_leftovers,
    decrypt,
    encrypt,
)
from desktop.privacy.recovery import write_recovery_file
from desktop.privacy.strength import MIN_LENGTH, Strength, rate_passphrase

__all__ = [
    "MIN_LENGTH",
    "MigrationReport",
    "Strength",
    "change_passphrase",
    "clear_leftovers",
    "decrypt",
    "encrypt",
    "rate_passphrase",
    "write_recovery_file",
]
