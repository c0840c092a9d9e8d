"""The engine's values: rules as loaded, hits, steps and results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from desktop.engine.phrases import Compiled

Label = Literal["validating", "mixed", "defensive", "withdrawing", "neutral"]
ShareLabel = Literal["gentle", "mixed", "harsh", "neutral"]
Side = Literal["answer", "share"]

# An answer's two axes, and the sharer's two axes.
VALIDATION = "validation"
DEFENSIVENESS = "defensiveness"
GENTLENESS = "gentleness"
HARSHNESS = "harshness"


@dataclass(frozen=True, slots=True)
class Family:
    """A group of rules with one meaning: what the feedback screen calls a habit or a skill."""

    id: str
    name: str
    side: Side
    polarity: str  # validation | defensiveness | gentleness | harshness | explain
    step: str  # validate | own | explain | "" (the checklist step it counts for)
    source: str  # the file it came from
    cap: float | None = None  # the most its hits together can add to a score


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    category: str  # the family id
    polarity: str
    weight: float
    patterns: tuple[str, ...]
    message: str
    suggestion: str
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...]
    negation: Literal["flip", "void", "keep"]
    negated_category: str
    negated_message: str
    negated_suggestion: str
    voids: tuple[str, ...]
    after_message: str  # explanations: the message when it comes after validation
    source: str
    compiled: tuple[Compiled, ...]
    unless: tuple[str, ...] = ()  # polarities whose presence anywhere drops this rule's hits


@dataclass(frozen=True, slots=True)
class Hit:
    """One span of the original text that a rule matched, with what it did to the score."""

    rule_id: str
    category: str
    polarity: str
    start: int
    end: int
    weight: float
    message: str
    suggestion: str


@dataclass(frozen=True, slots=True)
class Steps:
    """Validate, own, explain: which happened, and whether validation came first."""

    validated: bool
    owned: bool
    explained: bool
    order_ok: bool

    @property
    def first_missing(self) -> str | None:
        if not self.validated:
            return "validate"
        if not self.owned:
            return "own"
        return None


@dataclass(frozen=True, slots=True)
class Result:
    validation: float
    defensiveness: float
    label: Label
    hits: tuple[Hit, ...]
    steps: Steps
    rules_version: str


@dataclass(frozen=True, slots=True)
class ShareResult:
    gentleness: float
    harshness: float
    label: ShareLabel
    hits: tuple[Hit, ...]
    rules_version: str
