"""Fixtures for driving the real main window over a real store in a temp data folder."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.paths import AppPaths
from desktop.store import Store
from ui.app import make_application
from ui.main_window import MainWindow
from ui.sound import Chimes
from ui.theme import Theme, ThemeChoice


def activate(window: QWidget) -> None:
    """Make `window` the active one, as a click would on a desktop.

    Shortcuts and keyboard focus need an active window, and the offscreen platform under
    pytest does not activate one on request; the older call still does, so it is used here
    with its deprecation notice silenced.
    """
    window.activateWindow()
    # Let pending window-system events land first: they can reset the active window.
    QApplication.processEvents()
    if not window.isActiveWindow():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            QApplication.setActiveWindow(window)
    QApplication.processEvents()
    assert window.isActiveWindow()


@pytest.fixture(autouse=True)
def _silent_tones(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite never sounds on a developer's speakers: tones go to a player that is mute."""
    monkeypatch.setattr(Chimes, "player", classmethod(lambda cls: lambda path: None))


@pytest.fixture
def store(app_paths: AppPaths) -> Iterator[Store]:
    """A real SQLite store in the test's private data folder."""
    opened = Store.open(app_paths)
    yield opened
    opened.close(backup=False)


@pytest.fixture
def main_window(qtbot: QtBot, app_paths: AppPaths, store: Store) -> Iterator[MainWindow]:
    make_application()
    window = MainWindow(app_paths, store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    # The first screen is built just after the window is on screen, as at a real start.
    qtbot.waitUntil(lambda: window.holders[window.current_section()].content is not None)
    activate(window)
    yield window
    # Deleted now rather than at the end of the run: left alive, every old window would be
    # restyled again each time a later test switches the theme.
    window.close()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


@pytest.fixture(autouse=True)
def default_theme() -> Iterator[None]:
    """Tests may switch the theme or text size; the next test starts from the default."""
    yield
    app = QApplication.instance()
    if isinstance(app, QApplication):
        theme = Theme.of(app)
        if (theme.choice, theme.text_scale) != (ThemeChoice.SYSTEM, 1.0):
            theme.choice = ThemeChoice.SYSTEM
            theme.text_scale = 1.0
            theme.apply()
