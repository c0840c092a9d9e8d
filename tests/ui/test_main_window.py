"""The real main window: titled, every section reachable by keyboard, themes, start-up."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.paths import AppPaths
from desktop.practice.records import SessionSnapshot
from desktop.store import Store
from tests.ui.practice_data import couple_session, days_ago, started_session
from ui import app as app_module
from ui.app import FIRST_RUN_KEY, Prompts, after_shown, open_store
from ui.main_window import MainWindow, Section
from ui.theme import Theme, ThemeChoice, apply_theme


def visible_screen(window: MainWindow) -> QWidget:
    holder = window.screens.currentWidget()
    assert holder is not None and holder.isVisible()
    return holder


def test_main_window_is_shown_and_titled(main_window: MainWindow) -> None:
    assert main_window.isVisible()
    assert main_window.windowTitle() == "Attune"
    assert not main_window.windowIcon().isNull()
    names = [main_window.navigation.item(i).text() for i in range(main_window.navigation.count())]
    assert names == ["Practice", "History", "Progress", "Scenarios", "Settings", "Help & safety"]
    assert main_window.navigation.accessibleName() == "Sections"


def test_arrow_keys_reach_every_section_in_turn(qtbot: QtBot, main_window: MainWindow) -> None:
    navigation = main_window.navigation
    navigation.setFocus()
    assert main_window.current_section() is Section.PRACTICE
    seen = [main_window.current_section()]
    for _ in range(len(Section) - 1):
        qtbot.keyClick(navigation, Qt.Key.Key_Down)
        seen.append(main_window.current_section())
        holder = visible_screen(main_window)
        assert holder is main_window.holders[main_window.current_section()]
    assert seen == list(Section)
    # The screen that came into view was built and shows its own title.
    assert main_window.holders[Section.HELP].content is not None
    assert main_window.holders[Section.HELP].content.isVisible()


def test_shortcuts_jump_to_a_section_and_focus_it(qtbot: QtBot, main_window: MainWindow) -> None:
    qtbot.keyClick(main_window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_section() is Section.HISTORY
    qtbot.keyClick(main_window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_section() is Section.SETTINGS
    settings = main_window.holders[Section.SETTINGS].content
    assert settings is not None
    focused = QApplication.focusWidget()
    assert focused is not None and settings.isAncestorOf(focused)


def test_tab_leaves_the_navigation_for_the_screen(qtbot: QtBot, main_window: MainWindow) -> None:
    main_window.show_section(Section.HISTORY)
    main_window.navigation.setFocus()
    qtbot.keyClick(main_window.navigation, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    history = main_window.holders[Section.HISTORY].content
    assert focused is not None and history is not None and history.isAncestorOf(focused)


def test_every_interactive_control_has_an_accessible_name(main_window: MainWindow) -> None:
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox, QSpinBox

    for section in (Section.HISTORY, Section.PROGRESS, Section.SETTINGS, Section.HELP):
        screen = main_window.show_section(section)
        for kind in (QAbstractButton, QComboBox, QSpinBox, QAbstractItemView):
            for control in screen.findChildren(kind):
                if control.isVisibleTo(screen) and control.focusPolicy() != Qt.FocusPolicy.NoFocus:
                    label = control.accessibleName() or getattr(control, "text", lambda: "")()
                    assert label, f"{section}: {control.objectName() or control} has no name"


@pytest.mark.parametrize("text_scale", [1.0, 1.5])
def test_the_window_fits_a_small_laptop_screen(
    qtbot: QtBot, main_window: MainWindow, text_scale: float
) -> None:
    """1024x700 holds every screen, at the normal text size and at the largest."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    Theme.of(app).set_text_scale(text_scale)
    main_window.resize(1024, 700)
    for section in Section:
        main_window.show_section(section)
        hint = main_window.minimumSizeHint()
        assert hint.width() <= 1024 and hint.height() <= 700, (section, hint)
    assert main_window.width() == 1024


def test_dark_and_light_themes_change_the_palette(main_window: MainWindow) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, ThemeChoice.DARK)
    dark = app.palette().color(QPalette.ColorRole.Window).lightness()
    apply_theme(app, ThemeChoice.LIGHT)
    light = app.palette().color(QPalette.ColorRole.Window).lightness()
    assert dark < 80
    assert light > 200


# --- start-up: store errors, first run, resume ---------------------------------------


class Told:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def __call__(self, parent: object, title: str, text: str) -> None:
        self.messages.append(text)


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> Told:
    record = Told()
    monkeypatch.setattr(Prompts, "tell", classmethod(lambda cls, p, t, x: record(p, t, x)))
    monkeypatch.setattr(Prompts, "refuse", classmethod(lambda cls, p, t, x: record(p, t, x)))
    return record


def test_a_database_from_a_newer_attune_is_refused_untouched(
    qtbot: QtBot, app_paths: AppPaths, told: Told
) -> None:
    with sqlite3.connect(app_paths.database) as conn:
        conn.execute("PRAGMA user_version = 99")
    before = app_paths.database.read_bytes()
    assert open_store(app_paths) is None
    assert "newer version of Attune" in told.messages[0]
    assert app_paths.database.read_bytes() == before


def test_a_damaged_database_is_moved_aside_and_the_user_told_where(
    qtbot: QtBot, app_paths: AppPaths, told: Told
) -> None:
    app_paths.database.write_bytes(b"this is not a database at all" * 200)
    store = open_store(app_paths)
    assert store is not None
    try:
        assert len(told.messages) == 1
        assert store.notice is not None and store.notice.moved_to is not None
        assert str(store.notice.moved_to) in told.messages[0]
        assert Path(store.notice.moved_to).exists()
    finally:
        store.close(backup=False)


def test_first_run_screen_is_shown_once(
    qtbot: QtBot, main_window: MainWindow, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[object] = []
    monkeypatch.setattr(
        Prompts, "first_run", classmethod(lambda cls, parent: shown.append(parent) or True)
    )
    after_shown(main_window)
    assert shown == [main_window]
    assert store.preference(FIRST_RUN_KEY) == "true"
    after_shown(main_window)
    assert len(shown) == 1


def test_a_cut_off_session_is_offered_and_handed_to_practice(
    qtbot: QtBot, main_window: MainWindow, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.set_preference(FIRST_RUN_KEY, "true")
    session_id = started_session(store, ("Robin", "Kai"), "I'm sorry, that makes sense.")
    asked: list[SessionSnapshot] = []
    resumed: list[SessionSnapshot] = []
    monkeypatch.setattr(
        Prompts, "ask_resume", classmethod(lambda cls, p, snap: asked.append(snap) or True)
    )
    monkeypatch.setattr(main_window, "resume", lambda snap: resumed.append(snap) or True)
    after_shown(main_window)
    assert [s.session_id for s in asked] == [session_id]
    assert [s.session_id for s in resumed] == [session_id]
    assert len(resumed[0].turns) == 1


def test_resume_hands_the_snapshot_to_the_practice_screen(
    qtbot: QtBot, main_window: MainWindow, store: Store
) -> None:
    session_id = started_session(store, ("Robin", "Kai"), "I'm sorry, that makes sense.")
    snapshot = store.in_progress_sessions()[0]
    assert main_window.resume(snapshot)
    assert main_window.current_section() is Section.PRACTICE
    practice = main_window.holders[Section.PRACTICE].content
    assert getattr(getattr(practice, "session", None), "session_id", None) == session_id


def test_declining_to_resume_keeps_the_session_as_cut_off(
    qtbot: QtBot, main_window: MainWindow, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.set_preference(FIRST_RUN_KEY, "true")
    started_session(store, ("Robin", "Kai"), "I'm sorry.")
    monkeypatch.setattr(Prompts, "ask_resume", classmethod(lambda cls, p, snap: False))
    after_shown(main_window)
    assert store.in_progress_sessions() == []
    assert len(store.interrupted_sessions()) == 1
    # A finished session is never offered.
    couple_session(store, ("Robin", "Kai"), ["I'm sorry."], when=days_ago(1))
    after_shown(main_window)
    assert store.in_progress_sessions() == []


def test_unexpected_errors_log_type_and_stack_but_never_the_words(
    qtbot: QtBot, app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    app_module.configure_logging(app_paths)
    app_module.install_excepthook(app_paths)
    words = " ".join(["my", "secret", "canary", "sentence"])  # typed by a person, not code
    try:
        raise ValueError(words)
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    for handler in app_module.log.handlers:
        handler.flush()
    logged = app_paths.log_file.read_text(encoding="utf-8")
    assert "ValueError" in logged
    assert "canary" not in logged


def test_the_first_run_dialog_is_acknowledged_with_its_button(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialog, QPushButton

    pressed: list[str] = []

    def press_understand() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog) and dialog.objectName() == "firstRunDialog"
        button = dialog.findChild(QPushButton, "firstRunUnderstandButton")
        assert button is not None and button.isVisible()
        pressed.append(button.text())
        qtbot.keyClick(button, Qt.Key.Key_Space)

    QTimer.singleShot(0, press_understand)
    assert Prompts.first_run(main_window)
    assert pressed


def test_the_resume_question_names_the_session(
    qtbot: QtBot, main_window: MainWindow, store: Store
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialog, QLabel, QPushButton

    started_session(store, ("Robin", "Kai"), "I'm sorry.")
    snapshot = store.in_progress_sessions()[0]
    seen: list[str] = []

    def decline() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog)
        message = dialog.findChild(QLabel, "resumeMessage")
        assert message is not None
        seen.append(message.text())
        later = dialog.findChild(QPushButton, "resumeLaterButton")
        assert later is not None
        qtbot.mouseClick(later, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, decline)
    assert not Prompts.ask_resume(main_window, snapshot)
    assert "Robin and Kai" in seen[0]


def test_start_shows_the_window_before_the_database_is_opened(
    qtbot: QtBot, app_paths: AppPaths, told: Told, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.app import Started, open_data, start

    monkeypatch.setattr(app_module, "install_excepthook", lambda paths: None)
    before = Store.open(app_paths)
    before.set_preference("theme", "dark")
    before.set_preference("text_scale", "1.3")
    before.close(backup=False)
    started = start(app_paths)
    assert isinstance(started, Started)
    window = started.window
    qtbot.addWidget(window)
    try:
        assert window.isVisible() and not window.has_store
        assert window.holders[Section.PRACTICE].content is None
        qtbot.waitExposed(window)
        store = open_data(started)
        assert store is not None and window.has_store
        qtbot.waitUntil(lambda: window.holders[Section.PRACTICE].content is not None)
        # The saved theme and text size are in force once the data is open.
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        assert app.palette().color(QPalette.ColorRole.Window).lightness() < 80
        assert app.font().pointSizeF() == pytest.approx(11.0 * 1.3)
        # A second Attune on the same folder is turned away with a message.
        assert start(app_paths) == 1
        assert "already open" in told.messages[-1]
        store.close(backup=False)
    finally:
        started.lock.unlock()


def test_start_with_a_refused_database_opens_no_screens(
    qtbot: QtBot, app_paths: AppPaths, told: Told, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.app import Started, open_data, start

    monkeypatch.setattr(app_module, "install_excepthook", lambda paths: None)
    with sqlite3.connect(app_paths.database) as conn:
        conn.execute("PRAGMA user_version = 99")
    started = start(app_paths)
    assert isinstance(started, Started)
    qtbot.addWidget(started.window)
    try:
        assert open_data(started) is None
        assert not started.window.has_store
        assert "newer version" in told.messages[0]
    finally:
        started.lock.unlock()


def test_many_qt_calls_do_not_crash_the_app(tmp_path: Path) -> None:
    """PySide6 6.12 drops a reference to None or True on each void call or emit."""
    import os
    import subprocess
    import sys

    script = (
        "import ui.app\n"
        "from PySide6.QtCore import QObject, Signal\n"
        "class Ticker(QObject):\n"
        "    ticked = Signal(int)\n"
        "ticker = Ticker()\n"
        "for i in range(20000):\n"
        "    ticker.ticked.emit(i)\n"
        "    ticker.setObjectName(str(i))\n"
        "print('done')\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PYTHONPATH=str(root), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "done"


@pytest.mark.slow
def test_sigterm_closes_the_app_cleanly(tmp_path: Path) -> None:
    """A shutdown (SIGTERM) quits through Qt: the store is closed and the lock released."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from PySide6.QtCore import QLockFile

    paths = AppPaths.under(tmp_path / "data").ensure()
    seeded = Store.open(paths)
    seeded.set_preference(FIRST_RUN_KEY, "true")
    seeded.close(backup=False)
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PYTHONPATH=str(root), QT_QPA_PLATFORM="offscreen")
    env["ATTUNE_DATA_DIR"] = str(paths.root)
    errors = tmp_path / "stderr.txt"
    with errors.open("wb") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-m", "desktop"], env=env, stdout=subprocess.DEVNULL, stderr=stderr
        )
        wal = paths.database.with_name(paths.database.name + "-wal")
        deadline = time.monotonic() + 30
        # The database is opened once the window is up; in WAL mode a -wal file appears.
        while not wal.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert wal.exists(), errors.read_text()
        child.send_signal(signal.SIGTERM)
        code = child.wait(timeout=30)
    assert code == 0, errors.read_text()
    assert not wal.exists()  # closed cleanly: the log was folded back into the database
    lock = QLockFile(str(paths.lock_file))
    assert lock.tryLock(0)
    lock.unlock()


def test_an_encrypted_database_asks_for_its_passphrase(
    qtbot: QtBot, app_paths: AppPaths, told: Told, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.errors import WrongPassphrase

    tried: list[str | None] = []
    opened = Store.open(app_paths)

    def fake_open(cls: type, paths: AppPaths, passphrase: str | None = None) -> Store:
        tried.append(passphrase)
        if passphrase != "right one":
            raise WrongPassphrase("That passphrase didn't open your data. Nothing was changed.")
        return opened

    answers = iter(["wrong", "right one"])
    monkeypatch.setattr(Store, "open", classmethod(fake_open))
    monkeypatch.setattr(Prompts, "ask_passphrase", classmethod(lambda c, p, n: next(answers)))
    try:
        assert open_store(app_paths) is opened
        assert tried == [None, "wrong", "right one"]
        # Cancelling the question opens nothing and says nothing more.
        monkeypatch.setattr(Prompts, "ask_passphrase", classmethod(lambda c, p, n: None))
        tried.clear()
        assert open_store(app_paths) is None
        assert tried == [None]
        assert told.messages == []
    finally:
        opened.close(backup=False)


def test_keys_pressed_before_the_database_is_open_break_nothing(
    qtbot: QtBot, app_paths: AppPaths, store: Store
) -> None:
    window = MainWindow(app_paths)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.navigation.setFocus()
    qtbot.keyClick(window.navigation, Qt.Key.Key_Down)
    qtbot.keyClick(window.navigation, Qt.Key.Key_Tab)
    assert window.holders[Section.HISTORY].content is None
    window.attach_store(store)
    qtbot.waitUntil(lambda: window.holders[Section.HISTORY].content is not None)
    assert type(window.holders[Section.HISTORY].content).__name__ == "HistoryScreen"
