"""The optional after-session self-check, and when to suggest professional help."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

# How many recent check-ins are looked at, and how many of them must be concerning:
# one hard evening is normal after a betrayal; a pattern is what calls for a professional.
RECENT_WINDOW = 5
CONCERNING_NEEDED = 2
HIGH_DISTRESS = 4


class Feeling(StrEnum):
    """The five one-tap answers to "How are you now?", calmest first."""

    CALM = "calm"
    OKAY = "okay"
    UNSETTLED = "unsettled"
    UPSET = "upset"
    OVERWHELMED = "overwhelmed"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def distress(self) -> int:
        """1 (calm) to 5 (overwhelmed)."""
        return list(Feeling).index(self) + 1


@dataclass(frozen=True, slots=True)
class SelfCheck:
    """One answer: how the person feels now, and what has been true lately."""

    feeling: Feeling
    trouble_sleeping_or_eating: bool = False
    high_anxiety: bool = False
    doubting_reality: bool = False

    @property
    def concerning(self) -> bool:
        return (
            self.feeling.distress >= HIGH_DISTRESS
            or self.trouble_sleeping_or_eating
            or self.high_anxiety
            or self.doubting_reality
        )


def needs_professional_help(recent: Sequence[SelfCheck]) -> bool:
    """True when at least two of the last five check-ins report high distress, trouble
    sleeping or eating, high anxiety, or doubting one's own memory. `recent` is oldest first."""
    window = list(recent)[-RECENT_WINDOW:]
    return sum(1 for answer in window if answer.concerning) >= CONCERNING_NEEDED
