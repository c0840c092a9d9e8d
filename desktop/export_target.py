"""Where an export may be written: a new file or an ordinary one, never Attune's own data.

An export is written beside its target and renamed over it, so whatever the name points at is
replaced whole. That is right for a new file or an earlier export, and wrong for anything else:
a device or a pipe would be swapped for a plain file, and one of Attune's own names could
replace the database itself.
"""

from __future__ import annotations

import stat
from pathlib import Path

from desktop.errors import AttuneError
from desktop.paths import AppPaths


def check_export_target(out: Path, paths: AppPaths | None = None) -> None:
    """Raise AttuneError, before anything is written, when `out` must not be replaced: a
    folder, anything but an ordinary file, or one of the files Attune keeps under `paths`
    (the database and its companions, the lock, settings, backups and logs)."""
    try:
        mode = out.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        mode = None  # a new file, or one whose folder is missing: the write itself says so
    except OSError as exc:
        raise AttuneError(
            f"{out} could not be checked ({exc.strerror}); nothing was written."
        ) from exc
    if mode is not None and stat.S_ISDIR(mode):
        raise AttuneError(f"{out} is a folder; give a file name to export to.")
    if mode is not None and not stat.S_ISREG(mode):
        raise AttuneError(
            f"{out} is not an ordinary file (a device, a pipe or a socket), so nothing was "
            "written. Give the name of a new file, or of an earlier export to replace."
        )
    if paths is None:
        return
    resolved = out.resolve()
    root = paths.root.resolve()
    own_names = (paths.lock_file.name, paths.settings_file.name)
    own_file = resolved.parent == root and (
        resolved.name.startswith(paths.database.name) or resolved.name in own_names
    )
    own_folder = any(folder.resolve() in resolved.parents for folder in (paths.backups, paths.logs))
    if own_file or own_folder:
        raise AttuneError(
            f"{out} is one of Attune's own files, where an export would replace your data. "
            "Choose another name or place; nothing was written."
        )
