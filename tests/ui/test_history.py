"""History: the list over a real store, filters, replay with highlights, delete, export."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop.store import Store
from tests.ui.practice_data import couple_session, days_ago
from ui.main_window import MainWindow, Section
from ui.models.sessions import Column, SessionsModel
from ui.screens.history import HistoryScreen, Period
from ui.widgets.highlighted_answer import HighlightedAnswer


@pytest.fixture
def filled(store: Store) -> dict[str, int]:
    """Three sessions: two of Sam & Alex (old and recent), one of Robin & Kai."""
    return {
        "old": couple_session(
            store,
            ("Sam", "Alex"),
            ["You always do this, but fine.", "But you never listen."],
            when=days_ago(40),
            ratings=[2, 1],
        ),
        "recent": couple_session(
            store,
            ("Sam", "Alex"),
            ["I'm sorry, that makes sense.", "That makes sense."],
            when=days_ago(2),
            ratings=[5, 4],
        ),
        "other": couple_session(
            store, ("Robin", "Kai"), ["I'm sorry."], when=days_ago(1), ratings=[4]
        ),
    }


def history_of(window: MainWindow) -> HistoryScreen:
    screen = window.show_section(Section.HISTORY, focus=True)
    assert isinstance(screen, HistoryScreen)
    return screen


def shown_rows(screen: HistoryScreen) -> list[list[str]]:
    model = screen.table.model()
    return [
        [str(model.index(row, col).data()) for col in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def test_the_list_shows_every_session_newest_first(
    qtbot: QtBot, main_window: MainWindow, filled: dict[str, int]
) -> None:
    screen = history_of(main_window)
    rows = shown_rows(screen)
    assert [row[Column.NAMES] for row in rows] == ["Robin & Kai", "Sam & Alex", "Sam & Alex"]
    assert [row[Column.ROUNDS] for row in rows] == ["1", "2", "2"]
    # Averages of what was saved: "I'm sorry, that makes sense." 80, "That makes sense." 40.
    assert rows[1][Column.VALIDATION] == "60"
    assert rows[1][Column.DEFENSIVENESS] == "0"
    assert rows[1][Column.FELT_HEARD] == "4.5"
    assert rows[2][Column.DEFENSIVENESS] == "55"
    assert screen.count_label.text() == "3 sessions"
    assert screen.table.isVisible()


def test_the_sessions_model_is_a_well_behaved_qt_model(
    qtmodeltester: object, store: Store, filled: dict[str, int]
) -> None:
    model = SessionsModel(lambda limit, offset: store.list_sessions(limit=limit, offset=offset))
    model.reload()
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_years_of_sessions_load_a_page_at_a_time(store: Store) -> None:
    for day in range(5):
        couple_session(store, ("Sam", "Alex"), ["That makes sense."], when=days_ago(day + 1))
    model = SessionsModel(
        lambda limit, offset: store.list_sessions(limit=limit, offset=offset), page_size=2
    )
    model.reload()
    assert model.rowCount() == 2 and model.canFetchMore()
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 5
    ids = [model.summary(row).session_id for row in range(5)]
    assert len(set(ids)) == 5


def test_filter_by_partner_with_the_keyboard(
    qtbot: QtBot, main_window: MainWindow, filled: dict[str, int]
) -> None:
    screen = history_of(main_window)
    combo = screen.partner_filter
    items = [combo.itemText(i) for i in range(combo.count())]
    assert items == ["Everyone", "Alex", "Kai", "Robin", "Sam"]
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # Alex
    assert [row[Column.NAMES] for row in shown_rows(screen)] == ["Sam & Alex", "Sam & Alex"]
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # Kai
    assert [row[Column.NAMES] for row in shown_rows(screen)] == ["Robin & Kai"]


def test_filter_by_date(qtbot: QtBot, main_window: MainWindow, filled: dict[str, int]) -> None:
    screen = history_of(main_window)
    screen.period_filter.setFocus()
    qtbot.keyClick(screen.period_filter, Qt.Key.Key_Down)  # Past 7 days
    assert screen.period() is Period.WEEK
    assert len(shown_rows(screen)) == 2
    screen.period_filter.setCurrentIndex(list(Period).index(Period.BETWEEN))
    assert screen.since_edit.isVisible() and screen.until_edit.isVisible()
    today = QDate.currentDate()
    screen.since_edit.setDate(today.addDays(-45))
    screen.until_edit.setDate(today.addDays(-30))
    assert [row[Column.FELT_HEARD] for row in shown_rows(screen)] == ["1.5"]


def test_filters_that_match_nothing_say_so(
    qtbot: QtBot, main_window: MainWindow, filled: dict[str, int]
) -> None:
    screen = history_of(main_window)
    screen.period_filter.setCurrentIndex(list(Period).index(Period.BETWEEN))
    screen.since_edit.setDate(QDate(2001, 1, 1))
    screen.until_edit.setDate(QDate(2001, 1, 2))
    assert screen.empty.isVisible()
    assert "No sessions match" in screen.empty.text()
    assert not screen.open_button.isEnabled()


def test_an_empty_history_says_where_sessions_come_from(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    screen = history_of(main_window)
    assert screen.empty.isVisible()
    assert "Practice" in screen.empty.text()


def test_enter_opens_a_replay_of_every_round_with_highlights(
    qtbot: QtBot, main_window: MainWindow, filled: dict[str, int]
) -> None:
    screen = history_of(main_window)
    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_Down)  # the second row: Sam & Alex, recent
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    assert screen.replay.isVisible()
    assert screen.replay.session_id == filled["recent"]
    assert len(screen.replay.cards) == 2
    first = screen.replay.cards[0]
    view = first.findChild(HighlightedAnswer)
    assert view is not None
    assert view.text == "I'm sorry, that makes sense."
    # Both saved hits are marked where their words are: "I'm sorry" and "that makes sense".
    assert sorted((h.start, h.end) for h in view.hits) == [(0, 9), (11, 27)]
    assert "that makes sense" in view.text_view.toPlainText()
    scores = first.findChild(QLabel, "replayScores")
    assert scores is not None and "Sam felt heard: 5 of 5" in scores.text()
    # Back to the list by keyboard: Esc from anywhere in the replay, or the Back button.
    qtbot.keyClick(screen.replay.back_button, Qt.Key.Key_Escape)
    assert screen.table.isVisible()
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    assert screen.replay.isVisible()
    qtbot.keyClick(screen.replay.back_button, Qt.Key.Key_Space)
    assert screen.table.isVisible()


def test_delete_asks_first_and_then_removes_it_from_the_database(
    qtbot: QtBot,
    main_window: MainWindow,
    store: Store,
    filled: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answers: list[bool] = [False, True]
    asked: list[object] = []

    def confirm(cls: type, parent: object, summary: object) -> bool:
        asked.append(summary)
        return answers.pop(0)

    monkeypatch.setattr(HistoryScreen, "confirm_delete", classmethod(confirm))
    screen = history_of(main_window)
    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_Delete)  # declined
    assert len(asked) == 1
    assert len(store.list_sessions()) == 3
    qtbot.keyClick(screen.table, Qt.Key.Key_Delete)  # confirmed
    assert [s.session_id for s in store.list_sessions()] == [filled["recent"], filled["old"]]
    assert [row[Column.NAMES] for row in shown_rows(screen)] == ["Sam & Alex", "Sam & Alex"]


def test_delete_from_the_replay(
    qtbot: QtBot,
    main_window: MainWindow,
    store: Store,
    filled: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(HistoryScreen, "confirm_delete", classmethod(lambda cls, p, s: True))
    screen = history_of(main_window)
    screen.open_session(filled["old"])
    qtbot.mouseClick(screen.replay.delete_button, Qt.MouseButton.LeftButton)
    assert filled["old"] not in [s.session_id for s in store.list_sessions()]
    assert screen.table.isVisible()


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_writes_a_private_file_and_warns_it_is_not_encrypted(
    qtbot: QtBot,
    *,
    main_window: MainWindow,
    filled: dict[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
) -> None:
    out = tmp_path / f"mine.{fmt}"
    told: list[str] = []
    monkeypatch.setattr(HistoryScreen, "choose_export_path", classmethod(lambda c, p, f: out))
    monkeypatch.setattr(HistoryScreen, "tell", classmethod(lambda c, p, t, x: told.append(x)))
    screen = history_of(main_window)
    menu = screen.export_button.menu()
    assert menu is not None
    action = next(a for a in menu.actions() if fmt.upper() in a.text())
    with qtbot.waitSignal(screen.export_finished, timeout=10_000):
        action.trigger()
    assert out.exists()
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = out.read_text(encoding="utf-8-sig")
    assert "Robin" in text and "That makes sense." in text
    if fmt == "json":
        json.loads(text)
    assert told and "not encrypted" in told[0]
    assert screen.export_button.isEnabled()


def test_a_break_shows_in_the_replay_and_is_not_scored(
    qtbot: QtBot, main_window: MainWindow, store: Store
) -> None:
    from desktop.practice import ManualClock, Mode, PracticeSession, SessionSettings
    from tests.ui.practice_data import stand_in_score, stand_in_share

    clock = ManualClock(start=0.0, wall=days_ago(1))
    session = PracticeSession(
        SessionSettings(Mode.COUPLE, ("Sam", "Alex"), rounds=1, follow_ups=0),
        clock=clock,
        recorder=store,
        scorer=stand_in_score,
        share_scorer=stand_in_share,  # type: ignore[arg-type]
    )
    session.start()
    session.send_share("I felt alone at the party.")
    session.ready()
    session.take_break()
    clock.advance(600)
    session.end_break()
    session.submit("I'm sorry.")
    session.skip_rating()
    session.next()
    screen = history_of(main_window)
    screen.open_session(session.session_id)
    notes = screen.replay.findChildren(QLabel, "replayBreak")
    assert [note.text() for note in notes] == [
        "Round 1: took a break of about 10 min. Breaks are never scored."
    ]
    assert len(screen.replay.cards) == 1


def test_tab_walks_the_list_page_in_reading_order(
    qtbot: QtBot, main_window: MainWindow, filled: dict[str, int]
) -> None:
    from PySide6.QtWidgets import QApplication

    screen = history_of(main_window)
    screen.partner_filter.setFocus()
    seen = []
    for _ in range(6):
        focused = QApplication.focusWidget()
        assert focused is not None
        seen.append(focused.objectName())
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert seen == [
        "historyPartner",
        "historyPeriod",
        "historyTable",
        "historyExport",
        "historyDelete",
        "historyOpen",
    ]


def test_tabbing_to_a_marked_phrase_in_a_replay_explains_it(
    qtbot: QtBot, main_window: MainWindow, filled: dict[str, int]
) -> None:
    screen = history_of(main_window)
    screen.open_session(filled["recent"])
    view = screen.replay.cards[0].findChild(HighlightedAnswer)
    assert view is not None
    assert not view.why.isVisible()
    view.text_view.setFocus()
    qtbot.keyClick(view.text_view, Qt.Key.Key_Tab)
    assert view.why.isVisible()
    assert view.shown_hit is not None
    assert view.why.text().strip()


def test_closing_the_window_stops_an_export_that_is_still_running(
    qtbot: QtBot,
    main_window: MainWindow,
    filled: dict[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import threading

    from ui.background import BackgroundTask

    started = threading.Event()
    release = threading.Event()
    real_export = Store.export

    def slow_export(self: Store, fmt: str, out: Path, *args: object, **kwargs: object) -> object:
        started.set()
        release.wait(5)
        return real_export(self, fmt, out, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "export", slow_export)
    out = tmp_path / "slow.json"
    monkeypatch.setattr(HistoryScreen, "choose_export_path", classmethod(lambda c, p, f: out))
    monkeypatch.setattr(HistoryScreen, "tell", classmethod(lambda c, p, t, x: None))
    monkeypatch.setattr(HistoryScreen, "warn", classmethod(lambda c, p, t, x: None))
    screen = history_of(main_window)
    menu = screen.export_button.menu()
    assert menu is not None
    menu.actions()[0].trigger()
    assert started.wait(5)
    task = main_window.findChildren(BackgroundTask)[0]
    assert not task.done
    release.set()  # the worker goes on; `done` only turns true on the GUI thread
    main_window.close()
    assert task.cancel_event.is_set()
    assert task._runner.isFinished()
