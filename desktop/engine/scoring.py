"""Scoring an answer (or a share) with a loaded rule set.

The steps, in order (each documented in docs/scoring.md):
1. every rule whose trigger words occur is searched; each match is a hit on the original text;
2. overlapping hits: the wider one wins; the same rule twice in one place counts once;
3. negation: a negator up to N words before a hit flips it to the other side or voids it;
4. a rule can void whole families (a promise to come back voids "stonewalling");
5. an explanation counts against the answer before any validation, and for it after;
6. contrast ("but", "however", ...): a validation before it is cancelled when what follows is
   defensive; otherwise what follows weighs more and what came before less;
7. shouting (capitals, "?!") and, given the hurt, paraphrase of its words add their hits;
8. the two sums are squashed to 0..100 and the label is read off documented thresholds.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from itertools import pairwise
from operator import attrgetter
from typing import Any, Final

from desktop.engine.model import (
    DEFENSIVENESS,
    GENTLENESS,
    HARSHNESS,
    VALIDATION,
    Hit,
    Label,
    Result,
    Rule,
    ShareLabel,
    ShareResult,
    Steps,
)
from desktop.engine.phrases import is_word_character, lower, word_key
from desktop.engine.prepared import Added, Prepared
from desktop.engine.rules import RuleSet

_SENTENCE_END: Final = re.compile(r"[.!?;\n]+")
_WORD: Final = re.compile(r"[\w']+")
_QUOTES: Final = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'}
)
_SPAN: Final = attrgetter("start", "end")


class _Hit:
    """A hit while it is being worked on (the engine's Hit is made from it at the end)."""

    __slots__ = (
        "category",
        "end",
        "message",
        "polarity",
        "rule",
        "rule_id",
        "sentence",
        "start",
        "suggestion",
        "weight",
    )  # fmt: skip

    def __init__(  # noqa: PLR0917 - built positionally on the hot path
        self, rule: Rule | None, rule_id: str, category: str, polarity: str, start: int,
        end: int, weight: float, message: str, suggestion: str, sentence: int = -1,
    ) -> None:  # fmt: skip
        self.rule = rule
        self.rule_id = rule_id
        self.category = category
        self.polarity = polarity
        self.start = start
        self.end = end
        self.weight = weight
        self.message = message
        self.suggestion = suggestion
        self.sentence = sentence  # which sentence of the text it starts in

    def changed(
        self, *, rule_id: str | None = None, category: str | None = None,
        polarity: str | None = None, weight: float | None = None, message: str | None = None,
        suggestion: str | None = None,
    ) -> _Hit:  # fmt: skip
        return _Hit(
            self.rule,
            self.rule_id if rule_id is None else rule_id,
            self.category if category is None else category,
            self.polarity if polarity is None else polarity,
            self.start,
            self.end,
            self.weight if weight is None else weight,
            self.message if message is None else message,
            self.suggestion if suggestion is None else suggestion,
            self.sentence,
        )


def normalise(text: str, limit: int) -> str:
    """Same length as the text, so every span indexes the original: quotes straightened."""
    if text.isascii():
        return text[:limit]  # no curly quotes in it
    return text[:limit].translate(_QUOTES)


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of sentences (text between ends such as . ! ? ; and new lines)."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _sentence_of(spans: list[tuple[int, int]], position: int) -> int:
    for index, (start, end) in enumerate(spans):
        if start <= position < end or (position == end and index == len(spans) - 1):
            return index
    for index, (start, _) in enumerate(spans):
        if position < start:
            return max(0, index - 1)
    return max(0, len(spans) - 1)


def find_hits(
    text: str, lowered: str, ruleset: RuleSet, side: str
) -> tuple[list[_Hit], AbstractSet[str]]:
    """Every match of the side's rules, as hits on the text (one per rule and place), and
    the text's words in compared form (later steps look words up in them)."""
    matcher = ruleset.matchers[side]
    found: list[_Hit] = []
    keys, matches = matcher.find(lowered)
    rules = matcher.rules
    # In rule-file order, whatever order the index found them in: ties between two readings
    # of the same words are then settled the same way every time.
    for rule_index in sorted(matches):
        spans = matches[rule_index]
        rule = rules[rule_index]
        for start, end, sentence in spans if len(spans) == 1 else _widest(spans):
            found.append(
                _Hit(rule, rule.id, rule.category, rule.polarity, start, end, rule.weight,
                     rule.message, rule.suggestion, sentence)
            )  # fmt: skip
    return found, keys


def _widest(spans: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """One rule's matches with overlaps merged into the widest."""
    if len(spans) == 1:
        return spans
    merged: list[tuple[int, int, int]] = []
    for start, end, sentence in sorted(spans, key=lambda s: (s[0], -s[1])):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]), merged[-1][2])
            continue
        merged.append((start, end, sentence))
    return merged


def drop_covered(hits: list[_Hit]) -> list[_Hit]:
    """Where hits of two rules share words, one reading wins: the wider, or the heavier.

    A hit inside a wider one is part of it ("sorry" inside "sorry you feel that way"); two
    that only overlap are two readings of the same words, and the wider reading is kept
    ("you don't have to be over it" is not "be over it"); equal widths go to the heavier.
    Hits never share words across sentences, so each sentence is settled on its own.
    """
    if len(hits) < 2:
        return hits
    ordered = sorted(hits, key=_SPAN)
    for before, after in pairwise(ordered):
        if after.start < before.end:
            break
    else:
        return ordered  # no two share a word: nothing to settle
    by_sentence: dict[int, list[_Hit]] = {}
    for hit in hits:
        by_sentence.setdefault(hit.sentence, []).append(hit)
    kept: list[_Hit] = []
    for group in by_sentence.values():
        chosen: list[_Hit] = []
        for hit in sorted(group, key=lambda h: (h.start - h.end, -h.weight, h.start)):
            if not any(
                other.rule_id != hit.rule_id and hit.start < other.end and other.start < hit.end
                for other in chosen
            ):
                chosen.append(hit)
        kept.extend(chosen)
    return sorted(kept, key=lambda h: (h.start, h.end))


_CLAUSE_BREAK: Final = re.compile(r"[.!?;,\n]")
# How far back, in characters, a negator is looked for (and never past its clause).
_LOOK_BACK: Final = 200


class _Before:
    """The words before a hit, as negation reads them: worked out for each hit, with what
    every hit shares (where clauses break, where validating hits lie) found once per text."""

    __slots__ = ("breaks", "count", "firsts", "negator_scan", "stops", "taken", "text")

    def __init__(
        self,
        text: str,
        count: int,
        stops: frozenset[str],
        taken: list[tuple[int, int]],
        negator_scan: re.Pattern[str],
    ) -> None:
        self.text = text
        self.negator_scan = negator_scan
        self.count = count
        self.stops = stops
        self.taken = taken
        self.firsts = [a for a, _ in taken]
        self.breaks: list[int] | None = None  # found when first needed

    def words(self, start: int) -> list[str]:
        """Up to `count` words before a position, in the same clause, nearest last; none
        when no negator is among them (negation then leaves the hit as it is).

        Words inside a validating hit are already spoken for ("not" in "you're not
        overreacting"): they come back as "" so they never negate a later hit.
        """
        text = self.text
        breaks = self.breaks
        if breaks is None:
            breaks = self.breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text)]
        i = bisect_left(breaks, start) - 1
        last = breaks[i] if i >= 0 else -1
        head_start = max(last + 1, start - _LOOK_BACK, 0)
        # Most hits have no negator before them in their clause: then no word there matters.
        # (A word's compared form is in the stretch lower-cased without its apostrophes.)
        if self.negator_scan.search(text[head_start:start].lower().replace("'", "")) is None:
            return []
        matches = list(_WORD.finditer(text, head_start, start))
        found = [word_key(m.group(0)) for m in matches]
        stops = self.stops
        for i in range(len(found) - 1, -1, -1):
            if found[i] in stops:
                found = found[i + 1 :]
                matches = matches[i + 1 :]
                break
        count = self.count
        found, matches = found[-count:], matches[-count:]
        taken = self.taken
        if taken:
            firsts = self.firsts
            found = [
                "" if (i := bisect_right(firsts, m.start()) - 1) >= 0 and m.start() < taken[i][1]
                else word
                for word, m in zip(found, matches, strict=True)
            ]  # fmt: skip
        return found


_GOOD: Final = frozenset({VALIDATION, GENTLENESS})


def apply_negation(
    text: str, hits: list[_Hit], ruleset: RuleSet, keys: AbstractSet[str]
) -> list[_Hit]:
    prepared = ruleset.prepared
    negators = prepared.negators
    if not hits or negators.isdisjoint(keys):
        return hits
    stops = prepared.clause_stops
    lookback = prepared.lookback
    # Spans of validating hits: a negator inside one is spoken for (see _words_before).
    taken = sorted((h.start, h.end) for h in hits if h.polarity in _GOOD)
    words_before = _Before(text, lookback, stops, taken, prepared.negator_scan).words
    kept: list[_Hit] = []
    for hit in hits:
        rule = hit.rule
        if rule is None or rule.negation == "keep":
            kept.append(hit)
            continue
        before = words_before(hit.start)
        if negators.isdisjoint(before):
            kept.append(hit)
            continue
        family = ruleset.families[rule.negated_category] if rule.negation == "flip" else None
        near = before[-prepared.flip_lookback :]
        if family is not None and family.polarity in _GOOD and not any(w in negators for w in near):
            # A far negator may void a defence, never turn it into validation.
            continue
        if family is None:
            continue
        kept.append(
            hit.changed(
                category=family.id,
                polarity=family.polarity,
                message=rule.negated_message,
                suggestion=rule.negated_suggestion,
                rule_id=rule.id + ".negated",
            )
        )
    return kept


def apply_voids(hits: list[_Hit]) -> list[_Hit]:
    """Rules can void whole families, or stand down when the other side is present at all."""
    for hit in hits:
        rule = hit.rule
        if rule is not None and (rule.voids or rule.unless):
            break
    else:
        return hits
    voided = {family for hit in hits if hit.rule for family in hit.rule.voids}
    present = {hit.polarity for hit in hits}
    return [
        hit
        for hit in hits
        if hit.category not in voided
        and not (hit.rule is not None and hit.rule.unless and present.intersection(hit.rule.unless))
    ]


def resolve_explanations(hits: list[_Hit], ruleset: RuleSet) -> list[_Hit]:
    """An explanation before validation sounds like an excuse; after it, it can reassure."""
    steps = ruleset.prepared.steps
    first: int | None = None
    explains = owns = False
    for hit in hits:
        step = steps.get(hit.category)
        polarity = hit.polarity
        if polarity == VALIDATION:
            if step == "validate" and (first is None or hit.start < first):
                first = hit.start
            owns = owns or hit.category == "ownership"
        elif polarity == "explain" or (polarity == DEFENSIVENESS and step == "explain"):
            explains = True
    if explains:
        hits = _resolve(hits, ruleset, first)
        owns = any(h.category == "ownership" and h.polarity == VALIDATION for h in hits)
    if first is not None or not owns:
        return hits
    # No validation at all: a reason given in the same sentence as the ownership turns the
    # ownership into a preface to the excuse ("I hid it because I was ashamed").
    spans = sentences_of(hits, ruleset)
    return [h for h in hits if id(h) not in spans] if spans else hits


def _resolve(hits: list[_Hit], ruleset: RuleSet, first: int | None) -> list[_Hit]:
    """Explanations and excuses weighed by whether validation came before them."""
    steps = ruleset.prepared.steps
    factor = ruleset.prepared.explain_factor
    resolved = []
    for hit in hits:
        if hit.polarity == DEFENSIVENESS and steps.get(hit.category) == "explain":
            # An excuse after validation is heard as an explanation: it counts for little.
            if first is not None and hit.start > first:
                resolved.append(hit.changed(weight=hit.weight * factor * factor))
            else:
                resolved.append(hit)
        elif hit.polarity != "explain":
            resolved.append(hit)
        elif first is not None and hit.start > first:
            assert hit.rule is not None
            resolved.append(
                hit.changed(polarity=VALIDATION, weight=hit.weight * factor,
                        message=hit.rule.after_message, suggestion="")
            )  # fmt: skip
        else:
            resolved.append(hit.changed(polarity=DEFENSIVENESS))
    return resolved


def sentences_of(hits: list[_Hit], ruleset: RuleSet) -> set[int]:
    """The ownership hits that share a sentence with an explanation or excuse."""
    steps = ruleset.prepared.steps
    reasons = [
        h
        for h in hits
        if h.polarity == DEFENSIVENESS
        and h.category in steps
        and (steps[h.category] == "explain" or h.rule_id in ruleset.prepared.reason_rules)
    ]
    return {
        id(h)
        for h in hits
        if h.category == "ownership"
        and h.polarity == VALIDATION
        and any(r.sentence == h.sentence for r in reasons)
    }


_CLOSING_CONTRAST: Final = frozenset({"though", "however"})
_CLOSED: Final = re.compile(r"[ \t]*[.!?;]")  # "..., though." is finished; "..., though" may not be


def _at_word_starts(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    r"""pattern.finditer(text) for the matches that start a word (as a leading (?<![\w'])
    would have it), without the look-behind that keeps the regex engine from scanning fast."""
    found: list[re.Match[str]] = []
    match = pattern.search(text)
    while match is not None:
        start = match.start()
        if not start or not is_word_character(text[start - 1]):
            found.append(match)
            match = pattern.search(text, match.end())
        else:
            match = pattern.search(text, start + 1)
    return found


def apply_contrast(
    text: str,
    hits: list[_Hit],
    ruleset: RuleSet,
    good: str,
    bad: str,
    *,
    keys: AbstractSet[str],
    lowered: str,
) -> list[_Hit]:
    prepared = ruleset.prepared
    if not hits or prepared.contrast_words.isdisjoint(keys):
        return hits
    found = _at_word_starts(prepared.contrast_scan, lowered)
    if not found:
        # ("that" without "said"): every weight stays as it was, and hits come in order.
        return hits
    added_hit = prepared.contrast_hit
    after_factor = prepared.after_factor
    spans = sentences(text)
    if not spans:
        return hits
    span_starts = [start for start, _ in spans]
    hits = sorted(hits, key=lambda h: h.start)
    starts = [h.start for h in hits]
    cancelled: set[int] = set()
    factors = [1.0] * len(hits)
    added: list[_Hit] = []
    for match in found:
        at = match.start()
        index = bisect_right(span_starts, at) - 1
        if index < 0 or at >= spans[index][1]:
            index = _sentence_of(spans, at)
        s_start, s_end = spans[index]
        # Whether the sentence has words before the contrast word, and after it.
        lead = _WORD.search(text, s_start, at) is not None
        tail = _WORD.search(text, match.end(), s_end) is not None
        if not tail and (
            not lead
            or word_key(match.group(0)) not in _CLOSING_CONTRAST
            or not _CLOSED.match(text, match.end())
        ):
            # A "but" standing alone or ending its sentence, or the answer stopping at it:
            # nothing is contrasted yet. Only "though" and "however" close a sentence.
            continue
        if not lead or not tail:
            # "But ..." opening a sentence, or "..., though." closing it: the contrast is with
            # the sentence before.
            before = spans[index - 1] if index > 0 else (s_start, s_start)
            after = (s_start, s_end) if not lead else (s_start, match.start())
            if not tail:
                before = spans[index - 1] if index > 0 else (s_start, s_start)
        else:
            before = (s_start, match.start())
            after = (match.end(), s_end)
        # A hit that begins on the contrast word itself ("but you ...") belongs to what follows.
        ahead_from = match.start() if after[0] == match.end() else after[0]
        ahead = [
            i
            for i in range(bisect_left(starts, ahead_from), bisect_left(starts, after[1]))
            if i not in cancelled
        ]
        behind = [
            i
            for i in range(bisect_left(starts, before[0]), bisect_left(starts, before[1]))
            if i not in cancelled and hits[i].category != added_hit.category
        ]
        if not behind:
            continue
        turns_bad = any(hits[i].polarity == bad for i in ahead)
        to_cancel = [i for i in behind if hits[i].polarity == good]
        if turns_bad and to_cancel:
            cancelled.update(to_cancel)
            added.append(_added(added_hit, bad, match.start(), match.end()))
            for i in ahead:
                if hits[i].polarity == bad:
                    factors[i] = max(factors[i], after_factor)
            continue
        for i in ahead:
            if hits[i].polarity == bad:
                factors[i] = max(factors[i], after_factor)
        if turns_bad:
            continue
        # A turn away from the defence ("..., but that's no excuse"): the defence before it
        # weighs less.
        for i in behind:
            if hits[i].polarity == bad:
                factors[i] = min(factors[i], prepared.before_factor)
    result = [
        hit if (factor := factors[i]) == 1.0 else hit.changed(weight=hit.weight * factor)
        for i, hit in enumerate(hits)
        if i not in cancelled
    ]
    return sorted(result + added, key=_SPAN)


def _added(made: Added, polarity: str, start: int, end: int, weight: float | None = None) -> _Hit:
    """A hit the engine adds itself, of no rule."""
    return _Hit(
        None,
        made.rule_id,
        made.category,
        polarity,
        start,
        end,
        made.weight if weight is None else weight,
        made.message,
        made.suggestion,
    )


_CAPS_WORD: Final = re.compile(r"(?<![\w'])[A-Z][A-Z']*[A-Z](?![\w'])")


# Every capitals word holds two capitals side by side (or with apostrophes between); this
# finds one much faster than _CAPS_WORD, whose look-behind is tried at every character.
_TWO_CAPS: Final = re.compile(r"[A-Z]'*[A-Z]")


def _mostly_caps(sentence: str, ratio: float) -> bool:
    """Eight letters or more, and at least `ratio` of them capitals."""
    letters = [c for c in sentence if c.isalpha()]
    upper = sum(1 for c in letters if c.isupper())
    return len(letters) >= 8 and upper / len(letters) >= ratio


def shouting_hits(text: str, ruleset: RuleSet, bad: str) -> list[_Hit]:
    prepared = ruleset.prepared
    allowed = prepared.allowed_caps
    punctuation = prepared.punctuation
    capitals = _TWO_CAPS.search(text) is not None
    if not capitals and not punctuation.search(text):
        return []
    made = prepared.shouting_hit
    found: list[_Hit] = []
    for start, end in sentences(text) if capitals else ():
        caps = [m for m in _CAPS_WORD.finditer(text, start, end) if m.group(0) not in allowed]
        if not caps:
            continue
        if len(caps) >= prepared.min_caps_words or any(
            len(m.group(0)) >= prepared.min_caps_length for m in caps
        ) or _mostly_caps(text[start:end], prepared.caps_ratio):  # fmt: skip
            found.append(_added(made, bad, caps[0].start(), caps[-1].end()))
    for match in punctuation.finditer(text):
        found.append(_added(made, bad, match.start(), match.end()))
    return found


_STOP: Final = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "so",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "from",
        "by",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "am",
        "i",
        "me",
        "my",
        "mine",
        "you",
        "your",
        "yours",
        "we",
        "us",
        "our",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "what",
        "when",
        "where",
        "why",
        "how",
        "who",
        "which",
        "not",
        "no",
        "yes",
        "do",
        "does",
        "did",
        "done",
        "have",
        "has",
        "had",
        "just",
        "really",
        "very",
        "can",
        "could",
        "would",
        "should",
        "will",
        "shall",
        "may",
        "might",
        "must",
        "about",
        "again",
        "still",
        "even",
        "ever",
        "never",
        "always",
        "then",
        "than",
        "too",
        "also",
        "all",
        "any",
        "some",
        "more",
        "most",
        "much",
        "one",
        "get",
        "got",
        "go",
        "going",
        "know",
        "feel",
        "felt",
        "like",
        "dont",
        "didnt",
        "cant",
        "wont",
        "im",
        "ive",
        "youre",
        "thats",
        "its",
    ]
)


_YOU: Final = frozenset({"you", "your", "youre", "yourself", "youve", "youd", "u"})


# Words of three characters or more: a match can only start at a word's start, since one
# starting inside a word would have been part of the match at its start.
_LONG_WORD: Final = re.compile(r"[\w']{3,}")
# Every ASCII character but a word character or an apostrophe, as a space.
_NOT_IN_WORDS: Final = bytes(
    code if chr(code).isalnum() or chr(code) in "_'" else 32 for code in range(128)
) + bytes(range(128, 256))


def _echo_stems(hurt: str) -> frozenset[str]:
    """The hurt's content words, cut to five letters so "betrayed" meets "betrayal"."""
    lowered = lower(hurt)
    if lowered.isascii():
        # _LONG_WORD's words, from str methods: runs of word characters and apostrophes.
        runs = set(lowered.encode().translate(_NOT_IN_WORDS).decode().split())
        if "'" not in hurt:
            return frozenset([run[:5] for run in runs - _STOP if len(run) >= 3])
        keys = {run.replace("'", "") for run in runs if len(run) >= 3}
    else:
        words = _LONG_WORD.findall(lowered)
        keys = {word.replace("'", "") for word in words} if "'" in hurt else set(words)
    keys -= _STOP
    return frozenset([key[:5] for key in keys])


# Stop words of five letters or more, cut to five: a word of the hurt that starts like one of
# these may be the stop word itself, so it is checked whole.
_STOP_STEMS: Final = frozenset(word[:5] for word in _STOP if len(word) >= 5)


def _echoed(hurt: str, keys: AbstractSet[str]) -> frozenset[str] | None:
    """_echo_stems(hurt) & the stems of `keys` (an answer's words), found without working out
    every stem of the hurt: each of the answer's few stems is looked for among its words.

    None when that cannot be told this way: a hurt that is not ASCII, or one with a run of
    three apostrophes (which can be a word of its own).
    """
    if not hurt.isascii() or "'" * 3 in hurt:
        return None
    candidates = keys - _STOP
    lowered = hurt.lower()
    found = []
    if "'" in hurt and min(map(len, candidates), default=3) < 3:
        # "I'd" is a word of three characters, compared as "id".
        runs = lowered.encode().translate(_NOT_IN_WORDS).decode().split()
        short = {run.replace("'", "") for run in runs if "'" in run and len(run) >= 3}
        found = [key for key in candidates if len(key) < 3 and key in short]
    # The hurt's words as they are compared (apostrophes gone), a space either side of each.
    spaced = " " + lowered.encode().translate(_NOT_IN_WORDS, b"'").decode() + " "
    for key in candidates:
        size = len(key)
        if size < 5:
            # Only the word itself is cut to this stem (and a shorter one is none).
            if size >= 3 and f" {key} " in spaced:
                found.append(key)
            continue
        stem = key[:5]
        if stem not in _STOP_STEMS:
            if " " + stem in spaced:
                found.append(stem)
        elif any(word.startswith(stem) and word not in _STOP for word in spaced.split()):
            found.append(stem)
    return frozenset(found)


def paraphrase_hits(
    text: str,
    lowered: str,
    hurt: str,
    hits: list[_Hit],
    ruleset: RuleSet,
    *,
    keys: AbstractSet[str] | None = None,
) -> list[_Hit]:
    """Sentences that give back the hurt's own words, without a defensive move in them."""
    prepared = ruleset.prepared
    emotions = prepared.emotion_stems
    echoed = None if keys is None else _echoed(hurt, keys)
    if echoed is not None:
        # A sentence's words are some of the answer's: what they can meet of the hurt is in
        # what the whole answer meets.
        hurt_words = echoed
        whole = keys
    else:
        hurt_words = _echo_stems(hurt)
        # The answer's words may lack "" (a word of apostrophes alone): they only stand in for
        # its sentences' words when the hurt has no such word.
        whole = keys if keys is not None and "" not in hurt_words else None
        if whole is not None:
            echoed = hurt_words.intersection([key[:5] for key in whole - _STOP])
    if not hurt_words or (echoed is not None and not echoed):
        return []  # no sentence can echo the hurt
    min_words = prepared.min_words
    defences = [h.start for h in hits if h.polarity == DEFENSIVENESS]
    found: list[_Hit] = []
    spans = sentences(text)
    for start, end in spans:
        if any(start <= at < end for at in defences):
            continue
        # The sentence's words (already lower case) as sets first: most sentences echo
        # nothing, and are done with in a few set operations.
        if whole is not None and echoed is not None and len(spans) == 1:
            sentence_keys, stems = whole, echoed
        else:
            words = _WORD.findall(lowered, start, end)
            sentence_keys = (
                {w.replace("'", "") for w in words} if "'" in text[start:end] else set(words)
            )
            stems = hurt_words.intersection([key[:5] for key in sentence_keys - _STOP])
        if not stems:
            continue
        addressed = not _YOU.isdisjoint(sentence_keys)
        feeling = not emotions.isdisjoint(stems)
        if (addressed and len(stems) >= min_words) or feeling:
            weight = min(
                prepared.max_weight,
                prepared.per_word * len(stems) + (prepared.emotion_bonus if feeling else 0.0),
            )
            matched = [
                m
                for m in _WORD.finditer(lowered, start, end)
                if (key := m.group(0).replace("'", "")) not in _STOP and key[:5] in hurt_words
            ]
            span = _free_run(matched, hits)
            if span is not None:
                found.append(_added(prepared.paraphrase_hit, VALIDATION, *span, weight))
    return found


def _free_run(matched: list[re.Match[str]], hits: list[_Hit]) -> tuple[int, int] | None:
    """The longest run of the hurt's words that no other hit already marks.

    Paraphrase adds its weight to the sentence, but its highlight stays on words of its own,
    so every marked phrase on the feedback screen says one thing. None when every echoed
    word already belongs to another hit (the mark would say nothing new). A run ends at a
    marked word, and where another hit starts between two of its words.
    """
    spans = sorted((h.start, h.end) for h in hits)
    starts = [a for a, _ in spans]
    # The furthest end of the hits starting at or before each start: a position is marked
    # when that reaches past it.
    reach: list[int] = []
    furthest = 0
    for _, b in spans:
        furthest = max(furthest, b)
        reach.append(furthest)
    best: tuple[int, int] | None = None
    run: tuple[int, int] | None = None  # the run being read: its start and its last end
    for word in matched:
        start, end = word.span()
        i = bisect_right(starts, start)
        if i and reach[i - 1] > start:
            run = None  # a marked word ends the run
            continue
        if run is not None and bisect_left(starts, run[1]) == bisect_left(starts, start):
            run = (run[0], end)
        else:
            run = (start, end)
        if best is None or run[1] - run[0] > best[1] - best[0]:
            best = run
    return best


def _capped(by_family: dict[str, float], caps: dict[str, float | None]) -> float:
    """The sum of one side's weights by family, each family held to its cap if it has one."""
    total = 0.0
    for category, weight in by_family.items():
        cap = caps.get(category)
        total += weight if cap is None else min(weight, cap)
    return total


def saturate(total: float, scale: float) -> float:
    """0 for nothing, rising steeply at first and never past 100: 100 * (1 - e^(-total/scale))."""
    if total <= 0.0:
        return 0.0
    return round(100.0 * (1.0 - math.exp(-total / scale)), 1)


def _label(v: float, d: float, withdrawn: float, raw_d: float, prepared: Prepared) -> Label:
    threshold = prepared.threshold
    if withdrawn and v < threshold and withdrawn >= prepared.withdrawing_share * raw_d:
        return "withdrawing"
    if v < threshold and d < threshold:
        return "neutral"
    if d < threshold:
        return "validating"
    if v < threshold:
        return "defensive"
    ratio = prepared.dominance
    if v >= ratio * d:
        return "validating"
    if d >= ratio * v:
        return "defensive"
    return "mixed"


# The engine's values are frozen dataclasses; their generated __init__ sets each field through
# object.__setattr__, which costs more than the rest of scoring a short answer. Setting the
# slots through their descriptors makes the very same objects, equal and frozen as ever.
_new: Final = object.__new__


def _setters(
    cls: type[object], names: tuple[str, ...]
) -> tuple[Callable[[object, Any], None], ...]:
    assert tuple(getattr(cls, "__slots__", ())) == names, cls
    return tuple(getattr(cls, name).__set__ for name in names)


(
    _set_rule_id, _set_category, _set_polarity, _set_start, _set_end, _set_weight,
    _set_message, _set_suggestion,
) = _setters(
    Hit,
    ("rule_id", "category", "polarity", "start", "end", "weight", "message", "suggestion"),
)  # fmt: skip
(_set_v, _set_d, _set_label, _set_hits, _set_steps, _set_version) = _setters(
    Result, ("validation", "defensiveness", "label", "hits", "steps", "rules_version")
)
(_set_validated, _set_owned, _set_explained, _set_order_ok) = _setters(
    Steps, ("validated", "owned", "explained", "order_ok")
)


def _frozen(hit: _Hit) -> Hit:
    """hit.frozen(), made faster (see _setters)."""
    made: Hit = _new(Hit)
    _set_rule_id(made, hit.rule_id)
    _set_category(made, hit.category)
    _set_polarity(made, hit.polarity)
    _set_start(made, hit.start)
    _set_end(made, hit.end)
    _set_weight(made, round(hit.weight, 3))
    _set_message(made, hit.message)
    _set_suggestion(made, hit.suggestion)
    return made


def _new_steps(validated: bool, owned: bool, explained: bool, order_ok: bool) -> Steps:
    made: Steps = _new(Steps)
    _set_validated(made, validated)
    _set_owned(made, owned)
    _set_explained(made, explained)
    _set_order_ok(made, order_ok)
    return made


def _new_result(  # noqa: PLR0917 - the fields, in order
    v: float, d: float, label: Label, hits: tuple[Hit, ...], steps: Steps, version: str
) -> Result:
    made: Result = _new(Result)
    _set_v(made, v)
    _set_d(made, d)
    _set_label(made, label)
    _set_hits(made, hits)
    _set_steps(made, steps)
    _set_version(made, version)
    return made


def score_answer(text: str, hurt: str | None, ruleset: RuleSet) -> Result:
    prepared = ruleset.prepared
    source = normalise(text, prepared.max_chars)
    if not _WORD.search(source):
        return Result(
            0.0, 0.0, "withdrawing", (), Steps(False, False, False, True), ruleset.version
        )
    lowered = lower(source)
    hits, keys = find_hits(source, lowered, ruleset, "answer")
    hits = drop_covered(hits)
    hits = apply_negation(source, hits, ruleset, keys)
    hits = apply_voids(hits)
    hits = resolve_explanations(hits, ruleset)
    hits = apply_contrast(
        source, hits, ruleset, VALIDATION, DEFENSIVENESS, keys=keys, lowered=lowered
    )
    hits += shouting_hits(source, ruleset, DEFENSIVENESS)
    if hurt:
        hurt_text = normalise(hurt, prepared.max_chars)
        # Paraphrase adds to what the sentence already earned; it replaces nothing.
        hits += paraphrase_hits(source, lowered, hurt_text, hits, ruleset, keys=keys)
    if len(hits) > 1:
        hits.sort(key=_SPAN)
    # One pass for what _total, _label and _steps each work out: the two sides' sums (each
    # family summed in the order of its hits), the withdrawal's weight, and the steps.
    steps = prepared.steps
    withdrawing = prepared.withdrawing_category
    for_v: dict[str, float] = {}
    for_d: dict[str, float] = {}
    withdrawn: float = 0.0
    validated = owned = False
    first_good: int | None = None
    first_explained: int | None = None
    for hit in hits:
        category = hit.category
        polarity = hit.polarity
        if polarity == VALIDATION:
            for_v[category] = for_v.get(category, 0.0) + hit.weight
        elif polarity == DEFENSIVENESS:
            for_d[category] = for_d.get(category, 0.0) + hit.weight
        if category == withdrawing:
            withdrawn += hit.weight
        step = steps.get(category)
        if step == "explain":
            if first_explained is None or hit.start < first_explained:
                first_explained = hit.start
        elif polarity == VALIDATION and step in ("validate", "own"):
            if step == "validate":
                validated = True
            else:
                owned = True
            if first_good is None or hit.start < first_good:
                first_good = hit.start
    raw_v = _capped(for_v, prepared.caps) if for_v else 0.0
    raw_d = _capped(for_d, prepared.caps) if for_d else 0.0
    scale = prepared.scale
    v, d = saturate(raw_v, scale), saturate(raw_d, scale)
    label = _label(v, d, withdrawn, raw_d, prepared)
    order_ok = first_explained is None or (first_good is not None and first_good < first_explained)
    return _new_result(
        v,
        d,
        label,
        tuple([_frozen(hit) for hit in hits]),
        _new_steps(validated, owned, first_explained is not None, order_ok),
        ruleset.version,
    )


def score_share_text(text: str, ruleset: RuleSet) -> ShareResult:
    prepared = ruleset.prepared
    source = normalise(text, prepared.max_chars)
    if not _WORD.search(source):
        return ShareResult(0.0, 0.0, "neutral", (), ruleset.version)
    found, keys = find_hits(source, lower(source), ruleset, "share")
    hits = drop_covered(found)
    hits = apply_negation(source, hits, ruleset, keys)
    hits = apply_voids(hits)
    hits += shouting_hits(source, ruleset, HARSHNESS)
    hits.sort(key=_SPAN)
    scale = prepared.scale
    g = saturate(sum(h.weight for h in hits if h.polarity == GENTLENESS), scale)
    h = saturate(sum(h.weight for h in hits if h.polarity == HARSHNESS), scale)
    threshold = prepared.threshold
    # A gentle frame with an attack in it is "mixed", however light either part is.
    gentle_frame = any(x.polarity == GENTLENESS for x in hits)
    label: ShareLabel
    if g < threshold and h < threshold:
        label = "neutral"
    elif h < threshold:
        label = "gentle"
    elif g < threshold and not gentle_frame:
        label = "harsh"
    else:
        label = "mixed"
    return ShareResult(g, h, label, tuple([_frozen(hit) for hit in hits]), ruleset.version)
