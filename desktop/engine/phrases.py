"""The phrase language rules are written in, compiled once to regular expressions.

A pattern is a line of space-separated parts:

    word          the word itself, any case; an apostrophe in it is optional ("i'm" = "im")
    stem*         any word starting with "stem" ("apolog*": apologise, apology, apologies)
    {class}       any entry of a word class from words.toml ({emotion}, {you_are}, ...)
    [a b]         optional: the words inside may be there or not
    (a b | c)     one of the alternatives, each itself a phrase
    ~N            a gap of up to N words (within one sentence)
    !part         not followed by that word, class or group (a look-ahead; matches nothing)
    ^ ... $       (first / last part only) the phrase starts / ends its sentence
    ^^ ... $$     the same for the whole answer
    ?             a question mark (so "why ~8 ?" is a question starting with "why")

Parts are separated by spaces or commas in the text, never by a sentence end, so a pattern
matches inside one sentence. Everything is case-insensitive.

Each compiled pattern also knows its trigger words: the text is only searched when one of
them occurs, which keeps the whole rule set fast however many rules it has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Between two words: spaces, commas, dashes, quotes; never a sentence end.
SEP = r"[^\w.!?;\n]+"
_GAP_WORD = r"[\w']+"
_WORD = re.compile(r"[\w']+")


class PhraseError(ValueError):
    """A pattern that cannot be compiled; the message says why."""


@dataclass(frozen=True, slots=True)
class Compiled:
    source: str
    regex: re.Pattern[str]
    triggers: frozenset[str] | None  # None: search every text
    at_start: bool = False  # only where nothing but punctuation comes before it in its sentence
    at_end: bool = False  # only where nothing but punctuation follows it in its sentence
    whole: tuple[bool, bool] = (False, False)  # the same against the whole text (^^ and $$)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the pattern matches, with ^ and $ checked against sentence edges."""
        found = []
        for match in self.regex.finditer(text):
            start, end = match.span()
            if end <= start:
                continue
            if self.at_start and _WORD.search(text, _sentence_start(text, start), start):
                continue
            if self.at_end and _WORD.search(text[end : _sentence_end(text, end)]):
                continue
            if (self.whole[0] and _WORD.search(text, 0, start)) or (
                self.whole[1] and _WORD.search(text, end)
            ):
                continue
            found.append((start, end))
        return found


_ENDS = ".!?;\n"


def _sentence_start(text: str, position: int) -> int:
    return max(text.rfind(c, 0, position) for c in _ENDS) + 1


def _sentence_end(text: str, position: int) -> int:
    ends = [i for c in _ENDS if (i := text.find(c, position)) >= 0]
    return min(ends) if ends else len(text)


def word_key(word: str) -> str:
    """The form a word is compared in: lower case, apostrophes dropped."""
    return word.lower().replace("'", "")


def _word_regex(word: str) -> str:
    if word == "?":
        return r"\?"
    if word.endswith("*"):
        stem = word[:-1]
        if not stem:
            raise PhraseError("a lone '*' is not a word")
        return _literal(stem) + r"[\w']*"
    return _literal(word)


def _literal(word: str) -> str:
    if not re.fullmatch(r"[\w'-]+", word):
        raise PhraseError(f"unexpected characters in {word!r}")
    parts = [re.escape(piece) for piece in word.split("'")]
    return "'?".join(parts)


class _Parser:
    """Recursive descent over the pattern's tokens; builds regex text and trigger sets."""

    def __init__(self, source: str, classes: dict[str, tuple[str, ...]]) -> None:
        self.source = source
        self.classes = classes
        self.tokens: list[str] = re.findall(
            r"\{[^}]*\}|\[|\]|\(|\)|\||~\d+|\^\^|\$\$|[^\s\[\]()|{},]+", source
        )
        for token in self.tokens[1:-1]:
            if token in ("^", "$", "^^", "$$"):
                raise PhraseError(f"{token!r} belongs at the very start or end")
        self.pos = 0
        self.at_start = self.at_end = False
        self.whole = (False, False)

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def parse(self) -> tuple[str, frozenset[str] | None]:
        head = self.tokens[0] if self.tokens else ""
        tail = self.tokens[-1] if len(self.tokens) > 1 else ""
        self.at_start, self.at_end = head == "^", tail == "$"
        self.whole = (head == "^^", tail == "$$")
        cut_head = int(head in ("^", "^^"))
        cut_tail = int(tail in ("$", "$$"))
        self.tokens = self.tokens[cut_head : len(self.tokens) - cut_tail]
        if not self.tokens:
            raise PhraseError("empty pattern")
        regex, triggers, _ = self.sequence(closing=None)
        if self.peek() is not None:
            raise PhraseError(f"unexpected {self.peek()!r}")
        return regex, triggers

    def sequence(self, closing: str | None) -> tuple[str, frozenset[str] | None, bool]:
        """A run of parts up to `closing`: its regex and its rarest required trigger set."""
        out = ""
        best: frozenset[str] | None = None
        required_seen = False
        count = 0
        gap = 0
        while (token := self.peek()) is not None and token not in ("|", closing or ""):
            if token in ("]", ")"):
                raise PhraseError(f"unbalanced {token!r}")
            self.take()
            if token.startswith("~"):
                if not required_seen:
                    raise PhraseError("a gap needs a required word before it")
                gap = int(token[1:])
                continue
            if token.startswith("!"):
                if not required_seen:
                    raise PhraseError("'!' needs a required word before it")
                rest = token[1:] or (self.take() if self.peek() is not None else "")
                if not rest:
                    raise PhraseError("'!' needs something after it")
                ahead, _, _ = self.part(rest)
                out += f"(?!{SEP}{ahead}(?![\\w']))"
                continue
            regex, triggers, optional = self.part(token)
            count += 1
            if not required_seen:
                if optional:
                    out += f"(?:{regex}{SEP})?"
                    continue
                out += regex
                required_seen = True
            else:
                joiner = (f"(?:{SEP}{_GAP_WORD}){{0,{gap}}}" if gap else "") + (
                    r"[^\w.!?;\n]*" if token == "?" else SEP
                )
                out += f"(?:{joiner}{regex})?" if optional else joiner + regex
            gap = 0
            if not optional and triggers is not None and _cost(triggers) < _cost(best):
                best = triggers
        if gap:
            raise PhraseError("a gap cannot end a phrase")
        if not count:
            raise PhraseError("empty group")
        if not required_seen:
            raise PhraseError("a phrase needs at least one word that is not optional")
        return out, best, False

    def part(self, token: str) -> tuple[str, frozenset[str] | None, bool]:
        if token == "[":
            regex, _, _ = self.alternatives("]")
            return regex, None, True
        if token == "(":
            return self.alternatives(")")
        if token.startswith("{"):
            name = token[1:-1].strip()
            if name not in self.classes:
                raise PhraseError(f"unknown word class {{{name}}}")
            entries = self.classes[name]
            compiled = [_Parser(entry, self.classes).parse() for entry in entries]
            regex = "(?:" + "|".join(r for r, _ in compiled) + ")"
            return regex, _union([t for _, t in compiled]), False
        if token in ("]", ")", "|"):
            raise PhraseError(f"unbalanced {token!r}")
        trigger = None if token.endswith("*") or token == "?" else frozenset({word_key(token)})
        return _word_regex(token), trigger, False

    def alternatives(self, closing: str) -> tuple[str, frozenset[str] | None, bool]:
        options: list[str] = []
        triggers: list[frozenset[str] | None] = []
        while True:
            regex, found, _ = self.sequence(closing)
            options.append(regex)
            triggers.append(found)
            token = self.peek()
            if token is None:
                raise PhraseError(f"missing {closing!r}")
            self.take()
            if token == closing:
                break
        return "(?:" + "|".join(options) + ")", _union(triggers), False


# Words in nearly every answer make poor triggers: a pattern prefers any other required part.
_COMMON = frozenset(
    [
        "i",
        "you",
        "it",
        "that",
        "the",
        "a",
        "to",
        "and",
        "me",
        "my",
        "your",
        "is",
        "was",
        "this",
        "we",
    ]
)


def _cost(triggers: frozenset[str] | None) -> int:
    if triggers is None:
        return 1_000_000
    return len(triggers) + (1000 if triggers & _COMMON else 0)


def _union(sets: list[frozenset[str] | None]) -> frozenset[str] | None:
    if any(s is None for s in sets):
        return None
    joined: set[str] = set()
    for s in sets:
        assert s is not None
        joined |= s
    return frozenset(joined)


def compile_pattern(source: str, classes: dict[str, tuple[str, ...]]) -> Compiled:
    """One pattern as a case-insensitive regex bounded at word edges, with its triggers."""
    parser = _Parser(source, classes)
    body, triggers = parser.parse()
    regex = re.compile(rf"(?<![\w']){body}(?![\w'])", re.IGNORECASE)
    return Compiled(source, regex, triggers, parser.at_start, parser.at_end, parser.whole)


def text_words(text: str) -> frozenset[str]:
    """Every word of a text in its compared form: what triggers are looked up in."""
    return frozenset(word_key(w) for w in _WORD.findall(text))
