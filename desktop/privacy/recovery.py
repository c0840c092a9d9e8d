"""The optional recovery file: the passphrase written down, for a drawer rather than a disk."""

from __future__ import annotations

import contextlib
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from desktop.errors import AttuneError
from desktop.paths import FILE_MODE

RECOVERY_TEXT = """Attune recovery file
====================

Made on {date}. Your Attune data is encrypted with the passphrase below. Without it
nobody, including Attune's makers, can open the data again.

Passphrase (everything between the two lines, spaces included):
----------------------------------------------------------------
{passphrase}
----------------------------------------------------------------

Anyone who has this file can read everything you saved in Attune. Keep it away from this
computer: print it and put it somewhere safe, or move it to a drive you keep locked away,
then delete this copy.
"""


def check_recovery_path(path: Path) -> Path:
    """The recovery file's path if it can be written there; AttuneError before any change."""
    path = path.expanduser()
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise AttuneError(f"{path} is a folder; give a file name for the recovery file.")
    if not folder.is_dir():
        raise AttuneError(f"The folder {folder} for the recovery file does not exist.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise AttuneError(f"The folder {folder} for the recovery file cannot be written to.")
    return path


def write_recovery_file(path: Path, passphrase: str, now: datetime | None = None) -> Path:
    """Write the recovery text to `path` (private, 0600, atomically); returns the path."""
    path = check_recovery_path(path)
    folder = path.parent if str(path.parent) else Path(".")
    text = RECOVERY_TEXT.format(
        date=(now or datetime.now(UTC)).strftime("%d %B %Y"), passphrase=passphrase
    )
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise AttuneError(f"Could not write to {folder} ({exc.strerror}).") from exc
    temp = Path(temp_name)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise AttuneError(f"Could not write {path} ({exc.strerror}).") from exc
    return path
