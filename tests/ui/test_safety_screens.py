"""The safety screens driven by real clicks and keys: crisis, break, self-check, first run."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from desktop.practice.clock import ManualClock
from desktop.safety import Feeling, SelfCheck, check, crisis_resources, safety_texts
from tests.ui.conftest import activate
from ui.app import make_application
from ui.screens.crisis import GENERAL_MESSAGE, SHARED_SCREEN_MESSAGE, CrisisScreen
from ui.screens.first_run import FirstRunScreen
from ui.screens.self_check import SelfCheckScreen
from ui.screens.take_break import TakeBreakScreen, clock_words
from ui.theme import ThemeChoice, apply_theme
from ui.widgets.breathing import BreathingWidget, BreathPhase, breath_at


@pytest.fixture
def app() -> QApplication:
    return make_application()


def shown(qtbot: QtBot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(1000, 720)
    widget.show()
    qtbot.waitExposed(widget)
    activate(widget)
    widget.setFocus()
    return widget


def buttons_of(widget: QWidget) -> list[QAbstractButton]:
    return [b for b in widget.findChildren(QAbstractButton) if b.isVisibleTo(widget)]


def assert_named(widget: QWidget) -> None:
    for button in widget.findChildren(QAbstractButton):
        assert button.objectName(), button.text()
        assert button.accessibleName(), button.objectName()


# --- breathing ---------------------------------------------------------------------------------


def test_breath_goes_in_for_four_seconds_then_out_for_six() -> None:
    assert breath_at(0.0).phase is BreathPhase.IN
    assert breath_at(3.9).phase is BreathPhase.IN
    assert breath_at(4.1).phase is BreathPhase.OUT
    assert breath_at(9.9).phase is BreathPhase.OUT
    assert breath_at(10.1).phase is BreathPhase.IN
    assert breath_at(0.0).size == pytest.approx(0.0)
    assert breath_at(4.0).size == pytest.approx(1.0)
    assert breath_at(2.0).size < breath_at(3.0).size
    assert breath_at(6.0).size > breath_at(8.0).size
    assert breath_at(5.0).seconds_left == pytest.approx(5.0)


def test_breathing_words_follow_the_clock_not_the_timer(app: QApplication, qtbot: QtBot) -> None:
    clock = ManualClock()
    guide = BreathingWidget(clock)
    shown(qtbot, guide)
    guide.start()
    assert guide.cue.text() == "Breathe in"
    clock.advance(2.0)
    guide.tick()
    growing = guide.circle.size_fraction
    clock.advance(2.5)
    guide.tick()
    assert guide.cue.text() == "Breathe out"
    assert guide.accessibleDescription() == "Breathe out"
    clock.advance(3.0)
    guide.tick()
    assert guide.circle.size_fraction < 1.0
    clock.advance(3.0)  # 10.5 s: the second breath has begun
    guide.tick()
    assert guide.cue.text() == "Breathe in"
    assert guide.circle.size_fraction < growing


# --- take a break ------------------------------------------------------------------------------


def test_clock_words_round_up_to_the_second() -> None:
    assert clock_words(1200) == "20:00"
    assert clock_words(59.2) == "1:00"
    assert clock_words(0.4) == "0:01"
    assert clock_words(0) == "0:00"


def test_break_counts_down_twenty_minutes_and_comes_back_by_keyboard(
    app: QApplication, qtbot: QtBot
) -> None:
    clock = ManualClock()
    screen = TakeBreakScreen(clock=clock)
    shown(qtbot, screen)
    assert screen.running
    assert screen.countdown.text() == "20:00 left of a suggested 20 minutes"
    assert screen.breathing.cue.text() == "Breathe in"
    clock.advance(61)
    screen.tick()
    assert screen.countdown.text() == "18:59 left of a suggested 20 minutes"
    assert screen.breathing.cue.text() == "Breathe in"  # 61 s = six breaths and one second
    clock.advance(4)
    screen.tick()
    assert screen.breathing.cue.text() == "Breathe out"
    assert screen.back_button.hasFocus()
    with qtbot.waitSignal(screen.break_ended, timeout=1000):
        qtbot.keyClick(screen.back_button, Qt.Key.Key_Space)
    assert screen.seconds_taken == pytest.approx(65)
    assert not screen.running
    assert not screen.timer.isActive()


def test_break_says_when_the_suggested_time_is_up(app: QApplication, qtbot: QtBot) -> None:
    clock = ManualClock()
    screen = TakeBreakScreen(clock=clock, minutes=20)
    shown(qtbot, screen)
    clock.advance(20 * 60 + 1)
    screen.tick()
    assert screen.countdown.text() == safety_texts().take_break.done
    assert screen.countdown.property("state") == "over"
    with qtbot.waitSignal(screen.break_ended, timeout=1000):
        qtbot.mouseClick(screen.back_button, Qt.MouseButton.LeftButton)
    assert screen.seconds_taken == pytest.approx(1201)


def test_a_second_break_starts_afresh(app: QApplication, qtbot: QtBot) -> None:
    clock = ManualClock()
    screen = TakeBreakScreen(clock=clock)
    shown(qtbot, screen)
    clock.advance(300)
    qtbot.mouseClick(screen.back_button, Qt.MouseButton.LeftButton)
    clock.advance(1000)
    screen.start()
    assert screen.countdown.text() == "20:00 left of a suggested 20 minutes"
    assert_named(screen)


# --- crisis ------------------------------------------------------------------------------------


def test_crisis_screen_shows_the_finding_resources_and_the_plain_statement(
    app: QApplication, qtbot: QtBot
) -> None:
    found = check("I'm afraid of what he'll do when I tell him")
    screen = CrisisScreen(found)
    shown(qtbot, screen)
    assert screen.message.text() == found.message
    assert "not suited to relationships where there is abuse" in screen.abuse.text()
    texts = " ".join(label.text() for label in screen.card.findChildren(QLabel))
    for line in crisis_resources().lines:
        assert line.contact in texts
    assert "findahelpline.com" in texts
    assert "emergency number" in texts
    screen.show_check(None)
    assert screen.message.text() == GENERAL_MESSAGE
    assert_named(screen)


def test_on_a_shared_screen_a_finding_about_the_partner_is_not_named(
    app: QApplication, qtbot: QtBot
) -> None:
    screen = CrisisScreen()
    shown(qtbot, screen)
    for text in (
        "I'm afraid of what he'll do when I tell him",
        "She checks my phone every night and won't let me see my friends",
    ):
        found = check(text)
        screen.show_check(found, shared_screen=True)
        shown_words = screen.message.text()
        assert shown_words == SHARED_SCREEN_MESSAGE, text
        assert "partner" not in shown_words and "afraid" not in shown_words
        screen.show_check(found, shared_screen=False)
        assert screen.message.text() == found.message  # alone, it is named
    self_harm = check("Sometimes I think about killing myself.")
    screen.show_check(self_harm, shared_screen=True)
    assert screen.message.text() == self_harm.message  # about the writer: still named


def test_crisis_screen_offers_three_ways_on_by_mouse(app: QApplication, qtbot: QtBot) -> None:
    screen = CrisisScreen()
    shown(qtbot, screen)
    assert [b.text() for b in buttons_of(screen)] == ["End the session", "Take a break", "Continue"]
    for button, signal in (
        (screen.end_button, screen.end_chosen),
        (screen.break_button, screen.break_chosen),
        (screen.continue_button, screen.continue_chosen),
    ):
        with qtbot.waitSignal(signal, timeout=1000):
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_crisis_screen_by_keyboard_starts_on_take_a_break(app: QApplication, qtbot: QtBot) -> None:
    screen = CrisisScreen()
    shown(qtbot, screen)
    assert screen.break_button.hasFocus()
    with qtbot.waitSignal(screen.break_chosen, timeout=1000):
        qtbot.keyClick(screen.break_button, Qt.Key.Key_Return)
    qtbot.keyClick(screen.break_button, Qt.Key.Key_Tab)
    assert screen.continue_button.hasFocus()
    with qtbot.waitSignal(screen.continue_chosen, timeout=1000):
        qtbot.keyClick(screen.continue_button, Qt.Key.Key_Space)
    qtbot.keyClick(screen.continue_button, Qt.Key.Key_Backtab)
    qtbot.keyClick(screen.break_button, Qt.Key.Key_Backtab)
    assert screen.end_button.hasFocus()
    with qtbot.waitSignal(screen.end_chosen, timeout=1000):
        qtbot.keyClick(screen.end_button, Qt.Key.Key_Space)


def test_crisis_resources_scroll_by_keyboard(app: QApplication, qtbot: QtBot) -> None:
    screen = CrisisScreen()
    shown(qtbot, screen)
    bar = screen.text_area.verticalScrollBar()
    assert bar.maximum() > 0  # the national lines are below the fold at this size
    qtbot.keyClick(screen.break_button, Qt.Key.Key_Backtab)
    qtbot.keyClick(screen.end_button, Qt.Key.Key_Backtab)
    assert screen.text_area.hasFocus()
    qtbot.keyClick(screen.text_area, Qt.Key.Key_PageDown)
    assert bar.value() > 0


# --- self-check --------------------------------------------------------------------------------


def test_one_tap_answers_with_the_boxes_ticked(app: QApplication, qtbot: QtBot) -> None:
    screen = SelfCheckScreen()
    shown(qtbot, screen)
    assert screen.sleep_box.hasFocus()
    qtbot.keyClick(screen.sleep_box, Qt.Key.Key_Space)
    qtbot.mouseClick(screen.reality_box, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(screen.answered, timeout=1000) as answered:
        qtbot.mouseClick(screen.feeling_buttons[Feeling.UNSETTLED], Qt.MouseButton.LeftButton)
    assert answered.args == [
        SelfCheck(Feeling.UNSETTLED, trouble_sleeping_or_eating=True, doubting_reality=True)
    ]
    assert screen.pages.currentWidget() is screen.thanks_page
    assert not screen.suggests_therapist  # one hard evening is not a pattern
    assert screen.close_button.hasFocus()
    with qtbot.waitSignal(screen.dismissed, timeout=1000):
        qtbot.keyClick(screen.close_button, Qt.Key.Key_Return)


def test_repeated_distress_suggests_a_therapist(app: QApplication, qtbot: QtBot) -> None:
    screen = SelfCheckScreen(recent=[SelfCheck(Feeling.OVERWHELMED)])
    shown(qtbot, screen)
    button = screen.feeling_buttons[Feeling.UPSET]
    button.setFocus()
    with qtbot.waitSignal(screen.answered, timeout=1000):
        qtbot.keyClick(button, Qt.Key.Key_Space)
    assert screen.suggests_therapist
    guidance = safety_texts().therapist
    look_for = screen.findChild(QLabel, "therapistLookFor")
    assert isinstance(look_for, QLabel) and look_for.isVisibleTo(screen)
    assert guidance.look_for[0] in look_for.text()
    screen.reset(recent=[])
    assert screen.pages.currentWidget() is screen.ask_page
    assert not screen.sleep_box.isChecked()


def test_the_check_in_can_be_skipped(app: QApplication, qtbot: QtBot) -> None:
    screen = SelfCheckScreen()
    shown(qtbot, screen)
    with qtbot.assertNotEmitted(screen.answered), qtbot.waitSignal(screen.skipped, timeout=1000):
        qtbot.mouseClick(screen.skip_button, Qt.MouseButton.LeftButton)
    assert_named(screen)
    assert len(screen.feeling_buttons) == 5


# --- first run ---------------------------------------------------------------------------------


def test_first_run_says_what_attune_is_and_is_not(app: QApplication, qtbot: QtBot) -> None:
    screen = FirstRunScreen()
    shown(qtbot, screen)
    words = " ".join(label.text() for label in screen.texts)
    assert "practice, not therapy" in words
    assert "stays on this computer" in words
    assert "not suited to relationships where there is abuse or fear" in words
    assert [h.text() for h in screen.headings] == [
        "What Attune is",
        "What Attune is not",
        "Your privacy",
        "Your safety",
    ]
    assert screen.understand_button.hasFocus()
    with qtbot.waitSignal(screen.acknowledged, timeout=1000):
        qtbot.keyClick(screen.understand_button, Qt.Key.Key_Return)
    assert_named(screen)


def test_first_run_text_scrolls_by_keyboard_in_a_small_dialog(
    app: QApplication, qtbot: QtBot
) -> None:
    screen = FirstRunScreen()
    shown(qtbot, screen)
    screen.resize(640, 380)
    bar = screen.text_area.verticalScrollBar()
    assert bar.maximum() > 0
    qtbot.keyClick(screen.understand_button, Qt.Key.Key_Backtab)
    assert screen.text_area.hasFocus()
    qtbot.keyClick(screen.text_area, Qt.Key.Key_PageDown)
    assert bar.value() > 0
    assert screen.text_area.accessibleName()


# --- themes and pictures -----------------------------------------------------------------------


@pytest.mark.parametrize("choice", [ThemeChoice.LIGHT, ThemeChoice.DARK])
def test_every_safety_screen_renders_in_both_themes(
    app: QApplication, qtbot: QtBot, choice: ThemeChoice, tmp_path: Path
) -> None:
    apply_theme(app, choice)
    try:
        for screen in (
            TakeBreakScreen(clock=ManualClock()),
            CrisisScreen(check("he hit me")),
            SelfCheckScreen(),
            FirstRunScreen(),
        ):
            shown(qtbot, screen)
            picture = screen.grab()
            assert picture.width() == 1000
            path = tmp_path / f"{screen.objectName()}.png"
            assert picture.save(str(path))
            assert path.stat().st_size > 5000
    finally:
        apply_theme(app, ThemeChoice.SYSTEM)


def test_the_screenshot_script_writes_the_docs_pictures(
    app: QApplication, qtbot: QtBot, tmp_path: Path
) -> None:
    import importlib.util

    script = Path(__file__).resolve().parents[2] / "scripts" / "safety_screenshots.py"
    spec = importlib.util.spec_from_file_location("safety_screenshots", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    try:
        written = module.render(app, tmp_path, everything=False)
    finally:
        apply_theme(app, ThemeChoice.SYSTEM)
    assert sorted(p.name for p in written) == [
        "break-dark.png",
        "break-light.png",
        "crisis-light.png",
        "first-run-dark.png",
        "first-run-light.png",
    ]
