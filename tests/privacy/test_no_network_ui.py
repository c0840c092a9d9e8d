"""R13 over the real window: a whole couple session typed and clicked through the main window,
every section visited and an export written, under the guard that fails on any socket or DNS
lookup (the audit hook sees every thread, so the export's worker too)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.paths import AppPaths
from desktop.store import Store
from tests.privacy.test_no_network import no_network  # noqa: F401  # the guard fixture
from tests.ui.conftest import activate
from tests.ui.test_practice_flow import click, share, start_couple
from ui.app import make_application
from ui.main_window import MainWindow, Section
from ui.screens.history import ExportFormat, HistoryScreen
from ui.screens.practice import PracticeScreen

CTRL = Qt.KeyboardModifier.ControlModifier


def test_a_full_walk_through_the_window_touches_no_network(
    no_network: list[str],  # noqa: F811
    qtbot: QtBot,
    app_paths: AppPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_application()
    monkeypatch.setattr(PracticeScreen, "confirm_end", classmethod(lambda cls, parent: True))
    out = tmp_path / "export.json"
    monkeypatch.setattr(HistoryScreen, "choose_export_path", classmethod(lambda c, p, f: out))
    monkeypatch.setattr(HistoryScreen, "tell", classmethod(lambda c, p, t, m: None))
    store = Store.open(app_paths)
    window = MainWindow(app_paths, store)
    qtbot.addWidget(window)
    try:
        window.resize(1024, 700)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: window.holders[window.current_section()].content is not None)
        activate(window)
        for section in Section:
            window.show_section(section)
        practice = window.show_section(Section.PRACTICE, focus=True)
        assert isinstance(practice, PracticeScreen)
        start_couple(qtbot, practice, rounds=1)
        for line in ("I felt alone when you stayed late again.", "And it still stings."):
            share(qtbot, practice, line)
            click(qtbot, practice.handoff.ready_button)
            qtbot.keyClicks(practice.answer.box, "That hurt you, and I did it. I'm sorry.")
            qtbot.keyClick(practice.answer.box, Qt.Key.Key_Return, CTRL)
            click(qtbot, practice.rating.skip_button)
            click(qtbot, practice.feedback.next_button)
        assert practice.pages.currentWidget() is practice.summary
        history = window.show_section(Section.HISTORY)
        assert isinstance(history, HistoryScreen)
        with qtbot.waitSignal(history.export_finished, timeout=20_000):
            history.export(ExportFormat.JSON)
        assert out.exists()
        window.show_section(Section.PROGRESS)
        window.show_section(Section.HELP)
    finally:
        window.close()
        store.close(backup=False)
    assert no_network == []
