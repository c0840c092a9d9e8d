"""The guided pause: breathe with the circle, a suggested twenty minutes, come back any time.

`break_ended` is emitted when the person says they are ready; the time taken is
`seconds_taken`. A break is self-regulation, so nothing here counts it against anyone.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.practice.clock import SystemClock
from desktop.safety import safety_texts
from ui.widgets.breathing import BreathingWidget, Ticking

REDRAW_MS = 250


def clock_words(seconds: float) -> str:
    """Whole minutes and seconds, rounded up so 0:00 shows only when the time is up."""
    whole = max(0, int(-(-seconds // 1)))
    return f"{whole // 60}:{whole % 60:02d}"


class TakeBreakScreen(QWidget):
    """The pause screen; `start()` begins the countdown (it also begins when first shown)."""

    break_ended = Signal()

    def __init__(
        self,
        clock: Ticking | None = None,
        minutes: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("takeBreakScreen")
        texts = safety_texts().take_break
        self.texts = texts
        self.clock: Ticking = clock if clock is not None else SystemClock()
        self.minutes = minutes if minutes is not None else texts.minutes
        self._started: float | None = None
        self._ended_after: float | None = None

        self.title = QLabel(texts.title)
        self.title.setObjectName("breakTitle")
        self.title.setProperty("role", "title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.intro = QLabel(texts.intro)
        self.intro.setObjectName("breakIntro")
        self.intro.setProperty("role", "subtitle")
        self.intro.setWordWrap(True)
        self.intro.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.breathing = BreathingWidget(self.clock, parent=self)
        self.countdown = QLabel()
        self.countdown.setObjectName("breakCountdown")
        self.countdown.setProperty("role", "breakCountdown")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown.setWordWrap(True)

        self.back_button = QPushButton(texts.button)
        self.back_button.setObjectName("breakBackButton")
        self.back_button.setAccessibleName(texts.button)
        self.back_button.setAccessibleDescription(
            "Ends the pause and goes back to the round; you can come back early."
        )
        self.back_button.setProperty("role", "primary")
        self.back_button.setDefault(True)
        self.back_button.clicked.connect(self.on_back_button_clicked)
        self.setFocusProxy(self.back_button)

        column = QVBoxLayout()
        column.setSpacing(10)
        column.addWidget(self.title)
        column.addWidget(self.intro)
        column.addWidget(self.breathing, 1)
        column.addWidget(self.countdown)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        column.addLayout(buttons)

        # A readable measure: the text column stays narrow on a wide window.
        outer = QHBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 20)
        outer.addStretch(1)
        holder = QWidget()
        holder.setObjectName("breakColumn")
        holder.setLayout(column)
        holder.setMaximumWidth(640)
        outer.addWidget(holder, 10)
        outer.addStretch(1)

        self.timer = QTimer(self)
        self.timer.setObjectName("breakTimer")
        self.timer.setInterval(REDRAW_MS)
        self.timer.timeout.connect(self.on_timer_timeout)
        self.tick()

    # --- time ------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._started is not None

    def start(self) -> None:
        """Begin a fresh pause now: the countdown restarts and the breathing starts in."""
        self._started = self.clock.now()
        self._ended_after = None
        self.breathing.start()
        self.timer.start()
        self.tick()

    def elapsed(self) -> float:
        if self._started is None:
            return 0.0
        return max(0.0, self.clock.now() - self._started)

    def remaining(self) -> float:
        return max(0.0, self.minutes * 60.0 - self.elapsed())

    @property
    def seconds_taken(self) -> float:
        """How long the last pause lasted (0 before one has ended)."""
        return self._ended_after or 0.0

    def on_timer_timeout(self) -> None:
        self.tick()

    def tick(self) -> None:
        """Redraw from the clock: the countdown and the breath."""
        left = self.remaining()
        if self._started is not None and left <= 0:
            words = self.texts.done
            state = "over"
        else:
            total = self.minutes * 60.0 if self._started is None else left
            words = f"{clock_words(total)} left of a suggested {self.minutes} minutes"
            state = "running"
        if self.countdown.text() != words:
            self.countdown.setText(words)
            self.countdown.setAccessibleName(words)
        if self.countdown.property("state") != state:
            self.countdown.setProperty("state", state)
            self.countdown.style().unpolish(self.countdown)
            self.countdown.style().polish(self.countdown)
        self.breathing.tick()

    # --- coming back -------------------------------------------------------------------------

    def on_back_button_clicked(self) -> None:
        self._ended_after = self.elapsed()
        self._started = None
        self.timer.stop()
        self.breathing.stop()
        self.break_ended.emit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._started is None:
            self.start()
        else:
            self.timer.start()
            self.breathing.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        # Hidden, nothing needs redrawing; the time itself keeps coming from the clock.
        self.timer.stop()
        self.breathing.timer.stop()
        super().hideEvent(event)
