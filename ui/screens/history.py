"""History: every saved session, filtered by partner and date, replayed, deleted, exported."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AttuneError
from desktop.store.records import (
    BreakReplay,
    Partner,
    SessionReplay,
    SessionSummary,
    TurnReplay,
)
from ui.background import BackgroundTask, Cancelled, Progress, report_errors, run_in_background
from ui.models.sessions import (
    Column,
    SessionsModel,
    describe_mode,
    describe_rounds,
    format_score,
    format_when,
)
from ui.widgets.highlighted_answer import DEFENSIVENESS, MARKS, VALIDATION, HighlightedAnswer

if TYPE_CHECKING:
    from desktop.store import Store

EXPORT_WARNING = (
    "Exported files are not encrypted: anyone who can open the file can read every answer "
    "in it. Keep it somewhere private and delete it when you no longer need it."
)


class Period(StrEnum):
    ANY = "Any time"
    WEEK = "Past 7 days"
    MONTH = "Past 30 days"
    QUARTER = "Past 3 months"
    YEAR = "Past year"
    BETWEEN = "Between dates…"


_PERIOD_DAYS = {Period.WEEK: 7, Period.MONTH: 30, Period.QUARTER: 91, Period.YEAR: 365}


class ExportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"


def heading(text: str, role: str = "title") -> QLabel:
    label = QLabel(text)
    label.setProperty("role", role)
    label.setWordWrap(True)
    return label


class FitToText(QObject):
    """Keeps a text browser exactly as tall as its text at its current width."""

    def __init__(self, browser: QTextBrowser) -> None:
        super().__init__(browser)
        self.browser = browser
        browser.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        browser.installEventFilter(self)
        self.fit()

    def fit(self) -> None:
        # Only a change of width asks for a fit (eventFilter), so setting the height here
        # never sets off another one.
        document = self.browser.document()
        document.setTextWidth(max(120, self.browser.viewport().width()))
        chrome = self.browser.height() - self.browser.viewport().height()
        height = int(document.size().height()) + max(chrome, 4)
        if height != self.browser.height():
            self.browser.setFixedHeight(height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.browser
            and isinstance(event, QResizeEvent)
            and event.oldSize().width() != event.size().width()
        ):
            self.fit()
        return False


def make_answer_view(turn: TurnReplay) -> QWidget:
    """The same highlighted answer the feedback screen shows, over the saved hits."""
    view = HighlightedAnswer()
    view.set_answer(turn.answer_text, turn.result.hits)
    # In a replay the card is as tall as its text; the list scrolls, not each answer.
    FitToText(view.text_view)
    # The key and the hint are said once above all rounds; the explanation line appears
    # when a marked phrase is hovered or reached with Tab.
    view.legend.hide()
    view.why.hide()
    view.hit_shown.connect(lambda _index: view.why.show())
    return view


def describe_turn(turn: TurnReplay) -> str:
    how = "picked an answer" if turn.chosen_option is not None else "wrote"
    facts = [f"{turn.answerer} {how}", f"{turn.elapsed:.0f} s"]
    if turn.timed_out:
        facts.append("time ran out")
    return " · ".join(facts)


class TurnCard(QFrame):
    """One replayed answer: the hurt, the answer with its highlights, the scores."""

    def __init__(self, turn: TurnReplay, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("replayTurn")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(8)
        step = f"Round {turn.round_index + 1}"
        if turn.turn_index:
            step += f" · follow-up {turn.turn_index}"
        layout.addWidget(heading(step, "sectionHeading"))
        shared = heading(f"{turn.sharer} shared", "caption")
        layout.addWidget(shared)
        hurt = QLabel(html.escape(turn.hurt_text).replace("\n", "<br>"))
        hurt.setTextFormat(Qt.TextFormat.RichText)
        hurt.setWordWrap(True)
        hurt.setProperty("role", "hurt")
        layout.addWidget(hurt)
        layout.addWidget(heading(describe_turn(turn), "caption"))
        layout.addWidget(make_answer_view(turn))
        result = turn.result
        scores = (
            f"{str(result.label).capitalize()} · Validation {result.validation:.0f}"
            f" · Defensiveness {result.defensiveness:.0f}"
        )
        if turn.felt_heard is not None:
            scores += f" · {turn.sharer} felt heard: {turn.felt_heard.rating} of 5"
            if turn.felt_heard.note.strip():
                scores += f": “{turn.felt_heard.note.strip()}”"
        score_label = heading(scores, "scores")
        score_label.setObjectName("replayScores")
        layout.addWidget(score_label)


class ReplayView(QWidget):
    """One session, every round in order, with a way back to the list."""

    back_requested = Signal()
    delete_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session_id: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 28, 40, 20)
        layout.setSpacing(12)
        bar = QHBoxLayout()
        self.back_button = QPushButton("← Back to all sessions")
        self.back_button.setObjectName("historyBack")
        self.back_button.setAccessibleName("Back to all sessions")
        self.back_button.clicked.connect(self.back_requested)
        self.back_button.setToolTip("Back to all sessions (Esc)")
        self.back_button.setAccessibleDescription(
            "Goes back to the list of sessions. Esc does the same."
        )
        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.back_requested)
        self.delete_button = QPushButton("Delete this session…")
        self.delete_button.setObjectName("replayDelete")
        self.delete_button.setAccessibleName("Delete this session")
        self.delete_button.setAccessibleDescription("Deletes this session for good, after asking.")
        self.delete_button.clicked.connect(self.on_delete_clicked)
        bar.addWidget(self.back_button)
        bar.addStretch(1)
        bar.addWidget(self.delete_button)
        layout.addLayout(bar)
        self.title = heading("", "title")
        self.title.setObjectName("replayTitle")
        self.subtitle = heading("", "subtitle")
        self.key = heading(
            f"{MARKS[VALIDATION]} helps them feel heard    {MARKS[DEFENSIVENESS]} works against "
            "it    Hover over a marked phrase, or Tab to it, to see why.",
            "caption",
        )
        self.key.setObjectName("replayKey")
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.key)
        self.rounds_area = QScrollArea()
        self.rounds_area.setObjectName("replayScroll")
        self.rounds_area.setAccessibleName("Rounds of this session")
        self.rounds_area.setAccessibleDescription(
            "Every round in order; Tab moves from one marked phrase to the next."
        )
        self.rounds_area.setWidgetResizable(True)
        self.rounds_area.setFrameShape(QFrame.Shape.NoFrame)
        layout.addWidget(self.rounds_area, 1)
        self.cards: list[TurnCard] = []

    def on_delete_clicked(self) -> None:
        if self.session_id is not None:
            self.delete_requested.emit(self.session_id)

    def show_replay(self, replay: SessionReplay) -> None:
        summary = replay.summary
        self.session_id = summary.session_id
        self.title.setText(" & ".join(summary.partners))
        averages = (
            f"validation {format_score(summary.validation)}, "
            f"defensiveness {format_score(summary.defensiveness)}"
        )
        rounds = f"{summary.rounds} round{'s' if summary.rounds != 1 else ''}"
        note = describe_rounds(summary).partition(", ")[2]
        if note:
            rounds += f" ({note})"
        self.subtitle.setText(
            f"{format_when(summary)} · {describe_mode(summary)} · {rounds} · {averages}"
        )
        body = QWidget()
        body.setObjectName("replayBody")
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 4, 12, 4)
        column.setSpacing(14)
        self.cards = []
        pauses = list(replay.breaks)

        def add_pauses(matching: list[BreakReplay]) -> None:
            for pause in matching:
                minutes = max(1, round(pause.seconds / 60))
                what = "a safety pause" if pause.reason == "safety" else "a break"
                pause_note = heading(
                    f"Round {pause.round_index + 1}: took {what} of about {minutes} min. "
                    "Breaks are never scored.",
                    "caption",
                )
                pause_note.setObjectName("replayBreak")
                column.addWidget(pause_note)

        for turn in replay.turns:
            # A break taken while answering shows just before that answer.
            here = [
                p
                for p in pauses
                if (p.round_index, p.turn_index) == (turn.round_index, turn.turn_index)
            ]
            add_pauses(here)
            pauses = [p for p in pauses if p not in here]
            card = TurnCard(turn)
            self.cards.append(card)
            column.addWidget(card)
        add_pauses(pauses)
        if not replay.turns:
            column.addWidget(
                heading("No answer was saved in this session before it ended.", "subtitle")
            )
        column.addStretch(1)
        self.rounds_area.setWidget(body)
        self.back_button.setFocus()


class HistoryScreen(QWidget):
    """The list of sessions, and a replay of one of them."""

    session_deleted = Signal(int)
    export_finished = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyScreen")
        self.store = store
        self._stale = True
        self.export_task: BackgroundTask[object] | None = None

        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_list_page())
        self.replay = ReplayView()
        self.replay.back_requested.connect(self.show_list)
        self.replay.delete_requested.connect(self.delete_session)
        self.pages.addWidget(self.replay)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.setFocusProxy(self.table)

    # --- building -------------------------------------------------------------------

    def _build_list_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(32, 28, 32, 20)
        layout.setSpacing(14)
        layout.addWidget(heading("History"))
        layout.addWidget(
            heading(
                "Every session you saved. Open one to replay its rounds with the words that "
                "helped and the words that hurt marked.",
                "subtitle",
            )
        )

        filters = QHBoxLayout()
        filters.setSpacing(10)
        self.partner_filter = QComboBox()
        self.partner_filter.setObjectName("historyPartner")
        self.partner_filter.setAccessibleName("Show sessions of")
        self.partner_filter.setAccessibleDescription(
            "Lists only the sessions this person took part in, or everyone's."
        )
        self.partner_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.partner_filter.setMinimumContentsLength(10)
        partner_label = QLabel("&Partner")
        partner_label.setBuddy(self.partner_filter)
        self.period_filter = QComboBox()
        self.period_filter.setObjectName("historyPeriod")
        self.period_filter.setAccessibleName("Show sessions from")
        self.period_filter.setAccessibleDescription(
            "Lists only the sessions from this stretch of time; Between dates lets you pick "
            "the days."
        )
        for period in Period:
            self.period_filter.addItem(period.value)
        period_label = QLabel("&When")
        period_label.setBuddy(self.period_filter)
        today = QDate.currentDate()
        self.since_edit = QDateEdit(today.addMonths(-1))
        self.since_edit.setObjectName("historySince")
        self.since_edit.setAccessibleName("From date")
        self.since_edit.setAccessibleDescription("The first day to list sessions from.")
        self.until_edit = QDateEdit(today)
        self.until_edit.setObjectName("historyUntil")
        self.until_edit.setAccessibleName("To date")
        self.until_edit.setAccessibleDescription("The last day to list sessions from.")
        for edit in (self.since_edit, self.until_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setVisible(False)
            edit.dateChanged.connect(self.on_filter_changed)
        self.to_label = QLabel("to")
        self.to_label.setVisible(False)
        filters.addWidget(partner_label)
        filters.addWidget(self.partner_filter)
        filters.addSpacing(12)
        filters.addWidget(period_label)
        filters.addWidget(self.period_filter)
        filters.addWidget(self.since_edit)
        filters.addWidget(self.to_label)
        filters.addWidget(self.until_edit)
        filters.addStretch(1)
        layout.addLayout(filters)

        self.model = SessionsModel(self._fetch)
        self.table = QTableView()
        self.table.setObjectName("historyTable")
        self.table.setAccessibleName("Saved sessions")
        self.table.setAccessibleDescription("Enter opens a session; Delete removes it after asking")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.NAMES, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self.on_doubleClicked)
        self.table.selectionModel().currentRowChanged.connect(self.on_current_changed)
        open_action = QAction("Open", self.table)
        open_action.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        open_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        open_action.triggered.connect(self.open_current)
        delete_action = QAction("Delete", self.table)
        delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete_action.triggered.connect(self.delete_current)
        self.table.addActions([open_action, delete_action])

        self.empty = heading("", "empty")
        self.empty.setObjectName("historyEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty)
        layout.addWidget(self.list_stack, 1)

        actions = QHBoxLayout()
        self.open_button = QPushButton("&Open")
        self.open_button.setObjectName("historyOpen")
        self.open_button.setAccessibleName("Open the selected session")
        self.open_button.setAccessibleDescription(
            "Replays the selected session, round by round, with its marked phrases."
        )
        self.open_button.setProperty("role", "primary")
        self.open_button.clicked.connect(self.open_current)
        self.delete_button = QPushButton("&Delete…")
        self.delete_button.setObjectName("historyDelete")
        self.delete_button.setAccessibleName("Delete the selected session")
        self.delete_button.setAccessibleDescription(
            "Deletes the selected session for good, after asking."
        )
        self.delete_button.clicked.connect(self.delete_current)
        self.export_button = QPushButton("E&xport…")
        self.export_button.setObjectName("historyExport")
        self.export_button.setAccessibleName("Export sessions to a file")
        self.export_button.setAccessibleDescription(EXPORT_WARNING)
        self.export_button.setToolTip(EXPORT_WARNING)
        menu = QMenu(self.export_button)
        menu.setObjectName("historyExportMenu")
        for fmt, label in (
            (ExportFormat.JSON, "Everything, as JSON (can be read back)…"),
            (ExportFormat.CSV, "Answers, as CSV (for a spreadsheet)…"),
        ):
            action = menu.addAction(label)
            action.triggered.connect(lambda _=False, f=fmt: self.export(f))
        self.export_button.setMenu(menu)
        self.count_label = heading("", "caption")
        self.count_label.setWordWrap(False)
        self.count_label.setObjectName("historyCount")
        actions.addWidget(self.count_label)
        actions.addStretch(1)
        actions.addWidget(self.export_button)
        actions.addWidget(self.delete_button)
        actions.addWidget(self.open_button)
        layout.addLayout(actions)

        self.partner_filter.currentIndexChanged.connect(self.on_filter_changed)
        self.period_filter.currentIndexChanged.connect(self.on_period_changed)
        # Tab follows the screen from top left to bottom right.
        chain = [
            self.partner_filter,
            self.period_filter,
            self.since_edit,
            self.until_edit,
            self.table,
            self.export_button,
            self.delete_button,
            self.open_button,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        return page

    # --- data -----------------------------------------------------------------------

    def period(self) -> Period:
        return list(Period)[max(0, self.period_filter.currentIndex())]

    def date_range(self) -> tuple[datetime | None, datetime | None]:
        period = self.period()
        if period is Period.BETWEEN:
            start = self.since_edit.date().toPython()
            end = self.until_edit.date().toPython()
            assert isinstance(start, date) and isinstance(end, date)
            if end < start:
                start, end = end, start
            local = datetime.now().astimezone().tzinfo
            since = datetime.combine(start, time.min, local).astimezone(UTC)
            until = datetime.combine(end + timedelta(days=1), time.min, local).astimezone(UTC)
            return since, until
        days = _PERIOD_DAYS.get(period)
        if days is None:
            return None, None
        return datetime.now(UTC) - timedelta(days=days), None

    def selected_partner(self) -> str | None:
        data = self.partner_filter.currentData()
        return data if isinstance(data, str) else None

    def _fetch(self, limit: int, offset: int) -> Sequence[SessionSummary]:
        since, until = self.date_range()
        try:
            return self.store.list_sessions(
                partner=self.selected_partner(),
                since=since,
                until=until,
                limit=limit,
                offset=offset,
            )
        except AttuneError as exc:
            self.show_error("History could not be read", exc)
            return []

    def _fill_partners(self) -> None:
        chosen = self.selected_partner()
        self.partner_filter.blockSignals(True)
        self.partner_filter.clear()
        self.partner_filter.addItem("Everyone", None)
        partners: Sequence[Partner]
        try:
            partners = self.store.partners()
        except AttuneError:
            partners = ()
        for partner in partners:
            self.partner_filter.addItem(partner.name, partner.name)
        found = self.partner_filter.findData(chosen) if chosen else 0
        self.partner_filter.setCurrentIndex(max(0, found))
        self.partner_filter.blockSignals(False)

    def refresh(self) -> None:
        self._stale = False
        self._fill_partners()
        self.model.reload()
        self._update_state()

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            report_errors(self.refresh)
        super().showEvent(event)

    def _update_state(self) -> None:
        rows = self.model.rowCount()
        has_rows = rows > 0
        filtered = self.selected_partner() is not None or (self.period() is not Period.ANY)
        if has_rows:
            self.list_stack.setCurrentWidget(self.table)
            if not self.table.currentIndex().isValid():
                self.table.setCurrentIndex(self.model.index(0, 0))
        elif filtered:
            self.empty.setText(
                "No sessions match these filters. Choose “Everyone” and “Any time” to see all."
            )
            self.list_stack.setCurrentWidget(self.empty)
        else:
            self.empty.setText(
                "No sessions yet. Start one under Practice: every answer is saved here "
                "the moment it is scored."
            )
            self.list_stack.setCurrentWidget(self.empty)
        more = "+" if self.model.canFetchMore() else ""
        self.count_label.setText(f"{rows}{more} session{'s' if rows != 1 else ''}")
        # Set while the page is still hidden, the label would keep the width of no text.
        self.count_label.setMinimumWidth(self.count_label.sizeHint().width())
        self.open_button.setEnabled(has_rows)
        self.delete_button.setEnabled(has_rows)
        if self.export_task is None or self.export_task.done:
            self.export_button.setEnabled(has_rows or filtered)

    # --- reacting -------------------------------------------------------------------

    def on_period_changed(self, _index: int) -> None:
        between = self.period() is Period.BETWEEN
        for widget in (self.since_edit, self.to_label, self.until_edit):
            widget.setVisible(between)
        self.on_filter_changed()

    def on_filter_changed(self, *_args: object) -> None:
        self.model.reload()
        self._update_state()

    def on_doubleClicked(self, index: QModelIndex) -> None:
        self.open_session(self.model.summary(index.row()).session_id)

    def on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.open_button.setEnabled(current.isValid())
        self.delete_button.setEnabled(current.isValid())

    def current_summary(self) -> SessionSummary | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.summary(index.row())

    def open_current(self) -> None:
        summary = self.current_summary()
        if summary is not None:
            self.open_session(summary.session_id)

    def open_session(self, session_id: int) -> None:
        try:
            replay = self.store.session_replay(session_id)
        except AttuneError as exc:
            self.show_error("This session could not be opened", exc)
            return
        self.replay.show_replay(replay)
        self.pages.setCurrentWidget(self.replay)

    def show_list(self) -> None:
        self.pages.setCurrentIndex(0)
        if self._stale:
            self.refresh()
        self.table.setFocus()

    def delete_current(self) -> None:
        summary = self.current_summary()
        if summary is not None:
            self.delete_session(summary.session_id)

    def delete_session(self, session_id: int) -> None:
        row = self.model.row_of(session_id)
        summary = self.model.summary(row) if row is not None else None
        if not self.confirm_delete(self, summary):
            return
        try:
            self.store.delete_session(session_id)
        except AttuneError as exc:
            self.show_error("The session was not deleted", exc)
            return
        self.model.remove_session(session_id)
        self.session_deleted.emit(session_id)
        if self.pages.currentWidget() is self.replay:
            self.pages.setCurrentIndex(0)
        self._update_state()
        self.table.setFocus()

    def export(self, fmt: ExportFormat) -> None:
        out = self.choose_export_path(self, fmt)
        if out is None:
            return
        store = self.store

        def work(progress: Progress, cancelled: Cancelled) -> object:
            # The store writes to a private temp file and renames it into place, so an
            # export that fails part way leaves nothing half-written behind.
            return store.export(fmt.value, out, progress=progress, cancelled=cancelled)

        self.export_button.setEnabled(False)
        self.export_task = run_in_background(
            self,
            "Exporting sessions",
            work,
            on_success=lambda _report: self.on_export_done(out),
            on_error=self.on_export_failed,
        )

    def on_export_done(self, out: Path) -> None:
        self.export_button.setEnabled(True)
        self.export_finished.emit(str(out))
        self.tell(self, "Export finished", f"Saved to {out}.\n\n{EXPORT_WARNING}")

    def on_export_failed(self, error: BaseException) -> None:
        self.export_button.setEnabled(True)
        task = self.export_task
        if task is not None and task.cancel_event.is_set() and isinstance(error, AttuneError):
            return  # the person pressed Cancel; the store wrote nothing
        if isinstance(error, AttuneError):
            self.show_error("The export did not finish", error)
            return
        raise error

    # --- dialogs (class methods, so tests can answer them) --------------------------

    @classmethod
    def confirm_delete(cls, parent: QWidget, summary: SessionSummary | None) -> bool:
        what = "this session"
        if summary is not None:
            what = f"the session of {format_when(summary)} ({' & '.join(summary.partners)})"
        answer = QMessageBox.question(
            parent,
            "Delete session?",
            f"Delete {what}? Its answers, scores and ratings are removed from this computer "
            "for good; this cannot be undone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    @classmethod
    def choose_export_path(cls, parent: QWidget, fmt: ExportFormat) -> Path | None:
        default = Path.home() / f"attune-export.{fmt.value}"
        name_filter = "JSON (*.json)" if fmt is ExportFormat.JSON else "CSV (*.csv)"
        chosen, _ = QFileDialog.getSaveFileName(
            parent, "Export (the file is not encrypted)", str(default), name_filter
        )
        return Path(chosen) if chosen else None

    @classmethod
    def tell(cls, parent: QWidget, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    @classmethod
    def warn(cls, parent: QWidget, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)

    def show_error(self, title: str, error: AttuneError) -> None:
        self.warn(self, title, error.user_message)
