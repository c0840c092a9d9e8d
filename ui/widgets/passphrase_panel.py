"""The Privacy part of Settings: app lock timing, hide now, and encryption on, off or changed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AttuneError, WrongPassphrase
from desktop.paths import AppPaths
from ui.widgets.passphrase import PassphraseForm, hidden_field

if TYPE_CHECKING:
    from desktop.store import Store

LOCK_AFTER_KEY = "lock_after_minutes"  # minutes of no input before the lock; "0": never
LOCK_CHOICES: tuple[tuple[str, str], ...] = (
    ("Never", "0"),
    ("After 1 idle minute", "1"),
    ("After 5 idle minutes", "5"),
    ("After 10 idle minutes", "10"),
    ("After 15 idle minutes", "15"),
    ("After 30 idle minutes", "30"),
    ("After 1 idle hour", "60"),
)
FORM_SPACING = 24  # as the Settings cards' own forms, so the fields line up down the page
LOST_WARNING = (
    "If this passphrase is lost and there is no recovery file, nobody can open your Attune "
    "data again: not you, not anyone else. There is no reset."
)
LOCK_NOTE_ENCRYPTED = (
    "Locking closes your data and hides every screen: only your passphrase opens it again. "
    "Ctrl+Shift+H locks at once."
)
LOCK_NOTE_PLAIN = (
    "Without encryption, locking only hides the screens: anyone at this computer can show "
    "Attune again. Turn on encryption below to need a passphrase. Ctrl+Shift+H hides at once."
)
GO_DESCRIPTIONS = {
    "on": "Encrypts your data with the new passphrase. The window is covered while it works.",
    "change": "Changes your passphrase to the new one. The window is covered while it works.",
    "off": "Stores your data without encryption from now on. The window is covered while it works.",
}
PLAIN_WARNING = (
    "Your data will be stored unencrypted on this computer: anyone who can open your files "
    "can read it."
)


class PrivacyPanel(QWidget):
    """Requests go out as signals; the window's lock carries them out with the data closed."""

    preference_saved = Signal(str, str)
    hide_requested = Signal()
    # old passphrase (None: plain now), new passphrase (None: plain after), recovery file
    encryption_requested = Signal(object, object, object)

    def __init__(self, store: Store, paths: AppPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("privacyPanel")
        self.store = store
        self.paths = paths
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)

        # --- app lock
        lock_form = QFormLayout()
        lock_form.setContentsMargins(0, 0, 0, 0)
        lock_form.setHorizontalSpacing(FORM_SPACING)
        self.lock_after = QComboBox()
        self.lock_after.setObjectName("settingsLockAfter")
        self.lock_after.setAccessibleName("Lock the window")
        self.lock_after.setAccessibleDescription(
            "Closes your data and covers the window after this long with no typing or clicks."
        )
        for text, value in LOCK_CHOICES:
            self.lock_after.addItem(text, value)
        self.hide_button = QPushButton("Hide no&w")
        self.hide_button.setObjectName("settingsHideNow")
        self.hide_button.setAccessibleName("Hide Attune now")
        self.hide_button.setToolTip("Ctrl+Shift+H, from anywhere in Attune")
        self.hide_button.setAccessibleDescription(
            "Covers the window and closes your data at once. Ctrl+Shift+H does the same "
            "from anywhere in Attune."
        )
        self.hide_button.clicked.connect(self.hide_requested)
        lock_row = QHBoxLayout()
        lock_row.setSpacing(16)
        lock_row.addWidget(self.lock_after)
        lock_row.addWidget(self.hide_button)
        lock_row.addStretch(1)
        lock_form.addRow("&Lock", lock_row)
        lock_label = lock_form.labelForField(lock_row)
        if isinstance(lock_label, QLabel):
            lock_label.setBuddy(self.lock_after)
        column.addLayout(lock_form)
        self.lock_note = QLabel(LOCK_NOTE_PLAIN)
        self.lock_note.setObjectName("settingsLockNote")
        self.lock_note.setWordWrap(True)
        self.lock_note.setProperty("role", "caption")
        column.addWidget(self.lock_note)

        # --- encryption
        column.addSpacing(8)
        self.status = QLabel("")
        self.status.setObjectName("settingsEncryptionStatus")
        self.status.setAccessibleName("Encryption")
        self.status.setWordWrap(True)
        column.addWidget(self.status)
        buttons = QHBoxLayout()
        buttons.setSpacing(12)
        self.turn_on_button = self._button(
            "settingsEncryptOn",
            "Turn on &encryption…",
            "Opens a short form to choose a passphrase and encrypt your data with it.",
        )
        self.change_button = self._button(
            "settingsEncryptChange",
            "&Change passphrase…",
            "Opens a short form to replace your passphrase with a new one.",
        )
        self.turn_off_button = self._button(
            "settingsEncryptOff",
            "T&urn off encryption…",
            "Opens a short form to store your data without encryption; your passphrase is "
            "asked first.",
        )
        self.turn_on_button.clicked.connect(lambda: self.open_form("on"))
        self.change_button.clicked.connect(lambda: self.open_form("change"))
        self.turn_off_button.clicked.connect(lambda: self.open_form("off"))
        for button in (self.turn_on_button, self.change_button, self.turn_off_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column.addLayout(buttons)

        self.form_frame = QFrame()
        self.form_frame.setObjectName("encryptionForm")
        form_column = QVBoxLayout(self.form_frame)
        form_column.setContentsMargins(0, 6, 0, 0)
        form_column.setSpacing(8)
        current_form = QFormLayout()
        current_form.setContentsMargins(0, 0, 0, 0)
        current_form.setHorizontalSpacing(FORM_SPACING)
        self.current = hidden_field(
            "settingsCurrentPassphrase",
            "Current passphrase",
            description="The passphrase that opens your data now.",
        )
        current_form.addRow("Current &passphrase", self.current)
        self.current_row = QWidget()
        self.current_row.setLayout(current_form)
        self.new_form = PassphraseForm("settings")
        self.warning = QLabel(LOST_WARNING)
        self.warning.setObjectName("settingsEncryptionWarning")
        self.warning.setProperty("role", "problem")
        self.warning.setWordWrap(True)
        self.understood = QCheckBox(
            "I understand: without this passphrase or a recovery file, my data cannot be opened"
        )
        self.understood.setObjectName("settingsEncryptionUnderstood")
        self.understood.setAccessibleName(self.understood.text())
        self.understood.setAccessibleDescription(
            "Tick to say you know nobody can open your data without this passphrase; "
            "it must be ticked before you can go on."
        )
        self.recovery = QCheckBox(
            "Also save a recovery file: it holds the passphrase, so keep it away from this computer"
        )
        self.recovery.setObjectName("settingsRecoveryFile")
        self.recovery.setAccessibleName(self.recovery.text())
        self.recovery.setAccessibleDescription(
            "When ticked, you are asked where to save a file holding the new passphrase. "
            "Keep it somewhere away from this computer."
        )
        self.problem = QLabel("")
        self.problem.setObjectName("settingsEncryptionProblem")
        self.problem.setAccessibleName("Encryption problem")
        self.problem.setWordWrap(True)
        self.go_button = QPushButton("")
        self.go_button.setObjectName("settingsEncryptionGo")
        self.go_button.setProperty("role", "primary")
        self.go_button.setAccessibleDescription("Makes the change chosen above.")
        self.go_button.clicked.connect(self.on_go_clicked)
        self.cancel_button = self._button(
            "settingsEncryptionCancel", "Cancel", "Closes this form without changing anything."
        )
        self.cancel_button.clicked.connect(self.close_form)
        actions = QHBoxLayout()
        actions.setSpacing(12)
        actions.addWidget(self.go_button)
        actions.addWidget(self.cancel_button)
        actions.addStretch(1)
        for widget in (
            self.current_row,
            self.new_form,
            self.warning,
            self.understood,
            self.recovery,
            self.problem,
        ):
            form_column.addWidget(widget)
        form_column.addLayout(actions)
        column.addWidget(self.form_frame)
        self.current.textChanged.connect(self.update_go)
        self.new_form.changed.connect(self.update_go)
        self.understood.toggled.connect(self.update_go)
        self.mode = ""
        self.load()
        self.lock_after.currentIndexChanged.connect(self.on_lock_after_changed)
        self.close_form()

    def _button(self, name: str, text: str, description: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.setAccessibleDescription(description)
        return button

    # --- state ----------------------------------------------------------------------------

    def load(self) -> None:
        try:
            minutes = self.store.preference(LOCK_AFTER_KEY) or "0"
        except AttuneError:
            minutes = "0"
        index = self.lock_after.findData(minutes)
        self.lock_after.setCurrentIndex(index if index >= 0 else 0)
        self.show_status()

    def show_status(self) -> None:
        from desktop.store.connection import cipher_available

        encrypted = self.store.encrypted
        available = cipher_available()
        if encrypted:
            self.status.setText(
                "Encryption is on: your data, its log and its backups can only be opened with "
                "your passphrase."
            )
        elif available:
            self.status.setText(
                "Encryption is off: your data is private to your user account, but anyone who "
                "can read your files could read it."
            )
        else:
            self.status.setText(
                "Encryption needs the encryption extra: pip install 'attune-practice[encryption]'."
            )
        self.lock_note.setText(LOCK_NOTE_ENCRYPTED if encrypted else LOCK_NOTE_PLAIN)
        self.turn_on_button.setVisible(not encrypted)
        self.turn_on_button.setEnabled(available)
        self.change_button.setVisible(encrypted)
        self.turn_off_button.setVisible(encrypted)

    def on_lock_after_changed(self, _index: int) -> None:
        value = str(self.lock_after.currentData())
        try:
            self.store.set_preference(LOCK_AFTER_KEY, value)
        except AttuneError as exc:
            self.problem.setText(exc.user_message)
            return
        self.preference_saved.emit(LOCK_AFTER_KEY, value)

    # --- the form -------------------------------------------------------------------------

    def open_form(self, mode: str) -> None:
        self.mode = mode
        self.current.clear()
        self.new_form.clear()
        self.understood.setChecked(False)
        self.recovery.setChecked(False)
        self.problem.clear()
        self.current_row.setVisible(mode in ("change", "off"))
        self.new_form.setVisible(mode in ("on", "change"))
        self.understood.setVisible(mode in ("on", "change"))
        self.recovery.setVisible(mode in ("on", "change"))
        self.warning.setText(PLAIN_WARNING if mode == "off" else LOST_WARNING)
        self.go_button.setText(
            {
                "on": "&Encrypt my data",
                "change": "&Save the new passphrase",
                "off": "&Decrypt my data",
            }[mode]
        )
        self.go_button.setAccessibleName(self.go_button.text().replace("&", ""))
        self.go_button.setAccessibleDescription(GO_DESCRIPTIONS[mode])
        self.form_frame.show()
        for button in (self.turn_on_button, self.change_button, self.turn_off_button):
            button.hide()  # one thing at a time: the form has its own Cancel
        self.update_go()
        first = self.current if mode in ("change", "off") else self.new_form.passphrase
        first.setFocus()

    def close_form(self) -> None:
        self.mode = ""
        self.current.clear()
        self.new_form.clear()
        self.form_frame.hide()
        self.show_status()

    def update_go(self, *_args: object) -> None:
        needs_current = self.mode in ("change", "off")
        needs_new = self.mode in ("on", "change")
        ok = (
            (not needs_current or bool(self.current.text()))
            and (not needs_new or (self.new_form.ready and self.understood.isChecked()))
            and bool(self.mode)
        )
        self.go_button.setEnabled(ok)

    def on_go_clicked(self) -> None:
        from desktop.store.connection import connect

        if not self.go_button.isEnabled():
            return
        old: str | None = None
        if self.mode in ("change", "off"):
            old = self.current.text()
            try:
                connect(self.paths.database, passphrase=old, read_only=True).close()
            except WrongPassphrase:
                self.problem.setText("That passphrase didn't open your data.")
                self.current.selectAll()
                self.current.setFocus()
                return
            except AttuneError as exc:
                self.problem.setText(exc.user_message)
                return
        new = self.new_form.value() if self.mode in ("on", "change") else None
        recovery: Path | None = None
        if new is not None and self.recovery.isChecked():
            recovery = self.choose_recovery_file(self)
            if recovery is None:
                return  # the person closed the file dialog: nothing happens yet
        self.close_form()
        self.encryption_requested.emit(old, new, recovery)

    # --- outside the app (class methods, so tests can replace them) -------------------------

    @classmethod
    def choose_recovery_file(cls, parent: QWidget) -> Path | None:
        name, _filter = QFileDialog.getSaveFileName(
            parent,
            "Save the recovery file",
            str(Path.home() / "attune-recovery.txt"),
            "Text files (*.txt)",
        )
        return Path(name) if name else None
