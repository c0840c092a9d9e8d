"""Live hints while typing, and a suggested rewrite built from the answer itself.

The wording of both comes from the rule set ([coaching] in engine.toml), so it can be
improved without touching code.
"""

from __future__ import annotations

import re

from desktop.engine.model import DEFENSIVENESS, VALIDATION, Result
from desktop.engine.rules import RuleSet
from desktop.engine.scoring import normalise, score_answer, sentences

_WORD = re.compile(r"[\w']+")


def coaching_hint(result: Result, text: str, ruleset: RuleSet) -> str:
    """The one most useful next step for an answer being typed."""
    words = ruleset.settings["coaching"]
    if not _WORD.search(text or ""):
        return str(words["start"])
    # A defence worth a hint: one that still weighs (an excuse after validation hardly does).
    against = [h for h in result.hits if h.polarity == DEFENSIVENESS and h.weight >= 1.0]
    if against:
        worst = max(against, key=lambda h: (h.weight, -h.start))
        phrase = text[worst.start : worst.end].strip()
        advice = worst.suggestion or worst.message
        if len(phrase) > 40:
            phrase = phrase[:39].rstrip() + "…"
        return f"“{phrase}”: {advice}" if phrase else advice
    if not result.steps.validated:
        return str(words["validate"])
    if not result.steps.owned:
        return str(words["own"])
    if not any(h.category == "curiosity" for h in result.hits):
        return str(words["ask"])
    return str(words["landing"])


def _feeling(hurt: str | None, ruleset: RuleSet) -> str:
    """A feeling word the hurt itself used, or the plain word "hurt"."""
    if hurt:
        emotions = sorted(ruleset.classes.get("emotion", ()), key=len, reverse=True)
        lowered = normalise(hurt, 5000).lower()
        for emotion in emotions:
            if (
                " " not in emotion
                and "{" not in emotion
                and re.search(rf"\b{re.escape(emotion)}\b", lowered)
            ):
                return emotion
    return "hurt"


def _clean_parts(text: str, ruleset: RuleSet) -> list[str]:
    """The answer's sentences (or their parts before a "but") that help and defend nothing.

    Each sentence is scored on its own, so a validation that a later "but" cancelled in the
    whole answer is found again here and kept.
    """
    kept: list[str] = []
    source = normalise(text, 5000)
    contrast = re.compile(
        r"(?<![\w'])(?:"
        + "|".join(map(re.escape, ruleset.settings["contrast"]["words"]))
        + r")(?![\w'])",
        re.IGNORECASE,
    )
    for start, end in sentences(source):
        closing = source[end] if end < len(source) and source[end] in ".!?" else ""
        sentence = source[start:end].strip() + closing
        pieces = [sentence]
        marker = contrast.search(sentence)
        if marker is not None and marker.start() > 0:
            pieces = [sentence[: marker.start()].strip(" ,;-"), sentence]
        for piece in pieces:
            if not piece:
                continue
            result = score_answer(piece, None, ruleset)
            if result.label == "validating":
                kept.append(piece)
                break
    return kept


def _sentence(part: str) -> str:
    part = part.strip()
    if not part:
        return part
    part = part[0].upper() + part[1:]
    return part if part[-1] in ".!?" else part + "."


def suggest_rewrite(text: str, hurt: str | None, result: Result, ruleset: RuleSet) -> str:
    """Validate, own, then ask: what the answer did well kept, what it lacked added."""
    words = ruleset.settings["coaching"]
    parts = [_sentence(p) for p in _clean_parts(text or "", ruleset)]
    categories = {h.category for h in result.hits if h.polarity == VALIDATION}
    has_validation = any(
        (family := ruleset.families.get(c)) is not None and family.step == "validate"
        for c in categories
    )
    owned = any(
        (family := ruleset.families.get(c)) is not None and family.step == "own" for c in categories
    )
    if not has_validation or not parts:
        parts.insert(0, str(words["rewrite_reflect"]).format(feeling=_feeling(hurt, ruleset)))
    if not owned:
        parts.append(str(words["rewrite_own"]))
    if "curiosity" not in categories:
        parts.append(str(words["rewrite_ask"]))
    return " ".join(p for p in parts if p)
