"""Values derived once from a rule set's settings, so scoring never rebuilds them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from desktop.engine.model import Family
from desktop.engine.phrases import word_key


@dataclass(frozen=True, slots=True)
class Added:
    """What a hit the engine adds itself (contrast, shouting, paraphrase) is made of."""

    rule_id: str
    category: str
    weight: float
    message: str
    suggestion: str

    @classmethod
    def of(cls, table: dict[str, Any]) -> Added:
        return cls(
            str(table["rule_id"]),
            str(table["category"]),
            float(table.get("weight", 0.0)),
            str(table["message"]),
            str(table["suggestion"]),
        )


@dataclass(frozen=True, slots=True)
class Prepared:
    negators: frozenset[str]
    # Any negator's letters, wherever they are: text without them holds no negator.
    negator_scan: re.Pattern[str]
    clause_stops: frozenset[str]
    lookback: int
    flip_lookback: int
    contrast_words: frozenset[str]
    contrast: re.Pattern[str]
    # The same for lower-cased text, without the look-behind: the scan checks the character
    # before a match itself, and a pattern that starts with its words lets the regex engine
    # skip ahead to their first letters (about three times faster).
    contrast_scan: re.Pattern[str]
    allowed_caps: frozenset[str]
    punctuation: re.Pattern[str]
    emotion_stems: frozenset[str]
    reason_rules: frozenset[str]
    # [scoring] and [labels], as numbers
    max_chars: int
    scale: float
    explain_factor: float
    threshold: float
    dominance: float
    withdrawing_category: str
    withdrawing_share: float
    # [contrast], [shouting] and [paraphrase]
    contrast_hit: Added
    before_factor: float
    after_factor: float
    shouting_hit: Added
    caps_ratio: float
    min_caps_length: int
    min_caps_words: int
    paraphrase_hit: Added
    min_words: int
    per_word: float
    emotion_bonus: float
    max_weight: float
    # Per family id: its checklist step ("" for none) and its cap.
    steps: dict[str, str]
    caps: dict[str, float | None]

    @classmethod
    def of(
        cls,
        settings: dict[str, Any],
        classes: dict[str, tuple[str, ...]],
        families: dict[str, Family] | None = None,
    ) -> Prepared:
        negation = settings["negation"]
        contrast_words = [word_key(w) for w in settings["contrast"]["words"]]
        phrases = [w.lower() for w in settings["contrast"]["words"]]
        either_phrase = "|".join(map(re.escape, phrases))
        negators = frozenset(word_key(w) for w in negation["words"])
        scoring = settings["scoring"]
        labels = settings["labels"]
        contrast = settings["contrast"]
        shouting = settings["shouting"]
        paraphrase = settings["paraphrase"]
        known = families or {}
        return cls(
            negators=negators,
            negator_scan=re.compile("|".join(map(re.escape, sorted(negators)))),
            clause_stops=frozenset(
                [*contrast_words, *(word_key(w) for w in negation.get("clause_words", []))]
            ),
            lookback=int(negation["lookback"]),
            flip_lookback=int(negation.get("flip_lookback", negation["lookback"])),
            contrast_words=frozenset(w.split()[0] for w in contrast_words),
            contrast=re.compile(r"(?<![\w'])(" + either_phrase + r")(?![\w'])", re.IGNORECASE),
            contrast_scan=re.compile("(" + either_phrase + r")(?![\w'])"),
            allowed_caps=frozenset(w.upper() for w in shouting["allowed_caps"]),
            punctuation=re.compile(shouting["punctuation"]),
            emotion_stems=frozenset(
                word_key(w)[:5] for entry in classes.get("emotion", ()) for w in entry.split()
            ),
            reason_rules=frozenset(scoring.get("reason_rules", [])),
            max_chars=int(scoring["max_chars"]),
            scale=float(scoring["scale"]),
            explain_factor=float(scoring["explain_after_factor"]),
            threshold=float(labels["threshold"]),
            dominance=float(labels["dominance"]),
            withdrawing_category=str(labels["withdrawing_category"]),
            withdrawing_share=float(labels["withdrawing_share"]),
            contrast_hit=Added.of(contrast),
            before_factor=float(contrast["before_factor"]),
            after_factor=float(contrast["after_factor"]),
            shouting_hit=Added.of(shouting),
            caps_ratio=float(shouting["caps_ratio"]),
            min_caps_length=int(shouting["min_caps_length"]),
            min_caps_words=int(shouting["min_caps_words"]),
            paraphrase_hit=Added.of(paraphrase),
            min_words=int(paraphrase["min_words"]),
            per_word=float(paraphrase["per_word"]),
            emotion_bonus=float(paraphrase["emotion_bonus"]),
            max_weight=float(paraphrase["max_weight"]),
            steps={family.id: family.step for family in known.values()},
            caps={family.id: family.cap for family in known.values()},
        )
