"""How hard a passphrase is to guess: a rough estimate in bits, and a word for it."""

from __future__ import annotations

import itertools
import math
import string
from dataclasses import dataclass
from enum import IntEnum

MIN_LENGTH = 8
# Passwords people reach for first; each is tried before anything else by any guesser.
_COMMON = frozenset(
    {
        "password",
        "passphrase",
        "123456",
        "12345678",
        "123456789",
        "1234567890",
        "qwerty",
        "qwertyuiop",
        "letmein",
        "iloveyou",
        "welcome",
        "admin",
        "abc123",
        "monkey",
        "dragon",
        "sunshine",
        "princess",
        "football",
        "baseball",
        "trustno1",
        "attune",
        "loveyou",
        "together",
        "forever",
    }
)


class Strength(IntEnum):
    TOO_SHORT = 0
    WEAK = 1
    FAIR = 2
    STRONG = 3
    VERY_STRONG = 4

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Strength.TOO_SHORT: f"Too short (at least {MIN_LENGTH} characters)",
    Strength.WEAK: "Weak: easy to guess",
    Strength.FAIR: "Fair: a few more words would help",
    Strength.STRONG: "Strong",
    Strength.VERY_STRONG: "Very strong",
}


@dataclass(frozen=True, slots=True)
class Rating:
    strength: Strength
    bits: float  # estimated guessing entropy

    @property
    def acceptable(self) -> bool:
        """Long enough to be allowed at all (the meter advises beyond that)."""
        return self.strength > Strength.TOO_SHORT


def rate_passphrase(passphrase: str) -> Rating:
    """A deliberately simple estimate: character pool times length, with repeats, runs and
    common words discounted. It errs on the side of calling a passphrase weaker."""
    if len(passphrase) < MIN_LENGTH:
        return Rating(Strength.TOO_SHORT, 0.0)
    lowered = passphrase.lower()
    if lowered in _COMMON or lowered.rstrip(string.digits + "!") in _COMMON:
        return Rating(Strength.WEAK, 10.0)
    pool = 0
    if any(c.islower() for c in passphrase):
        pool += 26
    if any(c.isupper() for c in passphrase):
        pool += 26
    if any(c.isdigit() for c in passphrase):
        pool += 10
    if any(c in string.punctuation or c == " " for c in passphrase):
        pool += 33
    if any(ord(c) > 127 for c in passphrase):
        pool += 100
    # Repeated characters and steady runs (aaaa, abcd, 1234) add next to nothing.
    effective = 1.0
    for prev, cur in itertools.pairwise(passphrase):
        step = ord(cur) - ord(prev)
        effective += 0.25 if step in (-1, 0, 1) else 1.0
    bits = effective * math.log2(max(pool, 2))
    if bits < 40:
        strength = Strength.WEAK
    elif bits < 60:
        strength = Strength.FAIR
    elif bits < 90:
        strength = Strength.STRONG
    else:
        strength = Strength.VERY_STRONG
    return Rating(strength, bits)
