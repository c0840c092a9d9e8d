"""The practice flow driven like a person would: keys and clicks on the real screens, a real
SQLite store in a temp folder, and a hand-moved clock instead of waiting."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QScrollArea, QScrollBar, QWidget
from pytestqt.qtbot import QtBot

from desktop.errors import DiskFull
from desktop.paths import AppPaths
from desktop.practice import ManualClock, SessionStatus
from desktop.store import Store
from tests.conftest import ROOT
from ui.app import make_application
from ui.screens.practice import PracticeScreen, Scoring

CTRL = Qt.KeyboardModifier.ControlModifier
HURT = "I felt alone when you went quiet at dinner. What I need is for you to talk to me."
FOLLOW_UP = "It still hurts when you look at your phone instead of me."
ANSWER = "That made you feel alone, and that makes sense. I'm sorry I shut you out."
SELF_HARM = "Sometimes I think about killing myself when you go quiet like that."


# --- the engine: the real one once installed, or a small stand-in; the real safety check --


@pytest.fixture
def scoring() -> Scoring:
    """The real engine (stand-ins only where a test passes its own)."""
    return Scoring()


@pytest.fixture
def detector() -> Any:
    from desktop.safety import check

    return check


@pytest.fixture
def practice_store(app_paths: AppPaths) -> Iterator[Store]:
    opened = Store.open(app_paths)
    yield opened
    opened.close(backup=False)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture(autouse=True)
def _end_without_asking(monkeypatch: pytest.MonkeyPatch) -> None:
    """The "end the session?" question is answered yes, as a person would by clicking."""
    monkeypatch.setattr(PracticeScreen, "confirm_end", classmethod(lambda cls, parent: True))


@pytest.fixture
def new_practice(
    qtbot: QtBot, practice_store: Store, clock: ManualClock, scoring: Scoring, detector: Any
) -> Callable[[], PracticeScreen]:
    """Makes a practice screen over the test's store and clock (a second one: a restart)."""
    make_application()
    seeds = iter(range(3, 100))

    def make() -> PracticeScreen:
        screen = PracticeScreen(
            practice_store,
            clock=clock,
            rng=random.Random(next(seeds)),
            scoring=scoring,
            detector=detector,
        )
        qtbot.addWidget(screen)
        screen.resize(1024, 700)
        with qtbot.waitActive(screen):
            screen.show()
            screen.activateWindow()
        return screen

    return make


@pytest.fixture
def practice(new_practice: Callable[[], PracticeScreen]) -> PracticeScreen:
    return new_practice()


# --- driving helpers: what a person does ------------------------------------------------------


def click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def start_couple(qtbot: QtBot, practice: PracticeScreen, rounds: int = 2) -> None:
    start = practice.start
    qtbot.keyClicks(start.first_name, "Sam")
    qtbot.keyClicks(start.second_name, "Alex")
    start.rounds.setCurrentIndex(start.rounds.findData(rounds))
    start.follow_ups.setCurrentIndex(start.follow_ups.findData(1))
    click(qtbot, start.start_button)


def start_solo(qtbot: QtBot, practice: PracticeScreen, seconds: int = 30) -> None:
    start = practice.start
    start.solo.setFocus()
    qtbot.keyClick(start.solo, Qt.Key.Key_Space)
    assert start.solo.isChecked()
    assert not start.second_name.isVisible()
    qtbot.keyClicks(start.first_name, "Robin")
    start.round_length.setCurrentIndex(start.round_length.findData(seconds))
    start.rounds.setCurrentIndex(start.rounds.findData(1))
    start.follow_ups.setCurrentIndex(start.follow_ups.findData(0))
    click(qtbot, start.start_button)


def share(qtbot: QtBot, practice: PracticeScreen, text: str) -> None:
    assert practice.pages.currentWidget() is practice.share
    qtbot.keyClicks(practice.share.box, text)
    qtbot.keyClick(practice.share.box, Qt.Key.Key_Return, CTRL)


def answer(qtbot: QtBot, practice: PracticeScreen, clock: ManualClock, text: str) -> None:
    assert practice.pages.currentWidget() is practice.answer
    qtbot.keyClicks(practice.answer.box, text)
    clock.advance(12)
    practice.on_tick_timeout()
    qtbot.keyClick(practice.answer.box, Qt.Key.Key_Return, CTRL)


def button(page: QWidget, name: str) -> QAbstractButton:
    found = page.findChild(QAbstractButton, name)
    assert found is not None, name
    return found


def current(practice: PracticeScreen) -> QWidget:
    page = practice.pages.currentWidget()
    assert page is not None
    return page


# --- the flows ---------------------------------------------------------------------------------


def test_couple_session_two_rounds_with_follow_up_rating_and_role_swap(
    qtbot: QtBot,
    practice: PracticeScreen,
    clock: ManualClock,
    practice_store: Store,
    scoring: Scoring,
) -> None:
    saved: list[int] = []
    finished: list[int] = []
    practice.session_saved.connect(saved.append)
    practice.session_finished.connect(finished.append)
    start_couple(qtbot, practice)
    assert "Sam shares, Alex answers" in practice.where.text()
    assert practice.share.heading.text() == "Sam, share a hurt"

    share(qtbot, practice, HURT)
    # The privacy screen: nothing of the answer screen, and not the share, is visible.
    assert current(practice) is practice.handoff
    assert practice.handoff.heading.text() == "Pass the keyboard to Alex"
    assert not practice.answer.isVisible()
    assert not practice.answer.hurt.isVisible()
    click(qtbot, practice.handoff.ready_button)

    assert current(practice) is practice.answer
    assert practice.answer.hurt.text() == HURT
    assert practice.answer.countdown.words.text() == "90 seconds left."
    qtbot.keyClicks(practice.answer.box, ANSWER)
    clock.advance(30)
    practice.on_tick_timeout()
    assert practice.answer.countdown.words.text() == "60 seconds left."
    qtbot.keyClick(practice.answer.box, Qt.Key.Key_Return, CTRL)

    # The sharer rates first; the verdict is not on screen yet.
    assert current(practice) is practice.rating
    assert not practice.feedback.isVisible()
    assert practice.rating.answer.text() == ANSWER
    click(qtbot, practice.rating.buttons[3])
    qtbot.keyClicks(practice.rating.note, "seen")
    click(qtbot, practice.rating.continue_button)

    assert current(practice) is practice.feedback
    expected = scoring.score(ANSWER, HURT)
    assert practice.feedback.validation_words.text() == (
        f"Validation: {round(expected.validation)} of 100"
    )
    assert practice.feedback.felt_value.text() == "4 of 5: Mostly"
    assert practice.feedback.felt_note.text() == "“seen”"
    assert practice.feedback.answer.text == ANSWER
    assert practice.feedback.next_button.text() == "Follow-up: Sam answers back"
    click(qtbot, practice.feedback.next_button)

    # Follow-up: the sharer answers back, then another timed answer (rating skipped).
    assert practice.share.heading.text() == "Sam, answer back to Alex"
    assert "follow-up 1 of 1" in practice.where.text()
    share(qtbot, practice, FOLLOW_UP)
    click(qtbot, practice.handoff.ready_button)
    answer(qtbot, practice, clock, "You still feel it. I'm here.")
    click(qtbot, practice.rating.skip_button)
    assert practice.feedback.felt_value.text() == "Not rated"
    assert practice.feedback.next_button.text() == "Next round: Alex shares"
    click(qtbot, practice.feedback.next_button)

    # Round two: roles swap.
    assert "Round 2 of 2" in practice.where.text()
    assert "Alex shares, Sam answers" in practice.where.text()
    share(qtbot, practice, "I felt left out when plans were made without me.")
    assert practice.handoff.heading.text() == "Pass the keyboard to Sam"
    click(qtbot, practice.handoff.ready_button)
    answer(qtbot, practice, clock, "That left you out. I'm sorry.")
    click(qtbot, practice.rating.buttons[4])
    click(qtbot, practice.rating.continue_button)
    click(qtbot, practice.feedback.next_button)
    share(qtbot, practice, "And it keeps happening.")
    click(qtbot, practice.handoff.ready_button)
    answer(qtbot, practice, clock, "It keeps happening, and that makes sense to be tired of.")
    click(qtbot, practice.rating.buttons[2])
    click(qtbot, practice.rating.continue_button)
    assert practice.feedback.next_button.text() == "See the summary"
    click(qtbot, practice.feedback.next_button)

    assert current(practice) is practice.summary
    names = [card.objectName() for card in practice.summary.cards]
    assert names == ["summaryCard_Alex", "summaryCard_Sam"]
    assert "not a contest" in practice.summary.framing.text()
    assert not practice.header.isVisible()

    session_id = finished[0]
    assert len(saved) == 4 + 3  # four answers, three ratings
    replay = practice_store.session_replay(session_id)
    assert replay.summary.status is SessionStatus.COMPLETED
    assert [(t.answerer, t.turn_index) for t in replay.turns] == [
        ("Alex", 0),
        ("Alex", 1),
        ("Sam", 0),
        ("Sam", 1),
    ]
    assert replay.turns[0].answer_text == ANSWER
    assert replay.turns[0].hurt_text == HURT
    assert replay.turns[0].result.validation == pytest.approx(expected.validation)
    assert [t.felt_heard.rating if t.felt_heard else None for t in replay.turns] == [
        4,
        None,
        5,
        3,
    ]
    assert replay.turns[0].felt_heard is not None
    assert replay.turns[0].felt_heard.note == "seen"


def test_solo_timer_runs_out_with_text(
    qtbot: QtBot, practice: PracticeScreen, clock: ManualClock, practice_store: Store
) -> None:
    start_solo(qtbot, practice, seconds=30)
    assert current(practice) is practice.answer
    hurt = practice.answer.hurt.text()
    assert hurt  # a scenario's opening line
    assert practice.answer.cards.cards  # both mode: the scenario's cards are offered
    qtbot.keyClicks(practice.answer.box, "I hear you and I'm sorry")
    clock.advance(22)
    practice.on_tick_timeout()
    assert practice.answer.countdown.words.text() == "8 seconds left: finish your thought."
    assert practice.answer.countdown.words.property("state") == "last"
    clock.advance(8.5)
    practice.on_tick_timeout()

    assert current(practice) is practice.feedback
    assert "Time ran out" in practice.feedback.timed_out.text()
    assert not practice.feedback.felt.isVisible()  # solo: no felt-heard rating
    assert practice.feedback.next_button.text() == "See the summary"
    session_id = practice.session.session_id if practice.session else 0
    turn = practice_store.session_replay(session_id).turns[0]
    assert turn.timed_out
    assert turn.answer_text == "I hear you and I'm sorry"
    assert turn.hurt_text == hurt
    assert turn.elapsed == pytest.approx(30.0)


def test_solo_timer_runs_out_with_nothing_typed_is_withdrawal(
    qtbot: QtBot, practice: PracticeScreen, clock: ManualClock, practice_store: Store
) -> None:
    start_solo(qtbot, practice, seconds=30)
    clock.advance(31)
    practice.on_tick_timeout()
    assert current(practice) is practice.feedback
    assert practice.feedback.label.text() == "Withdrawing"
    assert "nothing written" in practice.feedback.timed_out.text()
    session_id = practice.session.session_id if practice.session else 0
    turn = practice_store.session_replay(session_id).turns[0]
    assert turn.timed_out
    assert turn.answer_text == ""
    assert turn.result.label == "withdrawing"


def test_a_break_mid_answer_stops_the_clock_and_keeps_the_text(
    qtbot: QtBot, practice: PracticeScreen, clock: ManualClock, practice_store: Store
) -> None:
    start_solo(qtbot, practice, seconds=60)
    qtbot.keyClicks(practice.answer.box, "I'm so")
    clock.advance(20)
    practice.on_tick_timeout()
    assert practice.answer.countdown.words.text() == "40 seconds left."

    qtbot.keyClick(practice.answer.box, Qt.Key.Key_B, CTRL)
    assert current(practice) is practice.take_break
    assert not practice.break_button.isVisible()
    clock.advance(300)  # a long break never costs answering time
    practice.on_tick_timeout()
    click(qtbot, button(practice.take_break, "breakBackButton"))

    assert current(practice) is practice.answer
    assert practice.answer.box.toPlainText() == "I'm so"
    assert practice.answer.countdown.words.text() == "40 seconds left."
    session = practice.session
    assert session is not None
    replay = practice_store.session_replay(session.session_id)
    assert [(b.reason, round(b.seconds)) for b in replay.breaks] == [("break", 300)]
    assert replay.turns == ()  # the break was not scored as anything
    qtbot.keyClicks(practice.answer.box, "rry.")
    qtbot.keyClick(practice.answer.box, Qt.Key.Key_Return, CTRL)
    turn = practice_store.session_replay(session.session_id).turns[0]
    assert turn.answer_text == "I'm sorry."
    assert not turn.timed_out
    assert turn.elapsed == pytest.approx(20.0)


def test_the_session_can_be_ended_from_a_break_without_coming_back_first(
    qtbot: QtBot, practice: PracticeScreen, clock: ManualClock, practice_store: Store
) -> None:
    start_solo(qtbot, practice, seconds=60)
    qtbot.keyClicks(practice.answer.box, "I need to stop")
    qtbot.keyClick(practice.answer.box, Qt.Key.Key_B, CTRL)
    assert current(practice) is practice.take_break
    assert practice.end_button.isVisible() and not practice.break_button.isVisible()
    clock.advance(120)
    click(qtbot, practice.end_button)
    assert current(practice) is practice.summary
    session = practice.session
    assert session is not None
    replay = practice_store.session_replay(session.session_id)
    assert replay.summary.status is SessionStatus.ENDED_EARLY
    assert [(b.reason, round(b.seconds)) for b in replay.breaks] == [("break", 120)]
    assert replay.turns == ()  # ending from the break scores nothing


def test_crisis_screen_stops_the_round_when_a_share_mentions_self_harm(
    qtbot: QtBot, practice: PracticeScreen, clock: ManualClock, practice_store: Store
) -> None:
    start_couple(qtbot, practice, rounds=1)
    share(qtbot, practice, SELF_HARM)
    assert current(practice) is practice.crisis
    assert not practice.handoff.isVisible()
    session = practice.session
    assert session is not None and session.paused
    assert not practice.break_button.isVisible()
    events = practice_store.session_replay(session.session_id).safety_events
    assert [(e.level, e.source) for e in events] == [("crisis", "share")]

    # Continuing goes on to the hand-off; the share was kept.
    click(qtbot, button(practice.crisis, "crisisContinueButton"))
    assert current(practice) is practice.handoff
    clock.advance(5)
    click(qtbot, practice.handoff.ready_button)
    assert practice.answer.hurt.text() == SELF_HARM


def test_in_couple_mode_the_pause_does_not_name_fear_of_the_partner(
    qtbot: QtBot, practice: PracticeScreen, practice_store: Store
) -> None:
    from ui.screens.crisis import SHARED_SCREEN_MESSAGE

    start_couple(qtbot, practice, rounds=1)
    share(qtbot, practice, "I'm afraid of what he'll do when I tell him about the money.")
    assert current(practice) is practice.crisis
    assert practice.crisis.message.text() == SHARED_SCREEN_MESSAGE
    session = practice.session
    assert session is not None
    events = practice_store.session_replay(session.session_id).safety_events
    assert [(e.level, e.kind, e.source) for e in events] == [("crisis", "fear_of_partner", "share")]


def test_crisis_screen_can_end_the_session(
    qtbot: QtBot, practice: PracticeScreen, practice_store: Store
) -> None:
    start_couple(qtbot, practice, rounds=1)
    share(qtbot, practice, SELF_HARM)
    click(qtbot, button(practice.crisis, "crisisEndButton"))
    assert current(practice) is practice.summary
    session = practice.session
    assert session is not None
    assert practice_store.session_replay(session.session_id).summary.status is (
        SessionStatus.ENDED_EARLY
    )


def test_picking_a_card_by_keyboard_saves_that_option(
    qtbot: QtBot, practice: PracticeScreen, practice_store: Store
) -> None:
    start_solo(qtbot, practice, seconds=60)
    cards = practice.answer.cards
    assert 4 <= len(cards.cards) <= 6
    cards.cards[0].setFocus()
    qtbot.keyClick(cards.cards[0], Qt.Key.Key_2)
    assert cards.cards[1].isChecked()
    chosen = cards.selected
    qtbot.keyClick(cards.cards[1], Qt.Key.Key_Return, CTRL)
    session = practice.session
    assert session is not None and chosen is not None
    turn = practice_store.session_replay(session.session_id).turns[0]
    assert turn.chosen_option == chosen
    assert turn.answer_text == cards.cards[1].option_text


def test_a_full_disk_keeps_the_answer_on_screen_and_retry_saves_it(
    qtbot: QtBot,
    practice: PracticeScreen,
    practice_store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    start_solo(qtbot, practice, seconds=60)
    real = practice_store.turn_scored
    failures = iter([DiskFull("Could not save: the disk is full. Your text is still here.")])

    def full_once(session_id: int, turn: Any) -> int:
        for problem in failures:
            raise problem
        return real(session_id, turn)

    monkeypatch.setattr(practice_store, "turn_scored", full_once)
    qtbot.keyClicks(practice.answer.box, "I'm sorry.")
    qtbot.keyClick(practice.answer.box, Qt.Key.Key_Return, CTRL)
    assert current(practice) is practice.answer
    assert practice.answer.box.toPlainText() == "I'm sorry."
    assert practice.banner.isVisible()
    assert "disk is full" in practice.message.text()
    assert "Traceback" not in practice.message.text()
    click(qtbot, practice.retry_button)
    assert current(practice) is practice.feedback
    assert not practice.banner.isVisible()
    session = practice.session
    assert session is not None
    assert practice_store.session_replay(session.session_id).turns[0].answer_text == "I'm sorry."


def test_drafts_are_autosaved_and_a_resumed_session_gets_them_back(
    qtbot: QtBot,
    practice: PracticeScreen,
    practice_store: Store,
    new_practice: Callable[[], PracticeScreen],
) -> None:
    start_couple(qtbot, practice, rounds=1)
    share(qtbot, practice, HURT)
    click(qtbot, practice.handoff.ready_button)
    qtbot.keyClicks(practice.answer.box, "You felt alone")
    practice.on_autosave_timeout()
    session = practice.session
    assert session is not None
    snapshot = practice_store.in_progress_sessions()[0]
    assert snapshot.session_id == session.session_id
    assert snapshot.draft is not None and snapshot.draft.text == "You felt alone"

    # As if the app had crashed: a new screen picks the session up.
    again = new_practice()
    again.resume(snapshot)
    assert current(again) is again.handoff  # the keyboard may be with the other person
    click(qtbot, again.handoff.ready_button)
    assert again.answer.hurt.text() == HURT
    assert again.answer.box.toPlainText() == "You felt alone"


def test_start_screen_explains_what_is_missing(qtbot: QtBot, practice: PracticeScreen) -> None:
    start = practice.start
    qtbot.keyClicks(start.first_name, "Sam")
    qtbot.keyClicks(start.second_name, "sam")
    click(qtbot, start.start_button)
    assert current(practice) is start
    assert start.problem.isVisible()
    assert "two different names" in start.problem.text()
    assert practice.session is None


def test_a_whole_round_by_keyboard_alone(
    qtbot: QtBot, practice: PracticeScreen, clock: ManualClock, practice_store: Store
) -> None:
    """Only keys, always sent to whatever has the focus: no clicks, no direct calls."""

    def keys(text: str) -> None:
        qtbot.keyClicks(focused(), text)

    def key(name: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        qtbot.keyClick(focused(), name, modifier)

    def focused() -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None
        return widget

    assert focused() is practice.start.first_name
    keys("Sam")
    key(Qt.Key.Key_Tab)
    assert focused() is practice.start.second_name
    keys("Alex")
    key(Qt.Key.Key_Return)  # Enter in a name field starts
    assert focused() is practice.share.box
    keys(HURT)
    key(Qt.Key.Key_Return, CTRL)
    assert focused() is practice.handoff.ready_button
    key(Qt.Key.Key_Return)
    assert focused() is practice.answer.box
    keys(ANSWER)
    key(Qt.Key.Key_Return, CTRL)
    assert current(practice) is practice.rating
    key(Qt.Key.Key_5)
    assert practice.rating.rating == 5
    assert focused() is practice.rating.buttons[4]
    key(Qt.Key.Key_Tab)
    assert focused() is practice.rating.note
    keys("better")
    key(Qt.Key.Key_Return)
    assert current(practice) is practice.feedback
    assert focused() is practice.feedback.next_button
    assert practice.feedback.felt_value.text() == "5 of 5: Fully heard"
    turn = practice_store.session_replay(practice.session.session_id).turns[0]  # type: ignore[union-attr]
    assert turn.felt_heard is not None and turn.felt_heard.note == "better"


def test_every_control_on_every_step_is_named_for_assistive_technology(
    qtbot: QtBot, practice: PracticeScreen, clock: ManualClock
) -> None:
    def audit() -> None:
        page = current(practice)
        checked = 0
        for widget in [*page.findChildren(QWidget), *practice.header.findChildren(QWidget)]:
            if not widget.isVisible() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
                continue
            if isinstance(widget, (QScrollArea, QScrollBar)) or widget.objectName().startswith(
                "qt_"
            ):
                continue  # containers: their contents are what is named
            assert widget.objectName(), f"{page.objectName()}: {widget!r} has no objectName"
            assert widget.accessibleName(), f"{widget.objectName()} has no accessibleName"
            assert widget.accessibleDescription(), (
                f"{widget.objectName()} has no accessibleDescription"
            )
            checked += 1
        assert checked, f"nothing to check on {page.objectName()}"

    audit()
    start_couple(qtbot, practice, rounds=1)
    audit()
    share(qtbot, practice, HURT)
    audit()
    click(qtbot, practice.handoff.ready_button)
    audit()
    answer(qtbot, practice, clock, ANSWER)
    audit()
    click(qtbot, practice.rating.buttons[2])
    click(qtbot, practice.rating.continue_button)
    audit()
    click(qtbot, practice.feedback.next_button)  # the follow-up share
    audit()
    click(qtbot, practice.end_button)
    assert current(practice) is practice.summary
    audit()


def test_a_check_in_shows_a_gentle_note_and_the_round_goes_on(
    qtbot: QtBot, practice: PracticeScreen
) -> None:
    start_couple(qtbot, practice, rounds=1)
    share(qtbot, practice, "Honestly this is killing me, the way you go quiet.")
    assert current(practice) is practice.handoff
    assert practice.banner.isVisible()
    assert "therapist" in practice.message.text()
    assert not practice.retry_button.isVisible()


def test_the_start_screen_offers_the_saved_defaults(
    qtbot: QtBot, practice_store: Store, new_practice: Callable[[], PracticeScreen]
) -> None:
    practice_store.set_preference("round_seconds", "untimed")
    practice_store.set_preference("rounds", "3")
    practice_store.set_preference("answer_mode", "type")
    practice_store.set_preference("swap_roles", "false")
    screen = new_practice()
    assert not screen.start.swap_roles.isChecked()
    assert screen.start.round_length.currentText() == "Untimed"
    assert screen.start.rounds.currentData() == 3
    assert screen.start.answer_mode.currentText() == "Type your own answer"


def test_crisis_screen_can_lead_to_a_break_that_is_recorded_and_never_scored(
    qtbot: QtBot, practice: PracticeScreen, clock: ManualClock, practice_store: Store
) -> None:
    start_couple(qtbot, practice, rounds=1)
    share(qtbot, practice, SELF_HARM)
    clock.advance(30)
    click(qtbot, button(practice.crisis, "crisisBreakButton"))
    assert current(practice) is practice.take_break
    clock.advance(120)
    click(qtbot, button(practice.take_break, "breakBackButton"))
    assert current(practice) is practice.handoff  # the round goes on where it was
    session = practice.session
    assert session is not None
    replay = practice_store.session_replay(session.session_id)
    assert [(b.reason, round(b.seconds)) for b in replay.breaks] == [
        ("safety", 30),
        ("break", 120),
    ]
    assert replay.turns == ()


def test_ending_early_asks_first_and_keeps_what_was_answered(
    qtbot: QtBot,
    practice: PracticeScreen,
    clock: ManualClock,
    practice_store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    start_solo(qtbot, practice, seconds=60)
    monkeypatch.setattr(PracticeScreen, "confirm_end", classmethod(lambda cls, parent: False))
    click(qtbot, practice.end_button)
    assert current(practice) is practice.answer  # "Keep practising"
    monkeypatch.setattr(PracticeScreen, "confirm_end", classmethod(lambda cls, parent: True))
    click(qtbot, practice.end_button)
    assert current(practice) is practice.summary
    assert "ended the session early" in practice.summary.framing.text()
    session = practice.session
    assert session is not None
    summary = practice_store.session_replay(session.session_id).summary
    assert summary.status is SessionStatus.ENDED_EARLY


def test_a_couple_can_start_from_a_scenario_and_pick_its_cards(
    qtbot: QtBot, practice: PracticeScreen, clock: ManualClock, practice_store: Store
) -> None:
    start_couple(qtbot, practice, rounds=1)
    click(qtbot, practice.share.scenario_button)
    scenario_text = practice.share.text()
    assert scenario_text
    qtbot.keyClick(practice.share.box, Qt.Key.Key_Return, CTRL)
    click(qtbot, practice.handoff.ready_button)
    cards = practice.answer.cards.cards
    assert 4 <= len(cards) <= 6
    assert practice.answer.box.isVisible()  # both mode: cards and typing
    click(qtbot, cards[0])
    qtbot.keyClick(cards[0], Qt.Key.Key_Return, CTRL)
    assert current(practice) is practice.rating
    session = practice.session
    assert session is not None
    turn = practice_store.session_replay(session.session_id).turns[0]
    assert turn.hurt_text == scenario_text
    assert turn.scenario_id
    assert turn.answer_text == cards[0].option_text


def test_solo_follow_up_comes_from_the_scenario(
    qtbot: QtBot, practice: PracticeScreen, clock: ManualClock, practice_store: Store
) -> None:
    start = practice.start
    start.solo.setFocus()
    qtbot.keyClick(start.solo, Qt.Key.Key_Space)
    qtbot.keyClicks(start.first_name, "Robin")
    start.follow_ups.setCurrentIndex(start.follow_ups.findData(1))
    start.rounds.setCurrentIndex(start.rounds.findData(1))
    click(qtbot, start.start_button)
    opening = practice.answer.hurt.text()
    answer(qtbot, practice, clock, "That hurt you, and I'm sorry.")
    assert practice.feedback.next_button.text() == "Follow-up: hear what comes next"
    click(qtbot, practice.feedback.next_button)
    assert current(practice) is practice.answer
    assert practice.answer.hurt.text() not in ("", opening)
    assert "follow-up 1 of 1" in practice.where.text()
    answer(qtbot, practice, clock, "You want to know it won't happen again. I'm here.")
    click(qtbot, practice.feedback.next_button)
    assert current(practice) is practice.summary
    session = practice.session
    assert session is not None
    turns = practice_store.session_replay(session.session_id).turns
    assert [t.turn_index for t in turns] == [0, 1]
    assert turns[0].hurt_text == opening


def test_a_huge_paste_is_kept_but_not_sent(qtbot: QtBot, practice: PracticeScreen) -> None:
    start_solo(qtbot, practice, seconds=60)
    huge = "I hear you. " * 1000
    practice.answer.box.setPlainText(huge)  # a paste: one insertion, as the clipboard does
    qtbot.keyClick(practice.answer.box, Qt.Key.Key_Return, CTRL)
    assert current(practice) is practice.answer
    assert "under 10,000" in practice.answer.note.text()
    assert practice.answer.box.toPlainText() == huge


def test_after_the_summary_an_optional_check_in_is_saved(
    qtbot: QtBot, practice: PracticeScreen, clock: ManualClock, practice_store: Store
) -> None:
    start_solo(qtbot, practice, seconds=60)
    answer(qtbot, practice, clock, "I'm sorry.")
    click(qtbot, practice.feedback.next_button)
    assert current(practice) is practice.summary
    click(qtbot, practice.summary.check_button)
    assert current(practice) is practice.self_check
    sleep = button(practice.self_check, "selfCheckSleep")
    sleep.setFocus()
    qtbot.keyClick(sleep, Qt.Key.Key_Space)
    click(qtbot, button(practice.self_check, "selfCheckFeeling_upset"))
    checks = practice_store.self_checks()
    assert [(c.level, c.flags) for c in checks] == [(4, ("sleep_or_eating",))]
    click(qtbot, button(practice.self_check, "selfCheckClose"))
    assert current(practice) is practice.summary
    assert not practice.summary.check_button.isEnabled()


def test_leaving_the_screen_mid_answer_pauses_the_clock(
    qtbot: QtBot, practice: PracticeScreen, clock: ManualClock, practice_store: Store
) -> None:
    start_solo(qtbot, practice, seconds=60)
    clock.advance(15)
    practice.on_tick_timeout()
    practice.hide()  # another section of the window, or minimised
    clock.advance(600)
    practice.on_tick_timeout()
    practice.show()
    assert current(practice) is practice.answer
    assert practice.answer.countdown.words.text() == "45 seconds left."
    session = practice.session
    assert session is not None
    replay = practice_store.session_replay(session.session_id)
    assert [(b.reason, round(b.seconds)) for b in replay.breaks] == [("break", 600)]
    assert replay.turns == ()


def test_a_very_long_share_scrolls_instead_of_pushing_the_answer_box_away(
    qtbot: QtBot, practice: PracticeScreen
) -> None:
    start_couple(qtbot, practice, rounds=1)
    long_share = "I felt alone when you went quiet. " * 120
    practice.share.box.setPlainText(long_share)
    qtbot.keyClick(practice.share.box, Qt.Key.Key_Return, CTRL)
    click(qtbot, practice.handoff.ready_button)
    view = practice.answer.hurt_view
    assert practice.answer.hurt.text() == long_share
    assert view.height() <= 200
    assert view.focusPolicy() == Qt.FocusPolicy.StrongFocus  # reachable to scroll by keys
    assert practice.answer.box.height() >= 150


def test_hints_off_means_no_hint_line_and_a_break_keeps_the_share(
    qtbot: QtBot, practice: PracticeScreen, clock: ManualClock
) -> None:
    start = practice.start
    qtbot.keyClicks(start.first_name, "Sam")
    qtbot.keyClicks(start.second_name, "Alex")
    start.hints.setFocus()
    qtbot.keyClick(start.hints, Qt.Key.Key_Space)
    assert not start.hints.isChecked()
    click(qtbot, start.start_button)
    qtbot.keyClicks(practice.share.box, "I felt")
    qtbot.keyClick(practice.share.box, Qt.Key.Key_B, CTRL)
    assert current(practice) is practice.take_break
    click(qtbot, button(practice.take_break, "breakBackButton"))
    assert current(practice) is practice.share
    assert practice.share.text() == "I felt"
    qtbot.keyClicks(practice.share.box, " alone.")
    qtbot.keyClick(practice.share.box, Qt.Key.Key_Return, CTRL)
    click(qtbot, practice.handoff.ready_button)
    assert not practice.answer.hint.isVisible()
    qtbot.keyClicks(practice.answer.box, "I hear you.")
    qtbot.keyClick(practice.answer.box, Qt.Key.Key_Return, CTRL)
    click(qtbot, practice.rating.skip_button)
    assert practice.feedback.in_answer_to.text() == "In answer to: “I felt alone.”"


def test_solo_moves_on_to_a_scenario_not_yet_practised(
    qtbot: QtBot,
    practice_store: Store,
    clock: ManualClock,
    scoring: Scoring,
    detector: Any,
) -> None:
    make_application()
    hurts = []
    for _attempt in range(2):
        # The same seed both times: only the saved history can make the second draw differ.
        screen = PracticeScreen(
            practice_store, clock=clock, rng=random.Random(42), scoring=scoring, detector=detector
        )
        qtbot.addWidget(screen)
        with qtbot.waitActive(screen):
            screen.show()
            screen.activateWindow()
        start_solo(qtbot, screen, seconds=60)
        hurts.append(screen.answer.hurt.text())
        answer(qtbot, screen, clock, "That hurt you. I'm sorry.")
        clock.advance(60)
    assert hurts[0] != hurts[1]


def test_autosave_writes_only_when_the_text_changed(
    qtbot: QtBot, practice: PracticeScreen, practice_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved: list[str] = []
    real = practice_store.draft_saved

    def counting(session_id: int, draft: Any) -> None:
        saved.append(draft.text)
        real(session_id, draft)

    monkeypatch.setattr(practice_store, "draft_saved", counting)
    start_solo(qtbot, practice, seconds=60)
    practice.on_autosave_timeout()  # nothing typed yet: nothing to keep
    qtbot.keyClicks(practice.answer.box, "I hear")
    practice.on_autosave_timeout()
    practice.on_autosave_timeout()
    qtbot.keyClicks(practice.answer.box, " you")
    practice.on_autosave_timeout()
    assert saved == ["I hear", "I hear you"]


def test_a_pack_of_your_own_is_a_topic_for_solo_practice(
    qtbot: QtBot, practice: PracticeScreen, clock: ManualClock, practice_store: Store
) -> None:
    """A scenario written or imported since the last session: its pack is offered as a topic
    the next time the start screen shows, and solo practice on it draws that scenario."""
    from desktop.content import Source, parse_pack_text
    from desktop.content.saved import save_scenario

    text = (ROOT / "resources/scenarios/templates/new-scenario.toml").read_text(encoding="utf-8")
    load = parse_pack_text(text, "mine.toml", Source.USER)
    save_scenario(practice_store, load.scenarios[0], "Our own words")
    topic = practice.start.topic
    assert topic.findData("my-scenarios") == -1  # not known when the screen was built
    practice.show_start()
    assert topic.itemText(topic.findData("my-scenarios")) == "Your pack: Our own words"
    topic.setFocus()
    topic.setCurrentIndex(topic.findData("my-scenarios"))
    start_solo(qtbot, practice)
    assert practice.answer.hurt.text() == "I felt ... when ... What I need is ..."


def test_soft_tones_when_time_is_nearly_up_and_when_it_runs_out(
    qtbot: QtBot, practice: PracticeScreen, clock: ManualClock
) -> None:
    """One tone as the last ten seconds begin (not again on later ticks), one at zero."""
    played: list[str] = []
    practice.chimes.played.connect(lambda cue, how: played.append(cue))
    start_solo(qtbot, practice, seconds=30)
    for _ in range(3):
        clock.advance(6)  # 24, 18, then 12 s left
        practice.on_tick_timeout()
    assert played == []
    clock.advance(3)  # 9 s left
    practice.on_tick_timeout()
    clock.advance(1)
    practice.on_tick_timeout()
    assert played == ["nearly-up"]
    clock.advance(8.5)
    practice.on_tick_timeout()
    assert current(practice) is practice.feedback
    assert played == ["nearly-up", "time-up"]


def test_no_tones_when_sounds_are_turned_off(
    qtbot: QtBot, practice: PracticeScreen, clock: ManualClock, practice_store: Store
) -> None:
    practice_store.set_preference("sounds", "false")
    played: list[str] = []
    practice.chimes.played.connect(lambda cue, how: played.append(cue))
    start_solo(qtbot, practice, seconds=30)
    clock.advance(25)
    practice.on_tick_timeout()
    clock.advance(6)
    practice.on_tick_timeout()
    assert current(practice) is practice.feedback
    assert played == []


@pytest.mark.parametrize("where", ["answer", "note"])
def test_crisis_screen_stops_a_round_under_way_when_an_answer_or_note_raises_it(
    qtbot: QtBot, practice: PracticeScreen, clock: ManualClock, practice_store: Store, where: str
) -> None:
    """Mid-round, with the timer running: the answer (or the sharer's note on it) speaks of
    harm. The crisis screen comes, the session pauses, and the answer is saved as typed."""
    start_couple(qtbot, practice, rounds=1)
    share(qtbot, practice, HURT)
    click(qtbot, practice.handoff.ready_button)
    clock.advance(20)
    practice.on_tick_timeout()
    said = "Sometimes I think about killing myself when we fight." if where == "answer" else ANSWER
    qtbot.keyClicks(practice.answer.box, said)
    qtbot.keyClick(practice.answer.box, Qt.Key.Key_Return, CTRL)
    if where == "note":
        click(qtbot, practice.rating.buttons[1])
        qtbot.keyClicks(practice.rating.note, "I want to end my life.")
        click(qtbot, practice.rating.continue_button)
    assert current(practice) is practice.crisis
    session = practice.session
    assert session is not None and session.paused
    replay = practice_store.session_replay(session.session_id)
    assert [(e.level, e.source) for e in replay.safety_events] == [("crisis", where)]
    assert replay.turns[0].answer_text == said
    assert all(said not in repr(e) for e in replay.safety_events)  # the text is not copied
    # The pause is a safety break: recorded when they go on, never scored.
    clock.advance(60)
    click(qtbot, button(practice.crisis, "crisisContinueButton"))
    breaks = practice_store.session_replay(session.session_id).breaks
    assert [(str(b.reason), round(b.seconds)) for b in breaks] == [("safety", 60)]


def test_an_answer_that_needs_no_rewrite_is_told_so_not_shown_itself_again(
    qtbot: QtBot, practice: PracticeScreen, clock: ManualClock
) -> None:
    practice.scoring = Scoring(rewrite=lambda text, hurt: text)  # nothing to improve
    start_solo(qtbot, practice)
    answer(qtbot, practice, clock, "That hurt you, and I did it. I'm sorry. What would help?")
    assert practice.feedback.rewrite.text() == (
        "Nothing to change: this answer already does what a rewrite would."
    )
