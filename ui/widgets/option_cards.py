"""Answer options as large cards: shuffled, chosen by click, arrow keys, number keys or Enter."""

from __future__ import annotations

import random
from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QButtonGroup, QLabel, QPushButton, QVBoxLayout, QWidget

MIN_CARDS = 4
MAX_CARDS = 6


def card_order(count: int, rng: random.Random) -> list[int]:
    """Which options to show, in which order: shuffled, at most six."""
    order = list(range(count))
    rng.shuffle(order)
    return order[:MAX_CARDS]


class OptionCard(QPushButton):
    """One option: a checkable button whose text wraps over as many lines as it needs."""

    def __init__(self, number: int, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCheckable(True)
        self.setProperty("role", "optionCard")
        self.setObjectName(f"optionCard{number}")
        self.setAccessibleName(f"Option {number}")
        # The card's own words first, then what choosing it does.
        self.setAccessibleDescription(f"{text} Picks this answer; Send answer sends it.")
        self.option_text = text
        self.number = number
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setObjectName(f"optionCardText{number}")
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.label.setProperty("role", "optionText")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addWidget(self.label)
        self.toggled.connect(self.on_toggled)
        self.on_toggled(False)

    def on_toggled(self, checked: bool) -> None:
        # The chosen card says so in words, not only in colour.
        prefix = "✓ Chosen:" if checked else f"{self.number}."
        self.label.setText(f"{prefix}  {self.option_text}")
        # Ancestor states (":checked QLabel") are not matched reliably by QSS: tell the label.
        self.label.setProperty("state", "chosen" if checked else "")
        self.label.style().unpolish(self.label)
        self.label.style().polish(self.label)
        self.setAccessibleName(f"Option {self.number}{', chosen' if checked else ''}")

    def sizeHint(self) -> QSize:
        # Width is the layout's to give; height follows the words at the width it has now.
        width = max(200, self.width())
        height = self.label.heightForWidth(width - 32)
        return QSize(200, max(height, self.label.sizeHint().height()) + 24)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        wanted = self.label.heightForWidth(max(100, self.width() - 32)) + 24
        if wanted != self.minimumHeight():
            self.setMinimumHeight(wanted)


class OptionCards(QWidget):
    """`set_options(texts, rng)`; `option_selected(index)` gives the index in the original list."""

    option_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("optionCards")
        self.setAccessibleName("Answer options")
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)  # exclusivity by hand, so a choice can be cleared
        self.cards: list[OptionCard] = []
        self.order: list[int] = []
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(8)

    def set_options(self, texts: Sequence[str], rng: random.Random) -> None:
        for card in self.cards:
            self.group.removeButton(card)
            card.deleteLater()
        self.cards = []
        self.order = card_order(len(texts), rng)
        for number, original in enumerate(self.order, start=1):
            card = OptionCard(number, texts[original], self)
            card.clicked.connect(lambda _checked=False, n=number - 1: self.select(n))
            self.group.addButton(card)
            self.layout_.addWidget(card)
            card.show()  # at once, not on the next event loop turn, so it can take focus now
            self.cards.append(card)

    @property
    def selected(self) -> int | None:
        """The chosen option's index in the original list, or None."""
        for position, card in enumerate(self.cards):
            if card.isChecked():
                return self.order[position]
        return None

    def select(self, position: int) -> None:
        for other, card in enumerate(self.cards):
            card.setChecked(other == position)
        if 0 <= position < len(self.cards):
            self.cards[position].setFocus(Qt.FocusReason.OtherFocusReason)
            self.option_selected.emit(self.order[position])

    def clear_selection(self) -> None:
        for card in self.cards:
            card.setChecked(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        focused = [i for i, card in enumerate(self.cards) if card.hasFocus()]
        here = focused[0] if focused else -1
        key = event.key()
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9 and key - Qt.Key.Key_1 < len(self.cards):
            self.select(key - Qt.Key.Key_1)
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Right) and self.cards:
            self.cards[min(len(self.cards) - 1, here + 1)].setFocus()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Left) and self.cards:
            self.cards[max(0, here - 1)].setFocus()
        elif (
            key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and here >= 0
            and (not event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        ):
            self.select(here)
        else:
            super().keyPressEvent(event)
