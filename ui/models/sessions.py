"""The history list's table: one row per saved session, fetched a page at a time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QDateTime,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from desktop.practice.records import Mode, SessionStatus
from desktop.store.records import SessionSummary

PAGE_SIZE = 200
Fetch = Callable[[int, int], Sequence[SessionSummary]]  # (limit, offset) -> newest first
AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    DATE = 0
    NAMES = 1  # "Maya & Sam" for a couple, "Maya (solo)": the mode is in the names
    ROUNDS = 2
    VALIDATION = 3
    DEFENSIVENESS = 4
    FELT_HEARD = 5

    @property
    def heading(self) -> str:
        return _HEADINGS[self]


_HEADINGS = {
    Column.DATE: "Date",
    Column.NAMES: "Who",
    Column.ROUNDS: "Rounds",
    Column.VALIDATION: "Validation",
    Column.DEFENSIVENESS: "Defensiveness",
    Column.FELT_HEARD: "Felt heard",
}
_STATUS_NOTES = {
    SessionStatus.IN_PROGRESS: "not finished",
    SessionStatus.INTERRUPTED: "cut off",
    SessionStatus.ENDED_EARLY: "ended early",
    SessionStatus.COMPLETED: "",
}
SessionRole = Qt.ItemDataRole.UserRole + 1


def format_when(summary: SessionSummary) -> str:
    local = QDateTime.fromSecsSinceEpoch(int(summary.started_at.timestamp()))
    # Day and month names in the person's language; a fixed order reads well in a column.
    return QLocale().toString(local, "d MMM yyyy, HH:mm")


def format_score(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def describe_mode(summary: SessionSummary) -> str:
    return "Couple" if summary.mode is Mode.COUPLE else "Solo"


def describe_who(summary: SessionSummary) -> str:
    if summary.mode is Mode.SOLO:
        return f"{' & '.join(summary.partners)} (solo)"
    return " & ".join(summary.partners)


def describe_rounds(summary: SessionSummary) -> str:
    """Rounds answered, and a word when the session did not run to its end."""
    note = _STATUS_NOTES.get(summary.status, "")
    return f"{summary.rounds}, {note}" if note else str(summary.rounds)


class SessionsModel(QAbstractTableModel):
    """Rows come from `fetch(limit, offset)`; more are fetched as the view scrolls down."""

    def __init__(self, fetch: Fetch, page_size: int = PAGE_SIZE) -> None:
        super().__init__()
        self._fetch = fetch
        self._page_size = page_size
        self._rows: list[SessionSummary] = []
        self._exhausted = False

    # --- loading --------------------------------------------------------------------

    def set_fetch(self, fetch: Fetch) -> None:
        self._fetch = fetch
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        page = list(self._fetch(self._page_size, 0))
        self._rows = page
        self._exhausted = len(page) < self._page_size
        self.endResetModel()

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return
        page = list(self._fetch(self._page_size, len(self._rows)))
        self._exhausted = len(page) < self._page_size
        if not page:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def summary(self, row: int) -> SessionSummary:
        return self._rows[row]

    def row_of(self, session_id: int) -> int | None:
        for row, summary in enumerate(self._rows):
            if summary.session_id == session_id:
                return row
        return None

    def remove_session(self, session_id: int) -> None:
        row = self.row_of(session_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()

    # --- the table ------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        if orientation is Qt.Orientation.Horizontal and 0 <= section < len(Column):
            if role == Qt.ItemDataRole.DisplayRole:
                return Column(section).heading
            if role == Qt.ItemDataRole.TextAlignmentRole and section >= Column.ROUNDS:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(Column):
            return None
        summary = self._rows[index.row()]
        column = Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            text = self._display(summary, column)
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return f"{column.heading}: {text}"
            return text
        if role == Qt.ItemDataRole.ToolTipRole and column is Column.NAMES:
            return " and ".join(summary.partners)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column >= Column.ROUNDS:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == SessionRole:
            return summary.session_id
        return None

    @staticmethod
    def _display(summary: SessionSummary, column: Column) -> str:
        if column is Column.DATE:
            return format_when(summary)
        if column is Column.NAMES:
            return describe_who(summary)
        if column is Column.ROUNDS:
            return describe_rounds(summary)
        if column is Column.VALIDATION:
            return format_score(summary.validation)
        if column is Column.DEFENSIVENESS:
            return format_score(summary.defensiveness)
        if summary.felt_heard is None:
            return "–"
        return f"{summary.felt_heard:.1f}"

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
