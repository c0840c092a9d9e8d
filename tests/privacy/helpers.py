"""Builders for privacy tests: a filled data folder, file scans, hashes."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from desktop.paths import AppPaths
from desktop.practice import Draft, FeltHeard
from desktop.store import Store
from desktop.store.connection import cipher, key_literal, looks_encrypted
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


def decrypted_bytes(database: Path, passphrase: str) -> bytes:
    """The bytes of a plain copy of an SQLCipher file (with its -wal, if any), made from a
    copy so the original is not touched: what a scan for the canary must look through."""
    with tempfile.TemporaryDirectory() as work:
        copy = Path(work) / "copy.db"
        shutil.copyfile(database, copy)
        wal = database.with_name(database.name + "-wal")
        if wal.is_file():
            shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
        plain = Path(work) / "plain.db"
        dbapi: Any = cipher()
        conn = dbapi.connect(str(copy), isolation_level=None)
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(f"PRAGMA key = {key_literal(passphrase)}")
            conn.execute(f"ATTACH DATABASE '{plain}' AS plain KEY ''")
            conn.execute("SELECT sqlcipher_export('plain')")
            conn.execute("DETACH DATABASE plain")
        finally:
            conn.close()
        return plain.read_bytes()


def canary_files(folder: Path, passphrase: str | None, needle: str = CANARY) -> list[str]:
    """Files whose bytes hold `needle`, looking inside encrypted databases too (decrypted
    copies), so the scan can fail whether or not the data is encrypted."""
    found = set(files_holding(folder, needle.encode()))
    if passphrase is not None:
        for p in folder.rglob("*"):
            if (
                p.is_file()
                and looks_encrypted(p)
                and needle.encode() in decrypted_bytes(p, passphrase)
            ):
                found.add(str(p.relative_to(folder)))
    return sorted(found)


def listing(folder: Path) -> list[str]:
    """Every file and folder under `folder`, relative, sorted."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


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
