"""Soft tones for the answer timer: one when time is nearly up, one when it has run out.

The tones are WAV files in resources/sounds, played by what the system already has: winsound
on Windows, afplay on macOS, and on Linux the first of paplay, pw-play or aplay. QtMultimedia
is not used: it loads Qt's networking module, and Attune imports nothing that networks.
Where no player exists the desktop's alert sound stands in, so the cue is never lost.
Whether to play at all is Settings' "Play soft sounds".
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from collections.abc import Callable
from enum import Enum
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

log = logging.getLogger("attune")

Player = Callable[[Path], None]  # starts playing a WAV file and returns at once

_LINUX_PLAYERS = ("paplay", "pw-play", "aplay")


class Cue(Enum):
    NEARLY_UP = "nearly-up"
    TIME_UP = "time-up"


def tone_file(cue: Cue) -> Path:
    return Path(str(resources.files("resources").joinpath("sounds", f"{cue.value}.wav")))


def _start(command: list[str]) -> None:
    # Not waited for: the tone plays on while the round goes on; the player ends by itself.
    subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def system_player() -> Player | None:
    """How this system plays a WAV file without blocking, or None if it has no way."""
    if sys.platform == "win32":
        import winsound

        def play_windows(path: Path) -> None:
            flags = winsound.SND_FILENAME | winsound.SND_ASYNC | winsound.SND_NODEFAULT
            winsound.PlaySound(str(path), flags)

        return play_windows
    names = ("afplay",) if sys.platform == "darwin" else _LINUX_PLAYERS
    for name in names:
        found = shutil.which(name)
        if found is not None:
            program = found
            return lambda path: _start([program, str(path)])
    return None


class Chimes(QObject):
    """Plays a cue when sounds are on; `played(cue, how)` says which, and by what means."""

    played = Signal(str, str)  # (cue, "tone" | "alert")

    def __init__(self, enabled: Callable[[], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self._player: Player | None = None
        self._looked_up = False

    def play(self, cue: Cue) -> None:
        if not self.enabled():
            return
        if not self._looked_up:
            # Looked up on the first cue, not at start-up, and only once.
            self._looked_up = True
            self._player = self.player()
        if self._player is not None:
            try:
                self._player(tone_file(cue))
            except OSError as exc:  # the player vanished or cannot start: fall back for good
                log.info("soft sounds fall back to the system alert: %s", type(exc).__name__)
                self._player = None
            else:
                self.played.emit(cue.value, "tone")
                return
        QApplication.beep()
        self.played.emit(cue.value, "alert")

    @classmethod
    def player(cls) -> Player | None:
        """What plays the tones (a class method, so tests can choose)."""
        return system_player()
