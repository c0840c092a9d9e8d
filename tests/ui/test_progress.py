"""Progress: charts of a partner's practice from a real store, and the empty state."""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QHorizontalBarSeries, QLineSeries, QScatterSeries
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.store import Store
from tests.ui.practice_data import couple_session, days_ago
from ui.main_window import MainWindow, Section
from ui.screens.progress import ProgressScreen


def progress_of(window: MainWindow) -> ProgressScreen:
    screen = window.show_section(Section.PROGRESS, focus=True)
    assert isinstance(screen, ProgressScreen)
    return screen


def fill(store: Store) -> None:
    """Alex answers in all three sessions and gets better; Sam answers too."""
    couple_session(
        store,
        ("Sam", "Alex"),
        ["You always do this, but fine.", "But you never listen."],
        when=days_ago(30),
        ratings=[1, 2],
    )
    couple_session(
        store,
        ("Sam", "Alex"),
        ["That makes sense, but you always forget.", "I'm sorry."],
        when=days_ago(15),
        ratings=[3, 4],
    )
    couple_session(
        store,
        ("Sam", "Alex"),
        ["I'm sorry, that makes sense.", "That makes sense."],
        when=days_ago(1),
        ratings=[5, 4],
    )


def test_charts_show_a_partners_scores_over_time(
    qtbot: QtBot, main_window: MainWindow, store: Store
) -> None:
    fill(store)
    screen = progress_of(main_window)
    assert screen.pages.currentIndex() == 0
    partners = [screen.partner.itemText(i) for i in range(screen.partner.count())]
    assert partners == ["Alex", "Sam"]
    # Alex answered the first round of each session (roles swap each round).
    lines = [s for s in screen.over_time.chart.series() if isinstance(s, QLineSeries)]
    assert [line.name() for line in lines] == ["Validation", "Defensiveness"]
    validation = [point.y() for point in lines[0].points()]
    defensiveness = [point.y() for point in lines[1].points()]
    assert validation == [0.0, 40.0, 80.0]
    assert defensiveness == [80.0, 80.0, 0.0]
    assert "validation rose from about 0 to 80" in screen.over_time.summary.text()
    assert screen.over_time.view.accessibleDescription() == screen.over_time.summary.text()


def test_felt_heard_is_plotted_against_the_engine_score(
    qtbot: QtBot, main_window: MainWindow, store: Store
) -> None:
    fill(store)
    screen = progress_of(main_window)
    scatter = next(s for s in screen.felt_heard.chart.series() if isinstance(s, QScatterSeries))
    points = sorted((p.x(), p.y()) for p in scatter.points())
    assert points == [(0.0, 1.0), (40.0, 3.0), (80.0, 5.0)]
    assert "3 rating(s)" in screen.felt_heard.summary.text()


def test_defensive_habits_trend_with_words_not_only_bars(
    qtbot: QtBot, main_window: MainWindow, store: Store
) -> None:
    fill(store)
    screen = progress_of(main_window)
    bars = next(s for s in screen.habits.chart.series() if isinstance(s, QHorizontalBarSeries))
    assert [bar_set.label() for bar_set in bars.barSets()] == ["Earlier", "Recent"]
    summary = screen.habits.summary.text()
    from ui.screens.progress import habit_name

    assert habit_name("always_never") in summary and habit_name("yes_but") in summary
    # Each bar's own label carries its direction too: ↑, ↓, or ≈ for about the same.
    axis = next(a for a in screen.habits.chart.axes() if isinstance(a, QBarCategoryAxis))
    labels = axis.categories()
    assert labels and all(label[-1] in "↑↓≈" for label in labels), labels


def test_switching_partner_redraws_for_that_partner(
    qtbot: QtBot, main_window: MainWindow, store: Store
) -> None:
    fill(store)
    screen = progress_of(main_window)
    screen.partner.setFocus()
    qtbot.keyClick(screen.partner, Qt.Key.Key_Down)
    assert screen.partner.currentText() == "Sam"
    lines = [s for s in screen.over_time.chart.series() if isinstance(s, QLineSeries)]
    # Sam answered the second round: "But you never listen.", "I'm sorry.", "That makes sense."
    assert [p.y() for p in lines[0].points()] == [0.0, 40.0, 40.0]


def test_without_data_it_says_what_to_do_and_leads_to_practice(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    screen = progress_of(main_window)
    assert screen.pages.currentIndex() == 1
    assert screen.empty_text.isVisible()
    assert "Practise" in screen.empty_text.text()
    assert not screen.partner.isEnabled()
    qtbot.mouseClick(screen.start_button, Qt.MouseButton.LeftButton)
    assert main_window.current_section() is Section.PRACTICE


def test_new_answers_show_when_progress_is_opened_again(
    qtbot: QtBot, main_window: MainWindow, store: Store
) -> None:
    screen = progress_of(main_window)
    assert screen.pages.currentIndex() == 1
    main_window.show_section(Section.HISTORY)
    couple_session(store, ("Sam", "Alex"), ["That makes sense."], when=days_ago(1))
    main_window.on_practice_saved(1)
    progress_of(main_window)
    assert screen.pages.currentIndex() == 0
    assert screen.partner.currentText() == "Alex"


def test_the_theme_redraws_the_charts_in_its_colours(
    qtbot: QtBot, main_window: MainWindow, store: Store
) -> None:
    from PySide6.QtWidgets import QApplication

    from ui.theme import Theme, ThemeChoice

    fill(store)
    screen = progress_of(main_window)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    Theme.of(app).set_choice(ThemeChoice.LIGHT)
    light = screen.over_time.chart.backgroundBrush().color().lightness()
    Theme.of(app).set_choice(ThemeChoice.DARK)
    dark = screen.over_time.chart.backgroundBrush().color().lightness()
    assert light > 200
    assert dark < 80
    assert len(screen.over_time.chart.series()) == 2
