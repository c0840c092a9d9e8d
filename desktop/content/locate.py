"""Finds the line a key sits on in a pack file's raw text, so errors can point at it."""

from __future__ import annotations

import re
from collections.abc import Sequence

# tomllib reports no positions for valid TOML, so lines are found by reading the text again
# the way an author would: the nth [[scenario]], then its opening or nth follow-up, then the
# nth option under it, then the key.
_HEADER = re.compile(r"^\s*\[")
_SCENARIO = re.compile(r"^\s*\[\[\s*scenario\s*\]\]")
_OPENING = re.compile(r"^\s*\[\s*scenario\s*\.\s*opening\s*\]|^\s*opening\s*=")
_FOLLOW_UP = re.compile(r"^\s*\[\[\s*scenario\s*\.\s*follow_up\s*\]\]")
_PACK = re.compile(r"^\s*\[\s*pack\s*\]")
_OPTIONS = re.compile(r"^\s*options\s*=|^\s*\[\[[^\]]*\boptions\s*\]\]")
_OPTION_START = re.compile(r"(?:^|[{,\s])text\s*=")

PathPart = str | int


def _key(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?:^|[{{,\s]){re.escape(name)}\s*=")


class Locator:
    """Answers "which line is this?" for a path such as ("scenario", 2, "opening", "title")."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def line(self, path: Sequence[PathPart]) -> int | None:
        """1-based line of the deepest part of `path` that can be found, or None."""
        found = self._index(path)
        return None if found is None else found + 1

    def _index(self, path: Sequence[PathPart]) -> int | None:
        start, end = 0, len(self.lines)
        best: int | None = None
        parts = list(path)
        if parts[:1] == ["pack"]:
            header = self._first(_PACK, start, end)
            if header is None:
                return None
            start, best = header, header
            end = self._next(_HEADER, header + 1, end)
            parts = parts[1:]
        elif parts[:1] == ["scenario"] and len(parts) >= 2 and isinstance(parts[1], int):
            span = self._nth_span(_SCENARIO, parts[1], start, end, stop=_SCENARIO)
            if span is None:
                return None
            start, end = span
            best = start
            parts = parts[2:]
            if parts[:1] == ["opening"]:
                head = self._first(_OPENING, start, end)
                if head is None:
                    return best
                best = start = head
                stop = self._next(_FOLLOW_UP, head + 1, end)
                end = min(stop, end)
                parts = parts[1:]
            elif parts[:1] == ["follow_up"] and len(parts) >= 2 and isinstance(parts[1], int):
                span = self._nth_span(_FOLLOW_UP, parts[1], start, end, stop=_FOLLOW_UP)
                if span is None:
                    return best
                start, end = span
                best = start
                parts = parts[2:]
            if parts[:1] == ["options"]:
                head = self._first(_OPTIONS, start, end)
                if head is None:
                    return best
                best = start = head
                parts = parts[1:]
                if parts and isinstance(parts[0], int):
                    option = self._nth_match(_OPTION_START, parts[0], start, end)
                    if option is None:
                        return best
                    following = self._nth_match(_OPTION_START, parts[0] + 1, start, end)
                    best = start = option
                    end = end if following is None else following
                    parts = parts[1:]
                    if not parts:
                        return best
        if parts and isinstance(parts[0], str):
            hit = self._first(_key(parts[0]), start, end)
            if hit is not None:
                return hit
        return best

    def _first(self, pattern: re.Pattern[str], start: int, end: int) -> int | None:
        for index in range(start, end):
            if pattern.search(self.lines[index]):
                return index
        return None

    def _next(self, pattern: re.Pattern[str], start: int, end: int) -> int:
        found = self._first(pattern, start, end)
        return end if found is None else found

    def _nth_match(self, pattern: re.Pattern[str], nth: int, start: int, end: int) -> int | None:
        seen = -1
        for index in range(start, end):
            if pattern.search(self.lines[index]):
                seen += 1
                if seen == nth:
                    return index
        return None

    def _nth_span(
        self, pattern: re.Pattern[str], nth: int, start: int, end: int, stop: re.Pattern[str]
    ) -> tuple[int, int] | None:
        head = self._nth_match(pattern, nth, start, end)
        if head is None:
            return None
        return head, self._next(stop, head + 1, end)
