"""The first-run screen: what Attune is and is not, privacy, and the safety note.

Signal: `acknowledged()` when the person presses "I understand". Remembering that it was
acknowledged is the caller's job (it is shown once).
"""

from __future__ import annotations

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

from desktop.safety import safety_texts


class FirstRunScreen(QWidget):
    acknowledged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunScreen")
        words = safety_texts().first_run

        content = QWidget()
        content.setObjectName("firstRunContent")
        content.setMaximumWidth(720)
        column = QVBoxLayout(content)
        column.setContentsMargins(40, 32, 40, 12)
        column.setSpacing(6)
        title = QLabel(words.title)
        title.setObjectName("firstRunTitle")
        title.setProperty("role", "title")
        column.addWidget(title)
        column.addSpacing(8)
        self.headings: list[QLabel] = []
        self.texts: list[QLabel] = []
        for index, section in enumerate(words.sections):
            heading = QLabel(section.heading)
            heading.setObjectName(f"firstRunHeading{index}")
            heading.setProperty("role", "heading")
            body = QLabel(section.text)
            body.setObjectName(f"firstRunText{index}")
            body.setProperty("role", "body")
            body.setWordWrap(True)
            column.addWidget(heading)
            column.addWidget(body)
            column.addSpacing(10)
            self.headings.append(heading)
            self.texts.append(body)
        column.addStretch(1)

        holder = QWidget()
        holder.setObjectName("firstRunHolder")
        centred = QHBoxLayout(holder)
        centred.setContentsMargins(0, 0, 0, 0)
        # Stretches either side, not an alignment flag: word-wrapped labels then get their
        # full height for the width they are given.
        centred.addStretch(1)
        centred.addWidget(content, 12)
        centred.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("firstRunScroll")
        scroll.setProperty("role", "page")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Reachable with Tab so the text can be scrolled with the arrow and page keys.
        scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        scroll.setAccessibleName("What Attune is and is not")
        scroll.setAccessibleDescription("The arrow and Page keys scroll through it.")
        self.text_area = scroll
        scroll.setWidget(holder)

        self.understand_button = QPushButton(words.button)
        self.understand_button.setObjectName("firstRunUnderstandButton")
        self.understand_button.setAccessibleName(words.button)
        self.understand_button.setAccessibleDescription(
            "Confirms you have read what Attune is and is not, and opens the app."
        )
        self.understand_button.setProperty("role", "primary")
        self.understand_button.setAutoDefault(True)
        self.understand_button.clicked.connect(self.acknowledged)
        self.setFocusProxy(self.understand_button)

        buttons = QHBoxLayout()
        buttons.setContentsMargins(40, 8, 40, 28)
        buttons.addStretch(1)
        buttons.addWidget(self.understand_button)
        buttons.addStretch(1)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll, 1)
        outer.addLayout(buttons)
