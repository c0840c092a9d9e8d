"""Where Attune keeps its files, and the private folder modes those files need."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

import appdirs

from desktop import APP_NAME
from desktop.errors import AttuneError

DATA_DIR_ENV = "ATTUNE_DATA_DIR"
DIR_MODE = 0o700
FILE_MODE = 0o600


@dataclass(frozen=True, slots=True)
class AppPaths:
    """Every path Attune writes to, derived from one data directory."""

    root: Path

    @classmethod
    def default(cls) -> AppPaths:
        """The per-user data directory the platform expects (appdirs decides)."""
        # appdirs documents appauthor=False as "no author folder" (Windows); its stubs lack it.
        folder = appdirs.user_data_dir(APP_NAME, appauthor=False)  # type: ignore[arg-type]
        return cls(Path(folder))

    @classmethod
    def under(cls, root: str | os.PathLike[str]) -> AppPaths:
        return cls(Path(root).expanduser().absolute())

    @classmethod
    def resolve(cls, data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
        """An explicit --data-dir wins, then ATTUNE_DATA_DIR, then the platform default.

        A blank value given on purpose is refused: quietly using the real per-user folder
        instead would put a script's (or a test's) data where the person keeps theirs.
        """
        if data_dir is not None:
            if not str(data_dir).strip():
                raise AttuneError(
                    "--data-dir was given an empty path; give the folder to use, "
                    "or leave the option out for the usual one."
                )
            return cls.under(data_dir)
        from_env = os.environ.get(DATA_DIR_ENV)
        if from_env is not None:
            if not from_env.strip():
                raise AttuneError(
                    f"{DATA_DIR_ENV} is set but empty; set it to the folder to use, "
                    "or unset it for the usual one."
                )
            return cls.under(from_env.strip())
        return cls.default()

    @property
    def database(self) -> Path:
        return self.root / "attune.db"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def log_file(self) -> Path:
        return self.logs / "attune.log"

    @property
    def lock_file(self) -> Path:
        return self.root / "attune.lock"

    @property
    def settings_file(self) -> Path:
        return self.root / "settings.json"

    def ensure(self) -> AppPaths:
        """Create the data folders private to this user (0700), whatever the umask."""
        for folder in (self.root, self.backups, self.logs):
            make_private_dir(folder)
        return self


def make_private_dir(folder: Path) -> None:
    """mkdir -p, then tighten: mkdir honours the umask, so the mode is set afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    if stat.S_IMODE(folder.stat().st_mode) != DIR_MODE:
        folder.chmod(DIR_MODE)


def touch_private_file(path: Path) -> None:
    """Create `path` as 0600 before anything else writes it (SQLite would use the umask)."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_APPEND, FILE_MODE)
    os.close(fd)
    if stat.S_IMODE(path.stat().st_mode) != FILE_MODE:
        path.chmod(FILE_MODE)
