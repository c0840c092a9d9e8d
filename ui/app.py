"""Starting the app: QApplication, theme, single-instance lock, crash handler, main window."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QLockFile, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import APP_NAME, __version__
from desktop.paths import AppPaths, touch_private_file
from ui.main_window import MainWindow
from ui.resources import app_icon
from ui.theme import ThemeChoice, apply_theme

log = logging.getLogger("attune")


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
    apply_theme(app, ThemeChoice.SYSTEM)
    app.styleHints().colorSchemeChanged.connect(
        lambda _scheme: apply_theme(app, ThemeChoice.SYSTEM)
    )
    return app


def configure_logging(paths: AppPaths) -> None:
    """A private log file; records carry error types and stacks, never what people wrote."""
    touch_private_file(paths.log_file)
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


def run(paths: AppPaths) -> int:
    paths.ensure()
    app = make_application(sys.argv[:1])
    configure_logging(paths)
    lock = QLockFile(str(paths.lock_file))
    if not lock.tryLock(0):
        QMessageBox.information(
            None,
            APP_NAME,
            "Attune is already open with this data folder. Switch to that window to go on.",
        )
        return 1
    install_excepthook(paths)
    window = MainWindow(paths)
    window.show()
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    code = app.exec()
    lock.unlock()
    return code
