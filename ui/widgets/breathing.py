"""A paced breathing guide: a circle that grows on the in-breath and shrinks on the out-breath.

The words "Breathe in" / "Breathe out" change with the circle, so the pace is never carried by
motion alone. Time comes from an injected clock; the QTimer only asks for a redraw.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

INHALE_SECONDS = 4.0
EXHALE_SECONDS = 6.0
REDRAW_MS = 40
SMALLEST = 0.35  # the circle never shrinks to nothing: a resting breath is still a breath


class Ticking(Protocol):
    """Anything with a monotonic now(); desktop.practice.clock's clocks qualify."""

    def now(self) -> float: ...


class BreathPhase(StrEnum):
    IN = "in"
    OUT = "out"

    @property
    def cue(self) -> str:
        return "Breathe in" if self is BreathPhase.IN else "Breathe out"


@dataclass(frozen=True, slots=True)
class BreathState:
    """Where a breath is: its phase, how far through it (0..1), and the circle's size (0..1)."""

    phase: BreathPhase
    progress: float
    seconds_left: float
    size: float


def breath_at(
    elapsed: float, inhale: float = INHALE_SECONDS, exhale: float = EXHALE_SECONDS
) -> BreathState:
    """The breath `elapsed` seconds after the guide started; eases in and out like lungs do."""
    cycle = inhale + exhale
    into = max(0.0, elapsed) % cycle
    if into < inhale:
        progress = into / inhale
        eased = 0.5 - 0.5 * math.cos(math.pi * progress)
        return BreathState(BreathPhase.IN, progress, inhale - into, eased)
    progress = (into - inhale) / exhale
    eased = 0.5 + 0.5 * math.cos(math.pi * progress)
    return BreathState(BreathPhase.OUT, progress, cycle - into, eased)


class BreathCircle(QWidget):
    """The drawing only; colours come from the palette the theme set."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("breathCircle")
        self.size_fraction = 0.0
        self.setMinimumSize(QSize(110, 110))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(240, 240)

    def set_size_fraction(self, fraction: float) -> None:
        self.size_fraction = min(1.0, max(0.0, fraction))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        side = min(self.width(), self.height()) - 8
        centre = QPointF(self.width() / 2, self.height() / 2)
        outer = side / 2
        # The guide ring shows where the in-breath is heading.
        ring = QPen(palette.color(QPalette.ColorRole.Mid))
        ring.setWidthF(2.0)
        ring.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(ring)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, outer, outer)
        radius = outer * (SMALLEST + (1 - SMALLEST) * self.size_fraction)
        fill = palette.color(QPalette.ColorRole.Highlight)
        fill.setAlphaF(0.28 + 0.32 * self.size_fraction)
        edge = QPen(palette.color(QPalette.ColorRole.Highlight))
        edge.setWidthF(3.0)
        painter.setPen(edge)
        painter.setBrush(fill)
        painter.drawEllipse(
            QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
        )
        painter.end()


class BreathingWidget(QWidget):
    """The circle and its cue; call start(), and tick() whenever time should be shown again."""

    def __init__(
        self,
        clock: Ticking,
        inhale_seconds: float = INHALE_SECONDS,
        exhale_seconds: float = EXHALE_SECONDS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("breathingGuide")
        self.setAccessibleName("Breathing guide")
        self.clock = clock
        self.inhale_seconds = inhale_seconds
        self.exhale_seconds = exhale_seconds
        self._started: float | None = None

        self.circle = BreathCircle(self)
        self.cue = QLabel(BreathPhase.IN.cue)
        self.cue.setObjectName("breathCue")
        self.cue.setProperty("role", "breathCue")
        self.cue.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pace = QLabel(
            f"In for {inhale_seconds:g} seconds, out for {exhale_seconds:g}. "
            "A longer out-breath tells the body it is safe to slow down."
        )
        self.pace.setObjectName("breathPace")
        self.pace.setProperty("role", "note")
        self.pace.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pace.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.circle, 1)
        layout.addWidget(self.cue)
        layout.addWidget(self.pace)

        self.timer = QTimer(self)
        self.timer.setObjectName("breathTimer")
        self.timer.setInterval(REDRAW_MS)
        self.timer.timeout.connect(self.on_timer_timeout)
        self.tick()

    @property
    def running(self) -> bool:
        return self._started is not None

    def start(self) -> None:
        """Begin with an in-breath now."""
        self._started = self.clock.now()
        self.timer.start()
        self.tick()

    def stop(self) -> None:
        self.timer.stop()
        self._started = None
        self.tick()

    def state(self) -> BreathState:
        elapsed = 0.0 if self._started is None else self.clock.now() - self._started
        return breath_at(elapsed, self.inhale_seconds, self.exhale_seconds)

    def on_timer_timeout(self) -> None:
        self.tick()

    def tick(self) -> None:
        """Show the breath the clock says it is now."""
        state = self.state()
        if self.cue.text() != state.phase.cue:
            self.cue.setText(state.phase.cue)
            self.setAccessibleDescription(state.phase.cue)
        self.circle.set_size_fraction(state.size)
