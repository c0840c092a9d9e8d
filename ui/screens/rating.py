"""The felt-heard rating: the sharer reads the answer and says how heard they felt, first."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.practice import FeltHeard
from ui.widgets.capped_text import CappedText

NOTE_LIMIT = 200
RATING_WORDS = {
    1: "Not heard",
    2: "A little",
    3: "Partly",
    4: "Mostly",
    5: "Fully heard",
}


class RatingScreen(QWidget):
    """`rating_given(FeltHeard)` or `rating_skipped()`; the verdict comes after either."""

    rating_given = Signal(object)  # FeltHeard
    rating_skipped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ratingScreen")
        self.heading = QLabel()
        self.heading.setObjectName("ratingHeading")
        self.heading.setProperty("role", "title")
        self.heading.setWordWrap(True)
        self.answer_from = QLabel()
        self.answer_from.setProperty("role", "caption")
        self.answer = QLabel()
        self.answer.setObjectName("ratingAnswer")
        self.answer.setProperty("role", "hurt")
        self.answer.setWordWrap(True)
        self.answer.setTextFormat(Qt.TextFormat.PlainText)
        self.answer.setAccessibleName("The answer")
        card = QFrame()
        card.setProperty("role", "hurtCard")
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(18, 12, 18, 14)
        card_layout.addWidget(self.answer_from)
        self.answer_view = CappedText(self.answer)
        self.answer_view.setObjectName("ratingAnswerView")
        self.answer_view.setAccessibleName("The answer (scrolls when long)")
        self.answer_view.setAccessibleDescription(
            "A long answer: the arrow and Page keys scroll through it."
        )
        card_layout.addWidget(self.answer_view)

        self.question = QLabel("How heard did you feel?")
        self.question.setObjectName("ratingQuestion")
        self.question.setProperty("role", "heading")
        self.explain = QLabel(
            "Your own sense comes first: Attune's feedback is shown after you answer. "
            "Press 1 to 5, or pick a button."
        )
        self.explain.setProperty("role", "note")
        self.explain.setWordWrap(True)

        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: list[QPushButton] = []
        row = QHBoxLayout()
        row.setSpacing(8)
        for value, words in RATING_WORDS.items():
            button = QPushButton(f"{value}\n{words}")
            button.setCheckable(True)
            button.setObjectName(f"rating{value}")
            button.setAccessibleName(f"{value} of 5: {words}")
            button.setAccessibleDescription(
                f"Picks {value} as how heard you felt; Show the feedback saves it. "
                f"The {value} key does the same."
            )
            button.setProperty("role", "ratingChoice")
            self.group.addButton(button, value)
            self.buttons.append(button)
            row.addWidget(button, 1)
        self.group.idToggled.connect(self.on_group_idToggled)

        self.note = QLineEdit()
        self.note.setObjectName("ratingNote")
        self.note.setAccessibleName("A word about how it felt (optional)")
        self.note.setAccessibleDescription(
            "A few words, if you like, saved with your rating. Enter saves once a rating is picked."
        )
        self.note.setPlaceholderText("A word or two, if you like (optional)")
        self.note.setMaxLength(NOTE_LIMIT)
        self.note.returnPressed.connect(self.on_continue_button_clicked)

        self.skip_button = QPushButton("Skip")
        self.skip_button.setObjectName("ratingSkipButton")
        self.skip_button.setAccessibleName("Skip the rating")
        self.skip_button.setAccessibleDescription(
            "Goes on to the feedback without saving how heard you felt."
        )
        self.skip_button.clicked.connect(self.rating_skipped)
        self.continue_button = QPushButton("Show the feedback")
        self.continue_button.setObjectName("ratingContinueButton")
        self.continue_button.setAccessibleName("Save the rating and show the feedback")
        self.continue_button.setAccessibleDescription(
            "Saves the rating you picked, with your note, then shows Attune's feedback."
        )
        self.continue_button.setProperty("role", "primary")
        self.continue_button.setEnabled(False)
        self.continue_button.clicked.connect(self.on_continue_button_clicked)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.skip_button)
        actions.addWidget(self.continue_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.setSpacing(12)
        layout.addWidget(self.heading)
        layout.addWidget(card)
        layout.addSpacing(8)
        layout.addWidget(self.question)
        layout.addWidget(self.explain)
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addLayout(actions)
        layout.addStretch(1)

    def show_answer(self, sharer: str, answerer: str, answer: str, timed_out: bool) -> None:
        self.heading.setText(f"{sharer}, this is what {answerer} answered")
        self.answer_from.setText(
            f"{answerer} said (time ran out):" if timed_out else f"{answerer} said:"
        )
        self.answer_view.set_text(answer.strip() or "(Nothing was written before time ran out.)")
        self.group.setExclusive(False)
        for button in self.buttons:
            button.setChecked(False)
        self.group.setExclusive(True)
        self.note.clear()
        self.continue_button.setEnabled(False)
        self.buttons[0].setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # 1 to 5 choose a rating directly (the note box keeps its own typing).
        key = event.key()
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_5 and not self.note.hasFocus():
            button = self.buttons[key - Qt.Key.Key_1]
            button.setChecked(True)
            button.setFocus()
            return
        super().keyPressEvent(event)

    @property
    def rating(self) -> int | None:
        chosen = self.group.checkedId()
        return chosen if chosen in RATING_WORDS else None

    def on_group_idToggled(self, _id: int, _checked: bool) -> None:
        self.continue_button.setEnabled(self.rating is not None)

    def on_continue_button_clicked(self) -> None:
        rating = self.rating
        if rating is None:
            return
        self.rating_given.emit(FeltHeard(rating, self.note.text().strip()))
