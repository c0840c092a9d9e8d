"""The hand-off: a privacy screen that shows nothing of the next screen until Ready."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class HandoffScreen(QWidget):
    """ "Pass the keyboard to NAME"; `ready_pressed` when they have it."""

    ready_pressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handoffScreen")
        self.heading = QLabel()
        self.heading.setObjectName("handoffHeading")
        self.heading.setProperty("role", "hero")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.heading.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setObjectName("handoffDetail")
        self.detail.setProperty("role", "subtitle")
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setWordWrap(True)
        self.ready_button = QPushButton()
        self.ready_button.setObjectName("handoffReadyButton")
        self.ready_button.setProperty("role", "primary")
        self.ready_button.setDefault(True)
        self.ready_button.setAccessibleDescription(
            "Shows what was shared and starts the time to answer, if there is a limit."
        )
        self.ready_button.clicked.connect(self.ready_pressed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 48, 64, 48)
        layout.setSpacing(18)
        layout.addStretch(2)
        layout.addWidget(self.heading)
        layout.addWidget(self.detail)
        layout.addSpacing(12)
        layout.addWidget(self.ready_button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(3)

    def show_handoff(self, answerer: str, sharer: str, timed_words: str) -> None:
        self.heading.setText(f"Pass the keyboard to {answerer}")
        self.detail.setText(
            f"{sharer} has shared something. {answerer}, when you have the keyboard and are "
            f"ready to read it, press “I'm {answerer}, ready”. {timed_words}"
        )
        self.ready_button.setText(f"I'm {answerer}, ready")
        self.ready_button.setAccessibleName(f"{answerer} is ready")
        self.ready_button.setFocus()
