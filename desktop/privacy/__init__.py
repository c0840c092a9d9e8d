"""Privacy at rest: passphrase encryption of the database, real deletion, passphrase checks.

Names are loaded on first use: the window imports `desktop.privacy.strength` at start-up and
must not pull in the store (and sqlite-utils) with it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.privacy.migration import (
        MigrationReport,
        change_passphrase,
        clear_leftovers,
        decrypt,
        encrypt,
    )
    from desktop.privacy.recovery import check_recovery_path, write_recovery_file
    from desktop.privacy.strength import MIN_LENGTH, Strength, rate_passphrase

_WHERE = {
    "MigrationReport": "migration",
    "change_passphrase": "migration",
    "clear_leftovers": "migration",
    "decrypt": "migration",
    "encrypt": "migration",
    "check_recovery_path": "recovery",
    "write_recovery_file": "recovery",
    "MIN_LENGTH": "strength",
    "Strength": "strength",
    "rate_passphrase": "strength",
}

__all__ = [
    "MIN_LENGTH",
    "MigrationReport",
    "Strength",
    "change_passphrase",
    "check_recovery_path",
    "clear_leftovers",
    "decrypt",
    "encrypt",
    "rate_passphrase",
    "write_recovery_file",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'desktop.privacy' has no attribute {name!r}")
    return getattr(importlib.import_module(f"desktop.privacy.{module}"), name)
