"""Starting the app: QApplication, theme, lock, crash handler, store, main window, prompts."""

from __future__ import annotations

import logging
import signal
import sys
import traceback
from dataclasses import dataclass
from types import FrameType, TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QObject, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QVBoxLayout, QWidget

from desktop import APP_NAME, __version__
from desktop.errors import AttuneError, DatabaseTooNew, WrongPassphrase
from desktop.paths import AppPaths, touch_private_file
from ui.resources import app_icon
from ui.theme import Theme

if TYPE_CHECKING:
    from desktop.practice.records import SessionSnapshot
    from desktop.store import Store
    from ui.main_window import MainWindow

log = logging.getLogger("attune")

FIRST_RUN_KEY = "first_run_acknowledged"
PASSPHRASE_ATTEMPTS = 3
# Python runs signal handlers only when the interpreter wakes; under Qt's event loop a
# periodic timer wakes it so SIGTERM can close the store cleanly.
SIGNAL_WAKE_MS = 250


def protect_singletons_from_pyside() -> bool:
    """Work around PySide6 handing back None and True without owning a reference to them.

    The PySide6 6.12 wheels return None from every void call (setText, show, append...) and
    True from Signal.emit() without taking a reference, as if they were immortal objects,
    which they are only from Python 3.12 on. On Python 3.11 every such call takes one
    reference away; after enough calls None or True is freed and the process aborts
    ("deallocating None"), which a long session reaches. This measures the fault once and,
    only if present, gives None, True and False a reference count no session can use up.
    They are never freed in any case, so nothing else changes.
    """
    if sys.version_info >= (3, 12):
        return False  # None, True and False are immortal there
    from PySide6.QtCore import Signal

    class Probe(QObject):
        probed = Signal()

    probe = Probe()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(10):
        probe.setObjectName("probe")
        probe.probed.emit()
    lost = max(none_before - sys.getrefcount(None), true_before - sys.getrefcount(True))
    if lost <= 0:
        return False
    import ctypes

    # About 10**12 references each: a million such calls a second for twelve days.
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40
    return True


REFCOUNT_WORKAROUND = protect_singletons_from_pyside()


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or [APP_NAME])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("attune")
    app.setWindowIcon(app_icon())
    app.setStyle("Fusion")
    Theme.of(app).apply()
    return app


def configure_logging(paths: AppPaths) -> None:
    """A private log file; records carry error types and stacks, never what people wrote."""
    touch_private_file(paths.log_file)
    for handler in log.handlers:
        if getattr(handler, "baseFilename", None) == str(paths.log_file):
            return
    handler = logging.FileHandler(paths.log_file, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


def describe_crash(kind: type[BaseException], tb: TracebackType | None) -> str:
    """Type and stack only: the exception's message can hold the user's words."""
    stack = "".join(traceback.format_tb(tb))
    return f"Unexpected {kind.__name__}\n{stack}"


def install_excepthook(paths: AppPaths) -> None:
    def on_unexpected_error(
        kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        if isinstance(value, AttuneError):
            # An expected failure that slipped past a screen: its message is for people.
            Prompts.tell(None, APP_NAME, value.user_message)
            return
        log.error(describe_crash(kind, tb))
        box = QMessageBox()
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Something went wrong")
        box.setText(
            "Attune hit an unexpected problem. Everything already saved is safe, "
            "and the text you were typing is still in its box."
        )
        open_log = box.addButton("Open log", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Ok)
        box.exec()
        if box.clickedButton() is open_log:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths.log_file)))

    sys.excepthook = on_unexpected_error


class Prompts:
    """Every question asked at start-up; class methods, so tests can answer them."""

    @classmethod
    def tell(cls, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    @classmethod
    def refuse(cls, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)

    @classmethod
    def ask_passphrase(cls, parent: QWidget | None, attempt: int) -> str | None:
        """The passphrase of an encrypted database, or None when the person cancels."""
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        text = "Your Attune data is encrypted. Enter its passphrase to open it."
        if attempt > 1:
            text = "That passphrase didn't open your data. Please try again."
        value, accepted = QInputDialog.getText(
            parent, "Unlock your data", text, QLineEdit.EchoMode.Password
        )
        return value if accepted and value else None

    @classmethod
    def ask_resume(cls, parent: QWidget | None, snapshot: SessionSnapshot) -> bool:
        from ui.screens.resume import ResumePrompt

        return ResumePrompt.ask(snapshot, parent)

    @classmethod
    def first_run(cls, parent: QWidget | None) -> bool:
        """The first-run screen in a dialog; True once the person has acknowledged it."""
        from ui.screens.first_run import FirstRunScreen

        dialog = QDialog(parent)
        dialog.setObjectName("firstRunDialog")
        dialog.setWindowTitle(f"Welcome to {APP_NAME}")
        dialog.setAccessibleName(f"Welcome to {APP_NAME}")
        layout = QVBoxLayout(dialog)
        layout.setContentsMargins(0, 0, 0, 0)
        screen = FirstRunScreen(dialog)
        screen.acknowledged.connect(dialog.accept)
        layout.addWidget(screen)
        dialog.resize(720, 600)
        return dialog.exec() == QDialog.DialogCode.Accepted.value


def open_store(paths: AppPaths) -> Store | None:
    """The store, or None after telling the person calmly why it could not be opened.

    An encrypted database (the store says WrongPassphrase) asks for the passphrase, a few
    times at most; a wrong one changes nothing on disk.
    """
    from desktop.store import Store

    passphrase: str | None = None
    attempt = 0
    while True:
        try:
            store = Store.open(paths, passphrase)
        except WrongPassphrase as exc:
            attempt += 1
            if attempt > PASSPHRASE_ATTEMPTS:
                Prompts.refuse(None, "Your data stays locked", exc.user_message)
                return None
            passphrase = Prompts.ask_passphrase(None, attempt)
            if passphrase is None:
                return None
            continue
        except DatabaseTooNew as exc:
            Prompts.refuse(None, "Attune needs an update", exc.user_message)
            return None
        except AttuneError as exc:
            Prompts.refuse(None, "Attune could not open your data", exc.user_message)
            return None
        break
    if store.notice is not None:
        Prompts.tell(None, APP_NAME, store.notice.message)
    return store


def after_shown(window: MainWindow) -> None:
    """What waits until the window is up: first-run screen once, then the resume offer."""
    store = window.store
    try:
        acknowledged = store.preference(FIRST_RUN_KEY) == "true"
    except AttuneError:
        acknowledged = True  # unreadable preferences must not trap people in a dialog
    if not acknowledged and Prompts.first_run(window):
        try:
            store.set_preference(FIRST_RUN_KEY, "true")
        except AttuneError as exc:
            Prompts.refuse(window, APP_NAME, exc.user_message)
    offer_resume(window)


def offer_resume(window: MainWindow) -> None:
    store = window.store
    try:
        cut_off = store.in_progress_sessions()
    except AttuneError as exc:
        Prompts.refuse(window, APP_NAME, exc.user_message)
        return
    for index, snapshot in enumerate(cut_off):
        if index == 0 and Prompts.ask_resume(window, snapshot) and window.resume(snapshot):
            continue
        # Not resumed now: it stays in History as cut off, and can be picked up later.
        try:
            store.mark_interrupted(snapshot.session_id)
        except AttuneError as exc:
            Prompts.refuse(window, APP_NAME, exc.user_message)
            return


class ShutdownGuard(QObject):
    """Quits the app cleanly on SIGTERM/SIGINT, so the store closes and is backed up."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.timer = QTimer(self)
        self.timer.setInterval(SIGNAL_WAKE_MS)
        self.timer.timeout.connect(lambda: None)
        self.timer.start()
        for number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(number, self.on_signal)

    def on_signal(self, _number: int, _frame: FrameType | None) -> None:
        self.app.closeAllWindows()
        self.app.quit()


@dataclass(slots=True)
class Started:
    """What start() set up; run() owns it until the app quits."""

    app: QApplication
    window: MainWindow
    lock: QLockFile
    paths: AppPaths


def start(paths: AppPaths) -> Started | int:
    """The main window on screen as early as possible; an exit code when it cannot start.

    The database is opened right after (open_data): its module and the first screen load
    while the window is already there, so the app shows up in well under a second.
    """
    paths.ensure()
    app = make_application(sys.argv[:1])
    configure_logging(paths)
    lock = QLockFile(str(paths.lock_file))
    if not lock.tryLock(0):
        Prompts.tell(
            None,
            APP_NAME,
            "Attune is already open with this data folder. Switch to that window to go on.",
        )
        return 1
    install_excepthook(paths)
    from ui.main_window import MainWindow

    window = MainWindow(paths)
    window.show()
    return Started(app, window, lock, paths)


def tidy_interrupted_migration(paths: AppPaths) -> None:
    """Scrub what an encryption change cut off by a crash left beside the database.

    Run once the single-instance lock is held, so no other Attune of this folder can be in
    the middle of one: a half-made copy, the old plain file kept for the swap, or plain
    backups beside a database that is encrypted now. Plaintext must not outlive encryption.
    """
    from desktop.privacy import clear_leftovers

    try:
        clear_leftovers(paths)
    except OSError as exc:
        log.warning("clearing an interrupted migration failed: %s", type(exc).__name__)


def open_data(started: Started) -> Store | None:
    """Open the store, apply the saved theme and text size, and fill the window."""
    store = open_store(started.paths)
    if store is None:
        return None
    from ui.screens.settings import apply_appearance

    apply_appearance(store)
    started.window.attach_store(store)
    return store


def run(paths: AppPaths) -> int:
    started = start(paths)
    if isinstance(started, int):
        return started
    app, window, lock = started.app, started.window, started.lock
    opened: list[Store] = []

    def on_unlocked(store: Store) -> None:
        from ui.screens.settings import apply_appearance

        apply_appearance(store)
        opened.append(store)
        app.aboutToQuit.connect(window.save_work)
        after_shown(window)

    def on_exposed() -> None:
        from desktop.store.connection import looks_encrypted

        tidy_interrupted_migration(started.paths)
        if looks_encrypted(started.paths.database):
            # Encrypted: the lock screen is the way in (it opens the store itself).
            window.app_lock.start_locked(on_unlocked)
            return
        store = open_data(started)
        if store is None:
            app.exit(2)
            return
        opened.append(store)
        app.aboutToQuit.connect(window.save_work)
        after_shown(window)

    ShutdownGuard(app)
    window.exposed.connect(on_exposed)
    code = app.exec()
    if window.has_store:  # the lock and encryption changes reopen it as a new store
        opened.append(window.store)
    for store in opened:
        try:
            store.close()
        except AttuneError as exc:
            log.warning("closing the store failed: %s", type(exc).__name__)
    lock.unlock()
    return code
