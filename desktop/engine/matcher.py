"""Finding every rule's matches in a text, trying each pattern only where it can match.

Patterns never cross a sentence end, so the text is taken a sentence at a time. In each
sentence a pattern is tried only when every one of its required parts has a word there, and
only at the words it can start with. Most of a rule set is never tried on a given sentence,
and what is tried is tried at one or two places: that keeps scoring fast enough to run on
every keystroke, however long the answer.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict

from desktop.engine.model import Rule
from desktop.engine.phrases import Compiled

_WORD = re.compile(r"[\w']+")
_ENDS = re.compile(r"[.!?;\n]+")


def split(lowered: str) -> list[tuple[int, int]]:
    """Spans of the lower-cased text's sentences that hold a word, each with its end marks
    (a pattern may end on its sentence's "?")."""
    found = []
    start = 0
    for mark in [*_ENDS.finditer(lowered), None]:
        end = len(lowered) if mark is None else mark.end()
        if _WORD.search(lowered, start, end):
            found.append((start, end))
        start = end
    return found


Matches = tuple[frozenset[str], tuple[tuple[int, int, int], ...]]


class Matcher:
    """An index of one side's patterns by the rarest words they need."""

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = rules
        self.patterns: list[tuple[int, Compiled]] = [
            (index, compiled) for index, rule in enumerate(rules) for compiled in rule.compiled
        ]
        by_word: dict[str, list[int]] = defaultdict(list)
        always: list[int] = []
        # Per pattern, what the loop needs, flat: the rule, the required word sets other than
        # the one it is indexed by (that one is there by construction), the words and stems
        # it can start with, its match method and whether anchors must be checked.
        self.plans: list[
            tuple[int, tuple[frozenset[str], ...], frozenset[str] | None, tuple[str, ...], Compiled]
        ] = []
        for number, (rule_index, compiled) in enumerate(self.patterns):
            triggers = compiled.triggers
            if triggers is None:
                always.append(number)
                others = compiled.required
            else:
                for word in triggers:
                    by_word[word].append(number)
                others = tuple(r for r in compiled.required if r != triggers)
            self.plans.append(
                (rule_index, others, compiled.first_words, compiled.first_stems, compiled)
            )
        self.by_word = {word: tuple(numbers) for word, numbers in by_word.items()}
        self.always = tuple(always)
        self.remembered = functools.lru_cache(maxsize=4096)(self._match_sentence)
        self.remembering = True

    def find(
        self, lowered: str, sentences: list[tuple[int, int]]
    ) -> tuple[frozenset[str], dict[int, list[tuple[int, int, int]]]]:
        """The text's words, and rule index → spans matched (each with its sentence's number).

        Sentences are matched one by one and remembered (a few thousand of them): while an
        answer is typed, only the sentence being written is matched again.
        """
        spans: dict[int, list[tuple[int, int, int]]] = {}
        words: list[frozenset[str]] = []
        last = len(sentences) - 1
        for number, (start, end) in enumerate(sentences):
            match = self.remembered if self.remembering else self._match_sentence
            keys, found = match(lowered[start:end], number == 0, number == last)
            words.append(keys)
            for rule_index, a, b in found:
                spans.setdefault(rule_index, []).append((start + a, start + b, number))
        return frozenset().union(*words), spans

    def clear(self) -> None:
        self.remembered.cache_clear()

    def _match_sentence(self, text: str, first_of_all: bool, last_of_all: bool) -> Matches:
        """One sentence's words and (rule index, start, end) of every match in it."""
        starts: dict[str, list[int]] = defaultdict(list)
        every: list[tuple[int, str]] = []
        for word in _WORD.finditer(text):
            key = word.group(0).replace("'", "")
            starts[key].append(word.start())
            every.append((word.start(), key))
        keys = frozenset(starts)
        candidates: set[int] = set(self.always)
        by_word = self.by_word
        for key in keys:
            numbers = by_word.get(key)
            if numbers:
                candidates.update(numbers)
        found: list[tuple[int, int, int]] = []
        plans = self.plans
        for number in candidates:
            rule_index, others, first, stems, compiled = plans[number]
            if others and any(map(keys.isdisjoint, others)):
                continue
            if first is None:
                places = [start for start, _ in every]
            else:
                places = [start for word in first & keys for start in starts[word]]
                if stems:
                    places += [start for start, key in every if key.startswith(stems)]
            if compiled.anchored and (
                (compiled.whole[0] and not first_of_all) or (compiled.whole[1] and not last_of_all)
            ):
                continue
            match_at = compiled.regex.match
            for start in places:
                match = match_at(text, start)
                if match is None:
                    continue
                end = match.end()
                if end > start and (not compiled.anchored or compiled.accepts(text, start, end)):
                    found.append((rule_index, start, end))
        return keys, tuple(found)
