"""An answer with every rule hit marked in place; hover or Tab to a mark to see why.

Used by the feedback screen and by the History replay. Hits are anything with the engine's
Hit fields (rule_id, category, polarity, start, end, message, suggestion): the engine's own
hits and the store's saved copies both fit. Spans index the text exactly as given, so the
caller passes the very string that was scored.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QColor, QFocusEvent, QResizeEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QTextBrowser, QVBoxLayout, QWidget

from ui.theme import Theme, current_colours

VALIDATION = "validation"
DEFENSIVENESS = "defensiveness"
# Full-size marks in the phrase's own colour after each marked phrase: a tick for what helps,
# a cross for what works against it ("!" read as punctuation in the answer itself).
MARKS = {VALIDATION: "✓", DEFENSIVENESS: "✗"}
POLARITY_WORDS = {VALIDATION: "Helps them feel heard", DEFENSIVENESS: "Works against it"}
MAX_HEIGHT = 320
PHRASE_LIMIT = 80  # characters of the phrase quoted above its explanation
IDLE_TEXT = "Hover over a marked phrase, or press Tab to move to it, to see why it counts."


class HitLike(Protocol):
    @property
    def rule_id(self) -> str: ...

    @property
    def category(self) -> str: ...

    @property
    def polarity(self) -> str: ...

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def message(self) -> str: ...

    @property
    def suggestion(self) -> str: ...


def category_name(category: str) -> str:
    """The rule family's display name ("Minimising") for a hit's category."""
    # Imported here so that the widget module stays cheap to import at start-up.
    from desktop import engine

    return engine.category_name(category)


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int
    hit: int | None  # index of the hit shown for this piece of text, if any


def segments(length: int, hits: Sequence[HitLike]) -> tuple[Segment, ...]:
    """Cut the text where any hit starts or ends; overlapping hits go to the narrower one."""
    spans = [
        (max(0, h.start), min(length, h.end), i)
        for i, h in enumerate(hits)
        if 0 <= h.start < h.end and h.start < length
    ]
    cuts = sorted({0, length, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    found: list[Segment] = []
    for start, end in itertools.pairwise(cuts):
        covering = [(e - s, i) for s, e, i in spans if s <= start and end <= e]
        hit = min(covering)[1] if covering else None
        if found and found[-1].hit == hit and found[-1].end == start:
            found[-1] = Segment(found[-1].start, end, hit)
        else:
            found.append(Segment(start, end, hit))
    return tuple(found)


def _tint(colour: str, base: QColor, share: float) -> str:
    mark = QColor(colour)
    mixed = QColor(
        round(base.red() * (1 - share) + mark.red() * share),
        round(base.green() * (1 - share) + mark.green() * share),
        round(base.blue() * (1 - share) + mark.blue() * share),
    )
    return str(mixed.name())


def _text_html(text: str) -> str:
    return html.escape(text).replace("\n", "<br/>")


def explanation(hit: HitLike) -> str:
    """Why a hit counts and what to try, as plain sentences."""
    side = POLARITY_WORDS.get(hit.polarity, "Noted")
    parts = [f"{MARKS.get(hit.polarity, '•')} {side} — {category_name(hit.category)}."]
    if hit.message:
        parts.append(hit.message.strip())
    if hit.suggestion:
        parts.append(f"Try: {hit.suggestion.strip()}")
    return " ".join(parts)


class AnswerBrowser(QTextBrowser):
    """The text itself; each hit is a link, so it is reachable with Tab and shows on hover."""

    anchor_focused = Signal(QUrl)
    max_height: int | None = MAX_HEIGHT  # None: always as tall as the text (a replay list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("highlightedAnswerText")
        self.setAccessibleName("Your answer, with marked phrases")
        self.setAccessibleDescription(
            "Press Tab to move from one marked phrase to the next; each one is explained below."
        )
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)

    def fit_height(self) -> None:
        """Tall enough for the text, so ordinary answers need no scroll bar (long ones do)."""
        document = self.document()
        document.setTextWidth(max(200, self.viewport().width()))
        frame = self.height() - self.viewport().height()
        wanted = int(document.size().height()) + max(frame, 0) + 4
        height = max(wanted, 56)
        if self.max_height is not None:
            height = min(height, self.max_height)
        self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.fit_height()

    def focused_anchor(self) -> str:
        """The link the keyboard has selected, if any."""
        selected = self.textCursor()
        if not selected.hasSelection():
            return ""
        probe = QTextCursor(self.document())
        probe.setPosition(selected.selectionStart() + 1)
        return str(probe.charFormat().anchorHref())

    def focusNextPrevChild(self, forward: bool) -> bool:
        # Tab moves the selection from link to link without any signal, so say so here.
        moved = super().focusNextPrevChild(forward)
        anchor = self.focused_anchor()
        if moved and anchor:
            self.anchor_focused.emit(QUrl(anchor))
        return moved

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        # Arriving by Tab lands on the first mark (Shift+Tab: the last), not on the box.
        reason = event.reason()
        if not self.textCursor().hasSelection() and reason in (
            Qt.FocusReason.TabFocusReason,
            Qt.FocusReason.BacktabFocusReason,
        ):
            super().focusNextPrevChild(reason is Qt.FocusReason.TabFocusReason)
        anchor = self.focused_anchor()
        if anchor:
            self.anchor_focused.emit(QUrl(anchor))


class HighlightedAnswer(QWidget):
    """`set_answer(text, hits)`; `hit_shown(index)` fires when a hit is hovered or focused.

    The text grows with the answer up to `max_height` pixels, then scrolls; pass None for a
    list that scrolls as a whole (History's replay).
    """

    hit_shown = Signal(int)

    def __init__(
        self, parent: QWidget | None = None, *, max_height: int | None = MAX_HEIGHT
    ) -> None:
        super().__init__(parent)
        self.setObjectName("highlightedAnswer")
        self.setAccessibleName("Answer with highlights")
        self.text_view = AnswerBrowser(self)
        self.text_view.max_height = max_height
        self.legend = QLabel(
            f"{MARKS[VALIDATION]} helps them feel heard    {MARKS[DEFENSIVENESS]} works against it",
            self,
        )
        self.legend.setObjectName("highlightLegend")
        self.legend.setProperty("role", "note")
        self.why = QLabel(IDLE_TEXT, self)
        self.why.setObjectName("highlightWhy")
        self.why.setWordWrap(True)
        self.why.setProperty("role", "why")
        self.why.setAccessibleName("Why this phrase counts")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.legend)
        layout.addWidget(self.text_view)
        layout.addWidget(self.why)
        self.text = ""
        self.hits: tuple[HitLike, ...] = ()
        self.shown_hit: int | None = None
        self.text_view.highlighted.connect(self.on_text_view_highlighted)
        self.text_view.anchorClicked.connect(self.on_text_view_highlighted)
        self.text_view.anchor_focused.connect(self.on_text_view_highlighted)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            # The marks' tints come from the theme's colours: redraw when it changes.
            Theme.of(app).changed.connect(self.on_theme_changed)

    def set_answer(self, text: str, hits: Sequence[HitLike]) -> None:
        self.text = text
        self.hits = tuple(hits)
        self.shown_hit = None
        self.why.setText(IDLE_TEXT if self.hits else "Nothing in this answer was marked.")
        self.text_view.setHtml(self._html())
        self.text_view.fit_height()

    def _html(self) -> str:
        if not self.text.strip():
            return "<p><i>(Nothing was written.)</i></p>"
        colours = current_colours()
        base = self.palette().base().color()
        text_colour = self.palette().text().color().name()
        tints = {
            polarity: _tint(colours.series_colour(polarity), base, 0.28)
            for polarity in (VALIDATION, DEFENSIVENESS)
        }
        underline = {
            polarity: colours.series_colour(polarity) for polarity in (VALIDATION, DEFENSIVENESS)
        }
        pieces: list[str] = []
        for part in segments(len(self.text), self.hits):
            chunk = _text_html(self.text[part.start : part.end])
            if part.hit is None:
                pieces.append(chunk)
                continue
            hit = self.hits[part.hit]
            polarity = hit.polarity if hit.polarity in tints else DEFENSIVENESS
            title = html.escape(explanation(hit), quote=True)
            style = (
                f"color:{text_colour}; background-color:{tints[polarity]};"
                f" text-decoration: underline; text-decoration-color:{underline[polarity]};"
            )
            if polarity == DEFENSIVENESS:
                style += " font-style: italic;"
            ends_here = part.end >= min(self.hits[part.hit].end, len(self.text))
            mark = (
                f'<b style="color:{underline[polarity]};">&#8202;{MARKS[polarity]}</b>'
                if ends_here
                else ""
            )
            pieces.append(
                f'<a href="hit:{part.hit}" title="{title}" style="{style}">{chunk}</a>{mark}'
            )
        return f'<div style="line-height:150%;">{"".join(pieces)}</div>'

    def on_theme_changed(self, _scheme: str) -> None:
        if self.text or self.hits:
            self.text_view.setHtml(self._html())

    def show_hit(self, index: int) -> None:
        if not 0 <= index < len(self.hits):
            return
        self.shown_hit = index
        hit = self.hits[index]
        # The phrase itself leads, so the explanation is tied to the words it is about even
        # where the mark the keyboard is on is hard to see.
        phrase = " ".join(self.text[hit.start : hit.end].split())
        if len(phrase) > PHRASE_LIMIT:
            phrase = phrase[: PHRASE_LIMIT - 1].rstrip() + "…"
        self.why.setText(f"“{phrase}”  {explanation(hit)}" if phrase else explanation(hit))
        self.hit_shown.emit(index)

    def on_text_view_highlighted(self, url: QUrl) -> None:
        target = url.toString()
        if not target.startswith("hit:"):
            return  # leaving a mark keeps the last explanation on screen to read
        try:
            self.show_hit(int(target.removeprefix("hit:")))
        except ValueError:
            return
