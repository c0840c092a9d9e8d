"""The app lock: a screen that covers everything, the idle timer, and the lock itself.

Locking saves what is being typed, closes the database (forgetting the passphrase with it),
throws every screen away and shows only the lock screen; the window title stays "Attune".
Unlocking opens the database again and builds the screens afresh. The same cycle carries a
change of encryption: close, migrate off the GUI thread, reopen.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME
from desktop.errors import AttuneError, WrongPassphrase
from desktop.practice.clock import Clock, SystemClock
from ui.resources import app_icon
from ui.widgets.passphrase import hidden_field
from ui.widgets.passphrase_panel import LOCK_AFTER_KEY

if TYPE_CHECKING:
    from desktop.store import Store
    from ui.main_window import MainWindow

log = logging.getLogger("attune")

HIDE_NOW = "Ctrl+Shift+H"
IDLE_CHECK_MS = 5_000
_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class LockScreen(QWidget):
    """What the window shows while locked: nothing of the data, only a way back in."""

    unlock_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.setAccessibleName("Attune is locked")
        card = QFrame()
        card.setObjectName("settingsCard")  # the card look of the settings page
        card.setMaximumWidth(460)
        column = QVBoxLayout(card)
        column.setContentsMargins(32, 28, 32, 28)
        column.setSpacing(12)
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(56, 56))
        icon.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.title = QLabel("Attune is locked")
        self.title.setObjectName("lockTitle")
        self.title.setProperty("role", "title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.text = QLabel("")
        self.text.setObjectName("lockText")
        self.text.setProperty("role", "subtitle")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.passphrase = hidden_field(
            "lockPassphrase",
            "Passphrase",
            "Passphrase",
            "The passphrase that opens your data. Enter unlocks.",
        )
        self.passphrase.returnPressed.connect(self.on_unlock_clicked)
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setObjectName("lockUnlock")
        self.unlock_button.setAccessibleName("Unlock")
        self.unlock_button.setProperty("role", "primary")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.on_unlock_clicked)
        self.error = QLabel("")
        self.error.setObjectName("lockError")
        self.error.setAccessibleName("Unlock problem")
        self.error.setWordWrap(True)
        self.error.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.error.hide()
        self.note = QLabel(f"{HIDE_NOW} hides Attune at any time.")
        self.note.setObjectName("lockNote")
        self.note.setProperty("role", "caption")
        self.note.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.note.setWordWrap(True)
        column.addWidget(icon)
        column.addWidget(self.title)
        column.addWidget(self.text)
        column.addSpacing(6)
        column.addWidget(self.passphrase)
        column.addWidget(self.unlock_button)
        column.addWidget(self.error)
        column.addWidget(self.note)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 4)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.encrypted = True
        self.set_mode(encrypted=True)

    def set_mode(self, *, encrypted: bool) -> None:
        """Encrypted: ask for the passphrase. Plain: a cover with a button (nothing to ask)."""
        self.encrypted = encrypted
        self.title.setText("Attune is locked" if encrypted else "Attune is hidden")
        self.text.setText(
            "Your data is encrypted. Enter your passphrase to open it."
            if encrypted
            else "Nothing is shown until you come back."
        )
        self.passphrase.setVisible(encrypted)
        self.passphrase.setEnabled(True)
        self.unlock_button.setText("&Unlock" if encrypted else "&Show Attune")
        self.unlock_button.setAccessibleName("Unlock" if encrypted else "Show Attune")
        self.unlock_button.setAccessibleDescription(
            "Opens your data with the passphrase you typed."
            if encrypted
            else "Opens your data again and shows Attune."
        )
        self.unlock_button.setVisible(True)
        self.unlock_button.setEnabled(True)
        self.note.setText(
            f"{HIDE_NOW} hides Attune at any time."
            if encrypted
            else f"{HIDE_NOW} hides Attune at any time. To require a passphrase here, turn on "
            "encryption in Settings."
        )
        self.clear_error()
        self.setFocusProxy(self.passphrase if encrypted else self.unlock_button)

    def set_working(self, text: str) -> None:
        """A migration is running: say so, take no input."""
        self.title.setText("Please wait")
        self.text.setText(text)
        self.passphrase.hide()
        self.unlock_button.hide()
        self.clear_error()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.passphrase.selectAll()
        self.passphrase.setFocus()

    def clear_error(self) -> None:
        self.error.clear()
        self.error.hide()

    def on_unlock_clicked(self) -> None:
        text = self.passphrase.text()
        if self.encrypted and not text:
            self.show_error("Type your passphrase first.")
            return
        # The field is emptied at once: the passphrase is not kept in a widget.
        self.passphrase.clear()
        self.unlock_requested.emit(text)


class IdleWatch(QObject):
    """Says `idle` once no key, click or mouse move came for `minutes` (0: never).

    Time is read from the clock at each check, never counted from ticks; tests move a
    ManualClock and call on_tick().
    """

    idle = Signal()

    def __init__(self, parent: QObject, clock: Clock | None = None) -> None:
        super().__init__(parent)
        self.clock: Clock = clock or SystemClock()
        self.minutes = 0
        self.last_input = self.clock.now()
        self.timer = QTimer(self)
        self.timer.setInterval(IDLE_CHECK_MS)
        self.timer.timeout.connect(self.on_tick)
        self._filtering = False

    def set_minutes(self, minutes: int) -> None:
        self.minutes = max(0, minutes)
        self.restart()

    def restart(self) -> None:
        """Watch from now (after an unlock, or a change of the setting)."""
        self.last_input = self.clock.now()
        app = QApplication.instance()
        active = self.minutes > 0 and app is not None
        if active and not self._filtering and app is not None:
            app.installEventFilter(self)  # only while a lock time is set: it sees every event
            self._filtering = True
        elif not active and self._filtering and app is not None:
            app.removeEventFilter(self)
            self._filtering = False
        if active:
            self.timer.start()
        else:
            self.timer.stop()

    def stop(self) -> None:
        self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            self.last_input = self.clock.now()
        return False

    def on_tick(self) -> None:
        if self.minutes > 0 and self.clock.now() - self.last_input >= self.minutes * 60:
            self.timer.stop()
            self.idle.emit()


class AppLock(QObject):
    """Locks and unlocks `window`; carries encryption changes through the same cycle."""

    locked = Signal()
    unlocked = Signal()
    encryption_changed = Signal(bool)  # encrypted now

    def __init__(self, window: MainWindow, cover: QStackedWidget) -> None:
        super().__init__(window)
        self.window = window
        self.cover = cover
        self.screen = LockScreen()
        self.cover.addWidget(self.screen)
        self.screen.unlock_requested.connect(self.on_unlock_requested)
        self.idle = IdleWatch(self)
        self.idle.idle.connect(self.lock)
        self.is_locked = False
        self.encrypted = False
        self._after_unlock: Callable[[Store], None] | None = None
        shortcut = QShortcut(QKeySequence(HIDE_NOW), window)
        shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        shortcut.activated.connect(self.lock)
        self.shortcut = shortcut
        window.store_attached.connect(self.on_store_attached)

    # --- locking ------------------------------------------------------------------------

    def lock(self) -> None:
        """Hide everything now; the database is closed as soon as no dialog is running."""
        if self.is_locked:
            return
        self.is_locked = True
        QToolTip.hideText()
        self._show_cover()
        modal = False
        for widget in QApplication.topLevelWidgets():
            if widget is self.window or not widget.isVisible():
                continue
            if isinstance(widget, QDialog):
                modal = modal or widget.isModal()
                widget.reject()
            widget.hide()
        if modal:
            # A dialog's own event loop is still running: let it end first.
            QTimer.singleShot(0, self, self._close_data)
        else:
            self._close_data()
        self.locked.emit()

    def _show_cover(self) -> None:
        self.window.setWindowTitle(APP_NAME)
        self.cover.setCurrentWidget(self.screen)
        self.screen.setFocus()

    def _close_data(self) -> None:
        window = self.window
        window.finish_background_work()
        with contextlib.suppress(AttuneError):
            window.save_work()
        store = window.detach_store()
        self.encrypted = store.encrypted if store is not None else self.encrypted
        self.idle.stop()
        if store is not None:
            try:
                store.close()
            except AttuneError as exc:
                log.warning("closing the store at lock failed: %s", type(exc).__name__)
        self.screen.set_mode(encrypted=self.encrypted)
        self.screen.setFocus()

    def start_locked(self, after_unlock: Callable[[Store], None]) -> None:
        """At start with an encrypted database: the lock screen is the way in."""
        self.is_locked = True
        self.encrypted = True
        self._after_unlock = after_unlock
        self.screen.set_mode(encrypted=True)
        self._show_cover()

    # --- unlocking ----------------------------------------------------------------------

    def on_unlock_requested(self, passphrase: str) -> None:
        self.unlock(passphrase)

    def unlock(self, passphrase: str | None = None) -> bool:
        """Open the database again; False (with a calm message) when it does not open."""
        from desktop.store import Store

        if not self.is_locked:
            return True
        if self.window.has_store and not self.encrypted:
            # Hidden before the data had opened: it opened behind the cover meanwhile.
            self._reveal()
            return True
        try:
            store = Store.open(self.window.paths, passphrase if self.encrypted else None)
        except WrongPassphrase:
            self.screen.show_error("That passphrase didn't open your data. Please try again.")
            return False
        except AttuneError as exc:
            self.screen.show_error(exc.user_message)
            return False
        self._reopened(store)
        after, self._after_unlock = self._after_unlock, None
        if after is not None:
            after(store)
        else:
            from ui.app import offer_resume

            offer_resume(self.window)  # a session cut off by the lock can go on
        return True

    def _reopened(self, store: Store) -> None:
        self.encrypted = store.encrypted
        self.window.attach_store(store)
        self._reveal()

    def _reveal(self) -> None:
        self.is_locked = False
        self.cover.setCurrentIndex(0)
        self.window.show_section(self.window.current_section(), focus=True)
        self.unlocked.emit()

    def on_store_attached(self) -> None:
        store = self.window.store
        self.encrypted = store.encrypted
        try:
            minutes = int(store.preference(LOCK_AFTER_KEY) or 0)
        except (AttuneError, ValueError):
            minutes = 0
        self.idle.set_minutes(minutes)

    # --- changing the encryption ---------------------------------------------------------

    def change_encryption(self, old: str | None, new: str | None, recovery: Path | None) -> None:
        """Encrypt (old None), decrypt (new None) or change the passphrase, off the GUI
        thread, with the window covered; then open the database again."""
        from desktop.privacy import write_recovery_file
        from desktop.privacy.migration import migrate
        from ui.background import run_in_background

        if recovery is not None and new is not None:
            try:
                write_recovery_file(recovery, new)
            except AttuneError as exc:
                self.tell(self.window, "Nothing was changed", exc.user_message)
                return
        if self.is_locked:
            return
        self.is_locked = True
        self._show_cover()
        self._close_data()
        doing = (
            "Encrypting your data…"
            if old is None
            else "Decrypting your data…"
            if new is None
            else "Changing your passphrase…"
        )
        self.screen.set_working(doing)
        paths = self.window.paths

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> object:
            return migrate(paths, old, new, progress=progress, cancelled=cancelled)

        def on_success(_report: object) -> None:
            self._reopen_after_change(new, old)
            self.encryption_changed.emit(new is not None)
            self.tell(
                self.window,
                "Done",
                "Your data is now encrypted. Keep your passphrase safe: without it, or a "
                "recovery file, your data cannot be opened."
                if old is None
                else "Your data is no longer encrypted."
                if new is None
                else "Your passphrase was changed.",
            )

        def on_error(error: BaseException) -> None:
            self._reopen_after_change(old, new)
            if isinstance(error, AttuneError):
                self.tell(self.window, "Nothing was changed", error.user_message)
            else:
                log.error("changing the encryption failed: %s", type(error).__name__)
                self.tell(
                    self.window,
                    "Nothing was changed",
                    "Something went wrong; your data was left as it was.",
                )

        self.task = run_in_background(self.window, doing, work, on_success, on_error)

    def _reopen_after_change(self, key: str | None, fallback: str | None) -> None:
        from desktop.store import Store

        for attempt in (key, fallback):
            try:
                store = Store.open(self.window.paths, attempt)
            except AttuneError:
                continue
            self._reopened(store)
            self.window.show_section(self.window.current_section())
            return
        # Neither key opens it (should not happen): the lock screen lets the person try.
        self.encrypted = True
        self.screen.set_mode(encrypted=True)

    # --- messages (a class method, so tests can replace it) ------------------------------

    @classmethod
    def tell(cls, parent: QWidget, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)
