"""The practice flow's own widgets: countdown, highlighted answer, option cards, checklist,
the share frame, the summary and the resume prompt, each driven by keys and the mouse."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop.practice import (
    Draft,
    FeltHeard,
    Hurt,
    Mode,
    SessionSettings,
    SessionSnapshot,
    SessionStatus,
    Turn,
)
from desktop.practice.summary import EarlierAverages, summarise
from ui.app import make_application
from ui.screens.resume import ResumePrompt
from ui.screens.share import FRAME, ShareScreen
from ui.screens.summary import SummaryScreen
from ui.widgets.checklist import Checklist
from ui.widgets.countdown import Countdown, TimeState, time_words
from ui.widgets.highlighted_answer import HighlightedAnswer, segments
from ui.widgets.option_cards import OptionCards


@dataclass(frozen=True, slots=True)
class Hit:
    rule_id: str
    category: str
    polarity: str
    start: int
    end: int
    weight: float = 1.0
    message: str = ""
    suggestion: str = ""


@dataclass(frozen=True, slots=True)
class Steps:
    validated: bool
    owned: bool
    explained: bool
    order_ok: bool


@dataclass(frozen=True, slots=True)
class Result:
    validation: float
    defensiveness: float
    label: str
    hits: tuple[Hit, ...] = ()


ANSWER = "I'm sorry, but you always do this."
HITS = (
    Hit("apology", "apology", "validation", 0, 9, message="A clean apology."),
    Hit(
        "yes-but",
        "yes_but",
        "defensiveness",
        11,
        14,
        message="A but cancels.",
        suggestion="Stop at sorry.",
    ),
    Hit(
        "always",
        "always_never",
        "defensiveness",
        15,
        25,
        message="Sweeping.",
        suggestion="Be specific.",
    ),
)


@pytest.fixture(autouse=True)
def _app() -> None:
    make_application()


KEPT: list[QWidget] = []


@pytest.fixture(autouse=True)
def _windows() -> Iterator[None]:
    """pytest-qt only holds test windows weakly: keep each alive for its test."""
    yield
    for window in KEPT:
        window.close()
        window.deleteLater()
    KEPT.clear()


def host(qtbot: QtBot, *widgets: QWidget) -> QWidget:
    window = QWidget()
    KEPT.append(window)
    layout = QVBoxLayout(window)
    for widget in widgets:
        layout.addWidget(widget)
    qtbot.addWidget(window)
    window.resize(800, 500)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


# --- countdown ------------------------------------------------------------------------------


def test_countdown_changes_words_not_only_colour_near_the_end(qtbot: QtBot) -> None:
    countdown = Countdown()
    host(qtbot, countdown)
    countdown.show_time(45, 90)
    assert countdown.words.text() == "45 seconds left."
    assert countdown.state is TimeState.CALM
    countdown.show_time(25, 90)
    assert countdown.words.text() == "25 seconds left: start wrapping up."
    countdown.show_time(4.2, 90)
    assert countdown.words.text() == "5 seconds left: finish your thought."
    assert countdown.words.property("state") == "last"
    assert countdown.accessibleDescription() == countdown.words.text()
    countdown.show_time(30, 90, paused=True)
    assert countdown.words.text() == "Paused with 30 seconds left."
    countdown.show_time(None, None)
    assert countdown.words.text() == "No time limit: take the time you need."


def test_time_words_round_up_and_read_minutes() -> None:
    assert time_words(0.2) == "1 second left: finish your thought."
    assert time_words(0) == "Time is up."
    assert time_words(240) == "4 minutes left."
    assert time_words(150) == "2 min 30 s left."


# --- highlighted answer -----------------------------------------------------------------------


def test_segments_cover_the_text_once_and_prefer_the_narrower_hit() -> None:
    hits = (Hit("a", "x", "validation", 0, 10), Hit("b", "y", "defensiveness", 4, 6))
    parts = segments(12, hits)
    assert [(p.start, p.end, p.hit) for p in parts] == [
        (0, 4, 0),
        (4, 6, 1),
        (6, 10, 0),
        (10, 12, None),
    ]
    assert segments(3, (Hit("z", "x", "validation", 5, 9),))[0].hit is None


def test_tab_moves_from_mark_to_mark_and_explains_each(qtbot: QtBot) -> None:
    before = QPushButton("before")
    view = HighlightedAnswer()
    after = QPushButton("after")
    host(qtbot, before, view, after)
    view.set_answer(ANSWER, HITS)
    assert view.text_view.toPlainText().startswith("I'm sorry")
    before.setFocus()
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    assert view.text_view.hasFocus()
    assert view.shown_hit == 0
    assert "A clean apology." in view.why.text()
    first = HITS[0]
    assert view.why.text().startswith(f"“{ANSWER[first.start : first.end]}”")
    qtbot.keyClick(view.text_view, Qt.Key.Key_Tab)
    assert view.shown_hit == 1
    assert "Works against it" in view.why.text()
    assert "Try: Stop at sorry." in view.why.text()
    qtbot.keyClick(view.text_view, Qt.Key.Key_Tab)
    assert view.shown_hit == 2
    qtbot.keyClick(view.text_view, Qt.Key.Key_Tab)
    assert after.hasFocus()  # the last mark lets focus move on


def test_hovering_a_mark_explains_it(qtbot: QtBot) -> None:
    view = HighlightedAnswer()
    host(qtbot, view)
    view.set_answer(ANSWER, HITS)
    browser = view.text_view
    cursor = browser.textCursor()
    cursor.setPosition(ANSWER.index("always") + 1)
    point = browser.cursorRect(cursor).center()
    qtbot.mouseMove(browser.viewport(), point)
    qtbot.mouseMove(browser.viewport(), point + QPoint(1, 0))
    assert view.shown_hit == 2
    assert "Sweeping." in view.why.text()


def test_an_empty_answer_says_nothing_was_written(qtbot: QtBot) -> None:
    view = HighlightedAnswer()
    host(qtbot, view)
    view.set_answer("", ())
    assert "Nothing was written" in view.text_view.toPlainText()
    assert view.why.text() == "Nothing in this answer was marked."


# --- option cards -------------------------------------------------------------------------------


def test_cards_are_shuffled_capped_at_six_and_chosen_by_keys(qtbot: QtBot) -> None:
    texts = [f"Option text number {i}" for i in range(8)]
    cards = OptionCards()
    host(qtbot, cards)
    cards.set_options(texts, random.Random(5))
    assert len(cards.cards) == 6
    shown = [card.option_text for card in cards.cards]
    assert shown != texts[:6]  # shuffled
    chosen: list[int] = []
    cards.option_selected.connect(chosen.append)
    cards.cards[0].setFocus()
    qtbot.keyClick(cards.cards[0], Qt.Key.Key_Down)
    assert cards.cards[1].hasFocus()
    qtbot.keyClick(cards.cards[1], Qt.Key.Key_Space)
    assert cards.selected == texts.index(shown[1])
    assert cards.cards[1].label.text().startswith("✓ Chosen:")
    qtbot.keyClick(cards.cards[1], Qt.Key.Key_4)
    assert not cards.cards[1].isChecked()
    assert cards.selected == texts.index(shown[3])
    assert chosen == [texts.index(shown[1]), texts.index(shown[3])]


# --- checklist -----------------------------------------------------------------------------------


def test_checklist_says_which_steps_happened_and_warns_about_order(qtbot: QtBot) -> None:
    checklist = Checklist()
    host(qtbot, checklist)
    checklist.set_steps(Steps(validated=False, owned=True, explained=True, order_ok=False))
    assert checklist.marks["validated"].text() == "○"
    assert checklist.marks["owned"].text() == "✓"
    assert checklist.texts["validated"].text().startswith("Not yet")
    assert "excuse" in checklist.order.text()


# --- share frame ---------------------------------------------------------------------------------


def test_gentle_frame_fills_gap_by_gap_with_tab(qtbot: QtBot) -> None:
    from desktop.engine import score_share

    screen = ShareScreen(score_share)
    host(qtbot, screen)
    screen.show_turn("Sam", "Alex", follow_up=False)
    sent: list[str] = []
    screen.share_sent.connect(lambda text, _scenario: sent.append(text))
    qtbot.mouseClick(screen.frame_button, Qt.MouseButton.LeftButton)
    assert screen.text() == FRAME
    qtbot.keyClicks(screen.box, "scared")
    qtbot.keyClick(screen.box, Qt.Key.Key_Tab)
    qtbot.keyClicks(screen.box, "you left")
    qtbot.keyClick(screen.box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert sent == []  # a gap is still open
    assert "Fill in each" in screen.score.text()
    qtbot.keyClicks(screen.box, "a call")
    screen.on_preview_timer_timeout()
    assert screen.score.text().startswith("Gentle start-up")
    qtbot.keyClick(screen.box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert sent == ["I felt scared when you left What I need is a call"]


# --- summary -------------------------------------------------------------------------------


def turn(answerer: str, validation: float, text: str, rating: int | None = None) -> Turn:
    return Turn(
        round_index=0,
        turn_index=0,
        sharer="Sam" if answerer == "Alex" else "Alex",
        answerer=answerer,
        hurt=Hurt("It hurt."),
        share=None,
        answer_text=text,
        chosen_option=None,
        elapsed=10.0,
        timed_out=False,
        result=Result(validation, 10, "validating", (Hit("e", "excuse", "defensiveness", 0, 1),)),
        answered_at=datetime(2026, 1, 1, tzinfo=UTC),
        felt_heard=FeltHeard(rating) if rating else None,
    )


def test_summary_shows_each_person_their_own_change(qtbot: QtBot) -> None:
    screen = SummaryScreen()
    host(qtbot, screen)
    turns = [
        turn("Alex", 80, "That hurt you."),
        turn("Alex", 60, "Sorry.", 4),
        turn("Sam", 40, "Ok."),
    ]
    earlier = {"Alex": EarlierAverages(validation=50, defensiveness=30, sessions=3)}
    screen.show_summary(summarise(turns, earlier), couple=True, ended_early=False)
    assert [card.objectName() for card in screen.cards] == ["summaryCard_Alex", "summaryCard_Sam"]
    alex, sam = screen.cards
    texts = [label.text() for label in alex.findChildren(type(screen.heading))]
    assert "Validation was 20 points higher than in your earlier sessions: a step forward." in texts
    assert (
        "Defensiveness was 20 points lower than in your earlier sessions: a step forward." in texts
    )
    assert "The answer that landed best" in texts
    assert "“That hurt you.”" in texts
    assert "A habit to work on" in texts
    assert any("Excuse" in text for text in texts)
    # The rating was Sam's, given after Alex answered: the card says whose it was.
    felt = alex.findChild(type(screen.heading), "summaryFeltHeard")
    assert felt.text().startswith("How heard Sam felt")
    assert "4.0 of 5" in felt.text()
    sam_texts = [label.text() for label in sam.findChildren(type(screen.heading))]
    assert "No earlier sessions yet: this one is the baseline." in sam_texts
    assert "What landed" in sam_texts  # one answer: no "best" of one
    assert "not a contest" in screen.framing.text()


def test_summary_never_holds_up_an_answer_that_did_not_work(qtbot: QtBot) -> None:
    screen = SummaryScreen()
    host(qtbot, screen)
    blame = Result(0, 60, "defensive", (Hit("b", "blame_shifting", "defensiveness", 0, 3),))
    quiet = Result(20, 0, "neutral", ())
    turns = [
        replace(turn("Alex", 0, "You weren't interested in me, so what did you expect?"),
                result=blame),
        replace(turn("Alex", 20, "Okay, I see."), result=quiet),
    ]  # fmt: skip
    earlier = {"Alex": EarlierAverages(validation=80, defensiveness=10, sessions=2)}
    screen.show_summary(summarise(turns, earlier), couple=False, ended_early=False)
    (alex,) = screen.cards
    texts = [label.text() for label in alex.findChildren(type(screen.heading))]
    assert alex.findChild(type(screen.heading), "summaryBest") is None
    assert not any("landed" in text for text in texts)
    assert not any("what did you expect" in text for text in texts)
    assert (
        "Validation was 70 points lower than in your earlier sessions: something to watch "
        "next time." in texts
    )
    assert "A habit to work on" in texts
    assert "• Blame-shifting" in texts


def test_summary_without_defensive_habits_suggests_a_next_step(qtbot: QtBot) -> None:
    screen = SummaryScreen()
    host(qtbot, screen)
    quiet = Result(30, 0, "neutral", ())
    screen.show_summary(
        summarise([replace(turn("Sam", 30, "Okay."), result=quiet)]),
        couple=False,
        ended_early=False,
    )
    habits = screen.cards[0].findChild(type(screen.heading), "summaryHabits")
    assert "No defensive habit stood out" in habits.text()
    assert "naming their feeling" in habits.text()


# --- resume prompt -------------------------------------------------------------------------


def test_resume_prompt_says_what_was_saved(qtbot: QtBot) -> None:
    settings = SessionSettings(mode=Mode.COUPLE, partners=("Sam", "Alex"))
    snapshot = SessionSnapshot(
        session_id=3,
        settings=settings,
        started_at=datetime(2026, 1, 5, 19, 30, tzinfo=UTC),
        status=SessionStatus.IN_PROGRESS,
        turns=(turn("Alex", 70, "I hear you."),),
        draft=Draft(0, 1, "answer", "It hurt.", "half a sentence", datetime.now(UTC)),
    )
    prompt = ResumePrompt(snapshot)
    qtbot.addWidget(prompt)
    text = prompt.message.text()
    assert "Sam and Alex" in text
    assert "1 answer was saved" in text
    assert "being written is kept" in text
    assert prompt.resume_button.isDefault()
    no_draft = replace(snapshot, draft=None, turns=())
    assert "No answers had been saved yet" in ResumePrompt(no_draft).message.text()


def test_marks_are_redrawn_in_the_new_theme(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QApplication

    from ui.theme import ThemeChoice, apply_theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    view = HighlightedAnswer()
    host(qtbot, view)
    apply_theme(app, ThemeChoice.LIGHT)
    view.set_answer(ANSWER, HITS)
    light = view.text_view.toHtml()
    apply_theme(app, ThemeChoice.DARK)
    dark = view.text_view.toHtml()
    apply_theme(app, ThemeChoice.SYSTEM)
    assert light != dark
    assert view.text_view.toPlainText().startswith("I'm sorry")


def test_a_long_answer_scrolls_unless_the_cap_is_lifted(qtbot: QtBot) -> None:
    long_answer = "I hear how much that hurt, and I am here. " * 60
    capped = HighlightedAnswer()
    whole = HighlightedAnswer(max_height=None)
    host(qtbot, capped, whole)
    capped.set_answer(long_answer, ())
    whole.set_answer(long_answer, ())
    assert capped.text_view.height() <= 320
    assert whole.text_view.height() > 320


def test_the_ring_changes_colour_and_shape_as_well_as_words(qtbot: QtBot) -> None:
    countdown = Countdown()
    host(qtbot, countdown)
    countdown.show_time(60, 90)
    calm = countdown.ring._arc_colour()
    assert not countdown.ring.grab().isNull()
    countdown.show_time(5, 90)
    assert countdown.ring._arc_colour() != calm
    countdown.show_time(40, 90, paused=True)
    assert countdown.state is TimeState.PAUSED
    assert not countdown.ring.grab().isNull()
