"""The rule engine: scores an answer from defensive to validating and explains every word.

    from desktop.engine import score, score_share
    r = score(text, hurt=None)   # validation, defensiveness (0..100), label, hits, steps
    s = score_share(text)        # gentleness, harshness (0..100), label, hits

Pure, deterministic and thread-safe: the rule set (resources/rules/*.toml) is loaded once, and
scoring never raises on any text. How scores are combined: docs/scoring.md.
"""

from __future__ import annotations

import threading

# isort: off
# First, so that it decides whether the modules below load compiled or from source (native.py).
from desktop.engine.native import DECIDED as _DECIDED  # noqa: F401

# isort: on
from desktop.engine.coaching import coaching_hint as _coaching_hint
from desktop.engine.coaching import suggest_rewrite as _suggest_rewrite
from desktop.engine.model import Family, Hit, Label, Result, Rule, ShareLabel, ShareResult, Steps
from desktop.engine.rules import RuleError, RuleSet, load_shipped, shipped_max_chars
from desktop.engine.scoring import score_answer, score_share_text

__all__ = [
    "Family",
    "Hit",
    "Label",
    "Result",
    "Rule",
    "RuleError",
    "RuleSet",
    "ShareLabel",
    "ShareResult",
    "Steps",
    "category_name",
    "coaching_hint",
    "max_chars",
    "remember_sentences",
    "rules",
    "rules_version",
    "ruleset",
    "score",
    "score_share",
    "suggest_rewrite",
]

_lock = threading.Lock()
_loaded: list[RuleSet] = []


def ruleset() -> RuleSet:
    """The shipped rule set, loaded on first use (a broken file raises RuleError here)."""
    if not _loaded:
        with _lock:
            if not _loaded:
                _loaded.append(load_shipped())
    return _loaded[0]


def remember_sentences(enabled: bool) -> None:
    """Turn the per-sentence match memory on (the default) or off, and empty it.

    With it on, re-scoring an answer as it is typed matches only the sentence that changed.
    Benchmarks turn it off so that every score they time does all of its work.
    """
    for matcher in ruleset().matchers.values():
        matcher.clear()
        matcher.remembering = enabled


def max_chars() -> int:
    """How many characters of a text are scored; the rest is ignored (engine.toml says)."""
    if _loaded:
        return _loaded[0].prepared.max_chars
    return shipped_max_chars()


def rules_version() -> str:
    return ruleset().version


def __getattr__(name: str) -> str:
    if name == "RULES_VERSION":
        return rules_version()
    raise AttributeError(name)


def score(text: str, hurt: str | None = None) -> Result:
    """Validation and defensiveness of an answer, its label, its hits and its steps."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if hurt is not None and not isinstance(hurt, str):
        hurt = str(hurt)
    return score_answer(text, hurt, ruleset())


def score_share(text: str) -> ShareResult:
    """How gentle or harsh the sharer's start-up is."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    return score_share_text(text, ruleset())


def rules() -> tuple[Rule, ...]:
    """Every rule in load order (the Help page lists them)."""
    return ruleset().rules


def category_name(category: str) -> str:
    """A family's display name ("Minimising"), or a readable form of an unknown id."""
    family = ruleset().family(category)
    if family is not None:
        return family.name
    return category.replace("_", " ").replace(".", " ").capitalize()


def coaching_hint(text: str, hurt: str | None = None) -> str:
    """One short line to help while typing: the next thing to do, or the thing to drop."""
    return _coaching_hint(score(text, hurt), text, ruleset())


def suggest_rewrite(text: str, hurt: str | None = None) -> str:
    """The answer rebuilt in the validate → own → ask order, keeping what already worked."""
    return _suggest_rewrite(text, hurt, score(text, hurt), ruleset())
