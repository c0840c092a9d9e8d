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
matches inside one sentence. Everything is case-insensitive: patterns are compiled in lower
case and matched against the lower-cased text (see `lower`), which keeps every position.

Besides its regular expression, each compiled pattern knows which words it needs (every
required part gives a set, one word of which must be in the text), which words it can
start with, and which pairs of words must stand side by side (two parts with nothing between
them, or a part and the sentence end an anchor ties it to). The engine uses all three to try
a pattern only where it can match: that is what keeps a large rule set fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final, TypeAlias

# Between two words: spaces, commas, dashes, quotes; never a sentence end.
SEP: Final = r"[^\w'.!?;\n]+"
_GAP_WORD: Final = r"[\w']+"
_WORD: Final = re.compile(r"[\w']+")
_ENDS: Final = ".!?;\n"
_TOKEN: Final = re.compile(r"\{[^}]*\}|\[|\]|\(|\)|\||~\d+|\^\^|\$\$|[^\s\[\]()|{},]+")
# A word, or two words side by side; a sentence end mark stands in as a word of its own, so
# ("sorry", ".") is "sorry" ending a sentence. The text is read as if a "." began and ended it.
Item: TypeAlias = str | tuple[str, str]
MARKS: Final = (".", "!", "?", ";", "\n")
# Past this many, a set of pairs costs more to light than it saves.
_MOST_PAIRS: Final = 1024


class PhraseError(ValueError):
    """A pattern that cannot be compiled; the message says why."""


def word_key(word: str) -> str:
    """The form a word is compared in: lower case, apostrophes dropped, up to any hyphen."""
    return word.lower().replace("'", "").split("-", 1)[0]


def is_word_character(character: str) -> bool:
    """The regex's [\\w'] (str.isalnum is \\w but for "_")."""
    return character.isalnum() or character in "_'"


def lower(text: str) -> str:
    """The text in lower case, character for character (so every position stays the same)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def text_words(text: str) -> frozenset[str]:
    """Every word of a text in its compared form."""
    return frozenset(word_key(w) for w in _WORD.findall(text))


def _sentence_start(text: str, position: int) -> int:
    return max(text.rfind(c, 0, position) for c in _ENDS) + 1


def _sentence_end(text: str, position: int) -> int:
    ends = [i for c in _ENDS if (i := text.find(c, position)) >= 0]
    return min(ends) if ends else len(text)


@dataclass(frozen=True, slots=True)
class Compiled:
    """One pattern, ready to match at a word's start in lower-cased text."""

    source: str
    regex: re.Pattern[str]
    required: tuple[frozenset[str], ...]  # one word of each set must be in the text
    first_words: frozenset[str] | None  # a match starts with one of these (None: any word)
    first_stems: tuple[str, ...] = ()  # ... or with a word starting like one of these
    at_start: bool = False  # nothing but punctuation before it in its sentence (^)
    at_end: bool = False  # nothing but punctuation after it in its sentence ($)
    whole: tuple[bool, bool] = (False, False)  # the same against the whole text (^^, $$)
    anchored: bool = False  # any of the four above
    # Sets of pairs of words (or of a word and an end mark), one pair of each set side by
    # side in the text; a set may also hold single words, any of which will do instead.
    adjacent: tuple[frozenset[Item], ...] = ()
    most_words: int | None = None  # the most words a match can hold (None: no bound)
    asks: bool = False  # it holds a "?", so a match may reach its sentence's end marks

    @property
    def triggers(self) -> frozenset[str] | None:
        """The rarest set of words the pattern needs (None: it needs no particular word)."""
        return min(self.required, key=_cost) if self.required else None

    def can_start(self, key: str) -> bool:
        if self.first_words is None or key in self.first_words:
            return True
        return any(key.startswith(stem) for stem in self.first_stems)

    def accepts(self, text: str, start: int, end: int) -> bool:
        """Whether the anchors (^ $ ^^ $$) allow a match found at start..end."""
        if self.at_start and _WORD.search(text, _sentence_start(text, start), start):
            return False
        if self.at_end and _WORD.search(text, end, _sentence_end(text, end)):
            return False
        if self.whole[0] and _WORD.search(text, 0, start):
            return False
        return not (self.whole[1] and _WORD.search(text, end))

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Every place the pattern matches in a text, left to right, never overlapping."""
        lowered = lower(text)
        found: list[tuple[int, int]] = []
        for word in _WORD.finditer(lowered):
            start = word.start()
            if (found and start < found[-1][1]) or not self.can_start(word_key(word.group(0))):
                continue
            match = self.regex.match(lowered, start)
            if (
                match is not None
                and match.end() > start
                and (not self.anchored or self.accepts(lowered, *match.span()))
            ):
                found.append(match.span())
        return found


@dataclass(slots=True)
class _Part:
    regex: str
    triggers: frozenset[str] | None  # words one of which must occur (None: unknown)
    first: frozenset[str] | None  # words a match can start with (None: any)
    stems: tuple[str, ...] = ()
    required: list[frozenset[str]] = field(default_factory=list)
    last: frozenset[str] | None = None  # words a match can end with (None: unknown)
    adjacent: list[frozenset[Item]] = field(default_factory=list)
    most: int | None = 1  # the most words a match holds (None: no bound)

    @property
    def exact_first(self) -> frozenset[str] | None:
        """The words a match starts with, when they are known exactly (no stems)."""
        if self.first is None or self.stems or not self.first or "" in self.first:
            return None
        return self.first


def _literal(word: str) -> str:
    if not re.fullmatch(r"[\w'-]+", word):
        raise PhraseError(f"unexpected characters in {word!r}")
    return "'?".join(re.escape(piece) for piece in word.lower().split("'"))


def _word(token: str) -> _Part:
    if token == "?":
        return _Part(r"\?", None, None, most=0)
    if token.endswith("*"):
        stem = token[:-1]
        if not stem:
            raise PhraseError("a lone '*' is not a word")
        most = stem.count("-") + 1
        return _Part(_literal(stem) + r"[\w']*", None, frozenset(), (word_key(stem),), most=most)
    key = frozenset({word_key(token)})
    # A hyphen splits a word in the text: "check-in" ends on "in".
    tail = token.lower().replace("'", "").rsplit("-", 1)[-1]
    # Each piece between hyphens is a word of its own in the text.
    most = token.count("-") + 1
    last = frozenset({tail}) if tail else None
    return _Part(_literal(token), key, key, (), [key], last, most=most)


def _lead(regex: str) -> str | None:
    """What a regex must start with when that is a plain letter (no quantifier after it), or
    the space between words and then a plain letter: the space can only end where the
    letter is, so the two together decide whether the regex can go on."""
    at = len(SEP) if regex.startswith(SEP) else 0
    letter = regex[at : at + 1]
    after = regex[at + 1 : at + 2]
    if letter and (letter.isalnum() or letter == "_") and not (after and after in "?*+{"):
        return regex[: at + 1]
    return None


def _alternation(options: list[str]) -> str:
    """One of the options, as a regex that tries them in their order.

    Options that start with the same letter are tried together behind it, as in a trie:
    "(?:alone|angry|bad)" becomes "(?:a(?:lone|ngry)|bad)" (and the same for a space and a
    letter). At any place only the options starting with the letter found there can match,
    so which option wins is the same as before; the regex engine just walks a few letters
    instead of every option, which is much of the cost of a word class of a hundred entries.
    An option that does not start so (it may match nothing, or start anywhere) keeps its
    place among the rest.
    """
    if len(options) < 2:
        return f"(?:{options[0]})" if options else "(?:)"
    out: list[str] = []
    run: dict[str, list[str]] = {}  # the options since the last one kept in place, by lead

    def close_run() -> None:
        for lead, rests in run.items():
            out.append(lead + _alternation(rests) if len(rests) > 1 else lead + rests[0])
        run.clear()

    for option in options:
        lead = _lead(option)
        if lead is None:
            close_run()
            out.append(option)
        else:
            run.setdefault(lead, []).append(option[len(lead) :])
    close_run()
    return "(?:" + "|".join(out) + ")"


def _either(parts: list[_Part]) -> _Part:
    """One of several alternatives."""
    triggers = _union([p.triggers for p in parts])
    first = _union([p.first for p in parts])
    stems = tuple(s for p in parts for s in p.stems)
    regex = _alternation([p.regex for p in parts])
    last = _union([p.last for p in parts])
    # One of the alternatives matched, so one of what each needs is there: its rarest need,
    # pairs if it has any. Only worth keeping when some alternative gives pairs.
    needs: list[frozenset[Item]] = []
    for p in parts:
        options: list[frozenset[Item]] = [*p.adjacent, *p.required]
        if not options:
            needs = []
            break
        needs.append(min(options, key=_item_cost))
    adjacent: list[frozenset[Item]] = []
    if needs and any(isinstance(i, tuple) for need in needs for i in need):
        adjacent.append(frozenset().union(*needs))
    most = None if any(p.most is None for p in parts) else max(p.most or 0 for p in parts)
    return _Part(
        regex, triggers, first, stems, [triggers] if triggers else [], last, adjacent, most
    )


class _Parser:
    """Recursive descent over the pattern's tokens."""

    def __init__(self, source: str, classes: dict[str, tuple[str, ...]], depth: int = 0) -> None:
        if depth > 20:
            raise PhraseError("word classes refer to each other in a loop")
        self.classes = classes
        self.depth = depth
        self.tokens: list[str] = _TOKEN.findall(source)
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

    def parse(self) -> _Part:
        head = self.tokens[0] if self.tokens else ""
        tail = self.tokens[-1] if len(self.tokens) > 1 else ""
        self.at_start, self.at_end = head == "^", tail == "$"
        self.whole = (head == "^^", tail == "$$")
        cut_head = int(head in ("^", "^^"))
        cut_tail = int(tail in ("$", "$$"))
        self.tokens = self.tokens[cut_head : len(self.tokens) - cut_tail]
        if not self.tokens:
            raise PhraseError("empty pattern")
        part = self.sequence(closing=None)
        if self.peek() is not None:
            raise PhraseError(f"unexpected {self.peek()!r}")
        return part

    def sequence(self, closing: str | None) -> _Part:
        """A run of parts up to `closing` (or "|")."""
        out = ""
        first: set[str] | None = set()
        stems: list[str] = []
        required: list[frozenset[str]] = []
        required_seen = False
        count = 0
        gap = 0
        # (part, optional, gap before it): what stands next to what
        elements: list[tuple[_Part, bool, int]] = []
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
                ahead, _ = self.part(rest)
                out += f"(?!{SEP}{ahead.regex}(?![\\w']))"
                continue
            part, optional = self.part(token)
            elements.append((part, optional, gap))
            count += 1
            if not required_seen:
                # The words a match can start with: any leading optional part's, and the
                # first required part's.
                if first is not None and part.first is not None:
                    first |= part.first
                    stems.extend(part.stems)
                else:
                    first = None
                if optional:
                    out += f"(?:{part.regex}{SEP})?"
                    continue
                out += part.regex
                required_seen = True
            else:
                joiner = (f"(?:{SEP}{_GAP_WORD}){{0,{gap}}}" if gap else "") + (
                    r"[^\w.!?;\n]*" if token == "?" else SEP
                )
                out += f"(?:{joiner}{part.regex})?" if optional else joiner + part.regex
            gap = 0
            if not optional:
                required.extend(part.required)
        if gap:
            raise PhraseError("a gap cannot end a phrase")
        if not count:
            raise PhraseError("empty group")
        if not required_seen:
            raise PhraseError("a phrase needs at least one word that is not optional")
        triggers = min(required, key=_cost) if required else None
        # Every part's words, and as many again as each gap lets in.
        most = None
        if all(part.most is not None for part, _, _ in elements):
            most = sum((part.most or 0) + gap for part, _, gap in elements)
        return _Part(
            out,
            triggers,
            None if first is None else frozenset(first),
            tuple(stems),
            required,
            _last_of(elements),
            _pairs_of(elements),
            most,
        )

    def part(self, token: str) -> tuple[_Part, bool]:
        """One part and whether it is optional."""
        if token == "[":
            return self.alternatives("]"), True
        if token == "(":
            return self.alternatives(")"), False
        if token.startswith("{"):
            name = token[1:-1].strip()
            if name not in self.classes:
                raise PhraseError(f"unknown word class {{{name}}}")
            entries = self.classes[name]
            return _either(
                [_Parser(e, self.classes, self.depth + 1).parse() for e in entries]
            ), False
        if token in ("]", ")", "|"):
            raise PhraseError(f"unbalanced {token!r}")
        return _word(token), False

    def alternatives(self, closing: str) -> _Part:
        options: list[_Part] = []
        while True:
            options.append(self.sequence(closing))
            token = self.peek()
            if token is None:
                raise PhraseError(f"missing {closing!r}")
            self.take()
            if token == closing:
                break
        return _either(options)


# Words in nearly every answer make poor triggers: a pattern is indexed by a required part
# with as few of them as possible. The most frequent words of the labelled answers and the
# scenario options, most frequent first.
_FREQUENT: Final = """\
you i it to im and that sorry me the a for was youre of not ill this what my have
about on its feel so want thats do like with your can makes sense be now know dont we in at is
need right going didnt how tell thank time every been were did out up from telling but again
hear all why must back too when just felt ask them if made no would ive phone cant get"""
_COMMON: Final = {word: rank for rank, word in enumerate(_FREQUENT.split())}


def _cost(triggers: frozenset[str] | None) -> int:
    """How often a set's words turn up in answers (lower is rarer, so a better index)."""
    if triggers is None:
        return 1_000_000
    return len(triggers) + sum(1000 - 10 * _COMMON[w] for w in triggers if w in _COMMON)


def _union(sets: list[frozenset[str] | None]) -> frozenset[str] | None:
    if any(s is None for s in sets):
        return None
    joined: set[str] = set()
    for s in sets:
        assert s is not None
        joined |= s
    return frozenset(joined)


def how_common(items: frozenset[Item]) -> float:
    """A rough chance that an answer holds one of the items (words, or pairs side by side).

    Only the order matters: it picks the few needs of a pattern most worth checking first.
    A frequent word is ranked by _FREQUENT; a pair is rarer than either of its words, and a
    word next to an end mark is about as rare as half the word.
    """
    total = 0.0
    for item in items:
        if isinstance(item, tuple):
            first, second = item
            if first in MARKS or second in MARKS:
                total += 0.5 * _word_chance(second if first in MARKS else first)
            else:
                total += 0.15 * min(_word_chance(first), _word_chance(second))
        else:
            total += _word_chance(item)
    return min(1.0, total)


def _word_chance(word: str) -> float:
    rank = _COMMON.get(word)
    return 0.01 if rank is None else 0.9 / (1 + rank) ** 0.7


def _item_cost(items: frozenset[Item]) -> int:
    """Like _cost, for a set that may hold pairs (a pair is rarer than any word)."""
    return sum(1 if isinstance(i, tuple) else _cost(frozenset({i})) for i in items)


def _last_of(elements: list[tuple[_Part, bool, int]]) -> frozenset[str] | None:
    """The words a sequence can end with: its last required part's, or a later optional's."""
    found: set[str] = set()
    for part, optional, _ in reversed(elements):
        if part.last is None:
            return None
        found |= part.last
        if not optional:
            return frozenset(found)
    return None


def _pairs_of(elements: list[tuple[_Part, bool, int]]) -> list[frozenset[Item]]:
    """Each required part's own pairs, and the pairs it makes with what must follow it."""
    pairs: list[frozenset[Item]] = []
    for index, (part, optional, _) in enumerate(elements):
        if optional:
            continue
        pairs.extend(part.adjacent)
        if not part.last:
            continue
        # The next word is the first of any optional parts that follow, or of the next
        # required part; a gap, or something whose first word is not known, ends the search.
        follow: set[str] = set()
        closed = False
        for after, after_optional, gap in elements[index + 1 :]:
            starts = after.exact_first
            if gap or starts is None:
                break
            follow |= starts
            if not after_optional:
                closed = True
                break
        if closed and len(part.last) * len(follow) <= _MOST_PAIRS:
            pairs.append(frozenset((a, b) for a in part.last for b in follow))
    return pairs


def _anchor_pairs(part: _Part, at_start: bool, at_end: bool) -> list[frozenset[Item]]:
    """A phrase tied to a sentence's (or the answer's) start or end stands next to a mark."""
    pairs: list[frozenset[Item]] = []
    starts = part.exact_first
    if at_start and starts and len(starts) * len(MARKS) <= _MOST_PAIRS:
        pairs.append(frozenset((mark, word) for mark in MARKS for word in starts))
    ends = part.last
    if at_end and ends and "" not in ends and len(ends) * len(MARKS) <= _MOST_PAIRS:
        pairs.append(frozenset((word, mark) for mark in MARKS for word in ends))
    return pairs


def compile_pattern(source: str, classes: dict[str, tuple[str, ...]]) -> Compiled:
    """One pattern as a regex to match at a word's start, with what it needs and starts with."""
    parser = _Parser(source, classes)
    part = parser.parse()
    # An end anchor is also a look-ahead, so alternatives backtrack to a longer one that ends
    # the sentence ("okay noted" rather than "okay").
    tail = ""
    if parser.whole[1]:
        tail = r"(?=[^\w]*\Z)"
    elif parser.at_end:
        tail = r"(?=[^\w.!?;\n]*(?:[.!?;\n]|\Z))"
    regex = re.compile(rf"{part.regex}(?![\w']){tail}")
    required = tuple(dict.fromkeys(part.required))
    adjacent = [
        *part.adjacent,
        *_anchor_pairs(part, parser.at_start or parser.whole[0], parser.at_end or parser.whole[1]),
    ]
    return Compiled(
        source,
        regex,
        required,
        part.first,
        part.stems,
        parser.at_start,
        parser.at_end,
        parser.whole,
        parser.at_start or parser.at_end or any(parser.whole),
        tuple(dict.fromkeys(adjacent)),
        part.most,
        r"\?" in part.regex,
    )
