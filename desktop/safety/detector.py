"""The safety detector: finds self-harm, suicide, violence, fear and control in a text."""

from __future__ import annotations

import bisect
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources

PHRASES_FILE = "phrases.toml"


class Level(StrEnum):
    """How strongly the app should respond; a str so it compares equal to "crisis" etc."""

    NONE = "none"
    CHECK_IN = "check_in"
    CRISIS = "crisis"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Level.NONE: 0, Level.CHECK_IN: 1, Level.CRISIS: 2}


class Kind(StrEnum):
    """What was found."""

    SUICIDE = "suicide"
    SELF_HARM = "self_harm"
    VIOLENCE_THREAT = "violence_threat"
    FEAR_OF_PARTNER = "fear_of_partner"
    SEXUAL_COERCION = "sexual_coercion"
    COERCIVE_CONTROL = "coercive_control"
    DISTRESS_FIGURE_OF_SPEECH = "distress_figure_of_speech"
    OVERWHELM = "overwhelm"


ABOUT_PARTNER = frozenset({Kind.FEAR_OF_PARTNER, Kind.COERCIVE_CONTROL, Kind.SEXUAL_COERCION})


class WhenNegated(StrEnum):
    """What a match becomes when a negation stands just before it."""

    NONE = "none"
    CHECK_IN = "check_in"
    KEEP = "keep"


@dataclass(frozen=True, slots=True)
class SafetyCheck:
    """The detector's finding; spans index the original text, as (start, end)."""

    level: Level
    kind: Kind | None
    spans: tuple[tuple[int, int], ...]
    message: str
    kinds: tuple[Kind, ...] = ()

    @property
    def fired(self) -> bool:
        return self.level is not Level.NONE

    @property
    def about_partner(self) -> bool:
        """Whether it is about the partner (fear, control, sexual pressure): not to be named
        on a screen that partner may be looking at."""
        return not ABOUT_PARTNER.isdisjoint((*self.kinds, self.kind))


NOTHING = SafetyCheck(Level.NONE, None, (), "")


@dataclass(frozen=True, slots=True)
class PhraseGroup:
    kind: Kind
    level: Level
    when_negated: WhenNegated
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class PhraseBook:
    """Every pattern, compiled once, and the messages shown for each finding."""

    version: int
    groups: tuple[PhraseGroup, ...]
    benign: re.Pattern[str] | None
    crisis_messages: tuple[tuple[str, str], ...]
    check_in_messages: tuple[tuple[str, str], ...]

    def message(self, level: Level, kind: Kind) -> str:
        table = dict(self.crisis_messages if level is Level.CRISIS else self.check_in_messages)
        return table.get(kind.value, table.get("default", ""))


_SLOT = re.compile(r"\{([a-z_0-9]+)\}")


def expand_slots(pattern: str, slots: dict[str, str]) -> str:
    """Replace {name} by its slot until none is left (slots may refer to other slots)."""
    for _ in range(10):
        expanded = _SLOT.sub(lambda m: slots.get(m.group(1), m.group(0)), pattern)
        if expanded == pattern:
            break
        pattern = expanded
    unknown = _SLOT.search(pattern)
    if unknown:
        raise ValueError(f"unknown slot {{{unknown.group(1)}}} in a safety phrase")
    return pattern


def spaces_to_whitespace(pattern: str) -> str:
    r"""A plain space outside a character class means \s+ (any run of spaces or line breaks)."""
    out: list[str] = []
    in_class = False
    escaped = False
    for char in pattern:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        elif char == "[":
            in_class = True
            out.append(char)
        elif char == "]" and in_class:
            in_class = False
            out.append(char)
        elif char == " " and not in_class:
            out.append(r"\s+")
        else:
            out.append(char)
    return "".join(out)


def compile_patterns(patterns: list[str], slots: dict[str, str]) -> re.Pattern[str]:
    """One alternation per group, matched as whole words."""
    parts = [spaces_to_whitespace(expand_slots(p, slots)) for p in patterns]
    joined = "|".join(f"(?:{part})" for part in parts)
    return re.compile(rf"(?<![\w'])(?:{joined})(?!\w)")


def parse_phrase_book(text: str) -> PhraseBook:
    data = tomllib.loads(text)
    slots = {str(k): str(v) for k, v in data.get("slots", {}).items()}
    groups = tuple(
        PhraseGroup(
            Kind(group["kind"]),
            Level(group["level"]),
            WhenNegated(group.get("when_negated", "keep")),
            compile_patterns(list(group["patterns"]), slots),
        )
        for group in data.get("group", [])
    )
    benign_patterns = [p for table in data.get("benign", []) for p in table["patterns"]]
    benign = compile_patterns(benign_patterns, slots) if benign_patterns else None
    messages = data.get("messages", {})
    return PhraseBook(
        int(data.get("version", 1)),
        groups,
        benign,
        tuple((str(k), str(v)) for k, v in messages.get("crisis", {}).items()),
        tuple((str(k), str(v)) for k, v in messages.get("check_in", {}).items()),
    )


@cache
def phrase_book() -> PhraseBook:
    """The shipped phrases, read and compiled on first use."""
    text = resources.files("resources.safety").joinpath(PHRASES_FILE).read_text("utf-8")
    return parse_phrase_book(text)


# Lower-casing must keep every index in place so spans point into the original text; the few
# characters whose lower case is longer (İ) are kept as they are.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'"})


def normalise(text: str) -> str:
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return lowered.translate(_APOSTROPHES)


# --- negation ------------------------------------------------------------------------------

NEGATION_WINDOW = 3
_LOOKBACK_CHARS = 80
_TOKEN = re.compile(r"[\w']+|[.!?;:,\n]")
_NEGATORS = frozenset(
    {"not", "never", "cannot", "dont", "cant", "doesnt", "didnt", "isnt", "wasnt", "wont"}
)
# A negation does not reach past these: "I don't know if he'll hurt me" is not negated.
_SCOPE_BREAKERS = frozenset(
    {
        "but", "however", "and", "or", "if", "that", "because", "when", "whether", "though",
        "although", "so", "cause", "since", "until", "unless", "while", "yet", "now",
    }
)  # fmt: skip
# "never been so scared of him" intensifies instead of negating.
_INTENSIFIED = re.compile(r"\b(?:never|not)\s+(?:been|felt|ever\s+been)\s+(?:so|more|this|as)\b")


def is_negator(token: str) -> bool:
    return token in _NEGATORS or token.endswith("n't")


def negated_before(norm: str, start: int) -> bool:
    """True when a negation stands up to three words before `start` in the same clause."""
    before = norm[max(0, start - _LOOKBACK_CHARS) : start]
    if _INTENSIFIED.search(before):
        return False
    tokens = _TOKEN.findall(before)
    words = 0
    for index in range(len(tokens) - 1, -1, -1):
        token = tokens[index]
        if not (token[0].isalnum() or token[0] in "_'"):
            return False
        if token in _SCOPE_BREAKERS:
            return False
        # "no longer afraid" negates; "no one knows he hits me" does not.
        if is_negator(token) or (token == "longer" and index > 0 and tokens[index - 1] == "no"):
            return True
        words += 1  # noqa: SIM113 - counts words, not loop steps (punctuation stops early)
        if words >= NEGATION_WINDOW:
            return False
    return False


# --- the check -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Found:
    kind: Kind
    level: Level
    order: int
    start: int
    end: int


def check(text: str) -> SafetyCheck:
    """Look for anything that should pause an exercise; never raises on any str."""
    if not isinstance(text, str) or not text.strip():
        return NOTHING
    try:
        return _check(text, phrase_book())
    except (re.error, RecursionError, MemoryError):  # pragma: no cover - a safety net itself
        return NOTHING


def check_with(text: str, book: PhraseBook) -> SafetyCheck:
    """The same check against a given phrase book (tests and the CLI's own files use it)."""
    return _check(text, book) if text.strip() else NOTHING


def _check(text: str, book: PhraseBook) -> SafetyCheck:
    norm = normalise(text)
    benign = _Spans([m.span() for m in book.benign.finditer(norm)] if book.benign else [])
    found: list[_Found] = []
    for order, group in enumerate(book.groups):
        for match in group.pattern.finditer(norm):
            start, end = match.span()
            if start == end or benign.overlaps(start, end):
                continue
            level = group.level
            if group.when_negated is not WhenNegated.KEEP and negated_before(norm, start):
                if group.when_negated is WhenNegated.NONE:
                    continue
                level = min(level, Level.CHECK_IN, key=lambda lv: lv.rank)
            found.append(_Found(group.kind, level, order, start, end))
    if not found:
        return NOTHING
    top = max(f.level.rank for f in found)
    at_top = sorted((f for f in found if f.level.rank == top), key=lambda f: (f.order, f.start))
    kinds = tuple(dict.fromkeys(f.kind for f in at_top))
    level = at_top[0].level
    spans = merge_spans((f.start, f.end) for f in at_top)
    return SafetyCheck(level, kinds[0], spans, book.message(level, kinds[0]), kinds)


class _Spans:
    """Sorted, non-overlapping spans (as finditer gives them), searched in log time."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def overlaps(self, start: int, end: int) -> bool:
        index = bisect.bisect_right(self.ends, start)
        return index < len(self.starts) and self.starts[index] < end


def merge_spans(spans: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Sorted spans with overlapping ones joined, so a highlight never doubles up."""
    ordered = sorted(spans)
    merged: list[tuple[int, int]] = []
    for start, end in ordered:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)
