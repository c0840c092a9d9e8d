"""Settings' "Your data" actions: restore a backup, delete one partner's sessions, delete all.

Each asks first, names exactly what will go, and runs off the window (a big database takes
a moment to rewrite). The dialogs sit behind class methods so tests can answer them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QMessageBox, QPushButton, QWidget

from desktop.errors import AttuneError
from desktop.store.records import Backup
from ui.background import BackgroundTask, Cancelled, Progress, Work, run_in_background

if TYPE_CHECKING:
    from desktop.store import Store


def backup_words(backup: Backup) -> str:
    """How a backup is offered: when it was made and how big it is."""
    when = backup.made_at.astimezone().strftime("%A %d %B %Y, %H:%M")
    return f"{when} ({max(1, round(backup.size / 1024)):,} KB)"


class DataCare(QWidget):
    """Three buttons; `data_replaced(what)` after a restore or a deletion has finished."""

    data_replaced = Signal(str)  # "restored" | "partner" | "everything"

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.task: BackgroundTask[object] | None = None
        self.restore_button = self._button(
            "Re&store a backup…",
            "dataRestore",
            "Restore a backup",
            "Replaces your data with a backup you choose; what is there now is backed up first.",
        )
        self.restore_button.clicked.connect(self.on_restore_clicked)
        self.delete_partner_button = self._button(
            "Delete a &partner…",
            "dataDeletePartner",
            "Delete a partner's sessions",
            "Deletes every session one person took part in, and their name, for good.",
        )
        self.delete_partner_button.clicked.connect(self.on_delete_partner_clicked)
        self.delete_all_button = self._button(
            "&Delete everything…",
            "dataDeleteEverything",
            "Delete everything",
            "Deletes every session, scenario, setting and backup, for good, after asking.",
        )
        self.delete_all_button.setProperty("role", "danger")
        self.delete_all_button.clicked.connect(self.on_delete_all_clicked)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        row.addWidget(self.restore_button)
        row.addWidget(self.delete_partner_button)
        row.addWidget(self.delete_all_button)
        row.addStretch(1)

    @staticmethod
    def _button(text: str, name: str, accessible: str, description: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        button.setAccessibleDescription(description)
        button.setToolTip(description)
        return button

    # --- the three actions -----------------------------------------------------------

    def on_restore_clicked(self) -> None:
        try:
            found = self.store.available_backups()
        except AttuneError as exc:
            self.tell(self, "Backups could not be read", exc.user_message)
            return
        if not found:
            self.tell(
                self,
                "No backups yet",
                "Attune makes a backup each time it closes after a change. There is none to "
                "restore yet.",
            )
            return
        chosen = self.choose_backup(self, found)
        if chosen is None:
            return
        if not self.confirm(
            self,
            "Restore this backup?",
            f"Your data will be replaced by the backup of {backup_words(chosen)}. What is "
            "there now is backed up first, so this can be undone the same way.",
            "Restore",
        ):
            return
        store = self.store

        def work(progress: Progress, cancelled: Cancelled) -> object:
            store.restore_backup(chosen.path)
            return None

        self._run("Restoring the backup", work, "restored", f"Restored {backup_words(chosen)}.")

    def on_delete_partner_clicked(self) -> None:
        try:
            names = [partner.name for partner in self.store.partners()]
        except AttuneError as exc:
            self.tell(self, "Partners could not be read", exc.user_message)
            return
        if not names:
            self.tell(self, "Nobody to delete", "No sessions have been saved yet.")
            return
        name = self.choose_partner(self, names)
        if name is None:
            return
        if not self.confirm(
            self,
            f"Delete {name}'s sessions?",
            f"Every session {name} took part in, with every answer, rating and note in it, "
            f"and the name {name}, will be deleted for good. This cannot be undone.",
            "Delete",
        ):
            return
        store = self.store

        def work(progress: Progress, cancelled: Cancelled) -> object:
            return store.delete_partner(name)

        self._run("Deleting", work, "partner", f"Deleted {name} and their sessions.")

    def on_delete_all_clicked(self) -> None:
        if not self.confirm(
            self,
            "Delete everything?",
            "Every session, answer, rating, note, your own scenarios, your settings and every "
            "backup will be deleted for good, and the database rewritten so no trace of the "
            "text stays in it. This cannot be undone.",
            "Delete everything",
        ):
            return
        store = self.store

        def work(progress: Progress, cancelled: Cancelled) -> object:
            store.delete_everything()
            return None

        self._run("Deleting everything", work, "everything", "Everything was deleted.")

    def _run(self, title: str, work: Work[object], what: str, done: str) -> None:
        buttons = (self.restore_button, self.delete_partner_button, self.delete_all_button)
        for button in buttons:
            button.setEnabled(False)

        def finished_well(_result: object) -> None:
            for button in buttons:
                button.setEnabled(True)
            self.data_replaced.emit(what)
            self.tell(self, "Done", done)

        def failed(error: BaseException) -> None:
            for button in buttons:
                button.setEnabled(True)
            if not isinstance(error, AttuneError):
                raise error  # a bug: the excepthook logs it and shows the calm dialog
            self.tell(self, "That did not finish", f"{error.user_message} Nothing was lost.")

        self.task = run_in_background(self, title, work, finished_well, failed)

    # --- dialogs (class methods, so tests can answer them) ---------------------------

    @classmethod
    def choose_backup(cls, parent: QWidget, found: Sequence[Backup]) -> Backup | None:
        labels = [backup_words(b) for b in found]
        picked, ok = QInputDialog.getItem(
            parent, "Restore a backup", "Newest first:", labels, 0, False
        )
        return found[labels.index(picked)] if ok and picked in labels else None

    @classmethod
    def choose_partner(cls, parent: QWidget, names: Sequence[str]) -> str | None:
        picked, ok = QInputDialog.getItem(
            parent, "Delete a partner", "Whose sessions?", list(names), 0, False
        )
        return picked if ok and picked in names else None

    @classmethod
    def confirm(cls, parent: QWidget, title: str, text: str, action: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
        go = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Keep my data", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)  # Enter never destroys anything by accident
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()
        return box.clickedButton() is go

    @classmethod
    def tell(cls, parent: QWidget, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)
