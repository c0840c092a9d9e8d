"""Write the two soft tones Attune plays (resources/sounds/*.wav), from plain sine waves.

    .venv/bin/python scripts/make_sounds.py

Each tone is short, quiet and faded in and out, so it never startles: a rising pair of notes
when time is nearly up, a falling pair when it has run out. Mono, 16-bit, 22,050 Hz.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "sounds"
RATE = 22_050
VOLUME = 0.22  # of full scale: soft, but audible over a quiet room
NOTE_SECONDS = 0.22
FADE_SECONDS = 0.04

# (file, the notes' frequencies in Hz)
TONES = {
    "nearly-up.wav": (523.25, 659.25),  # C5 then E5
    "time-up.wav": (659.25, 440.0),  # E5 then A4
}


def note(frequency: float) -> list[float]:
    count = int(RATE * NOTE_SECONDS)
    fade = int(RATE * FADE_SECONDS)
    samples = []
    for i in range(count):
        envelope = min(1.0, i / fade, (count - 1 - i) / fade)
        # A little of the octave above makes it a chime rather than a test tone.
        wave_value = math.sin(2 * math.pi * frequency * i / RATE)
        wave_value += 0.25 * math.sin(4 * math.pi * frequency * i / RATE)
        samples.append(VOLUME * envelope * wave_value / 1.25)
    return samples


def write(path: Path, frequencies: tuple[float, ...]) -> None:
    samples = [s for frequency in frequencies for s in note(frequency)]
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(b"".join(struct.pack("<h", round(s * 32767)) for s in samples))


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, frequencies in TONES.items():
        write(OUT / name, frequencies)
        print(OUT / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
