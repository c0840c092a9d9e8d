"""The answer countdown: a ring with the seconds inside and the time left in words beside it.

The widget only draws what it is told: the practice screen reads the time left from the
session (which reads the clock) and calls `show_time`. Near the end the ring changes colour
AND the words change, so the colour is never the only sign.
"""

from __future__ import annotations

import math
from enum import StrEnum

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ui.theme import current_colours

SOON_SECONDS = 30.0  # the words start to nudge
LAST_SECONDS = 10.0  # the ring turns and the words say to finish


class TimeState(StrEnum):
    CALM = "calm"
    SOON = "soon"
    LAST = "last"
    PAUSED = "paused"
    UNTIMED = "untimed"
    OVER = "over"


def time_state(remaining: float | None, paused: bool = False) -> TimeState:
    if remaining is None:
        return TimeState.UNTIMED
    if paused:
        return TimeState.PAUSED
    if remaining <= 0:
        return TimeState.OVER
    if remaining <= LAST_SECONDS:
        return TimeState.LAST
    if remaining <= SOON_SECONDS:
        return TimeState.SOON
    return TimeState.CALM


def whole_seconds(remaining: float) -> int:
    """Rounded up, so "0" shows only when the time is really over."""
    return max(0, math.ceil(remaining - 1e-9))


def time_words(remaining: float | None, paused: bool = False) -> str:
    """What the countdown says, in words, for sighted and screen-reader users alike."""
    state = time_state(remaining, paused)
    if state is TimeState.UNTIMED:
        return "No time limit: take the time you need."
    assert remaining is not None
    seconds = whole_seconds(remaining)
    unit = "second" if seconds == 1 else "seconds"
    if state is TimeState.PAUSED:
        return f"Paused with {seconds} {unit} left."
    if state is TimeState.OVER:
        return "Time is up."
    if state is TimeState.LAST:
        return f"{seconds} {unit} left: finish your thought."
    if state is TimeState.SOON:
        return f"{seconds} {unit} left: start wrapping up."
    if seconds >= 120:
        minutes, rest = divmod(seconds, 60)
        if rest == 0:
            return f"{minutes} minutes left."
        return f"{minutes} min {rest} s left."
    return f"{seconds} {unit} left."


class CountdownRing(QWidget):
    """The painted ring: the arc is the share of time left, the number the seconds."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("countdownRing")
        self._fraction = 1.0
        self._text = ""
        self._state = TimeState.CALM
        self.setMinimumSize(QSize(64, 64))

    def sizeHint(self) -> QSize:
        side = max(64, self.fontMetrics().height() * 4)
        return QSize(side, side)

    def set_value(self, fraction: float, text: str, state: TimeState) -> None:
        self._fraction = min(1.0, max(0.0, fraction))
        self._text = text
        self._state = state
        self.update()

    def _arc_colour(self) -> QColor:
        # The ring is painted, so QSS cannot reach it: colours come from the theme's data.
        colours = current_colours()
        if self._state in (TimeState.LAST, TimeState.OVER):
            return QColor(colours.series_colour("defensiveness"))
        if self._state is TimeState.PAUSED:
            return self.palette().placeholderText().color()
        return self.palette().highlight().color()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height())
        width = max(5.0, side / 11)
        rect = QRectF(
            (self.width() - side) / 2 + width / 2,
            (self.height() - side) / 2 + width / 2,
            side - width,
            side - width,
        )
        track = QPen(self.palette().mid().color(), width)
        painter.setPen(track)
        painter.drawEllipse(rect)
        arc = QPen(self._arc_colour(), width)
        arc.setCapStyle(Qt.PenCapStyle.RoundCap)
        if self._state is TimeState.PAUSED:
            arc.setStyle(Qt.PenStyle.DashLine)  # paused looks different in shape, too
        painter.setPen(arc)
        if self._state is TimeState.UNTIMED:
            painter.drawEllipse(rect)
        elif self._fraction > 0:
            painter.drawArc(rect, 90 * 16, -round(self._fraction * 360 * 16))
        font = self.font()
        font.setPointSizeF(max(8.0, side / 4.2))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(self.palette().windowText().color())
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self._text)
        painter.end()


class Countdown(QWidget):
    """Ring plus words. `show_time(remaining, total, paused)`; remaining None = untimed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("countdown")
        self.setAccessibleName("Time left")
        self.ring = CountdownRing(self)
        self.words = QLabel(self)
        self.words.setObjectName("countdownWords")
        self.words.setWordWrap(True)
        self.words.setProperty("role", "countdown")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(self.ring)
        layout.addWidget(self.words, 1)
        self.state = TimeState.UNTIMED
        self.show_time(None, None)

    def show_time(self, remaining: float | None, total: float | None, paused: bool = False) -> None:
        state = time_state(remaining, paused)
        words = time_words(remaining, paused)
        if remaining is None or not total:
            self.ring.set_value(1.0, "∞", state)
        else:
            self.ring.set_value(remaining / total, str(whole_seconds(remaining)), state)
        if words != self.words.text():
            self.words.setText(words)
            self.setAccessibleDescription(words)
        if state is not self.state:
            self.state = state
            self.words.setProperty("state", str(state))
            style = self.words.style()
            style.unpolish(self.words)
            style.polish(self.words)
