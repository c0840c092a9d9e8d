"""The answer screen: the hurt, the countdown, answer cards and/or a typing box, live hints."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.capped_text import CappedText
from ui.widgets.countdown import Countdown
from ui.widgets.option_cards import OptionCards

HINT_DELAY_MS = 250  # live hints wait for a pause in typing, so typing never lags
MAX_ANSWER_CHARS = 10_000  # far beyond any spoken answer; keeps a stray paste out of history
HintSource = Callable[[str], str]


class AnswerScreen(QWidget):
    """Emits `answer_submitted(text)` or `option_submitted(index)`; `draft_changed(text)`."""

    answer_submitted = Signal(str)
    option_submitted = Signal(int)
    draft_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("answerScreen")
        self._hint: HintSource | None = None
        self._options: tuple[str, ...] = ()

        self.heading = QLabel()
        self.heading.setObjectName("answerHeading")
        self.heading.setProperty("role", "title")
        self.heading.setWordWrap(True)
        self.hurt_from = QLabel()
        self.hurt_from.setObjectName("answerHurtFrom")
        self.hurt_from.setProperty("role", "caption")
        self.hurt = QLabel()
        self.hurt.setObjectName("answerHurt")
        self.hurt.setProperty("role", "hurt")
        self.hurt.setWordWrap(True)
        self.hurt.setTextFormat(Qt.TextFormat.PlainText)
        self.hurt.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hurt.setAccessibleName("What was shared")
        self.hurt.setAccessibleDescription(
            "The words you are answering; you can select them with the mouse."
        )
        hurt_card = QFrame()
        hurt_card.setObjectName("answerHurtCard")
        hurt_card.setProperty("role", "hurtCard")
        hurt_layout = QVBoxLayout(hurt_card)
        hurt_layout.setContentsMargins(18, 12, 18, 14)
        hurt_layout.setSpacing(4)
        hurt_layout.addWidget(self.hurt_from)
        self.hurt_view = CappedText(self.hurt)
        self.hurt_view.setObjectName("answerHurtView")
        self.hurt_view.setAccessibleName("What was shared (scrolls when long)")
        self.hurt_view.setAccessibleDescription(
            "A long share: the arrow and Page keys scroll through it."
        )
        hurt_layout.addWidget(self.hurt_view)

        self.countdown = Countdown()
        self.countdown.setFixedWidth(270)

        self.cards = OptionCards()
        self.cards.option_selected.connect(self.on_cards_option_selected)
        self.cards_label = QLabel("Pick the answer closest to what you want to say")
        self.cards_label.setObjectName("answerCardsLabel")
        self.cards_label.setProperty("role", "caption")
        self.cards_label.setWordWrap(True)
        cards_body = QWidget()
        cards_column = QVBoxLayout(cards_body)
        cards_column.setContentsMargins(0, 0, 6, 0)
        cards_column.addWidget(self.cards)
        cards_column.addStretch(1)
        self.cards_scroll = QScrollArea()
        self.cards_scroll.setObjectName("answerCardsScroll")
        self.cards_scroll.setWidgetResizable(True)
        self.cards_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.cards_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.cards_scroll.setWidget(cards_body)
        self.cards_panel = QWidget()
        cards_panel_layout = QVBoxLayout(self.cards_panel)
        cards_panel_layout.setContentsMargins(0, 0, 0, 0)
        cards_panel_layout.addWidget(self.cards_label)
        cards_panel_layout.addWidget(self.cards_scroll, 1)

        self.box_label = QLabel("Or write your own answer")
        self.box_label.setObjectName("answerBoxLabel")
        self.box_label.setProperty("role", "caption")
        self.box = QPlainTextEdit()
        self.box.setObjectName("answerText")
        self.box.setAccessibleName("Your answer")
        self.box.setAccessibleDescription("Write your answer. Ctrl+Enter sends it.")
        self.box.setTabChangesFocus(True)
        self.box.textChanged.connect(self.on_box_textChanged)
        self.box_label.setBuddy(self.box)
        self.hint = QLabel("")
        self.hint.setObjectName("answerHint")
        self.hint.setAccessibleName("Coaching hint")
        self.hint.setWordWrap(True)
        self.hint.setProperty("role", "hint")
        self.box_panel = QWidget()
        box_column = QVBoxLayout(self.box_panel)
        box_column.setContentsMargins(0, 0, 0, 0)
        box_column.addWidget(self.box_label)
        box_column.addWidget(self.box, 1)
        box_column.addWidget(self.hint)

        self.note = QLabel("")
        self.note.setObjectName("answerNote")
        self.note.setWordWrap(True)
        self.note.setProperty("role", "note")
        self.send_button = QPushButton("Send answer  (Ctrl+Enter)")
        self.send_button.setObjectName("answerSendButton")
        self.send_button.setAccessibleName("Send your answer")
        self.send_button.setAccessibleDescription(
            "Sends the card you picked, or what you wrote. Ctrl+Enter does the same."
        )
        self.send_button.setProperty("role", "primary")
        self.send_button.clicked.connect(self.on_send_button_clicked)

        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(hurt_card, 1)
        top.addWidget(self.countdown, 0, Qt.AlignmentFlag.AlignVCenter)
        middle = QHBoxLayout()
        middle.setSpacing(20)
        middle.addWidget(self.cards_panel, 1)
        middle.addWidget(self.box_panel, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.note, 1)
        bottom.addWidget(self.send_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 20, 40, 20)
        layout.setSpacing(12)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addLayout(middle, 1)
        layout.addLayout(bottom)

        self.hint_timer = QTimer(self)
        self.hint_timer.setSingleShot(True)
        self.hint_timer.setInterval(HINT_DELAY_MS)
        self.hint_timer.timeout.connect(self.on_hint_timer_timeout)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.on_send_button_clicked)

    def show_turn(
        self,
        *,
        answerer: str,
        sharer: str,
        hurt: str,
        options: Sequence[str],
        typing: bool,
        hint: HintSource | None,
        rng: random.Random,
        draft: str = "",
    ) -> None:
        self.heading.setText(f"{answerer}, answer {sharer}")
        self.hurt_from.setText(f"{sharer[:1].upper()}{sharer[1:]} said:")
        self.hurt_view.set_text(hurt)
        self._hint = hint
        self._options = tuple(options)
        self.cards.set_options(self._options, rng)
        self.cards_panel.setVisible(bool(self._options))
        self.box_panel.setVisible(typing)
        self.box_label.setText("Or write your own answer" if self._options else "Your answer")
        self.cards_label.setText(
            "Pick the answer closest to what you want to say" + ("" if typing else ", then send it")
        )
        self.box.blockSignals(True)
        self.box.setPlainText(draft)
        self.box.blockSignals(False)
        self.box.setPlaceholderText(
            "Start with what they feel. Then what you did. Explain only after, if at all."
        )
        self.hint.setVisible(hint is not None)
        self.hint.setText(
            "Hints appear here as you write." if hint is not None and not draft else ""
        )
        self.note.setText("")
        self.set_enabled(True)
        if draft and hint is not None:
            self.on_hint_timer_timeout()
        if typing:
            self.box.setFocus()
            cursor = self.box.textCursor()
            cursor.movePosition(cursor.MoveOperation.End)
            self.box.setTextCursor(cursor)
        elif self.cards.cards:
            self.cards.cards[0].setFocus()

    def set_enabled(self, enabled: bool) -> None:
        """A break or a saving problem freezes input, but keeps every word on screen."""
        self.box.setReadOnly(not enabled)
        self.cards.setEnabled(enabled)
        self.send_button.setEnabled(enabled)

    def text(self) -> str:
        return self.box.toPlainText()

    def current_draft(self) -> str:
        """What time running out would submit: the typed text, or the picked card's words."""
        text = self.text()
        chosen = self.cards.selected
        if chosen is not None and not text.strip():
            return self._options[chosen]
        return text

    def on_box_textChanged(self) -> None:
        if self.text().strip():
            self.cards.clear_selection()  # the last thing touched is what is sent
        self.draft_changed.emit(self.current_draft())
        if self._hint is not None:
            self.hint_timer.start()

    def on_cards_option_selected(self, _index: int) -> None:
        if self.box_panel.isVisible() and self.text().strip():
            self.note.setText("The card you picked will be sent instead of the text you wrote.")
        else:
            self.note.setText("")
        self.draft_changed.emit(self.current_draft())

    def on_hint_timer_timeout(self) -> None:
        self.hint_timer.stop()
        if self._hint is None:
            return
        text = self.text()
        hint = self._hint(text) if text.strip() else ""
        self.hint.setText(hint or "Hints appear here as you write.")

    def on_send_button_clicked(self) -> None:
        if not self.send_button.isEnabled():
            return
        chosen = self.cards.selected
        if chosen is not None:
            self.option_submitted.emit(chosen)
            return
        text = self.text()
        if len(text) > MAX_ANSWER_CHARS:
            self.note.setText(
                f"This answer is {len(text):,} characters long. Please keep it under "
                f"{MAX_ANSWER_CHARS:,}: what matters fits in a few sentences."
            )
            return
        if not text.strip():
            self.note.setText(
                "Pick a card or write a few words first."
                if self._options
                else "Write a few words first. Even one honest sentence is a start."
            )
            return
        self.answer_submitted.emit(text)
