"""Fixtures for driving the real main window."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from desktop.paths import AppPaths
from ui.app import make_application
from ui.main_window import MainWindow


@pytest.fixture
def main_window(qtbot: QtBot, app_paths: AppPaths) -> MainWindow:
    make_application()
    window = MainWindow(app_paths)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window
