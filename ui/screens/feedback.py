"""Feedback on one answer: the two scores, the label in words, highlights, checklist, rewrite.

In couple mode the sharer's felt-heard rating sits beside the engine's verdict: two views of
the same moment, neither the judge of the other.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.practice import Turn
from ui.screens.rating import RATING_WORDS
from ui.widgets.checklist import Checklist
from ui.widgets.highlighted_answer import HighlightedAnswer

LABEL_TITLES = {
    "validating": "Validating",
    "mixed": "Mixed",
    "defensive": "Defensive",
    "withdrawing": "Withdrawing",
    "neutral": "Neutral",
}


QUOTE_CHARS = 160


def quote_short(text: str) -> str:
    """One line of what was said, so the answer is read in its context."""
    flat = " ".join(text.split())
    if len(flat) > QUOTE_CHARS:
        flat = flat[: QUOTE_CHARS - 1].rstrip() + "…"
    return f"“{flat}”"


def label_words(label: str, sharer: str) -> str:
    """The verdict in a sentence, about the answer and never about the person."""
    return {
        "validating": f"This answer is likely to help {sharer} feel heard.",
        "mixed": "There is care in this answer, and something that may undercut it.",
        "defensive": "This answer may land as self-protection rather than listening.",
        "withdrawing": f"This may feel to {sharer} like stepping away from the conversation.",
        "neutral": "This answer neither helps nor hurts much yet: name what they feel.",
    }.get(label, "")


def score_bar(name: str, object_name: str) -> tuple[QLabel, QProgressBar]:
    caption = QLabel()
    caption.setObjectName(f"{object_name}Words")
    bar = QProgressBar()
    bar.setObjectName(object_name)
    bar.setRange(0, 100)
    bar.setTextVisible(False)
    bar.setAccessibleName(name)
    bar.setProperty("role", object_name)
    bar.setFixedHeight(10)
    return caption, bar


class FeedbackScreen(QWidget):
    """`show_turn(...)`; `next_requested` when the person moves on."""

    next_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("feedbackScreen")
        self.heading = QLabel()
        self.heading.setObjectName("feedbackHeading")
        self.heading.setProperty("role", "title")
        self.heading.setWordWrap(True)

        self.label = QLabel()
        self.label.setObjectName("feedbackLabel")
        self.label.setProperty("role", "verdict")
        self.label_words = QLabel()
        self.label_words.setObjectName("feedbackLabelWords")
        self.label_words.setWordWrap(True)
        self.validation_words, self.validation_bar = score_bar("Validation score", "validationBar")
        self.defensiveness_words, self.defensiveness_bar = score_bar(
            "Defensiveness score", "defensivenessBar"
        )
        self.timed_out = QLabel()
        self.timed_out.setObjectName("feedbackTimedOut")
        self.timed_out.setProperty("role", "note")
        self.timed_out.setWordWrap(True)
        verdict = QFrame()
        verdict.setObjectName("feedbackVerdict")
        verdict.setProperty("role", "card")
        verdict_layout = QVBoxLayout(verdict)
        verdict_layout.setContentsMargins(18, 14, 18, 14)
        verdict_layout.setSpacing(6)
        caption = QLabel("Attune's reading")
        caption.setProperty("role", "caption")
        verdict_layout.addWidget(caption)
        verdict_layout.addWidget(self.label)
        verdict_layout.addWidget(self.label_words)
        bars = QGridLayout()
        bars.setHorizontalSpacing(12)
        bars.setVerticalSpacing(4)
        bars.addWidget(self.validation_words, 0, 0)
        bars.addWidget(self.validation_bar, 1, 0)
        bars.addWidget(self.defensiveness_words, 0, 1)
        bars.addWidget(self.defensiveness_bar, 1, 1)
        verdict_layout.addLayout(bars)
        verdict_layout.addWidget(self.timed_out)

        self.felt = QFrame()
        self.felt.setObjectName("feedbackFeltHeard")
        self.felt.setProperty("role", "card")
        felt_layout = QVBoxLayout(self.felt)
        felt_layout.setContentsMargins(18, 14, 18, 14)
        felt_layout.setSpacing(6)
        self.felt_caption = QLabel()
        self.felt_caption.setProperty("role", "caption")
        self.felt_value = QLabel()
        self.felt_value.setObjectName("feedbackFeltHeardValue")
        self.felt_value.setProperty("role", "verdict")
        self.felt_note = QLabel()
        self.felt_note.setObjectName("feedbackFeltHeardNote")
        self.felt_note.setWordWrap(True)
        self.felt_note.setTextFormat(Qt.TextFormat.PlainText)
        felt_layout.addWidget(self.felt_caption)
        felt_layout.addWidget(self.felt_value)
        felt_layout.addWidget(self.felt_note)
        felt_layout.addStretch(1)

        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(verdict, 3)
        top.addWidget(self.felt, 2)

        self.answer = HighlightedAnswer()
        self.checklist = Checklist()
        self.rewrite = QLabel()
        self.rewrite.setObjectName("feedbackRewrite")
        self.rewrite.setWordWrap(True)
        self.rewrite.setProperty("role", "rewrite")
        self.rewrite.setTextFormat(Qt.TextFormat.PlainText)
        self.rewrite.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rewrite.setAccessibleName("A suggested rewrite")
        self.rewrite.setAccessibleDescription(
            "One way the answer could be put; you can select it with the mouse."
        )

        body = QWidget()
        body.setObjectName("feedbackBody")
        column = QVBoxLayout(body)
        column.setContentsMargins(40, 20, 40, 12)
        column.setSpacing(12)
        column.addWidget(self.heading)
        column.addLayout(top)
        column.addWidget(self._section("The answer, phrase by phrase"))
        self.in_answer_to = QLabel()
        self.in_answer_to.setObjectName("feedbackInAnswerTo")
        self.in_answer_to.setProperty("role", "note")
        self.in_answer_to.setWordWrap(True)
        self.in_answer_to.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(self.in_answer_to)
        column.addWidget(self.answer)
        column.addWidget(self._section("Validate → own → explain"))
        column.addWidget(self.checklist)
        column.addWidget(self._section("One way to say it"))
        column.addWidget(self.rewrite)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("feedbackScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)

        self.next_button = QPushButton("Next")
        self.next_button.setObjectName("feedbackNextButton")
        self.next_button.setProperty("role", "primary")
        self.next_button.setDefault(True)
        self.next_button.setAccessibleDescription("Moves on to the next step of the session.")
        self.next_button.clicked.connect(self.next_requested)
        actions = QHBoxLayout()
        actions.setContentsMargins(40, 8, 40, 16)
        self.framing = QLabel("Feedback on this answer, for practice: not a grade of a person.")
        self.framing.setProperty("role", "note")
        self.framing.setWordWrap(True)
        actions.addWidget(self.framing, 1)
        actions.addWidget(self.next_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(scroll, 1)
        layout.addLayout(actions)

    @staticmethod
    def _section(text: str) -> QLabel:
        label = QLabel(text)
        label.setProperty("role", "heading")
        return label

    def show_turn(
        self,
        turn: Turn,
        *,
        couple: bool,
        rewrite: str,
        next_words: str,
        sharer_name: str | None = None,
        next_description: str = "",
    ) -> None:
        """`sharer_name`: how to speak of the sharer (solo: "your partner", not "Scenario");
        `next_description`: what the Next button leads to, for assistive technology."""
        result = turn.result
        label = str(result.label)
        self.heading.setText(f"Feedback for {turn.answerer}")
        self.label.setText(LABEL_TITLES.get(label, label.capitalize()))
        self.label.setProperty("state", label)
        self.label.style().unpolish(self.label)
        self.label.style().polish(self.label)
        self.label_words.setText(label_words(label, sharer_name or turn.sharer))
        validation = round(float(result.validation))
        defensiveness = round(float(result.defensiveness))
        self.validation_words.setText(f"Validation: {validation} of 100")
        self.validation_bar.setValue(validation)
        self.validation_bar.setAccessibleDescription(f"{validation} of 100")
        self.defensiveness_words.setText(f"Defensiveness: {defensiveness} of 100")
        self.defensiveness_bar.setValue(defensiveness)
        self.defensiveness_bar.setAccessibleDescription(f"{defensiveness} of 100")
        if turn.timed_out and turn.answer_text.strip():
            self.timed_out.setText("Time ran out: what was in the box was sent as it stood.")
        elif turn.timed_out:
            self.timed_out.setText(
                "Time ran out with nothing written, which reads as stepping away. "
                "Next time, even “I'm here, give me a moment” counts."
            )
        else:
            self.timed_out.setText("")
        self.timed_out.setVisible(turn.timed_out)

        self.felt.setVisible(couple)
        self.felt_caption.setText(f"How heard {turn.sharer} felt")
        if turn.felt_heard is not None:
            rating = turn.felt_heard.rating
            self.felt_value.setText(f"{rating} of 5: {RATING_WORDS[rating]}")
            self.felt_note.setText(
                f"“{turn.felt_heard.note}”" if turn.felt_heard.note else "No word added."
            )
        else:
            self.felt_value.setText("Not rated")
            self.felt_note.setText("The rating was skipped this time.")

        self.in_answer_to.setText(f"In answer to: {quote_short(turn.hurt.text)}")
        self.answer.set_answer(turn.answer_text, result.hits)
        self.checklist.set_steps(result.steps)
        same = " ".join(rewrite.split()) == " ".join(turn.answer_text.split())
        self.rewrite.setText(
            "Nothing to change: this answer already does what a rewrite would."
            if same or not rewrite.strip()
            else rewrite
        )
        self.next_button.setText(next_words)
        self.next_button.setAccessibleName(next_words)
        self.next_button.setAccessibleDescription(
            next_description or "Moves on to the next step of the session."
        )
        self.next_button.setFocus()
