"""A wrapped, read-only text that grows with its words up to a cap, then scrolls."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QWidget

CAP = 190


class CappedText(QScrollArea):
    """Shows `label` at its full height for ordinary texts; a very long one scrolls."""

    def __init__(self, label: QLabel, cap: int = CAP, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self.cap = cap
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWidget(label)

    def set_text(self, text: str) -> None:
        self.label.setText(text)
        self.fit()

    def fit(self) -> None:
        width = max(100, self.viewport().width())
        wanted = self.label.heightForWidth(width)
        if wanted < 0:
            wanted = self.label.sizeHint().height()
        capped = min(wanted, self.cap)
        # A scrollable text can be reached with Tab, so it can be read by keyboard too.
        self.setFocusPolicy(
            Qt.FocusPolicy.StrongFocus if wanted > self.cap else Qt.FocusPolicy.NoFocus
        )
        self.setFixedHeight(max(capped, self.label.fontMetrics().height() + 8))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.fit()
