"""Finding every rule's matches in a text, trying each pattern only where it can match.

A pattern is tried only when every one of its required parts has a word in the text. That test
is a few integer operations for the whole rule set at once: each required part owns a bit, a
word lights the bits of every part it can fill, and one addition tells which patterns have
all their bits lit. What passes is searched at word starts only, and never across a sentence
end. Most of a rule set is never tried on a given text, and what is tried is one regex search
or two: that keeps scoring fast enough to run on every keystroke, however long the answer.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from typing import Final

from desktop.engine.model import Rule
from desktop.engine.phrases import MARKS, Compiled, Item, how_common, is_word_character

# A sentence: what comes before its end marks, then the marks. The group is set when it
# holds a word, so sentences of punctuation alone are left out without a second search.
_SENTENCE: Final = re.compile(r"[^\w'.!?;\n]*([\w'])?[^.!?;\n]*[.!?;\n]*")
# Words in their compared form once the apostrophes are gone, and end marks one by one.
_TOKEN: Final = re.compile(r"\w+|[.!?;\n]")
# The same with the apostrophes still in (see Matcher.blank).
_TOKEN_AS_TYPED: Final = re.compile(r"[\w']+|[.!?;\n]")
_MARKS: Final = frozenset(MARKS)
# For ASCII text without new lines, _TOKEN's tokens come faster from str methods: every
# character that is neither a word character nor an end mark becomes a space (apostrophes
# go), each end mark is spaced apart, and the rest is split on.
_ASCII_SPACES: Final = bytes(
    code if chr(code).isalnum() or chr(code) in "_.!?;" else 32 for code in range(128)
) + bytes(range(128, 256))
# How many of a pattern's needs are checked before it is searched: each one more narrows
# the search a little and makes the check itself a little slower (wider integers).
NEEDS: Final = 3
# From this many sentences on, searching each sentence for the patterns its own words call
# for beats searching the whole text for what all of its words call for.
_ONE_BY_ONE: Final = 6


def split(lowered: str) -> list[tuple[int, int]]:
    """Spans of the lower-cased text's sentences that hold a word, each with its end marks
    (a pattern may end on its sentence's "?")."""
    return [m.span() for m in _SENTENCE.finditer(lowered) if m.group(1) is not None]


def tokens_of(text: str, blank: bool = False) -> list[str]:
    """A lower-cased text's words in compared form and its end marks one by one, with a "."
    before and after, so that a word starting or ending a sentence is paired with a mark.

    Dropping the apostrophes first gives the same words, except that a word of apostrophes
    alone ("") is lost: it is kept, the slower way, when `blank` says it can matter.
    """
    if blank and "'" in text:
        return [t.replace("'", "") for t in _TOKEN_AS_TYPED.findall(f".{text}.")]
    if text.isascii() and "\n" not in text:
        # _TOKEN's tokens without the regex: marks spaced apart, then split.
        spaced = f".{text}.".encode().translate(_ASCII_SPACES, b"'").decode()
        return (
            spaced.replace(".", " . ")
            .replace("!", " ! ")
            .replace("?", " ? ")
            .replace(";", " ; ")
            .split()
        )
    return _TOKEN.findall("." + text.replace("'", "") + ".")


Found = list[tuple[int, int, int]]
Matches = tuple[frozenset[str], tuple[tuple[int, int, int], ...]]
# rule index, search, whether it needs the careful search (_Careful), the pattern
_Plan = tuple[int, Callable[[str, int], "re.Match[str] | None"], bool, Compiled]
# A word of a sentence after the first, so the text has two or more.
_LATER_SENTENCE: Final = re.compile(r"[.!?;\n][^\w']*[\w']")
_MARK_RUN: Final = re.compile(r"[.!?;\n]+")


class Matcher:
    """One side's patterns, with a bit per required part so a text selects them at once."""

    def __init__(self, rules: list[Rule], also: Iterable[str] = ()) -> None:
        self.rules = rules
        self.patterns: list[tuple[int, Compiled]] = [
            (index, compiled) for index, rule in enumerate(rules) for compiled in rule.compiled
        ]
        # Each pattern owns one bit per need checked and a guard bit above them. With the
        # bits of the needs a text meets set, adding one at each pattern's lowest bit carries
        # into its guard exactly when all of its needs are met, and never further.
        masks: dict[Item, int] = {}
        ones = guards = 0
        by_guard: dict[int, _Plan] = {}
        bit = 0
        planned = [
            (rule_index, compiled, sorted((*compiled.required, *compiled.adjacent), key=how_common))
            for rule_index, compiled in self.patterns
        ]
        # Patterns with a need most answers meet take the lowest bits: an item's int is as
        # wide as its highest bit, so the ints of the words in nearly every answer stay short,
        # and so does the sum they are gathered into.
        planned.sort(key=lambda plan: -max(map(how_common, plan[2][:NEEDS]), default=0.0))
        for rule_index, compiled, needs in planned:
            ones |= 1 << bit
            for need in needs[:NEEDS]:
                for item in need:
                    masks[item] = masks.get(item, 0) | 1 << bit
                bit += 1
            guards |= 1 << bit
            first = compiled.first_words
            careful = (
                compiled.anchored
                # A "?" may reach the end marks, past which its sentence is over.
                or compiled.asks
                # Only a pattern whose first words are known starts on a word character.
                or first is None
                or bool(compiled.first_stems)
                or not first
                or "" in first
            )
            by_guard[bit] = (rule_index, compiled.regex.search, careful, compiled)
            bit += 1
        # Many items light the same bits (every word of a class does): they share one int, so
        # the table a text looks its words up in stays small enough to stay in the cache.
        shared: dict[int, int] = {}
        self.masks = {item: shared.setdefault(mask, mask) for item, mask in masks.items()}
        self.ones = ones
        self.guards = guards
        self.by_guard = by_guard
        # "" is looked for only where some pattern or caller can tell it is there.
        self.blank = "" in masks or "" in set(also)
        self.remembered = functools.lru_cache(maxsize=4096)(self._match_sentence)
        self.remembering = True

    def find(self, lowered: str) -> tuple[AbstractSet[str], dict[int, Found]]:
        """The text's words, and rule index → spans matched (each with a number that tells
        its sentence from the others).

        With the memory on, sentences are matched one by one and remembered (a few thousand
        of them): while an answer is typed, only the sentence being written is matched again.
        """
        spans: dict[int, Found] = {}
        if not self.remembering:
            ends = None
            sentences = None
            if _LATER_SENTENCE.search(lowered):
                # Where the runs of end marks end: a match is in the sentence after as many
                # of them as end before it (a number that tells sentences apart).
                ends = [m.end() for m in _MARK_RUN.finditer(lowered)]
                if len(ends) + 1 >= _ONE_BY_ONE:
                    sentences = split(lowered)
            if sentences is not None and len(sentences) >= _ONE_BY_ONE:
                return self._by_sentence(lowered, sentences, self._match_sentence)
            keys, found = self._scan(lowered, sentences, True, True)
            if ends is None:
                for rule_index, a, b in found:
                    spans.setdefault(rule_index, []).append((a, b, 0))
            else:
                for rule_index, a, b in found:
                    spans.setdefault(rule_index, []).append((a, b, bisect_right(ends, a)))
            return keys, spans
        return self._by_sentence(lowered, split(lowered), self.remembered)

    def _by_sentence(
        self,
        lowered: str,
        sentences: list[tuple[int, int]],
        match: Callable[[str, bool, bool], Matches],
    ) -> tuple[AbstractSet[str], dict[int, Found]]:
        """find(), a sentence at a time: each sentence is searched only for the patterns
        its own words call for."""
        spans: dict[int, Found] = {}
        words: list[frozenset[str]] = []
        last = len(sentences) - 1
        for number, (start, end) in enumerate(sentences):
            sentence_keys, matched = match(lowered[start:end], number == 0, number == last)
            words.append(sentence_keys)
            for rule_index, a, b in matched:
                spans.setdefault(rule_index, []).append((start + a, start + b, number))
        return frozenset().union(*words), spans

    def clear(self) -> None:
        self.remembered.cache_clear()

    def _match_sentence(self, text: str, first_of_all: bool, last_of_all: bool) -> Matches:
        """One sentence's words and (rule index, start, end) of every match in it."""
        keys, found = self._scan(text, [(0, len(text))], first_of_all, last_of_all)
        return keys, tuple(found)

    def _scan(
        self,
        text: str,
        sentences: list[tuple[int, int]] | None,
        first_of_all: bool,
        last_of_all: bool,
    ) -> tuple[frozenset[str], list[tuple[int, int, int]]]:
        """The words of a text (a whole answer, or one sentence of it) and every match in
        it; `sentences` are split(text) when they are known (the careful search needs them).

        A match never crosses a sentence end, so a whole answer can be searched at once.
        """
        tokens = tokens_of(text, self.blank)
        # The bits of every word and pair the text holds (a repeated one is harmless).
        # A plain loop: compiled, it runs several times faster than reduce over map.
        masks = self.masks
        lit = 0
        before = tokens[0]  # tokens_of always gives at least the two "."
        mask = masks.get(before)
        if mask is not None:
            lit |= mask
        for token in tokens[1:]:
            mask = masks.get(token)
            if mask is not None:
                lit |= mask
            mask = masks.get((before, token))
            if mask is not None:
                lit |= mask
            before = token
        ready = (lit + self.ones) & self.guards
        found: list[tuple[int, int, int]] = []
        by_guard = self.by_guard
        careful: _Careful | None = None
        while ready:
            bit = ready.bit_length() - 1
            ready ^= 1 << bit
            rule_index, search, slow, compiled = by_guard[bit]
            if slow:
                if careful is None:
                    careful = _Careful(text, tokens, sentences, first_of_all, last_of_all)
                for a, b in careful.search(compiled):
                    found.append((rule_index, a, b))
                continue
            match = search(text, 0)
            while match is not None:
                start, stop = match.span()
                # Only a match from a word's start counts. Checking that here rather than
                # in the regex leaves the regex engine its fast scan for the first letters.
                if not start or not ((before := text[start - 1]).isalnum() or before in "_'"):
                    found.append((rule_index, start, stop))
                match = search(text, start + 1)
        return frozenset(tokens).difference(_MARKS), found


class _Careful:
    """Searching the patterns the quick loop cannot: anchored ones, those with a "?" (a
    sentence at a time), and those that may start on something other than a word."""

    __slots__ = ("counts", "first_of_all", "last_of_all", "sentences", "text", "tokens")

    def __init__(
        self,
        text: str,
        tokens: list[str],
        sentences: list[tuple[int, int]] | None,
        first_of_all: bool,
        last_of_all: bool,
    ) -> None:
        self.text = text
        self.tokens = tokens  # tokens_of(text)
        self.sentences = sentences  # split(text), worked out when first needed
        self.first_of_all = first_of_all
        self.last_of_all = last_of_all
        self.counts: tuple[int, int] | None = None  # see too_many_words

    def too_many_words(self, compiled: Compiled) -> bool:
        """Whether a pattern that must hold every word of the text (^^ ... $$), or of a
        sentence (^ ... $), is sure not to match: the text, or every one of its sentences, has
        more words than the pattern can hold. Most answers are longer than "Okay, fine." """
        limit = compiled.most_words
        if limit is None:
            return False
        whole = compiled.whole[0] and compiled.whole[1]
        if not whole and not (compiled.at_start and compiled.at_end and not compiled.asks):
            return False
        if self.counts is None:
            # The words of the text, and of its shortest sentence (end marks part them).
            total = run = 0
            shortest = len(self.tokens)
            for token in self.tokens:
                if token in _MARKS:
                    if run:
                        total += run
                        shortest = min(shortest, run)
                        run = 0
                else:
                    run += 1
            self.counts = (total, shortest)
        return self.counts[0 if whole else 1] > limit

    def search(self, compiled: Compiled) -> list[tuple[int, int]]:
        if self.too_many_words(compiled):
            return []
        text = self.text
        if self.sentences is None:
            self.sentences = split(text)
        sentences = self.sentences
        anchored = compiled.anchored
        if anchored and (
            (compiled.whole[0] and not self.first_of_all)
            or (compiled.whole[1] and not self.last_of_all)
        ):
            return []
        found: list[tuple[int, int]] = []
        search = compiled.regex.search
        pieces = sentences if compiled.asks else [(0, len(text))]
        for begin, end in pieces:
            match = search(text, begin, end)
            while match is not None:
                start, stop = match.span()
                if (
                    stop > start
                    and is_word_character(text[start])
                    and (not start or not is_word_character(text[start - 1]))
                    and (not anchored or _accepts(compiled, text, sentences, start, stop))
                ):
                    found.append((start, stop))
                match = search(text, start + 1, end)
        return found


def _accepts(
    compiled: Compiled, text: str, sentences: list[tuple[int, int]], start: int, end: int
) -> bool:
    """The anchors' verdict, judged within the match's own sentence as they always were."""
    if len(sentences) == 1 and sentences[0] == (0, len(text)):
        return compiled.accepts(text, start, end)
    begin, stop = sentences[bisect_right([s for s, _ in sentences], start) - 1]
    first, last = begin == sentences[0][0], stop == sentences[-1][1]
    if (compiled.whole[0] and not first) or (compiled.whole[1] and not last):
        return False
    return compiled.accepts(text[begin:stop], start - begin, end - begin)
