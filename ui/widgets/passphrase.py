"""Passphrase entry: a hidden field with a strength meter (words, not colour alone) and a
confirmation field that says whether the two match."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QProgressBar, QWidget

from desktop.privacy.strength import Strength, rate_passphrase


def hidden_field(
    name: str, accessible: str, placeholder: str = "", description: str = ""
) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setAccessibleName(accessible)
    field.setAccessibleDescription(description)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    field.setMinimumWidth(280)
    # A passphrase must never land in a clipboard history or be dragged out.
    field.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    field.setDragEnabled(False)
    return field


class PassphraseForm(QWidget):
    """A new passphrase, its strength, and the same again; `ready` when both are fine."""

    changed = Signal()

    def __init__(self, prefix: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{prefix}PassphraseForm")
        self.passphrase = hidden_field(
            f"{prefix}NewPassphrase",
            "New passphrase",
            "A few unrelated words are easiest",
            "The passphrase that will open your data from now on. A few unrelated words "
            "are easiest to remember.",
        )
        self.meter = QProgressBar()
        self.meter.setObjectName(f"{prefix}StrengthMeter")
        self.meter.setAccessibleName("Passphrase strength")
        self.meter.setProperty("role", "validationBar")
        self.meter.setRange(0, int(Strength.VERY_STRONG))
        self.meter.setTextVisible(False)
        self.meter.setFixedHeight(8)
        self.strength = QLabel("")
        self.strength.setObjectName(f"{prefix}StrengthText")
        self.strength.setProperty("role", "caption")
        self.confirm = hidden_field(
            f"{prefix}ConfirmPassphrase",
            "The same passphrase again",
            description="Type the new passphrase once more, to be sure it is the one you meant.",
        )
        self.match = QLabel("")
        self.match.setObjectName(f"{prefix}PassphraseMatch")
        self.match.setProperty("role", "caption")
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(24)  # as the Settings cards' forms
        form.setVerticalSpacing(6)
        form.addRow("&New passphrase", self.passphrase)
        form.addRow("", self.meter)
        form.addRow("", self.strength)
        form.addRow("&Again", self.confirm)
        form.addRow("", self.match)
        self.passphrase.textChanged.connect(self.on_text_changed)
        self.confirm.textChanged.connect(self.on_text_changed)
        self.on_text_changed()

    def on_text_changed(self, *_args: object) -> None:
        text = self.passphrase.text()
        rating = rate_passphrase(text)
        self.meter.setValue(int(rating.strength))
        self.strength.setText(f"Strength: {rating.strength.label}" if text else "")
        self.meter.setAccessibleDescription(rating.strength.label)
        again = self.confirm.text()
        if not again:
            self.match.setText("")
        elif again == text:
            self.match.setText("The two passphrases match.")
        else:
            self.match.setText("The two passphrases are not the same yet.")
        self.changed.emit()

    @property
    def ready(self) -> bool:
        text = self.passphrase.text()
        return rate_passphrase(text).acceptable and self.confirm.text() == text

    def value(self) -> str:
        return self.passphrase.text()

    def clear(self) -> None:
        self.passphrase.clear()
        self.confirm.clear()
