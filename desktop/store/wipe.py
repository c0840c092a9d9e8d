"""The files "Delete everything" removes beside the database: every one Attune wrote that
can hold what people wrote, and none it did not write (the folder may be one they chose)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from desktop.paths import AppPaths
from desktop.store.connection import side_files

_CHUNK = 1 << 20
# Beside the database: the clean-close note, a rollback journal, damaged files moved aside
# (with their -wal/-shm), an encryption change's leftovers (.migrating, .replaced).
_DATABASE_COMPANIONS = ("-sealed", "-journal", ".damaged-", ".migrating", ".replaced")
# Named as Attune proposes them: exports, the window's geometry, the old settings file.
_ROOT_FILES = ("attune-export", "window.ini", "settings.json")


def user_files(paths: AppPaths, *, including_backups: bool = True) -> Iterator[Path]:
    """Attune's files in the data folder other than the live database, its -wal/-shm, the
    instance lock and the log files (those are emptied, not removed: see empty_logs)."""
    database = paths.database
    keep = {database, *side_files(database), paths.lock_file}
    if paths.root.is_dir():
        for path in sorted(paths.root.iterdir()):
            if path in keep or not path.is_file():
                continue
            name = path.name
            companion = name.startswith(database.name) and any(
                mark in name[len(database.name) :] for mark in _DATABASE_COMPANIONS
            )
            # Hidden ".NAME.XXXX.part" files are what an export cut off by a crash leaves.
            temporary = name.startswith(".") and name.endswith(".part")
            if companion or temporary or name.startswith(_ROOT_FILES):
                yield path
    if including_backups and paths.backups.is_dir():
        # The folder is Attune's own: every file in it is a backup or a half-made one.
        yield from sorted(p for p in paths.backups.rglob("*") if p.is_file())


def empty_logs(paths: AppPaths) -> None:
    """Truncate the log files: the running app keeps appending to its open log, so removing
    it would only hide the file until the next start."""
    if not paths.logs.is_dir():
        return
    for path in sorted(paths.logs.rglob("*")):
        if path.is_file():
            with contextlib.suppress(FileNotFoundError):
                scrub(path, unlink=path != paths.log_file)


def scrub(path: Path, *, unlink: bool = True) -> None:
    """Overwrite a file's bytes with zeros and flush them, then unlink it (or leave it empty).

    On a copy-on-write file system or an SSD old blocks may survive elsewhere; encryption is
    the protection there. This still keeps the text from an undelete tool's easy reach.
    """
    try:
        size = path.stat().st_size
        with path.open("r+b") as f:
            zeros = bytes(min(size, _CHUNK))
            left = size
            while left > 0:
                n = min(left, len(zeros))
                f.write(zeros[:n])
                left -= n
            f.flush()
            os.fsync(f.fileno())
            if not unlink:
                f.truncate(0)
    except FileNotFoundError:
        return
    except OSError:
        pass  # not writable by us: removing it is still possible
    if unlink:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
