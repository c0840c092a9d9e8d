"""The soft tones: the real WAV files, played by a sound effect or by the system's alert."""

from __future__ import annotations

import wave
from importlib import resources
from typing import Any, ClassVar

import pytest
from PySide6.QtCore import QUrl
from pytestqt.qtbot import QtBot

from ui.app import make_application
from ui.sound import Chimes, Cue


@pytest.mark.parametrize("cue", list(Cue))
def test_every_cue_has_a_short_quiet_wav(cue: Cue) -> None:
    path = resources.files("resources").joinpath("sounds", f"{cue.value}.wav")
    with wave.open(str(path), "rb") as tone:
        seconds = tone.getnframes() / tone.getframerate()
        frames = tone.readframes(tone.getnframes())
    assert 0.2 < seconds < 1.0
    loudest = max(abs(int.from_bytes(frames[i : i + 2], "little", signed=True))
                  for i in range(0, len(frames), 2))  # fmt: skip
    assert 0.1 * 32767 < loudest < 0.35 * 32767  # audible, never harsh


class FakeEffect:
    """Stands in for QSoundEffect where no sound system can be opened in a test."""

    made: ClassVar[list[FakeEffect]] = []

    def __init__(self, parent: object) -> None:
        self.source: QUrl | None = None
        self.plays = 0
        FakeEffect.made.append(self)

    def setSource(self, url: QUrl) -> None:
        self.source = url

    def setVolume(self, volume: float) -> None:
        self.volume = volume

    def play(self) -> None:
        self.plays += 1


def test_a_sound_effect_plays_the_cue_s_own_file(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_application()
    FakeEffect.made = []
    monkeypatch.setattr(Chimes, "effect_class", classmethod(lambda cls: FakeEffect))
    chimes = Chimes(lambda: True)
    seen: list[tuple[str, str]] = []
    chimes.played.connect(lambda cue, how: seen.append((cue, how)))
    chimes.play(Cue.NEARLY_UP)
    chimes.play(Cue.NEARLY_UP)
    chimes.play(Cue.TIME_UP)
    assert seen == [("nearly-up", "tone"), ("nearly-up", "tone"), ("time-up", "tone")]
    assert [e.plays for e in FakeEffect.made] == [2, 1]  # one effect per cue, reused
    sources: list[Any] = [e.source.toLocalFile() for e in FakeEffect.made if e.source]
    assert [s.rsplit("/", 1)[-1] for s in sources] == ["nearly-up.wav", "time-up.wav"]


def test_without_a_sound_system_the_alert_sound_stands_in(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_application()
    monkeypatch.setattr(Chimes, "effect_class", classmethod(lambda cls: None))
    chimes = Chimes(lambda: True)
    seen: list[tuple[str, str]] = []
    chimes.played.connect(lambda cue, how: seen.append((cue, how)))
    chimes.play(Cue.TIME_UP)
    assert seen == [("time-up", "alert")]


def test_turned_off_means_silent(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    make_application()
    FakeEffect.made = []
    monkeypatch.setattr(Chimes, "effect_class", classmethod(lambda cls: FakeEffect))
    chimes = Chimes(lambda: False)
    seen: list[str] = []
    chimes.played.connect(lambda cue, how: seen.append(cue))
    chimes.play(Cue.TIME_UP)
    assert seen == [] and FakeEffect.made == []
