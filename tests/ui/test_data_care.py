"""Settings → Your data: restore a backup, delete one partner, delete everything, by clicks."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.store import Store
from desktop.store.records import Backup
from tests.ui.practice_data import couple_session, days_ago
from ui.main_window import MainWindow, Section
from ui.screens.history import HistoryScreen
from ui.screens.settings import SettingsScreen
from ui.widgets.data_care import DataCare

CANARY = "the blue notebook under the seat"


class Answers:
    """What the person answers in each dialog; every question asked is kept."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *, yes: bool = True) -> None:
        self.asked: list[str] = []
        self.told: list[str] = []
        self.yes = yes
        answers = self
        monkeypatch.setattr(DataCare, "confirm", classmethod(lambda c, p, t, x, a: answers.ask(t)))
        monkeypatch.setattr(
            DataCare, "tell", classmethod(lambda c, p, t, x: answers.told.append(x))
        )
        monkeypatch.setattr(
            DataCare, "choose_backup", classmethod(lambda c, p, found: answers.backup(found))
        )
        monkeypatch.setattr(
            DataCare, "choose_partner", classmethod(lambda c, p, names: answers.partner(names))
        )
        self.partner_name = ""
        self.offered: list[str] = []

    def ask(self, title: str) -> bool:
        self.asked.append(title)
        return self.yes

    def backup(self, found: Sequence[Backup]) -> Backup | None:
        self.offered = [b.path.name for b in found]
        return found[-1]  # the oldest

    def partner(self, names: Sequence[str]) -> str | None:
        self.offered = list(names)
        return self.partner_name


def settings_of(window: MainWindow) -> SettingsScreen:
    screen = window.show_section(Section.SETTINGS, focus=True)
    assert isinstance(screen, SettingsScreen)
    return screen


def press(qtbot: QtBot, screen: SettingsScreen, button_name: str) -> None:
    button = getattr(screen.data_care, button_name)
    button.setFocus()
    with qtbot.waitSignal(screen.data_replaced, timeout=20_000):
        qtbot.keyClick(button, Qt.Key.Key_Space)


def sessions(store: Store) -> list[tuple[str, ...]]:
    return sorted(tuple(s.partners) for s in store.list_sessions())


def test_restoring_the_oldest_backup_brings_back_its_sessions(
    qtbot: QtBot, main_window: MainWindow, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    couple_session(store, ("Sam", "Alex"), ["I'm sorry."], when=days_ago(3))
    store.backup_now()
    couple_session(store, ("Robin", "Kai"), ["That makes sense."], when=days_ago(1))
    store.backup_now()
    answers = Answers(monkeypatch)
    history = main_window.show_section(Section.HISTORY)
    assert isinstance(history, HistoryScreen) and history.table.model().rowCount() == 2
    screen = settings_of(main_window)
    press(qtbot, screen, "restore_button")
    assert len(answers.offered) == 2 and answers.asked == ["Restore this backup?"]
    assert sessions(store) == [("Sam", "Alex")]
    # What was there before the restore was kept as a backup of its own.
    assert any("before-restore" in b.path.name for b in store.available_backups())
    history = main_window.show_section(Section.HISTORY)
    assert isinstance(history, HistoryScreen)
    qtbot.waitUntil(lambda: history.table.model().rowCount() == 1)


def test_deleting_a_partner_removes_their_sessions_and_words_only(
    qtbot: QtBot, main_window: MainWindow, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    couple_session(store, ("Sam", "Alex"), ["I'm sorry."], when=days_ago(3))
    couple_session(store, ("Robin", "Kai"), [f"I hid {CANARY}. I'm sorry."], when=days_ago(1))
    answers = Answers(monkeypatch)
    answers.partner_name = "Robin"
    screen = settings_of(main_window)
    press(qtbot, screen, "delete_partner_button")
    assert sorted(answers.offered) == ["Alex", "Kai", "Robin", "Sam"]
    assert answers.asked == ["Delete Robin's sessions?"]
    assert sessions(store) == [("Sam", "Alex")]
    database = store.paths.database
    for path in (database, database.with_name(database.name + "-wal")):
        if path.exists():
            assert CANARY.encode() not in path.read_bytes(), path.name


def test_deleting_everything_leaves_no_session_setting_or_backup(
    qtbot: QtBot, main_window: MainWindow, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    couple_session(store, ("Robin", "Kai"), [f"I hid {CANARY}."], when=days_ago(1))
    store.set_preference("rounds", "4")
    store.backup_now()
    answers = Answers(monkeypatch)
    screen = settings_of(main_window)
    assert screen.rounds.value() == 4
    press(qtbot, screen, "delete_all_button")
    assert answers.asked == ["Delete everything?"]
    assert sessions(store) == [] and store.available_backups() == []
    assert screen.rounds.value() == 2  # the settings shown are the defaults again
    leftovers = [
        p.name
        for p in store.paths.root.rglob("*")
        if p.is_file() and CANARY.encode() in p.read_bytes()
    ]
    assert leftovers == []


def test_saying_no_keeps_everything(
    qtbot: QtBot, main_window: MainWindow, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    couple_session(store, ("Robin", "Kai"), ["I'm sorry."], when=days_ago(1))
    answers = Answers(monkeypatch, yes=False)
    screen = settings_of(main_window)
    replaced: list[object] = []
    screen.data_replaced.connect(lambda: replaced.append(1))
    qtbot.mouseClick(screen.data_care.delete_all_button, Qt.MouseButton.LeftButton)
    assert answers.asked == ["Delete everything?"]
    assert replaced == [] and sessions(store) == [("Robin", "Kai")]
