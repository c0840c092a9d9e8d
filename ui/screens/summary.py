"""The end of a session: each person's own practice, side by side, never a contest."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.practice.summary import PartnerSummary
from ui.widgets.highlighted_answer import category_name

QUOTE_LIMIT = 240


def change_words(measure: str, change: float | None, higher_is_better: bool) -> str:
    """One plain sentence on how a measure moved against the person's earlier sessions."""
    if change is None:
        return "No earlier sessions yet: this one is the baseline."
    points = round(abs(change))
    if points < 3:
        return f"{measure} was about the same as in your earlier sessions."
    better = (change > 0) == higher_is_better
    direction = "higher" if change > 0 else "lower"
    verdict = "a step forward" if better else "something to watch next time"
    unit = "point" if points == 1 else "points"
    return f"{measure} was {points} {unit} {direction} than in your earlier sessions: {verdict}."


def quote(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > QUOTE_LIMIT:
        text = text[: QUOTE_LIMIT - 1].rstrip() + "…"
    return f"“{text}”" if text else "(nothing was written)"


class PartnerCard(QFrame):
    def __init__(self, summary: PartnerSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"summaryCard_{summary.name}")
        self.setProperty("role", "card")
        self.setAccessibleName(f"{summary.name}'s practice")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(8)
        name = QLabel(f"{summary.name}'s practice")
        name.setProperty("role", "heading")
        answers = "1 answer" if summary.answers == 1 else f"{summary.answers} answers"
        scores = QLabel(
            f"{answers}. Validation on average {round(summary.validation)} of 100, "
            f"defensiveness {round(summary.defensiveness)} of 100."
        )
        scores.setObjectName("summaryScores")
        scores.setWordWrap(True)
        layout.addWidget(name)
        layout.addWidget(scores)
        if summary.felt_heard is not None:
            raters = " and ".join(summary.rated_by) or "Your partner"
            felt = QLabel(
                f"How heard {raters} felt, as rated after each answer: "
                f"{summary.felt_heard:.1f} of 5 on average."
            )
            felt.setObjectName("summaryFeltHeard")
            felt.setWordWrap(True)
            layout.addWidget(felt)
        change = QLabel(change_words("Validation", summary.validation_change, True))
        change.setObjectName("summaryChange")
        change.setWordWrap(True)
        change.setProperty("role", "note")
        layout.addWidget(change)
        if summary.defensiveness_change is not None:
            defence = QLabel(change_words("Defensiveness", summary.defensiveness_change, False))
            defence.setWordWrap(True)
            defence.setProperty("role", "note")
            layout.addWidget(defence)
        if summary.best is not None:
            best_caption = QLabel(
                "The answer that landed best" if summary.answers > 1 else "What landed"
            )
            best_caption.setProperty("role", "caption")
            best = QLabel(quote(summary.best.answer_text))
            best.setObjectName("summaryBest")
            best.setWordWrap(True)
            best.setTextFormat(Qt.TextFormat.PlainText)
            best.setProperty("role", "hurt")
            layout.addWidget(best_caption)
            layout.addWidget(best)
        habits_caption = QLabel(
            "A habit to work on" if len(summary.habits) == 1 else "Habits to work on"
        )
        habits_caption.setProperty("role", "caption")
        layout.addWidget(habits_caption)
        if summary.habits:
            text = "\n".join(f"• {category_name(habit)}" for habit in summary.habits)
        elif summary.validation >= 50:
            text = "• No defensive habit stood out in this session. Keep validating first."
        else:
            text = (
                "• No defensive habit stood out in this session. Next time, try naming "
                "their feeling before anything else."
            )
        habits = QLabel(text)
        habits.setObjectName("summaryHabits")
        habits.setWordWrap(True)
        layout.addWidget(habits)
        layout.addStretch(1)


class SummaryScreen(QWidget):
    """`show_summary(partners, ended_early)`; `practice_again_requested` to start anew."""

    practice_again_requested = Signal()
    self_check_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summaryScreen")
        self.heading = QLabel("Your practice today")
        self.heading.setObjectName("summaryHeading")
        self.heading.setProperty("role", "title")
        self.framing = QLabel()
        self.framing.setObjectName("summaryFraming")
        self.framing.setWordWrap(True)
        self.framing.setProperty("role", "subtitle")
        self.cards_row = QHBoxLayout()
        self.cards_row.setSpacing(16)
        self.cards: list[PartnerCard] = []
        self.again_button = QPushButton("Practise again")
        self.again_button.setObjectName("summaryAgainButton")
        self.again_button.setAccessibleName("Practise again")
        self.again_button.setAccessibleDescription(
            "Goes back to the start screen to set up a new session."
        )
        self.again_button.setProperty("role", "primary")
        self.again_button.clicked.connect(self.practice_again_requested)
        self.check_button = QPushButton("How are you now?")
        self.check_button.setObjectName("summaryCheckButton")
        self.check_button.setAccessibleName("How are you now? An optional check-in")
        self.check_button.setAccessibleDescription(
            "One tap about how you feel after practising; it stays on this computer."
        )
        self.check_button.clicked.connect(self.self_check_requested)

        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(40, 24, 40, 16)
        column.setSpacing(14)
        column.addWidget(self.heading)
        column.addWidget(self.framing)
        column.addLayout(self.cards_row)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        actions = QHBoxLayout()
        actions.setContentsMargins(40, 8, 40, 16)
        actions.addStretch(1)
        actions.addWidget(self.check_button)
        actions.addWidget(self.again_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(actions)

    def show_summary(
        self, partners: Sequence[PartnerSummary], *, couple: bool, ended_early: bool
    ) -> None:
        for card in self.cards:
            self.cards_row.removeWidget(card)
            card.deleteLater()
        self.cards = [PartnerCard(summary) for summary in partners]
        for card in self.cards:
            self.cards_row.addWidget(card, 1)
        opening = "You ended the session early, and that is fine. " if ended_early else ""
        if not partners:
            self.framing.setText(
                opening + "No answers were given this time. Coming back to practise is what counts."
            )
        elif couple:
            self.framing.setText(
                opening + "Each card is one person's own practice, measured against their "
                "own earlier sessions. It is not a contest: you are on the same side."
            )
        else:
            self.framing.setText(
                opening + "This is your own practice, measured against your earlier sessions."
            )
        self.again_button.setFocus()
