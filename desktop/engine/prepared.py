"""Values derived once from a rule set's settings, so scoring never rebuilds them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from desktop.engine.phrases import word_key


@dataclass(frozen=True, slots=True)
class Prepared:
    negators: frozenset[str]
    clause_stops: frozenset[str]
    lookback: int
    flip_lookback: int
    contrast_words: frozenset[str]
    contrast: re.Pattern[str]
    allowed_caps: frozenset[str]
    punctuation: re.Pattern[str]
    emotion_stems: frozenset[str]
    reason_rules: frozenset[str]

    @classmethod
    def of(cls, settings: dict[str, Any], classes: dict[str, tuple[str, ...]]) -> Prepared:
        negation = settings["negation"]
        contrast_words = [word_key(w) for w in settings["contrast"]["words"]]
        phrases = [w.lower() for w in settings["contrast"]["words"]]
        return cls(
            negators=frozenset(word_key(w) for w in negation["words"]),
            clause_stops=frozenset(
                [*contrast_words, *(word_key(w) for w in negation.get("clause_words", []))]
            ),
            lookback=int(negation["lookback"]),
            flip_lookback=int(negation.get("flip_lookback", negation["lookback"])),
            contrast_words=frozenset(w.split()[0] for w in contrast_words),
            contrast=re.compile(
                r"(?<![\w'])(" + "|".join(map(re.escape, phrases)) + r")(?![\w'])", re.IGNORECASE
            ),
            allowed_caps=frozenset(w.upper() for w in settings["shouting"]["allowed_caps"]),
            punctuation=re.compile(settings["shouting"]["punctuation"]),
            emotion_stems=frozenset(
                word_key(w)[:5] for entry in classes.get("emotion", ()) for w in entry.split()
            ),
            reason_rules=frozenset(settings["scoring"].get("reason_rules", [])),
        )
