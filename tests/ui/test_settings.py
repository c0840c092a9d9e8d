"""Settings: changes by keyboard are saved in the store and come back in a new window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.paths import AppPaths
from desktop.practice.records import AnswerMode
from desktop.store import Store
from ui.main_window import MainWindow, Section
from ui.screens.settings import SettingsScreen, appearance, flow_defaults
from ui.theme import Theme, ThemeChoice


def settings_of(window: MainWindow) -> SettingsScreen:
    screen = window.show_section(Section.SETTINGS, focus=True)
    assert isinstance(screen, SettingsScreen)
    return screen


def choose(qtbot: QtBot, combo: object, text: str) -> None:
    """Walk a combo box with the arrow keys until it shows `text`."""
    from PySide6.QtWidgets import QComboBox

    assert isinstance(combo, QComboBox)
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text


def test_defaults_are_shown_on_a_fresh_store(qtbot: QtBot, main_window: MainWindow) -> None:
    screen = settings_of(main_window)
    assert screen.round_length.currentText() == "1 min 30 s"
    assert screen.rounds.value() == 2
    assert screen.answer_mode.currentText() == "Pick an answer or type your own"
    assert screen.follow_ups.value() == 1
    assert screen.hints.isChecked()
    assert screen.theme.currentText() == "Follow the system"
    assert screen.text_size.currentText() == "Normal"
    assert screen.sounds.isChecked()


def test_changes_are_saved_and_come_back_in_a_new_window(
    qtbot: QtBot, main_window: MainWindow, store: Store, app_paths: AppPaths
) -> None:
    screen = settings_of(main_window)
    choose(qtbot, screen.round_length, "2 minutes")
    screen.rounds.setFocus()
    qtbot.keyClick(screen.rounds, Qt.Key.Key_Up)
    qtbot.keyClick(screen.rounds, Qt.Key.Key_Up)
    choose(qtbot, screen.answer_mode, "Type your own answer")
    screen.follow_ups.setFocus()
    qtbot.keyClick(screen.follow_ups, Qt.Key.Key_Down)
    screen.hints.setFocus()
    qtbot.keyClick(screen.hints, Qt.Key.Key_Space)
    screen.sounds.setFocus()
    qtbot.keyClick(screen.sounds, Qt.Key.Key_Space)
    screen.swap_roles.setFocus()
    qtbot.keyClick(screen.swap_roles, Qt.Key.Key_Space)

    assert store.preference("round_seconds") == "120"
    assert store.preference("rounds") == "4"
    assert store.preference("answer_mode") == "type"
    assert store.preference("follow_ups") == "0"
    assert store.preference("hints") == "false"
    assert store.preference("sounds") == "false"
    defaults = flow_defaults(store)
    assert (defaults.round_seconds, defaults.rounds, defaults.answer_mode) == (
        120,
        4,
        AnswerMode.TYPE,
    )
    assert not defaults.hints and defaults.follow_ups == 0
    assert not defaults.swap_roles

    # A new window over a store opened again from the same folder shows the same choices.
    main_window.close()
    store.close(backup=False)
    reopened = Store.open(app_paths)
    try:
        window = MainWindow(app_paths, reopened)
        qtbot.addWidget(window)
        window.show()
        again = settings_of(window)
        assert again.round_length.currentText() == "2 minutes"
        assert again.rounds.value() == 4
        assert again.answer_mode.currentText() == "Type your own answer"
        assert again.follow_ups.value() == 0
        assert not again.hints.isChecked()
        assert not again.sounds.isChecked()
        assert not again.swap_roles.isChecked()
    finally:
        reopened.close(backup=False)


def test_untimed_rounds_are_saved_as_untimed(
    qtbot: QtBot, main_window: MainWindow, store: Store
) -> None:
    screen = settings_of(main_window)
    choose(qtbot, screen.round_length, "Untimed")
    assert store.preference("round_seconds") == "untimed"
    assert flow_defaults(store).round_seconds is None


def test_theme_choice_applies_at_once_and_is_kept(
    qtbot: QtBot, main_window: MainWindow, store: Store
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    screen = settings_of(main_window)
    choose(qtbot, screen.theme, "Dark")
    assert app.palette().color(QPalette.ColorRole.Window).lightness() < 80
    assert Theme.of(app).choice is ThemeChoice.DARK
    choose(qtbot, screen.theme, "Light")
    assert app.palette().color(QPalette.ColorRole.Window).lightness() > 200
    assert appearance(store).theme is ThemeChoice.LIGHT


def test_text_size_grows_the_text_live(qtbot: QtBot, main_window: MainWindow, store: Store) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    screen = settings_of(main_window)
    before = screen.round_length.fontInfo().pointSizeF()
    choose(qtbot, screen.text_size, "Largest")
    assert store.preference("text_scale") == "1.5"
    after = screen.round_length.fontInfo().pointSizeF()
    assert after > before * 1.3
    assert "16.5pt" in app.styleSheet()


def test_a_malformed_saved_value_falls_back_to_its_default(
    qtbot: QtBot, main_window: MainWindow, store: Store
) -> None:
    store.set_preference("rounds", "lots")
    store.set_preference("round_seconds", "9999")
    store.set_preference("text_scale", "\x00")
    defaults = flow_defaults(store)
    assert (defaults.rounds, defaults.round_seconds) == (2, 90)
    assert appearance(store).text_scale == 1.0
    screen = settings_of(main_window)
    assert screen.rounds.value() == 2


def test_data_folder_is_shown_and_opens(
    qtbot: QtBot, main_window: MainWindow, app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(SettingsScreen, "open_folder", classmethod(lambda c, f: opened.append(f)))
    screen = settings_of(main_window)
    assert screen.location.text() == str(app_paths.root)
    screen.open_folder_button.setFocus()
    qtbot.keyClick(screen.open_folder_button, Qt.Key.Key_Space)
    assert opened == [app_paths.root]


def test_new_defaults_show_on_the_practice_start_screen(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    from ui.screens.practice import PracticeScreen

    screen = settings_of(main_window)
    choose(qtbot, screen.round_length, "3 minutes")
    practice = main_window.show_section(Section.PRACTICE)
    assert isinstance(practice, PracticeScreen)
    assert practice.start.round_length.currentData() == 180


@pytest.mark.parametrize(("system", "expected"), [(16.5, 16.5), (9.0, 11.0)])
def test_text_follows_a_larger_system_font_and_the_setting_on_top(
    qtbot: QtBot, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch, system: float,
    expected: float,
) -> None:  # fmt: skip
    """A desktop set to large text makes Attune's text as large; a small one never shrinks it."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    monkeypatch.setattr(Theme, "system_points", classmethod(lambda cls: system))
    theme = Theme(app)  # as at start-up on that desktop
    try:
        theme.apply()
        assert app.font().pointSizeF() == pytest.approx(expected)
        assert f"font-size: {expected:.1f}pt" in app.styleSheet()  # the QSS body size
        theme.set_text_scale(1.3)
        assert app.font().pointSizeF() == pytest.approx(expected * 1.3)
    finally:
        theme.setParent(None)
        Theme.of(app).apply()
