"""Settings → Scoring rules: re-scoring history in the background, with progress and Cancel."""

from __future__ import annotations

import functools
import sqlite3
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog
from pytestqt.qtbot import QtBot

from desktop.engine import rules_version, score
from desktop.engine.model import Result
from desktop.errors import from_sqlite_error
from desktop.store import Store
from desktop.store.rescore import rescore_history
from tests.store.helpers import T0, couple, make_turn
from ui.main_window import MainWindow, Section
from ui.screens import settings as settings_module
from ui.screens.settings import ScoringRulesCard, SettingsScreen

ANSWERS = (
    "I'm sorry, but I was tired",
    "That's not what happened.",
    "You're right, I understand why you're hurt.",
    "I hear you.",
    "whatever",
)


def save_old_answers(store: Store, n: int) -> None:
    """Answers saved with the stand-in scorer, whose rules version is "test-1"."""
    sid = store.session_started(couple(), T0)
    for i in range(n):
        store.turn_scored(sid, make_turn(ANSWERS[i % len(ANSWERS)], turn_index=i))


def versions(store: Store) -> list[str]:
    rows = store.db.conn.execute("SELECT rules_version FROM turns ORDER BY id").fetchall()
    return [str(r[0]) for r in rows]


def card_of(window: MainWindow) -> ScoringRulesCard:
    screen = window.show_section(Section.SETTINGS, focus=True)
    assert isinstance(screen, SettingsScreen)
    return screen.scoring


def test_a_fresh_store_has_nothing_to_rescore(qtbot: QtBot, main_window: MainWindow) -> None:
    card = card_of(main_window)
    assert card.status.text() == (
        f"Every saved answer is scored with the current rules (version {rules_version()})."
    )
    assert not card.rescore_button.isEnabled()
    assert card.rescore_button.accessibleName() == "Re-score history"


def test_rescoring_updates_the_database_and_says_when_done(
    qtbot: QtBot, store: Store, main_window: MainWindow
) -> None:
    save_old_answers(store, 7)
    card = card_of(main_window)
    card.refresh()
    assert card.status.text().startswith("7 saved answers were scored with older rules.")
    assert card.rescore_button.isEnabled()

    qtbot.mouseClick(card.rescore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not card.running, timeout=10_000)

    assert card.status.text() == (
        "Done: re-scored 7 answers. Every saved answer is scored with the current rules "
        f"(version {rules_version()})."
    )
    assert versions(store) == [rules_version()] * 7
    hurt = make_turn().hurt.text
    rows = store.db.conn.execute(
        "SELECT answer_text, validation, label FROM turns ORDER BY id"
    ).fetchall()
    for text, validation, label in rows:
        fresh = score(text, hurt=hurt)
        assert (validation, label) == (fresh.validation, fresh.label)
    assert not card.rescore_button.isEnabled()
    assert card.progress.isHidden() and card.cancel_button.isHidden()


def test_the_window_stays_usable_and_cancel_keeps_whole_batches(
    qtbot: QtBot, store: Store, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_old_answers(store, 6)
    gate = threading.Event()
    calls = 0

    def gated(text: str, hurt: str | None) -> Result:
        nonlocal calls
        calls += 1
        if calls == 3:  # the third batch waits until the test has pressed Cancel
            gate.wait(10)
        return score(text, hurt=hurt)

    monkeypatch.setattr(
        settings_module,
        "rescore_history",
        functools.partial(rescore_history, batch=1, scorer=gated),
    )
    screen = main_window.show_section(Section.SETTINGS, focus=True)
    assert isinstance(screen, SettingsScreen)
    card = screen.scoring
    card.refresh()
    try:
        card.rescore_button.setFocus()
        qtbot.keyClick(card.rescore_button, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: card.progress.value() == 2, timeout=10_000)
        assert card.running and card.progress.maximum() == 6
        assert card.cancel_button.isVisible() and not card.rescore_button.isEnabled()

        # Everything else still works meanwhile, and no modal dialog covers the window.
        assert card.task is not None
        card.task.on_delay_passed()
        assert not any(d.isVisible() for d in main_window.findChildren(QProgressDialog))
        screen.rounds.setFocus()
        qtbot.keyClick(screen.rounds, Qt.Key.Key_Up)
        assert store.preference("rounds") == "3"

        qtbot.mouseClick(card.cancel_button, Qt.MouseButton.LeftButton)
        assert card.status.text() == "Stopping after the current batch…"
    finally:
        gate.set()
    qtbot.waitUntil(lambda: not card.running, timeout=10_000)

    assert card.status.text() == (
        "Stopped: re-scored 2 of 6. 4 saved answers were scored with older rules. Re-scoring "
        f"gives them the current rules' scores (version {rules_version()})."
    )
    assert versions(store) == [rules_version()] * 2 + ["test-1"] * 4
    assert card.rescore_button.isEnabled()

    # Pressing it again finishes the job.
    monkeypatch.setattr(settings_module, "rescore_history", rescore_history)
    qtbot.mouseClick(card.rescore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not card.running, timeout=10_000)
    assert card.status.text().startswith("Done: re-scored 4 answers. Every saved answer")
    assert versions(store) == [rules_version()] * 6


def test_a_store_error_is_a_message_in_the_card(
    qtbot: QtBot, store: Store, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_old_answers(store, 2)

    def full(self: Store, *args: object) -> int:
        raise from_sqlite_error(sqlite3.OperationalError("database or disk is full"), "save")

    monkeypatch.setattr(Store, "turns_rescored", full)
    card = card_of(main_window)
    card.refresh()
    qtbot.mouseClick(card.rescore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not card.running, timeout=10_000)
    assert card.status.text().startswith("Re-scoring stopped: ")
    assert "2 saved answers were scored with older rules." in card.status.text()
    assert versions(store) == ["test-1"] * 2
