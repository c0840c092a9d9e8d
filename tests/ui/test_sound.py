"""The soft tones: the real WAV files, played by the system's player or its alert sound."""

from __future__ import annotations

import subprocess
import sys
import wave
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ui import sound
from ui.app import make_application
from ui.sound import Chimes, Cue, tone_file


@pytest.mark.parametrize("cue", list(Cue))
def test_every_cue_has_a_short_quiet_wav(cue: Cue) -> None:
    with wave.open(str(tone_file(cue)), "rb") as tone:
        seconds = tone.getnframes() / tone.getframerate()
        frames = tone.readframes(tone.getnframes())
    assert 0.2 < seconds < 1.0
    loudest = max(abs(int.from_bytes(frames[i : i + 2], "little", signed=True))
                  for i in range(0, len(frames), 2))  # fmt: skip
    assert 0.1 * 32767 < loudest < 0.35 * 32767  # audible, never harsh


def chimes_with(monkeypatch: pytest.MonkeyPatch, player: object, on: bool = True) -> Chimes:
    make_application()
    monkeypatch.setattr(Chimes, "player", classmethod(lambda cls: player))
    return Chimes(lambda: on)


def test_each_cue_plays_its_own_file(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    files: list[str] = []
    chimes = chimes_with(monkeypatch, lambda path: files.append(path.name))
    seen: list[tuple[str, str]] = []
    chimes.played.connect(lambda cue, how: seen.append((cue, how)))
    chimes.play(Cue.NEARLY_UP)
    chimes.play(Cue.TIME_UP)
    assert files == ["nearly-up.wav", "time-up.wav"]
    assert seen == [("nearly-up", "tone"), ("time-up", "tone")]


def test_without_a_player_the_alert_sound_stands_in(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    chimes = chimes_with(monkeypatch, None)
    seen: list[tuple[str, str]] = []
    chimes.played.connect(lambda cue, how: seen.append((cue, how)))
    chimes.play(Cue.TIME_UP)
    assert seen == [("time-up", "alert")]


def test_a_player_that_fails_to_start_falls_back_for_good(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    tries: list[Path] = []

    def broken(path: Path) -> None:
        tries.append(path)
        raise FileNotFoundError(path)

    chimes = chimes_with(monkeypatch, broken)
    seen: list[str] = []
    chimes.played.connect(lambda cue, how: seen.append(how))
    chimes.play(Cue.NEARLY_UP)
    chimes.play(Cue.TIME_UP)
    assert seen == ["alert", "alert"] and len(tries) == 1


def test_turned_off_means_silent(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    files: list[str] = []
    chimes = chimes_with(monkeypatch, lambda path: files.append(path.name), on=False)
    seen: list[str] = []
    chimes.played.connect(lambda cue, how: seen.append(cue))
    chimes.play(Cue.TIME_UP)
    assert seen == [] and files == []


@pytest.mark.skipif(sys.platform == "win32", reason="Windows plays through winsound")
def test_the_system_player_is_started_with_the_file_and_not_waited_for(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A real child process: a stand-in player program records what it was asked to play."""
    record = tmp_path / "played.txt"
    program = tmp_path / ("afplay" if sys.platform == "darwin" else "paplay")
    program.write_text(f'#!/bin/sh\necho "$1" > "{record}"\n', encoding="utf-8")
    program.chmod(0o700)
    monkeypatch.setenv("PATH", str(tmp_path))
    player = sound.system_player()
    assert player is not None
    started: list[subprocess.Popen[bytes]] = []
    real_popen = subprocess.Popen

    def popen(*args: object, **kwargs: object) -> subprocess.Popen[bytes]:
        child = real_popen(*args, **kwargs)  # type: ignore[call-overload]
        started.append(child)
        return child

    monkeypatch.setattr(sound.subprocess, "Popen", popen)
    player(tone_file(Cue.TIME_UP))
    assert started[0].wait(10) == 0
    assert record.read_text(encoding="utf-8").strip().endswith("time-up.wav")
