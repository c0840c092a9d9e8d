"""Live hints while typing, and a suggested rewrite built from the answer itself.

The wording of both comes from the rule set ([coaching] in engine.toml), so it can be
improved without touching code.
"""

from __future__ import annotations

import re

from desktop.engine.model import DEFENSIVENESS, VALIDATION, Result
from desktop.engine.rules import RuleSet
from desktop.engine.scoring import normalise, sentences

_WORD = re.compile(r"[\w']+")


def coaching_hint(result: Result, text: str, ruleset: RuleSet) -> str:
    """The one most useful next step for an answer being typed."""
    words = ruleset.settings["coaching"]
    if not _WORD.search(text or ""):
        return str(words["start"])
    against = [h for h in result.hits if h.polarity == DEFENSIVENESS]
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


def _clean_parts(text: str, result: Result) -> list[str]:
    """The answer's sentences that helped and carried nothing defensive, in order."""
    kept: list[str] = []
    source = normalise(text, 5000)
    for start, end in sentences(source):
        inside = [h for h in result.hits if start <= h.start < end]
        if any(h.polarity == DEFENSIVENESS for h in inside):
            good = [h for h in inside if h.polarity == VALIDATION]
            bad_start = min(h.start for h in inside if h.polarity == DEFENSIVENESS)
            good = [h for h in good if h.end <= bad_start]
            if good:
                piece = source[start : max(h.end for h in good)].strip(" ,;-")
                if piece:
                    kept.append(piece)
            continue
        if any(h.polarity == VALIDATION for h in inside):
            kept.append(source[start:end].strip())
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
    parts = [_sentence(p) for p in _clean_parts(text or "", result)]
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
