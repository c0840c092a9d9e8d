"""Builders for privacy tests: a filled data folder, file scans, hashes."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

from desktop.paths import AppPaths
from desktop.practice import Draft, FeltHeard
from desktop.store import Store
from tests.store.helpers import T0, couple, make_turn

CANARY = "Canary-91c2: the letter in the glovebox"
PASSPHRASE = 'it\'s a "quiet" river, Ünïcode too'
OTHER = "another long passphrase"


def fill(store: Store, sessions: int = 3, text: str = CANARY) -> None:
    for n in range(sessions):
        sid = store.session_started(couple(), T0)
        tid = store.turn_scored(sid, make_turn(f"I'm sorry {n}: {text}", hurt=text))
        store.felt_heard_rated(tid, FeltHeard(4, text))
        store.draft_saved(sid, Draft(0, 1, "answer", text, text, T0))


def files_holding(folder: Path, needle: bytes) -> list[str]:
    return sorted(
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if p.is_file() and needle in p.read_bytes()
    )


def plaintext_files(folder: Path) -> list[str]:
    """Files holding the canary or a plain SQLite header."""
    return sorted(
        set(files_holding(folder, CANARY.encode())) | set(files_holding(folder, b"SQLite format 3"))
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` with its hash."""
    return {str(p.relative_to(folder)): digest(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def content(paths: AppPaths, passphrase: str | None) -> str:
    """Everything saved, as the JSON export: what a migration must keep exactly."""
    store = Store.open(paths, passphrase)
    try:
        stream = io.StringIO()
        store.write_export("json", stream)
        prefs = store.preferences()
    finally:
        store.close(backup=False)
    text = stream.getvalue()
    # The export carries the time it was made; everything else must be equal.
    return re.sub(r'"exported_at": "[^"]*"', "", text) + repr(sorted(prefs.items()))
