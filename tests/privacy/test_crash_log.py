"""R12 and R14: an unexpected error raised inside a Qt event handler goes through the app's
excepthook into a private log (0600 in a 0700 folder, whatever the umask) and the calm
dialog, and the user's words in its arguments reach neither, nor stderr."""

from __future__ import annotations

import logging
import os
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from desktop.paths import AppPaths
from tests.privacy.helpers import CANARY
from ui.app import configure_logging, install_excepthook, log, make_application


@pytest.fixture
def started(tmp_path: Path) -> Iterator[AppPaths]:
    """A fresh data folder set up as start() does it, under umask 022, hook installed."""
    old_umask = os.umask(0o022)
    old_hook = sys.excepthook
    paths = AppPaths.under(tmp_path / "fresh")
    try:
        make_application()
        paths.ensure()
        configure_logging(paths)
        install_excepthook(paths)
        yield paths
    finally:
        sys.excepthook = old_hook
        os.umask(old_umask)
        for handler in list(log.handlers):
            if getattr(handler, "baseFilename", None) == str(paths.log_file):
                log.removeHandler(handler)
                handler.close()


class DialogReader:
    """Reads and dismisses the crash dialog the excepthook runs modally (box.exec())."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def poll(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                parts = [widget.windowTitle(), widget.text(), widget.informativeText()]
                parts += [widget.detailedText(), *(b.text() for b in widget.buttons())]
                self.texts.append("\n".join(parts))
                widget.done(0)

    def stop(self) -> None:
        self.timer.stop()


def save_answer(text: str) -> None:
    """A handler that fails while the person's words are in its arguments and message."""
    words = text.split()
    raise ValueError(f"could not score {text!r} ({len(words)} words)")


def by_timer(qtbot: QtBot, reader: DialogReader) -> None:
    QTimer.singleShot(0, lambda: save_answer(CANARY))
    qtbot.waitUntil(lambda: bool(reader.texts))


def by_click(qtbot: QtBot, reader: DialogReader) -> None:
    button = QPushButton("Submit")
    qtbot.addWidget(button)
    button.clicked.connect(lambda: save_answer(CANARY))
    button.show()
    qtbot.waitExposed(button)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(reader.texts))


@pytest.mark.qt_no_exception_capture  # the app's own hook must see it, not pytest-qt's
@pytest.mark.parametrize("trigger", [by_timer, by_click], ids=["timer-slot", "button-click"])
def test_an_error_in_a_handler_is_logged_privately_without_the_users_words(
    qtbot: QtBot,
    started: AppPaths,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    trigger: Callable[[QtBot, DialogReader], None],
) -> None:
    caplog.set_level(logging.INFO, logger="attune")
    reader = DialogReader()
    try:
        trigger(qtbot, reader)
    finally:
        reader.stop()
    for handler in log.handlers:
        handler.flush()
    logged = started.log_file.read_text(encoding="utf-8")
    out, err = capfd.readouterr()

    # It went through the hook: type and stack logged, the calm dialog shown once.
    assert "Unexpected ValueError" in logged and "save_answer" in logged
    (dialog,) = reader.texts
    assert "Something went wrong" in dialog and "Open log" in dialog
    # The words themselves: nowhere.
    secret = CANARY.split(":")[0]
    for where, text in {
        "log": logged,
        "stderr": err,
        "stdout": out,
        "dialog": dialog,
        "log records": caplog.text,
    }.items():
        assert CANARY not in text and secret not in text, where

    # Private files whatever the umask: the log 0600, its folder and the data folder 0700.
    assert stat.S_IMODE(started.log_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(started.logs.stat().st_mode) == 0o700
    assert stat.S_IMODE(started.root.stat().st_mode) == 0o700
