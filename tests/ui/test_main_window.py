"""The real main window opens, titled, with its icon and a navigation."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from ui.main_window import MainWindow
from ui.theme import ThemeChoice, apply_theme


def test_main_window_is_shown_and_titled(main_window: MainWindow) -> None:
    assert main_window.isVisible()
    assert main_window.windowTitle() == "Attune"
    assert not main_window.windowIcon().isNull()
    assert main_window.navigation.count() >= 1
    assert main_window.navigation.accessibleName()


def test_dark_and_light_themes_change_the_palette(main_window: MainWindow) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, ThemeChoice.DARK)
    dark = app.palette().color(QPalette.ColorRole.Window).lightness()
    apply_theme(app, ThemeChoice.LIGHT)
    light = app.palette().color(QPalette.ColorRole.Window).lightness()
    assert dark < 80
    assert light > 200
