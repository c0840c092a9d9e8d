"""R10 and the Settings side of R9: the lock really locks (the shortcut, the idle timer, the
start of an encrypted database), and encryption is turned on, changed and off from Settings."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPlainTextEdit, QTextEdit
from pytestqt.qtbot import QtBot

from desktop.paths import AppPaths
from desktop.practice.clock import ManualClock
from desktop.store import Store
from desktop.store.connection import looks_encrypted
from tests.privacy.helpers import CANARY, OTHER, content, fill, plaintext_files
from tests.ui.conftest import activate
from ui.app import make_application
from ui.main_window import MainWindow, Section
from ui.screens.history import HistoryScreen
from ui.screens.lock import AppLock, LockScreen
from ui.screens.settings import SettingsScreen
from ui.widgets.passphrase import PassphraseForm

# Typed by QTest key by key, so plain ASCII (non-Latin keys have no key code to send).
PASSPHRASE = "marble tiger lantern rain"


@pytest.fixture(autouse=True)
def no_start_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Unlocking offers to resume cut-off sessions: answered "not now" here."""
    from ui.app import Prompts

    monkeypatch.setattr(Prompts, "ask_resume", classmethod(lambda c, p, s: False))
    monkeypatch.setattr(Prompts, "tell", classmethod(lambda c, p, t, x: None))
    monkeypatch.setattr(Prompts, "refuse", classmethod(lambda c, p, t, x: None))


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    messages: list[str] = []
    monkeypatch.setattr(AppLock, "tell", classmethod(lambda c, p, t, x: messages.append(x)))
    return messages


def open_window(qtbot: QtBot, paths: AppPaths, store: Store | None) -> MainWindow:
    make_application()
    window = MainWindow(paths, store)
    # Closed and deleted by close_window(), not by qtbot (it would close a deleted window).
    window.show()
    qtbot.waitExposed(window)
    if store is not None:
        qtbot.waitUntil(lambda: window.holders[window.current_section()].content is not None)
    activate(window)
    return window


def close_window(window: MainWindow) -> None:
    window.finish_background_work()
    store = window.detach_store()
    if store is not None:
        store.close(backup=False)
    window.close()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


@pytest.fixture
def plain_window(qtbot: QtBot, app_paths: AppPaths) -> Iterator[MainWindow]:
    store = Store.open(app_paths)
    fill(store, 2)
    window = open_window(qtbot, app_paths, store)
    yield window
    close_window(window)


@pytest.fixture
def encrypted_window(qtbot: QtBot, app_paths: AppPaths) -> Iterator[MainWindow]:
    store = Store.open(app_paths, PASSPHRASE)
    fill(store, 2)
    window = open_window(qtbot, app_paths, store)
    yield window
    close_window(window)


def visible_text(window: MainWindow) -> str:
    """Every piece of text a person could see in the window now."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    parts = [window.windowTitle()]
    for label in window.findChildren(QLabel):
        if label.isVisibleTo(window):
            parts.append(label.text())
    for edit in window.findChildren(QLineEdit):
        parts.append(edit.text())
    for plain in window.findChildren(QPlainTextEdit):
        parts.append(plain.toPlainText())
    for rich in window.findChildren(QTextEdit):
        parts.append(rich.toPlainText())
    return "\n".join(parts)


def assert_locked(window: MainWindow, store: Store) -> None:
    lock = window.app_lock
    assert lock.is_locked
    assert window.cover.currentWidget() is lock.screen
    assert not window.has_store and not store.encrypted  # closed, key forgotten
    with pytest.raises(Exception, match="closed"):
        store.list_sessions()
    assert all(holder.content is None for holder in window.holders.values())
    assert window.windowTitle() == "Attune"
    assert CANARY not in visible_text(window)


def test_ctrl_shift_h_hides_everything_and_closes_the_data(
    qtbot: QtBot, plain_window: MainWindow
) -> None:
    window = plain_window
    store = window.store
    history = window.show_section(Section.HISTORY, focus=True)
    assert isinstance(history, HistoryScreen)
    qtbot.waitUntil(lambda: history.table.model().rowCount() > 0)
    history.table.setFocus()
    qtbot.keyClick(history.table, Qt.Key.Key_Return)  # replay the newest session
    qtbot.waitUntil(lambda: CANARY in visible_text(window))
    qtbot.keyClick(
        window,
        Qt.Key.Key_H,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert_locked(window, store)
    screen = window.app_lock.screen
    assert not screen.encrypted and not screen.passphrase.isVisible()
    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    assert not window.app_lock.is_locked and window.has_store
    assert window.current_section() is Section.HISTORY
    assert window.holders[Section.HISTORY].content is not None
    assert len(window.store.list_sessions()) == 2


def test_an_encrypted_lock_wants_the_passphrase_and_a_wrong_one_fails_calmly(
    qtbot: QtBot, encrypted_window: MainWindow
) -> None:
    window = encrypted_window
    store = window.store
    window.app_lock.lock()
    assert_locked(window, store)
    screen = window.app_lock.screen
    assert screen.encrypted and screen.passphrase.isVisible()
    qtbot.keyClicks(screen.passphrase, "not it")
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    assert window.app_lock.is_locked
    assert "didn't open your data" in screen.error.text()
    assert screen.passphrase.text() == ""  # never kept in the widget
    qtbot.keyClicks(screen.passphrase, PASSPHRASE)
    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    assert not window.app_lock.is_locked
    assert window.store.encrypted and len(window.store.list_sessions()) == 2


def test_the_idle_timer_locks_after_the_minutes_chosen_in_settings(
    qtbot: QtBot, plain_window: MainWindow
) -> None:
    window = plain_window
    screen = window.show_section(Section.SETTINGS)
    assert isinstance(screen, SettingsScreen)
    combo = screen.privacy.lock_after
    combo.setCurrentIndex(combo.findData("5"))
    assert window.store.preference("lock_after_minutes") == "5"
    idle = window.app_lock.idle
    clock = ManualClock()
    idle.clock = clock
    idle.restart()
    assert idle.timer.isActive()
    clock.advance(4 * 60)
    idle.on_tick()
    assert not window.app_lock.is_locked
    # A key press counts as activity and starts the five minutes again.
    QApplication.sendEvent(
        window, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Shift, Qt.KeyboardModifier.NoModifier)
    )
    clock.advance(4 * 60)
    idle.on_tick()
    assert not window.app_lock.is_locked
    clock.advance(60)
    idle.on_tick()
    assert window.app_lock.is_locked and not window.has_store
    # "Never" switches the watch off.
    qtbot.mouseClick(window.app_lock.screen.unlock_button, Qt.MouseButton.LeftButton)
    screen = window.show_section(Section.SETTINGS)
    assert isinstance(screen, SettingsScreen)
    screen.privacy.lock_after.setCurrentIndex(0)
    assert not idle.timer.isActive()


def test_an_encrypted_database_starts_on_the_lock_screen(qtbot: QtBot, app_paths: AppPaths) -> None:
    with Store.open(app_paths, PASSPHRASE) as store:
        fill(store, 1)
    window = open_window(qtbot, app_paths, None)
    opened: list[Store] = []
    try:
        window.app_lock.start_locked(opened.append)
        assert window.cover.currentWidget() is window.app_lock.screen
        assert CANARY not in visible_text(window)
        screen = window.app_lock.screen
        qtbot.keyClicks(screen.passphrase, OTHER)
        qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
        assert opened == [] and "didn't open" in screen.error.text()
        qtbot.keyClicks(screen.passphrase, PASSPHRASE)
        qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
        assert len(opened) == 1 and window.store is opened[0]
        assert window.cover.currentIndex() == 0
    finally:
        close_window(window)


def test_the_strength_meter_and_confirmation_speak_in_words() -> None:
    make_application()
    form = PassphraseForm("test")
    form.passphrase.setText("abc")
    assert "Too short" in form.strength.text() and form.meter.value() == 0
    assert not form.ready
    form.passphrase.setText("password123")
    assert "Weak" in form.strength.text()
    form.passphrase.setText("marble tiger lantern 7 rain")
    assert form.meter.value() >= 3 and "trong" in form.strength.text()
    form.confirm.setText("marble tiger")
    assert "not the same" in form.match.text() and not form.ready
    form.confirm.setText("marble tiger lantern 7 rain")
    assert "match" in form.match.text() and form.ready


def settings(window: MainWindow) -> SettingsScreen:
    screen = window.show_section(Section.SETTINGS, focus=True)
    assert isinstance(screen, SettingsScreen)
    return screen


def wait_reopened(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.app_lock.is_locked and window.has_store, timeout=30_000)


def test_encryption_on_change_and_off_from_settings(
    qtbot: QtBot,
    plain_window: MainWindow,
    told: list[str],
    tmp_path: object,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pathlib import Path

    from ui.widgets.passphrase_panel import PrivacyPanel

    window = plain_window
    paths = window.paths
    before = content(paths, None)
    recovery = Path(str(tmp_path)) / "recovery.txt"
    monkeypatch.setattr(PrivacyPanel, "choose_recovery_file", classmethod(lambda c, p: recovery))

    panel = settings(window).privacy
    assert "Encryption is off" in panel.status.text()
    # Without encryption the lock only hides: the setting says so rather than promise more.
    assert "only hides the screens" in panel.lock_note.text()
    qtbot.mouseClick(panel.turn_on_button, Qt.MouseButton.LeftButton)
    assert panel.form_frame.isVisible() and not panel.go_button.isEnabled()
    assert "nobody can open" in panel.warning.text()
    qtbot.keyClicks(panel.new_form.passphrase, PASSPHRASE)
    qtbot.keyClicks(panel.new_form.confirm, PASSPHRASE)
    assert not panel.go_button.isEnabled()  # the warning must be acknowledged
    panel.understood.setChecked(True)
    panel.recovery.setChecked(True)
    assert panel.go_button.isEnabled()
    qtbot.mouseClick(panel.go_button, Qt.MouseButton.LeftButton)
    wait_reopened(qtbot, window)
    assert looks_encrypted(paths.database) and window.store.encrypted
    assert plaintext_files(paths.root) == []
    assert PASSPHRASE in recovery.read_text(encoding="utf-8")
    assert "now encrypted" in told[-1]
    assert window.current_section() is Section.SETTINGS

    panel = settings(window).privacy
    assert "Encryption is on" in panel.status.text()
    assert "only your passphrase opens it again" in panel.lock_note.text()
    qtbot.mouseClick(panel.change_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(panel.current, "wrong one")
    qtbot.keyClicks(panel.new_form.passphrase, OTHER)
    qtbot.keyClicks(panel.new_form.confirm, OTHER)
    panel.understood.setChecked(True)
    qtbot.mouseClick(panel.go_button, Qt.MouseButton.LeftButton)
    assert "didn't open" in panel.problem.text() and window.has_store  # nothing happened
    panel.current.setText(PASSPHRASE)
    qtbot.mouseClick(panel.go_button, Qt.MouseButton.LeftButton)
    wait_reopened(qtbot, window)
    assert "passphrase was changed" in told[-1]

    panel = settings(window).privacy
    qtbot.mouseClick(panel.turn_off_button, Qt.MouseButton.LeftButton)
    assert "unencrypted" in panel.warning.text()
    qtbot.keyClicks(panel.current, OTHER)
    qtbot.mouseClick(panel.go_button, Qt.MouseButton.LeftButton)
    wait_reopened(qtbot, window)
    assert not looks_encrypted(paths.database) and not window.store.encrypted
    assert "no longer encrypted" in told[-1]
    window.store.close(backup=False)
    assert content(paths, None) == before


def test_the_lock_screen_has_names_for_assistive_technology() -> None:
    make_application()
    screen = LockScreen()
    assert screen.passphrase.accessibleName() == "Passphrase"
    assert screen.unlock_button.accessibleName() == "Unlock"
    screen.set_mode(encrypted=False)
    assert screen.unlock_button.accessibleName() == "Show Attune"


def test_locking_mid_answer_saves_the_draft_and_unlocking_offers_to_go_on(
    qtbot: QtBot, app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.app import Prompts
    from ui.screens.practice import PracticeScreen

    offered: list[int] = []

    def ask_resume(cls: type, parent: object, snapshot: object) -> bool:
        offered.append(getattr(snapshot, "session_id", 0))
        return False

    monkeypatch.setattr(Prompts, "ask_resume", classmethod(ask_resume))
    store = Store.open(app_paths)
    window = open_window(qtbot, app_paths, store)
    try:
        practice = window.show_section(Section.PRACTICE)
        assert isinstance(practice, PracticeScreen)
        start = practice.start
        qtbot.keyClicks(start.first_name, "Sam")
        qtbot.keyClicks(start.second_name, "Alex")
        qtbot.mouseClick(start.start_button, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(practice.share.box, "I felt alone when you left early.")
        qtbot.keyClick(practice.share.box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.mouseClick(practice.handoff.ready_button, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(practice.answer.box, CANARY)
        qtbot.keyClick(
            window,
            Qt.Key.Key_H,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        assert_locked(window, store)
        with Store.open(app_paths) as check:
            [cut_off] = check.in_progress_sessions()
            assert cut_off.draft is not None and cut_off.draft.text == CANARY
        qtbot.mouseClick(window.app_lock.screen.unlock_button, Qt.MouseButton.LeftButton)
        assert offered == [cut_off.session_id]
    finally:
        close_window(window)


@pytest.mark.slow
def test_the_real_app_starts_locked_on_an_encrypted_database_and_touches_nothing(
    tmp_path: object,
) -> None:
    """`attune` over an encrypted database: up on the lock screen, no prompt, no traceback,
    no file changed; SIGTERM quits it cleanly."""
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    from tests.privacy.helpers import snapshot

    paths = AppPaths.under(Path(str(tmp_path)) / "data").ensure()
    with Store.open(paths, PASSPHRASE) as store:
        fill(store, 1)
    before = snapshot(paths.root)
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PYTHONPATH=str(root), QT_QPA_PLATFORM="offscreen")
    env["ATTUNE_DATA_DIR"] = str(paths.root)
    errors = Path(str(tmp_path)) / "stderr.txt"
    with errors.open("wb") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-m", "desktop"], env=env, stdout=subprocess.DEVNULL, stderr=stderr
        )
        deadline = time.monotonic() + 30
        # The instance lock appears once the window is up (and the lock screen with it).
        while not paths.lock_file.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1.0)
        assert child.poll() is None, errors.read_text()
        child.send_signal(signal.SIGTERM)
        code = child.wait(timeout=30)
    assert code == 0, errors.read_text()
    text = errors.read_text()
    assert "Traceback" not in text and "ERROR" not in text
    after = {k: v for k, v in snapshot(paths.root).items() if not k.startswith(("logs", "window"))}
    assert after == {k: v for k, v in before.items() if not k.startswith("logs")}


def test_hiding_while_a_dialog_is_open_closes_the_dialog_first(
    qtbot: QtBot, plain_window: MainWindow
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    window = plain_window
    store = window.store
    box = QMessageBox(QMessageBox.Icon.Question, "Delete?", CANARY, parent=window)
    QTimer.singleShot(50, window.app_lock.lock)
    box.exec()  # the lock ends the dialog's own event loop
    assert not box.isVisible()
    qtbot.waitUntil(lambda: not window.has_store)
    assert_locked(window, store)
