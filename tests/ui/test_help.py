"""Help & safety: scoring explained from the rule set itself, therapist advice, resources."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.safety import crisis_resources, therapist_guidance
from ui.main_window import MainWindow, Section
from ui.screens.help import HelpScreen, rule_entries


def help_of(window: MainWindow) -> HelpScreen:
    screen = window.show_section(Section.HELP, focus=True)
    assert isinstance(screen, HelpScreen)
    return screen


def test_every_rule_of_the_rule_set_is_explained(qtbot: QtBot, main_window: MainWindow) -> None:
    engine = pytest.importorskip("desktop.engine")
    rules = list(engine.rules())
    assert rules, "the rule set is empty"
    text = help_of(main_window).text()
    entries = rule_entries()
    assert len(entries) == len(rules)
    for entry in entries:
        assert entry.rule_id in text, entry.rule_id
        assert entry.message.strip() in " ".join(text.split()), entry.rule_id
    assert f"The rule set has {len(rules)} rules" in text


def test_practice_not_therapy_therapist_advice_and_crisis_lines_are_there(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    text = " ".join(help_of(main_window).text().split())
    assert "practice, not therapy" in text
    assert "not suited to relationships where there is abuse" in text
    guidance = therapist_guidance()
    for item in (*guidance.when, *guidance.look_for):
        assert " ".join(item.split()) in text
    resources = crisis_resources()
    assert resources.emergency.text.split(".")[0] in text
    for line in resources.lines:
        assert line.name in text and line.contact in text


def test_help_is_read_by_keyboard(qtbot: QtBot, main_window: MainWindow) -> None:
    screen = help_of(main_window)
    assert screen.browser.hasFocus()
    bar = screen.browser.verticalScrollBar()
    qtbot.keyClick(screen.browser, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert bar.maximum() > 0
    assert bar.value() >= bar.maximum() * 0.9
