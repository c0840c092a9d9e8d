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
    from desktop import engine

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


def test_the_scoring_section_is_built_from_whatever_rules_are_loaded(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page lists each rule the engine reports, grouped by side and category."""
    import sys
    import types
    from dataclasses import dataclass

    from ui.screens.help import help_html

    @dataclass(frozen=True)
    class Rule:
        id: str
        category: str
        family: str
        polarity: str
        weight: float
        message: str
        suggestion: str
        examples: tuple[str, ...]

    loaded = (
        Rule("reflect.feeling", "reflection", "reflection", "validation", 2.0,
             "Names the feeling back.", "", ("You felt alone.",)),
        Rule("excuse.because", "excuses", "excuses", "defensiveness", 1.5,
             "Explains before hearing.", "Hear them first, explain later.", ()),
    )  # fmt: skip
    engine = types.ModuleType("desktop.engine")
    engine.rules = lambda: loaded  # type: ignore[attr-defined]
    engine.category_name = lambda c: {"reflection": "Reflecting", "excuses": "Excuses"}[c]  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "desktop.engine", engine)
    screen = HelpScreen()
    qtbot.addWidget(screen)
    text = " ".join(screen.text().split())
    assert "The rule set has 2 rules: 1 that count toward validation and 1" in text
    assert "What helps Reflecting Names the feeling back." in text
    assert "For example: “You felt alone.”" in text
    assert "What gets in the way Excuses Explains before hearing." in text
    assert "Try: Hear them first, explain later." in text
    assert "(reflect.feeling)" in text and "(excuse.because)" in text
    assert help_html().count("<li>") >= 2
