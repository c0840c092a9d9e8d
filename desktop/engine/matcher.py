"""Finding every rule's matches in a text, trying each pattern only where it can match.

Patterns never cross a sentence end, so the text is taken a sentence at a time. In each
sentence a pattern is tried only when every one of its required parts has a word there, and
only at the words it can start with. Most of a rule set is never tried on a given sentence,
and what is tried is tried at one or two places: that keeps scoring fast enough to run on
every keystroke, however long the answer.
"""

from __future__ import annotations

import re
from collections import defaultdict

from desktop.engine.model import Rule
from desktop.engine.phrases import Compiled

_WORD = re.compile(r"[\w']+")
_ENDS = re.compile(r"[.!?;\n]+")


class Sentence:
    """One sentence's words: the set of their compared forms; where each starts, on demand."""

    __slots__ = ("_lowered", "_span", "_starts", "keys")

    def __init__(self, lowered: str, start: int, end: int, keys: frozenset[str]) -> None:
        self.keys = keys
        self._lowered = lowered
        self._span = (start, end)
        self._starts: dict[str, list[int]] | None = None

    @property
    def starts(self) -> dict[str, list[int]]:
        if self._starts is None:
            starts: dict[str, list[int]] = defaultdict(list)
            for match in _WORD.finditer(self._lowered, *self._span):
                starts[match.group(0).replace("'", "")].append(match.start())
            self._starts = starts
        return self._starts

    @property
    def every(self) -> list[tuple[int, str]]:
        return sorted((start, key) for key, places in self.starts.items() for start in places)


def split(lowered: str) -> list[Sentence]:
    """The lower-cased text's sentences with their words."""
    found = []
    start = 0
    for end in [m.start() for m in _ENDS.finditer(lowered)] + [len(lowered)]:
        if end > start:
            keys = frozenset(_WORD.findall(lowered, start, end))
            if keys:
                if any("'" in key for key in keys):
                    keys = frozenset(key.replace("'", "") for key in keys)
                found.append(Sentence(lowered, start, end, keys))
        start = end + 1
    return found


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

    def find(
        self, lowered: str, sentences: list[Sentence]
    ) -> dict[int, list[tuple[int, int, int]]]:
        """Rule index → the spans its patterns matched, each with its sentence's number."""
        spans: dict[int, list[tuple[int, int, int]]] = {}
        by_word = self.by_word
        plans = self.plans
        for number_of_sentence, sentence in enumerate(sentences):
            keys = sentence.keys
            candidates: set[int] = set(self.always)
            for word in keys:
                numbers = by_word.get(word)
                if numbers:
                    candidates.update(numbers)
            starts = sentence.starts
            for number in candidates:
                rule_index, others, first, stems, compiled = plans[number]
                if others and any(map(keys.isdisjoint, others)):
                    continue
                if first is None:
                    places = [start for start, _ in sentence.every]
                else:
                    places = [start for word in first & keys for start in starts[word]]
                    if stems:
                        places += [start for start, key in sentence.every if key.startswith(stems)]
                match_at = compiled.regex.match
                for start in places:
                    match = match_at(lowered, start)
                    if match is None:
                        continue
                    end = match.end()
                    if end > start and (
                        not compiled.anchored or compiled.accepts(lowered, start, end)
                    ):
                        spans.setdefault(rule_index, []).append((start, end, number_of_sentence))
        return spans
