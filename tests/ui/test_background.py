"""Long work runs off the GUI thread; progress shows only when it takes a while."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from desktop.errors import DiskFull
from ui.background import Cancelled, Progress, run_in_background


def test_quick_work_returns_its_result_without_a_dialog(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    results: list[object] = []
    gui_thread = threading.get_ident()
    ran_on: list[int] = []

    def work(progress: Progress, cancelled: Cancelled) -> int:
        ran_on.append(threading.get_ident())
        progress(1, 2)
        progress(2, 2)
        return 42

    task = run_in_background(parent, "Counting", work, on_success=results.append)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert results == [42]
    assert ran_on and ran_on[0] != gui_thread
    assert not task.dialog.isVisible()


def test_slow_work_shows_progress_after_the_delay_and_can_be_cancelled(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    started = threading.Event()
    release = threading.Event()
    seen_cancel: list[bool] = []

    def work(progress: Progress, cancelled: Cancelled) -> str:
        progress(1, 4)
        started.set()
        release.wait(5)
        seen_cancel.append(cancelled())
        return "done"

    task = run_in_background(parent, "Exporting sessions", work)
    assert started.wait(5)
    assert not task.dialog.isVisible()
    task.on_delay_passed()  # the ~600 ms timer's slot, without waiting for it
    assert task.dialog.isVisible()
    assert task.dialog.labelText() == "Exporting sessions"
    cancel = task.dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert task.dialog.labelText() == "Stopping…"
    release.set()
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert seen_cancel == [True]
    assert not task.dialog.isVisible()


def test_a_user_error_comes_back_on_the_gui_thread(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    errors: list[BaseException] = []

    def work(progress: Progress, cancelled: Cancelled) -> None:
        raise DiskFull("The disk is full.")

    task = run_in_background(parent, "Saving", work, on_error=errors.append)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert len(errors) == 1 and isinstance(errors[0], DiskFull)
