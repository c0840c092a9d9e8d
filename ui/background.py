"""Long work off the GUI thread: a desktop callable with progress, cancel and a late dialog."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.errors import AttuneError

T = TypeVar("T")
Progress = Callable[[int, int], None]  # (done, total); total 0 means "unknown"
Cancelled = Callable[[], bool]
Work = Callable[[Progress, Cancelled], T]

# Work that ends quickly never flashes a dialog; after this long, progress is shown.
DIALOG_DELAY_MS = 600


class _Runner(QThread):
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Work[object], cancel: threading.Event) -> None:
        super().__init__()
        self._work = work
        self._cancel = cancel

    def run(self) -> None:
        try:
            result = self._work(self.progressed.emit, self._cancel.is_set)
        except BaseException as exc:  # handed to the GUI thread, which decides what to show
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)


class BackgroundTask(QObject, Generic[T]):
    """One run of `work`; `finished` fires on the GUI thread with the result or the error.

    The callable never touches a widget; it reports through `progress(done, total)` and
    looks at `cancelled()` between steps.
    """

    finished = Signal()
    succeeded = Signal(object)
    failed = Signal(object)  # an AttuneError for the user, or anything else (a bug)

    def __init__(self, parent: QWidget, title: str, work: Work[T]) -> None:
        super().__init__(parent)
        self.title = title
        self.cancel_event = threading.Event()
        self.done = False
        self.result: T | None = None
        self.error: BaseException | None = None
        self.dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
        self.dialog.setObjectName("backgroundProgress")
        self.dialog.setAccessibleName(title)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumDuration(0)
        self.dialog.canceled.connect(self.cancel)
        self.dialog.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DIALOG_DELAY_MS)
        self._timer.timeout.connect(self.on_delay_passed)
        self._runner = _Runner(work, self.cancel_event)
        self._runner.progressed.connect(self.on_progressed)
        self._runner.succeeded.connect(self.on_succeeded)
        self._runner.failed.connect(self.on_failed)
        self._runner.finished.connect(self.on_runner_finished)

    def start(self) -> BackgroundTask[T]:
        self._timer.start()
        self._runner.start()
        return self

    def cancel(self) -> None:
        self.cancel_event.set()
        self.dialog.setLabelText("Stopping…")

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the thread ends (for scripts and tests; the UI listens to signals)."""
        return self._runner.wait(msecs)

    def on_delay_passed(self) -> None:
        if not self.done:
            self.dialog.show()

    def on_progressed(self, done: int, total: int) -> None:
        if total > 0:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))

    def on_succeeded(self, result: object) -> None:
        self.result = result  # type: ignore[assignment]

    def on_failed(self, error: object) -> None:
        self.error = error if isinstance(error, BaseException) else RuntimeError(str(error))

    def on_runner_finished(self) -> None:
        self.done = True
        self._timer.stop()
        self.dialog.hide()
        self.dialog.deleteLater()
        if self.error is None:
            self.succeeded.emit(self.result)
        else:
            self.failed.emit(self.error)
        self.finished.emit()


def run_in_background(
    parent: QWidget,
    title: str,
    work: Work[T],
    on_success: Callable[[T], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
) -> BackgroundTask[T]:
    """Start `work` on a thread; progress shows only if it takes longer than ~600 ms."""
    task: BackgroundTask[T] = BackgroundTask(parent, title, work)
    if on_success is not None:
        task.succeeded.connect(on_success)
    if on_error is not None:
        task.failed.connect(on_error)
    return task.start()


def is_user_error(error: BaseException) -> bool:
    return isinstance(error, AttuneError)


def report_errors(action: Callable[[], object]) -> None:
    """Run `action` inside a Qt event handler: a bug goes to the crash handler, not into Qt.

    An exception escaping a Python override of a Qt virtual (showEvent and the like) can take
    the whole process down; handing it to sys.excepthook logs it and shows the calm dialog.
    """
    try:
        action()
    except Exception:
        sys.excepthook(*sys.exc_info())
