"""Soft tones for the answer timer: one when time is nearly up, one when it has run out.

Played with QtMultimedia's QSoundEffect where the system can load it; where it cannot (on
Linux it needs PulseAudio's client library) the desktop's own alert sound stands in, so the
cue is never lost. Whether to play at all is Settings' "Play soft sounds".
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import Enum
from importlib import resources
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtWidgets import QApplication

log = logging.getLogger("attune")


class Cue(Enum):
    NEARLY_UP = "nearly-up"
    TIME_UP = "time-up"


def _sound_effect_class() -> Any:
    """QSoundEffect, or None where QtMultimedia cannot load (a missing system library)."""
    try:
        from PySide6.QtMultimedia import QSoundEffect
    except (ImportError, OSError) as exc:
        log.info("soft sounds use the system alert instead: %s", type(exc).__name__)
        return None
    return QSoundEffect


class Chimes(QObject):
    """Plays a cue when sounds are on; `played(cue)` says which was played, and how."""

    played = Signal(str, str)  # (cue, "tone" | "alert")

    def __init__(self, enabled: Callable[[], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self._effects: dict[Cue, Any] = {}
        self._effect_class: Any = None
        self._looked_up = False

    def play(self, cue: Cue) -> None:
        if not self.enabled():
            return
        effect = self._effect(cue)
        if effect is None:
            QApplication.beep()
            self.played.emit(cue.value, "alert")
            return
        effect.play()
        self.played.emit(cue.value, "tone")

    def _effect(self, cue: Cue) -> Any:
        if not self._looked_up:
            # Looked up on the first cue, not at start-up: QtMultimedia is slow to load.
            self._looked_up = True
            self._effect_class = self.effect_class()
        if self._effect_class is None:
            return None
        if cue not in self._effects:
            path = resources.files("resources").joinpath("sounds", f"{cue.value}.wav")
            effect = self._effect_class(self)
            effect.setSource(QUrl.fromLocalFile(str(path)))
            effect.setVolume(0.6)
            self._effects[cue] = effect
        return self._effects[cue]

    @classmethod
    def effect_class(cls) -> Any:
        """The class that plays a WAV file (a class method, so tests can choose)."""
        return _sound_effect_class()
