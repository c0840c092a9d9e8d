"""After a session, an optional one-tap "How are you now?".

Signals: `answered(SelfCheck)` the moment a feeling is tapped (with the boxes ticked so far),
`skipped()` when the person would rather not say, and `dismissed()` when they close the
thank-you page. When the recent answers passed in, plus this one, show a pattern of distress,
the thank-you page also suggests a therapist and what to look for in one.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.safety import Feeling, SelfCheck, needs_professional_help, safety_texts


def text_label(text: str, role: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setProperty("role", role)
    label.setWordWrap(True)
    return label


def bullets(items: Sequence[str]) -> str:
    return "\n".join(f"•  {item}" for item in items)


class SelfCheckScreen(QWidget):
    answered = Signal(object)  # a desktop.safety.SelfCheck
    skipped = Signal()
    dismissed = Signal()

    def __init__(self, recent: Sequence[SelfCheck] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("selfCheckScreen")
        self.recent: tuple[SelfCheck, ...] = tuple(recent)
        self.last_answer: SelfCheck | None = None
        texts = safety_texts()
        words = texts.self_check

        # --- the question --------------------------------------------------------------
        ask = QWidget()
        ask.setObjectName("selfCheckAsk")
        column = QVBoxLayout(ask)
        column.setContentsMargins(40, 32, 40, 24)
        column.setSpacing(12)
        column.addWidget(text_label(words.title, "title", "selfCheckTitle"))
        column.addWidget(text_label(words.lead, "subtitle", "selfCheckLead"))

        lately = QFrame()
        lately.setObjectName("selfCheckLately")
        # Not a card: on a card's base colour the check boxes' outlines disappear.
        boxes = QVBoxLayout(lately)
        boxes.setContentsMargins(0, 8, 0, 8)
        boxes.addWidget(text_label(words.lately, "heading", "selfCheckLatelyTitle"))
        self.sleep_box = self._box(words.sleep, "selfCheckSleep")
        self.anxiety_box = self._box(words.anxiety, "selfCheckAnxiety")
        self.reality_box = self._box(words.reality, "selfCheckReality")
        for box in (self.sleep_box, self.anxiety_box, self.reality_box):
            boxes.addWidget(box)
        column.addWidget(lately)

        column.addWidget(text_label(words.now, "heading", "selfCheckNowTitle"))
        row = QHBoxLayout()
        row.setSpacing(8)
        self.feeling_group = QButtonGroup(self)
        self.feeling_buttons: dict[Feeling, QPushButton] = {}
        for number, feeling in enumerate(Feeling, start=1):
            button = QPushButton(f"{feeling.label}")
            button.setObjectName(f"selfCheckFeeling_{feeling.value}")
            button.setAccessibleName(f"Right now I feel {feeling.value}")
            button.setAccessibleDescription(f"Saves this check-in ({number} of 5)")
            button.setProperty("role", "feelingChoice")
            button.setToolTip(f"Right now I feel {feeling.value}")
            button.clicked.connect(lambda _checked=False, f=feeling: self.choose(f))
            self.feeling_group.addButton(button)
            self.feeling_buttons[feeling] = button
            row.addWidget(button, 1)
        column.addLayout(row)

        skip_row = QHBoxLayout()
        skip_row.addStretch(1)
        self.skip_button = QPushButton(words.skip)
        self.skip_button.setObjectName("selfCheckSkip")
        self.skip_button.setAccessibleName("Skip the check-in")
        self.skip_button.setAccessibleDescription(
            "Goes back to the summary without saving a check-in."
        )
        self.skip_button.setProperty("role", "quiet")
        self.skip_button.clicked.connect(self.skipped)
        skip_row.addWidget(self.skip_button)
        column.addLayout(skip_row)
        column.addStretch(1)

        # --- the thank-you, with advice when it is due ----------------------------------
        thanks = QWidget()
        thanks.setObjectName("selfCheckThanks")
        after = QVBoxLayout(thanks)
        after.setContentsMargins(40, 32, 40, 24)
        after.setSpacing(12)
        after.addWidget(text_label(words.thanks, "title", "selfCheckThanksTitle"))
        self.advice = QFrame()
        self.advice.setObjectName("selfCheckAdvice")
        advice = QVBoxLayout(self.advice)
        advice.setContentsMargins(0, 4, 0, 4)
        advice.setSpacing(10)
        guidance = texts.therapist
        advice.addWidget(text_label(words.suggest, "body", "selfCheckSuggest"))
        advice.addWidget(text_label(guidance.title, "heading", "therapistTitle"))
        advice.addWidget(text_label(bullets(guidance.when), "body", "therapistWhen"))
        advice.addWidget(text_label("What to look for in a therapist", "heading", "therapistLook"))
        advice.addWidget(text_label(bullets(guidance.look_for), "body", "therapistLookFor"))
        advice.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("selfCheckAdviceScroll")
        scroll.setProperty("role", "page")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Reachable with Tab so the text can be scrolled with the arrow and page keys.
        scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        scroll.setAccessibleName("When to look for a therapist")
        scroll.setAccessibleDescription("The arrow and Page keys scroll through this advice.")
        scroll.setWidget(self.advice)
        self.advice_scroll = scroll
        after.addWidget(scroll, 1)
        close_row = QHBoxLayout()
        close_row.addStretch(1)
        self.close_button = QPushButton(words.close)
        self.close_button.setObjectName("selfCheckClose")
        self.close_button.setAccessibleName("Close the check-in")
        self.close_button.setAccessibleDescription("Goes back to the summary.")
        self.close_button.setProperty("role", "primary")
        self.close_button.setAutoDefault(True)
        self.close_button.clicked.connect(self.dismissed)
        close_row.addWidget(self.close_button)
        after.addLayout(close_row)
        after.addStretch(0)

        self.pages = QStackedWidget()
        self.pages.setObjectName("selfCheckPages")
        self.pages.addWidget(ask)
        self.pages.addWidget(thanks)
        self.ask_page = ask
        self.thanks_page = thanks
        self.pages.setMaximumWidth(820)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addStretch(1)
        layout.addWidget(self.pages, 12)
        layout.addStretch(1)
        self.setFocusProxy(self.sleep_box)

    def _box(self, text: str, name: str) -> QCheckBox:
        box = QCheckBox(text)
        box.setObjectName(name)
        box.setAccessibleName(text)
        box.setAccessibleDescription(
            "Tick it if this has been true lately; it is saved with the feeling you tap below."
        )
        return box

    @property
    def suggests_therapist(self) -> bool:
        return self.pages.currentWidget() is self.thanks_page and not self.advice_scroll.isHidden()

    def choose(self, feeling: Feeling) -> None:
        """One tap: record the feeling with whatever boxes are ticked, then say thank you."""
        answer = SelfCheck(
            feeling,
            trouble_sleeping_or_eating=self.sleep_box.isChecked(),
            high_anxiety=self.anxiety_box.isChecked(),
            doubting_reality=self.reality_box.isChecked(),
        )
        self.last_answer = answer
        self.advice_scroll.setVisible(needs_professional_help((*self.recent, answer)))
        self.pages.setCurrentWidget(self.thanks_page)
        self.setFocusProxy(self.close_button)
        self.close_button.setFocus()
        self.answered.emit(answer)

    def reset(self, recent: Sequence[SelfCheck] | None = None) -> None:
        """Ask again (after another session), optionally with a newer history."""
        if recent is not None:
            self.recent = tuple(recent)
        for box in (self.sleep_box, self.anxiety_box, self.reality_box):
            box.setChecked(False)
        self.last_answer = None
        self.pages.setCurrentWidget(self.ask_page)
        self.setFocusProxy(self.sleep_box)
