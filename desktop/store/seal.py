"""A note left by a clean close, so the next open can skip the full integrity scan.

`PRAGMA quick_check` reads every page: a quarter of a second on a database with years of
history. It only needs to run when the file may have been damaged since Attune last saw it
whole: after a crash (no note), or when the file changed behind Attune's back (the note's
size and modification time no longer match). A clean close writes the note; every open that
may write removes it first, so a crash while open always leads to a full check.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from desktop.paths import touch_private_file


def seal_path(database: Path) -> Path:
    return database.with_name(database.name + "-sealed")


def _fingerprint(database: Path) -> dict[str, int] | None:
    try:
        stat = database.stat()
    except OSError:
        return None
    wal = database.with_name(database.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return None  # unfinished writes: no clean state to vouch for
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def write_seal(database: Path) -> None:
    """After a clean close: note what the file looked like (best effort, never fails)."""
    found = _fingerprint(database)
    if found is None:
        return
    target = seal_path(database)
    with contextlib.suppress(OSError):
        touch_private_file(target)
        target.write_text(json.dumps(found), encoding="utf-8")


def sealed_and_unchanged(database: Path) -> bool:
    """Whether the last close was clean and the file is exactly as it was left."""
    try:
        noted = json.loads(seal_path(database).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(noted, dict) and noted == _fingerprint(database)


def break_seal(database: Path) -> None:
    """Before writing: a crash from here on must lead to a full check."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(seal_path(database))
