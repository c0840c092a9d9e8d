"""Every control a person can reach has a name and a description for assistive technology.

The whole window is checked over a real store in a temp data folder: each section, with and
without saved sessions, History's replay, the scenario editor and the encryption form. The
practice steps the flow test does not walk through (crisis, break, self-check, first run,
resume, lock, answer cards) are checked on their own.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QScrollBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.practice import ManualClock
from desktop.safety import Feeling
from desktop.store import Store
from tests.ui.practice_data import couple_session, days_ago, started_session
from ui.main_window import MainWindow, Section
from ui.screens.answer import AnswerScreen
from ui.screens.crisis import CrisisScreen
from ui.screens.first_run import FirstRunScreen
from ui.screens.history import HistoryScreen, Period
from ui.screens.lock import LockScreen
from ui.screens.progress import ProgressScreen
from ui.screens.resume import ResumePrompt
from ui.screens.scenario_library import ScenarioLibraryScreen
from ui.screens.self_check import SelfCheckScreen
from ui.screens.settings import SettingsScreen
from ui.screens.take_break import TakeBreakScreen

# The kinds of widget that are controls whenever they can take focus at all.
CONTROL_KINDS = (
    QAbstractButton,
    QComboBox,
    QAbstractSpinBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QAbstractItemView,
    QAbstractSlider,
)


def is_qt_internal(widget: QWidget) -> bool:
    """Qt's own parts of a control (a spin box's line edit, a scroll area's viewport)."""
    if widget.objectName().startswith("qt_"):
        return True
    parent = widget.parentWidget()
    return isinstance(parent, QAbstractScrollArea) and parent.viewport() is widget


def controls(root: QWidget) -> list[QWidget]:
    """The visible controls under `root`: the kinds above, and any widget Tab can reach.

    Scroll bars, and plain scroll areas, are containers: their contents are what is named.
    A scroll area that is a stop of its own (a long text to scroll with the keys) is given a
    name, or is one of Attune's own widgets, and then it is checked like any control. Text
    that can only be selected with the mouse is read as text, not as a control.
    """
    found: list[QWidget] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or is_qt_internal(widget) or isinstance(widget, QScrollBar):
            continue
        if isinstance(widget, QScrollArea) and not (
            widget.accessibleName() or type(widget).__module__.startswith("ui.")
        ):
            continue
        policy = widget.focusPolicy()
        if isinstance(widget, CONTROL_KINDS):
            takes_focus = policy != Qt.FocusPolicy.NoFocus
        else:
            takes_focus = bool(policy & Qt.FocusPolicy.TabFocus)
        if takes_focus:
            found.append(widget)
    return found


def who(widget: QWidget) -> str:
    return widget.objectName() or f"<unnamed {type(widget).__name__}>"


def assert_described(root: QWidget, where: str) -> int:
    """Every control under `root` has both texts; the offenders are listed by objectName."""
    checked = controls(root)
    assert checked, f"nothing to check on {where}"
    no_name = [who(w) for w in checked if not w.accessibleName().strip()]
    no_description = [who(w) for w in checked if not w.accessibleDescription().strip()]
    assert not no_name and not no_description, (
        f"{where}: without an accessibleName: {no_name}; "
        f"without an accessibleDescription: {no_description}"
    )
    return len(checked)


def show(qtbot: QtBot, window: MainWindow, section: Section) -> QWidget:
    screen = window.show_section(section)
    qtbot.waitUntil(screen.isVisible)
    return screen


def audit_sections(qtbot: QtBot, window: MainWindow, sections: Iterable[Section]) -> None:
    for section in sections:
        assert_described(show(qtbot, window, section), section.value)


def test_every_control_in_every_section_has_a_name_and_a_description(
    qtbot: QtBot, main_window: MainWindow, store: Store
) -> None:
    # An empty data folder first: the empty states have their own buttons.
    audit_sections(qtbot, main_window, Section)
    assert_described(main_window, "the window with the Help section")

    # Then saved sessions, so History lists them and Progress draws its charts.
    couple_session(
        store,
        ("Sam", "Alex"),
        ["I'm sorry, that makes sense.", "But you never listen."],
        when=days_ago(3),
        ratings=[4, 2],
    )
    main_window.on_practice_saved()
    audit_sections(qtbot, main_window, (Section.HISTORY, Section.PROGRESS))

    history = show(qtbot, main_window, Section.HISTORY)
    assert isinstance(history, HistoryScreen)
    history.period_filter.setCurrentIndex(list(Period).index(Period.BETWEEN))
    assert history.since_edit.isVisible()
    assert_described(history, "History filtered between dates")
    history.period_filter.setCurrentIndex(list(Period).index(Period.ANY))
    history.open_current()
    assert history.pages.currentWidget() is history.replay
    assert history.replay.cards
    assert_described(history, "History's replay")
    history.show_list()

    progress = show(qtbot, main_window, Section.PROGRESS)
    assert isinstance(progress, ProgressScreen)
    assert progress.over_time.view.isVisible()

    library = show(qtbot, main_window, Section.SCENARIOS)
    assert isinstance(library, ScenarioLibraryScreen)
    qtbot.mouseClick(library.new_button, Qt.MouseButton.LeftButton)
    assert library.editor.isVisible()
    assert_described(library, "the scenario editor")
    qtbot.mouseClick(library.test_button, Qt.MouseButton.LeftButton)
    assert library.test_results.isVisible()
    assert_described(library, "the scenario editor after testing the options")
    qtbot.mouseClick(library.cancel_button, Qt.MouseButton.LeftButton)

    settings = show(qtbot, main_window, Section.SETTINGS)
    assert isinstance(settings, SettingsScreen)
    for mode in ("on", "change", "off"):
        settings.privacy.open_form(mode)
        assert settings.privacy.go_button.isVisible()
        assert_described(settings, f"Settings with the encryption form ({mode})")
        settings.privacy.close_form()


def test_every_control_on_the_other_practice_steps_is_described(qtbot: QtBot, store: Store) -> None:
    """The steps the practice flow test does not reach, each on its own."""
    clock = ManualClock()
    crisis = CrisisScreen()
    take_break = TakeBreakScreen(clock=clock)
    self_check = SelfCheckScreen()
    first_run = FirstRunScreen()
    lock = LockScreen()
    answer = AnswerScreen()
    started_session(store, ("Sam", "Alex"), "I hear you.")
    resume = ResumePrompt(store.in_progress_sessions()[0])
    for screen in (crisis, take_break, self_check, first_run, lock, answer, resume):
        qtbot.addWidget(screen)
        screen.resize(1024, 700)
        screen.show()
        qtbot.waitExposed(screen)

    assert_described(crisis, "the crisis screen")
    assert_described(take_break, "the break")
    assert_described(self_check, "the self-check question")
    self_check.choose(Feeling.CALM)
    assert_described(self_check, "the self-check thank-you")
    assert_described(first_run, "the first-run screen")
    assert_described(resume, "the resume prompt")
    for encrypted in (True, False):
        lock.set_mode(encrypted=encrypted)
        assert_described(lock, f"the lock screen ({'encrypted' if encrypted else 'plain'})")

    # Answer cards with the typing box beside them, under a share long enough to scroll.
    answer.show_turn(
        answerer="Sam",
        sharer="Alex",
        hurt="I felt alone when you went quiet at dinner. " * 40,
        options=[
            "That sounds lonely, and I'm sorry.",
            "You're overreacting.",
            "I hear that you felt alone.",
            "Can we talk about this later?",
        ],
        typing=True,
        hint=lambda _text: "",
        rng=random.Random(3),
    )
    assert answer.cards.cards and all(card.isVisible() for card in answer.cards.cards)
    assert answer.hurt_view.focusPolicy() != Qt.FocusPolicy.NoFocus
    checked = assert_described(answer, "the answer cards")
    assert checked >= len(answer.cards.cards) + 3  # the cards, the share, the box, Send
    take_break.on_back_button_clicked()  # its timers stop
