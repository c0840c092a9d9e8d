"""Progress: validation and defensiveness over time, felt-heard against scores, habits."""

from __future__ import annotations

import importlib
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCharts import (
    QAbstractSeries,
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QHorizontalBarSeries,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QDateTime, QMargins, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AttuneError
from desktop.store.records import FeltHeardPoint, HabitTrend, ProgressPoint, Trend
from ui.background import report_errors
from ui.theme import Theme, current_colours

if TYPE_CHECKING:
    from desktop.store import Store

TOP_HABITS = 5
SIDE_BY_SIDE_WIDTH = 1100
MARKERS_UP_TO = 60
_TREND_WORDS = {
    Trend.UP: "more often ↑",
    Trend.DOWN: "less often ↓",
    Trend.SAME: "about the same ≈",
}


def habit_name(category: str) -> str:
    """The rule family's display name for a habit's category."""
    # Imported when first needed: the window shows before the engine is loaded.
    engine = importlib.import_module("desktop.engine")
    name: str = engine.category_name(category)
    return name


def _msecs(point: ProgressPoint) -> float:
    return float(QDateTime.fromSecsSinceEpoch(int(point.at.timestamp())).toMSecsSinceEpoch())


def describe_series(points: Sequence[ProgressPoint]) -> str:
    """The chart in words, for people who cannot see it and for anyone in a hurry."""
    if len(points) == 1:
        only = points[0]
        return (
            f"One session so far: validation {only.validation:.0f}, "
            f"defensiveness {only.defensiveness:.0f}."
        )
    # Single sessions swing a lot; the first and last third of them show the trend.
    third = max(1, len(points) // 3)
    early, late = points[:third], points[-third:]

    def mean(values: Sequence[float]) -> float:
        return sum(values) / len(values)

    def change(before: float, after: float) -> str:
        delta = after - before
        if abs(delta) < 3:
            return f"held steady around {after:.0f}"
        verb = "rose" if delta > 0 else "fell"
        return f"{verb} from about {before:.0f} to {after:.0f}"

    validation = change(mean([p.validation for p in early]), mean([p.validation for p in late]))
    defensiveness = change(
        mean([p.defensiveness for p in early]), mean([p.defensiveness for p in late])
    )
    span = "sessions" if third == 1 else f"sessions (first {third} against last {third})"
    return f"Over {len(points)} {span}, validation {validation} and defensiveness {defensiveness}."


def describe_felt_heard(points: Sequence[FeltHeardPoint]) -> str:
    if not points:
        return "No felt-heard ratings yet: in couple mode, the sharer rates each answer."
    if len(points) < 4:
        return f"{len(points)} rating(s) so far; a pattern shows after a few more."
    mean_v = sum(p.validation for p in points) / len(points)
    mean_r = sum(p.rating for p in points) / len(points)
    cov = sum((p.validation - mean_v) * (p.rating - mean_r) for p in points)
    spread_v = sum((p.validation - mean_v) ** 2 for p in points) ** 0.5
    spread_r = sum((p.rating - mean_r) ** 2 for p in points) ** 0.5
    if spread_v == 0 or spread_r == 0:
        return f"{len(points)} ratings, averaging {mean_r:.1f} out of 5."
    r = cov / (spread_v * spread_r)
    if r > 0.4:
        link = "answers the rules scored as more validating were also felt as more hearing"
    elif r < -0.2:
        link = "ratings and scores often disagree: talk about what made you feel heard"
    else:
        link = "ratings and scores only loosely agree so far"
    return f"{len(points)} ratings, averaging {mean_r:.1f} out of 5; {link}."


def describe_habits(trends: Sequence[HabitTrend]) -> str:
    if not trends:
        return "No defensive habits found in these answers. Keep it up."
    parts = [f"{habit_name(t.category)}: {_TREND_WORDS[t.trend]}" for t in trends]
    return "Recent answers against earlier ones. " + "; ".join(parts) + "."


class ChartCard(QFrame):
    """A titled chart with its description in words beneath it."""

    def __init__(self, title: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chartCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(4)
        heading = QLabel(title)
        heading.setProperty("role", "sectionHeading")
        heading.setWordWrap(True)
        self.name = name
        self.chart = self._new_chart()
        self.view = QChartView(self.chart)
        self.view.setObjectName(f"{name}View")
        self.view.setAccessibleName(title)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumSize(160, 220)
        self.view.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # Replaced by the chart's summary in words once there is something to draw.
        self.view.setAccessibleDescription("Nothing is charted yet.")
        self.summary = QLabel()
        self.summary.setObjectName(f"{name}Summary")
        self.summary.setWordWrap(True)
        self.summary.setProperty("role", "caption")
        layout.addWidget(heading)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)

    def _new_chart(self) -> QChart:
        chart = QChart()
        chart.setObjectName(self.name)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setBackgroundRoundness(0)
        return chart

    def clear(self) -> None:
        """A fresh chart each time: QtCharts loses re-added axes on a reused chart."""
        old = self.chart
        self.chart = self._new_chart()
        self.view.setChart(self.chart)
        old.deleteLater()

    def set_summary(self, text: str) -> None:
        self.summary.setText(text)
        self.view.setAccessibleDescription(text)

    def style_chart(self) -> None:
        """Colours from the theme in force: charts are drawn, so QSS does not reach them."""
        # Taller with larger text, or QtCharts shortens the axis labels to "...".
        lines = QFontMetrics(QApplication.font()).height()
        self.view.setMinimumHeight(max(220, lines * 15))
        palette = QApplication.palette()
        colours = current_colours()
        text = palette.windowText().color()
        self.chart.setBackgroundBrush(palette.base())
        self.chart.setBackgroundPen(QPen(Qt.PenStyle.NoPen))
        self.chart.setPlotAreaBackgroundVisible(False)
        self.chart.legend().setLabelColor(text)
        font = QFont(QApplication.font())
        self.chart.legend().setFont(font)
        grid = QColor(colours.series_colour("grid"))
        for axis in self.chart.axes():
            axis.setLabelsColor(text)
            axis.setLabelsFont(font)
            axis.setTitleBrush(text)
            axis.setGridLineColor(grid)
            axis.setLinePenColor(grid)


class ProgressScreen(QWidget):
    """Charts for one partner at a time, or a word on what to do when there is nothing yet."""

    practice_requested = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("progressScreen")
        self.store = store
        self._stale = True
        self.points: tuple[ProgressPoint, ...] = ()

        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 32, 40, 16)
        outer.setSpacing(12)
        title = QLabel("Progress")
        title.setProperty("role", "title")
        subtitle = QLabel("Your own practice over time: feedback for you, not a contest.")
        subtitle.setProperty("role", "subtitle")
        subtitle.setWordWrap(True)
        outer.addWidget(title)
        outer.addWidget(subtitle)
        self.partner = QComboBox()
        self.partner.setObjectName("progressPartner")
        self.partner.setAccessibleName("Show progress of")
        self.partner.setAccessibleDescription("Shows the charts for this person's answers.")
        self.partner.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.partner.setMinimumContentsLength(10)
        partner_label = QLabel("&Whose practice")
        partner_label.setBuddy(self.partner)
        self.partner_label = partner_label
        top = QHBoxLayout()
        top.addWidget(partner_label)
        top.addWidget(self.partner)
        top.addStretch(1)
        outer.addLayout(top)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_charts())
        self.pages.addWidget(self._build_empty())
        outer.addWidget(self.pages, 1)
        self.partner.currentIndexChanged.connect(self.on_partner_changed)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            Theme.of(app).changed.connect(self.on_theme_changed)
        self.setFocusProxy(self.partner)

    def _build_charts(self) -> QWidget:
        scroll = QScrollArea()
        scroll.setObjectName("progressCharts")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        self.grid = QGridLayout(body)
        self.grid.setContentsMargins(0, 0, 8, 0)
        self.grid.setSpacing(14)
        self.over_time = ChartCard("Validation and defensiveness over time", "progressOverTime")
        self.felt_heard = ChartCard("Felt heard vs. validation score", "progressFelt")
        self.habits = ChartCard("Defensive habits, earlier and recent", "progressHabits")
        self.side_by_side: bool | None = None
        self.arrange(side_by_side=False)
        scroll.setWidget(body)
        return scroll

    def arrange(self, *, side_by_side: bool) -> None:
        """Two lower charts side by side on a wide window, one under the other otherwise."""
        if side_by_side == self.side_by_side:
            return
        self.side_by_side = side_by_side
        for card in (self.over_time, self.felt_heard, self.habits):
            self.grid.removeWidget(card)
        self.grid.addWidget(self.over_time, 0, 0, 1, 2)
        if side_by_side:
            self.grid.addWidget(self.felt_heard, 1, 0)
            self.grid.addWidget(self.habits, 1, 1)
        else:
            self.grid.addWidget(self.habits, 1, 0, 1, 2)
            self.grid.addWidget(self.felt_heard, 2, 0, 1, 2)
        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnStretch(1, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Labels of the habit bars need room; below this width each chart gets a full row.
        self.arrange(side_by_side=self.width() >= SIDE_BY_SIDE_WIDTH)
        super().resizeEvent(event)

    def _build_empty(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        self.empty_text = QLabel()
        self.empty_text.setObjectName("progressEmpty")
        self.empty_text.setProperty("role", "empty")
        self.empty_text.setWordWrap(True)
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.start_button = QPushButton("Start practising")
        self.start_button.setObjectName("progressStart")
        self.start_button.setAccessibleName("Start practising")
        self.start_button.setAccessibleDescription("Goes to Practice, to start a session.")
        self.start_button.setProperty("role", "primary")
        self.start_button.clicked.connect(self.practice_requested)
        layout.addWidget(self.empty_text)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.start_button)
        row.addStretch(1)
        layout.addSpacing(12)
        layout.addLayout(row)
        layout.addStretch(2)
        return page

    # --- data -----------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            report_errors(self.refresh)
        super().showEvent(event)

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        chosen = self.partner.currentData()
        try:
            partners = [p for p in self.store.partners() if p.answers > 0]
        except AttuneError:
            partners = []
        self.partner.blockSignals(True)
        self.partner.clear()
        for partner in partners:
            self.partner.addItem(partner.name, partner.name)
        index = self.partner.findData(chosen) if chosen else -1
        self.partner.setCurrentIndex(index if index >= 0 else 0)
        self.partner.blockSignals(False)
        self.partner.setEnabled(bool(partners))
        # Nobody to choose yet: the empty state below says what to do instead.
        self.partner.setVisible(bool(partners))
        self.partner_label.setVisible(bool(partners))
        self.show_partner(self.partner.currentData())

    def on_partner_changed(self, _index: int) -> None:
        self.show_partner(self.partner.currentData())

    def on_theme_changed(self, _scheme: str) -> None:
        if self.pages.currentIndex() == 0 and isinstance(self.partner.currentData(), str):
            self.show_partner(self.partner.currentData())

    def show_partner(self, name: object) -> None:
        if not isinstance(name, str):
            self.show_empty(
                "Nothing to chart yet. Practise a round or two: after each session your "
                "validation and defensiveness scores show here, so you can see them change "
                "over the weeks."
            )
            return
        try:
            points = tuple(self.store.progress_series(name))
            felt = tuple(self.store.felt_heard_vs_engine(name))
            trends = tuple(self.store.habit_trends(name))
        except AttuneError as exc:
            self.show_empty(exc.user_message)
            return
        if not points:
            self.show_empty(
                f"{name} has no scored answers yet. Practise a round and come back here."
            )
            return
        self.points = points
        self.pages.setCurrentIndex(0)
        self._draw_over_time(points)
        self._draw_felt_heard(felt)
        self._draw_habits(trends)

    def show_empty(self, text: str) -> None:
        self.points = ()
        self.empty_text.setText(text)
        self.pages.setCurrentIndex(1)

    # --- drawing --------------------------------------------------------------------

    def _series_pen(self, series: QAbstractSeries, key: str, style: Qt.PenStyle) -> None:
        pen = QPen(QColor(current_colours().series_colour(key)))
        pen.setWidthF(2.5)
        pen.setStyle(style)
        series.setPen(pen)  # type: ignore[attr-defined]

    def _draw_over_time(self, points: Sequence[ProgressPoint]) -> None:
        card = self.over_time
        card.clear()
        chart = card.chart
        validation = QLineSeries()
        validation.setName("Validation")
        defensiveness = QLineSeries()
        defensiveness.setName("Defensiveness")
        for point in points:
            validation.append(_msecs(point), point.validation)
            defensiveness.append(_msecs(point), point.defensiveness)
        # Solid against dashed, with point markers: the two lines differ without colour.
        self._series_pen(validation, "validation", Qt.PenStyle.SolidLine)
        self._series_pen(defensiveness, "defensiveness", Qt.PenStyle.DashLine)
        for series in (validation, defensiveness):
            # Markers help read a few sessions; over months they only blur the line.
            series.setPointsVisible(len(points) <= MARKERS_UP_TO)
            chart.addSeries(series)
        x_axis = QDateTimeAxis()
        x_axis.setFormat("d MMM")
        x_axis.setTickCount(min(6, max(2, len(points))))
        first, last = _msecs(points[0]), _msecs(points[-1])
        if first == last:
            day = 86_400_000.0
            first, last = first - day, last + day
        x_axis.setRange(
            QDateTime.fromMSecsSinceEpoch(int(first)), QDateTime.fromMSecsSinceEpoch(int(last))
        )
        y_axis = QValueAxis()
        y_axis.setRange(0, 100)
        y_axis.setTickCount(6)
        y_axis.setLabelFormat("%d")
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        for series in (validation, defensiveness):
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)
        card.style_chart()
        card.set_summary(describe_series(points))

    def _draw_felt_heard(self, points: Sequence[FeltHeardPoint]) -> None:
        card = self.felt_heard
        card.clear()
        chart = card.chart
        scatter = QScatterSeries()
        scatter.setName("Rating of one answer")
        scatter.setMarkerSize(11.0)
        colour = QColor(current_colours().series_colour("felt_heard"))
        scatter.setColor(colour)
        scatter.setBorderColor(colour)
        for point in points:
            scatter.append(point.validation, float(point.rating))
        chart.addSeries(scatter)
        x_axis = QValueAxis()
        x_axis.setRange(0, 100)
        x_axis.setTickCount(6)
        x_axis.setLabelFormat("%d")
        x_axis.setTitleText("Validation score")
        y_axis = QValueAxis()
        y_axis.setRange(0.5, 5.5)
        y_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        y_axis.setTickAnchor(1)
        y_axis.setTickInterval(1)
        y_axis.setLabelFormat("%d")
        y_axis.setTitleText("Felt heard (1–5)")
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        scatter.attachAxis(x_axis)
        scatter.attachAxis(y_axis)
        chart.legend().setVisible(False)
        card.style_chart()
        card.set_summary(describe_felt_heard(points))

    def _draw_habits(self, trends: Sequence[HabitTrend]) -> None:
        card = self.habits
        card.clear()
        chart = card.chart
        top = sorted(trends, key=lambda t: t.recent + t.earlier, reverse=True)[:TOP_HABITS]
        top.reverse()  # horizontal bars draw bottom-up; the most frequent ends on top
        earlier = QBarSet("Earlier")
        recent = QBarSet("Recent")
        colours = current_colours()
        earlier.setColor(QColor(colours.series_colour("earlier")))
        recent.setColor(QColor(colours.series_colour("recent")))
        for bar_set in (earlier, recent):
            bar_set.setBorderColor(QColor(0, 0, 0, 0))
        names = []
        for trend in top:
            # Every bar's label says which way it went, so the bars' colours are never
            # the only sign: more often, less often, or about the same ("≈").
            arrow = {Trend.UP: " ↑", Trend.DOWN: " ↓", Trend.SAME: " ≈"}[trend.trend]
            names.append(f"{habit_name(trend.category)}{arrow}")
            # Per 10 answers, so windows of different sizes compare fairly.
            earlier.append(trend.earlier_rate * 10)
            recent.append(trend.recent_rate * 10)
        bars = QHorizontalBarSeries()
        bars.append(earlier)
        bars.append(recent)
        chart.addSeries(bars)
        y_axis = QBarCategoryAxis()
        y_axis.append(names or [""])
        x_axis = QValueAxis()
        highest = max([t.earlier_rate * 10 for t in top] + [t.recent_rate * 10 for t in top] + [1])
        end = max(1, math.ceil(highest))
        x_axis.setRange(0, end)
        # Whole numbers only: a tick per unit up to ten, so no label repeats.
        x_axis.setTickCount(end + 1 if end <= 10 else 6)
        x_axis.setLabelFormat("%.0f" if end <= 10 else "%.1f")
        x_axis.setTitleText("Times per 10 answers")
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        bars.attachAxis(y_axis)
        bars.attachAxis(x_axis)
        card.style_chart()
        card.set_summary(describe_habits(list(reversed(top))))
