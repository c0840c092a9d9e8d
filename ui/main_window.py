"""The main window: the sections on the left, one screen at a time on the right."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFontMetrics, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.paths import AppPaths, touch_private_file
from ui.background import BackgroundTask
from ui.resources import app_icon
from ui.theme import Theme

if TYPE_CHECKING:
    from desktop.practice.records import SessionSnapshot
    from desktop.store import Store

log = logging.getLogger("attune")

# If the window system never says the window is visible, the first screen is built anyway.
FIRST_SCREEN_FALLBACK_MS = 400


class Section(StrEnum):
    PRACTICE = "practice"
    HISTORY = "history"
    PROGRESS = "progress"
    SCENARIOS = "scenarios"
    SETTINGS = "settings"
    HELP = "help"

    @property
    def label(self) -> str:
        return _TITLES[self]

    @property
    def description(self) -> str:
        return _DESCRIPTIONS[self]


_TITLES = {
    Section.PRACTICE: "Practice",
    Section.HISTORY: "History",
    Section.PROGRESS: "Progress",
    Section.SCENARIOS: "Scenarios",
    Section.SETTINGS: "Settings",
    Section.HELP: "Help & safety",
}
_DESCRIPTIONS = {
    Section.PRACTICE: "Start or go on with a practice session",
    Section.HISTORY: "Past sessions: replay, delete or export them",
    Section.PROGRESS: "How validation and defensiveness change over time",
    Section.SCENARIOS: "Browse, write and import scenarios",
    Section.SETTINGS: "Session defaults, theme, text size and your data",
    Section.HELP: "How scoring works, when to seek help, crisis resources",
}


class UnavailableScreen(QWidget):
    """Shown in place of a screen this build does not have yet."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unavailableScreen")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 32, 40, 32)
        heading = QLabel(title)
        heading.setProperty("role", "title")
        body = QLabel(text)
        body.setWordWrap(True)
        body.setProperty("role", "subtitle")
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addStretch(1)


class LazyScreen(QWidget):
    """Holds a screen that is built the first time it is shown, so start-up stays quick."""

    def __init__(self, factory: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._factory = factory
        self.content: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def ensure(self) -> QWidget:
        if self.content is None:
            try:
                self.content = self._factory()
            except Exception as exc:  # a broken screen must not take the others down
                log.error(describe_failure(exc))
                self.content = UnavailableScreen(
                    "This screen could not open",
                    "Something went wrong while opening it. Everything saved is safe; the "
                    "other sections still work. Details are in the log file.",
                )
            self._layout.addWidget(self.content)
            # A child added to a shown widget would otherwise only appear an event later.
            self.content.show()
            self.setFocusProxy(self.content)
        return self.content

    def showEvent(self, event: QShowEvent) -> None:
        # Shown before it was built (the first screen at start-up): the main window builds
        # it once it is on screen. Building inside a show event would re-enter show().
        if self.content is None:
            window = self.window()
            if isinstance(window, MainWindow):
                window.build_after_exposed(self)
            else:
                QTimer.singleShot(0, self, self.ensure)
        super().showEvent(event)


def describe_failure(exc: BaseException) -> str:
    """Type and stack only, like the crash handler: messages can carry people's words."""
    stack = "".join(traceback.format_tb(exc.__traceback__))
    return f"A screen failed to build: {type(exc).__name__}\n{stack}"


def first_focusable(container: QWidget) -> QWidget | None:
    """The first widget inside `container` that Tab can land on, in focus-chain order."""
    proxy = container.focusProxy()
    while proxy is not None and proxy.focusProxy() is not None:
        proxy = proxy.focusProxy()
    candidates: list[QWidget] = [proxy] if proxy is not None else []
    widget = container.nextInFocusChain()
    while widget is not None and widget is not container and len(candidates) < 2000:
        if container.isAncestorOf(widget):
            candidates.append(widget)
        widget = widget.nextInFocusChain()
    for candidate in candidates:
        takes_tab = bool(candidate.focusPolicy() & Qt.FocusPolicy.TabFocus)
        if takes_tab and candidate.isVisible() and candidate.isEnabled():
            return candidate
    return None


class SectionList(QListWidget):
    """The navigation; Tab goes straight into the screen on show, whatever was built when."""

    def __init__(self, current_screen: Callable[[], QWidget], parent: QWidget | None = None):
        super().__init__(parent)
        self._current_screen = current_screen

    def focusNextPrevChild(self, next: bool) -> bool:  # Qt's own name
        if next:
            target = first_focusable(self._current_screen())
            if target is not None:
                target.setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return super().focusNextPrevChild(next)


class MainWindow(QMainWindow):
    """The window; given no store, it shows its frame at once and its screens once
    `attach_store` is called (start-up opens the database after the window is up)."""

    section_changed = Signal(str)
    exposed = Signal()  # once, when the window is first on screen
    store_attached = Signal()

    def __init__(
        self, paths: AppPaths, store: Store | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self._store = store
        self.setObjectName("mainWindow")
        self.setWindowTitle("Attune")
        self.setWindowIcon(app_icon())
        self.setMinimumSize(QSize(960, 640))

        self.navigation = SectionList(self._current_holder)
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName("Sections")
        self.navigation.setAccessibleDescription(
            "Choose a section with the arrow keys; Ctrl+1 to Ctrl+6 jump straight to one"
        )
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.screens = QStackedWidget()
        self.screens.setObjectName("screens")
        self.sections: list[Section] = []
        self.holders: dict[Section, LazyScreen] = {}
        self._waiting: list[LazyScreen] = []
        self._watching_expose = False
        self._was_exposed = False

        for section, factory in self._factories().items():
            self.add_section(section, factory)
        self.navigation.currentRowChanged.connect(self.on_currentRowChanged)
        self.fit_navigation()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            Theme.of(app).changed.connect(self.on_theme_changed)

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.navigation)
        row.addWidget(self.screens, 1)
        # The lock screen covers everything (the title and task-switcher preview included).
        from ui.screens.lock import AppLock

        self.cover = QStackedWidget()
        self.cover.setObjectName("cover")
        self.cover.addWidget(central)
        self.setCentralWidget(self.cover)
        self.app_lock = AppLock(self, self.cover)
        self.resize(1120, 760)
        self._restore_geometry()
        self._started = False  # the first screen waits until the window is up
        self.navigation.setCurrentRow(0)
        self._started = True
        self.navigation.setFocus()

    def fit_navigation(self) -> None:
        """The width follows the font, so larger text never truncates a section's name."""
        self.navigation.ensurePolished()
        metrics = QFontMetrics(self.navigation.font())
        widest = max(metrics.horizontalAdvance(s.label) for s in Section)
        self.navigation.setFixedWidth(widest + metrics.averageCharWidth() * 7)

    def on_theme_changed(self, _scheme: str) -> None:
        # The style sheet (and with it the text size) was just applied to every widget.
        QTimer.singleShot(0, self, self.fit_navigation)

    # --- building -------------------------------------------------------------------

    def _factories(self) -> dict[Section, Callable[[], QWidget]]:
        return {
            Section.PRACTICE: self._make_practice,
            Section.HISTORY: self._make_history,
            Section.PROGRESS: self._make_progress,
            Section.SCENARIOS: self._make_scenarios,
            Section.SETTINGS: self._make_settings,
            Section.HELP: self._make_help,
        }

    def add_section(self, section: Section, factory: Callable[[], QWidget]) -> None:
        index = len(self.sections) + 1
        item = QListWidgetItem(section.label)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, section.label)
        item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, section.description)
        item.setToolTip(f"{section.description} (Ctrl+{index})")
        self.navigation.addItem(item)
        holder = LazyScreen(factory)
        holder.setObjectName(f"{section.value}Section")
        self.screens.addWidget(holder)
        self.sections.append(section)
        self.holders[section] = holder
        shortcut = QShortcut(QKeySequence(f"Ctrl+{index}"), self)
        shortcut.activated.connect(lambda s=section: self.show_section(s, focus=True))

    def _make_practice(self) -> QWidget:
        from ui.screens.practice import PracticeScreen

        screen = PracticeScreen(self.store)
        screen.session_saved.connect(self.on_practice_saved)
        screen.session_finished.connect(self.on_practice_saved)
        return screen

    def _make_history(self) -> QWidget:
        from ui.screens.history import HistoryScreen

        return HistoryScreen(self.store)

    def _make_progress(self) -> QWidget:
        from ui.screens.progress import ProgressScreen

        screen = ProgressScreen(self.store)
        screen.practice_requested.connect(lambda: self.show_section(Section.PRACTICE, True))
        return screen

    def _make_scenarios(self) -> QWidget:
        from ui.screens.scenario_library import ScenarioLibraryScreen

        return ScenarioLibraryScreen(self.store)

    def _make_settings(self) -> QWidget:
        from ui.screens.settings import SettingsScreen

        screen = SettingsScreen(self.store, self.paths)
        screen.preference_saved.connect(self.on_preference_saved)
        screen.data_replaced.connect(self.on_data_replaced)
        screen.privacy.encryption_requested.connect(self.app_lock.change_encryption)
        screen.privacy.hide_requested.connect(self.app_lock.lock)
        return screen

    def _make_help(self) -> QWidget:
        from ui.screens.help import HelpScreen

        return HelpScreen()

    @property
    def store(self) -> Store:
        if self._store is None:
            raise RuntimeError("the store is not attached yet")
        return self._store

    @property
    def has_store(self) -> bool:
        return self._store is not None

    def attach_store(self, store: Store) -> None:
        """The database is open: build the screens that were waiting for it."""
        self._store = store
        self.store_attached.emit()
        self._build_waiting()

    def detach_store(self) -> Store | None:
        """For the lock: every screen is thrown away (rebuilt on attach); the caller closes
        the store that is handed back."""
        store, self._store = self._store, None
        self._drop_screens()
        return store

    def _drop_screens(self, keep: Section | None = None) -> None:
        """Throw screens away (each is built again when next shown), all but `keep`."""
        for section, holder in self.holders.items():
            content = holder.content
            if section is keep or content is None:
                continue
            holder.content = None
            content.hide()
            content.setParent(None)
            content.deleteLater()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        handle = self.windowHandle()
        if self._watching_expose or handle is None:
            return
        self._watching_expose = True
        if handle.isExposed():
            QTimer.singleShot(0, self, self._on_first_expose)
        else:
            handle.installEventFilter(self)
            # In case no expose ever comes (a minimised start), go on soon after anyway.
            QTimer.singleShot(FIRST_SCREEN_FALLBACK_MS, self, self._on_first_expose)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        handle = self.windowHandle()
        if watched is handle and event.type() == QEvent.Type.Expose and handle.isExposed():
            handle.removeEventFilter(self)
            # A zero timer: the first frame is painted before anything slow starts.
            QTimer.singleShot(0, self, self._on_first_expose)
        return super().eventFilter(watched, event)

    def _on_first_expose(self) -> None:
        if self._was_exposed:
            return
        self._was_exposed = True
        self.exposed.emit()
        self._build_waiting()

    def build_after_exposed(self, holder: LazyScreen) -> None:
        """Build `holder` once the window is on screen and the store is open."""
        if holder not in self._waiting:
            self._waiting.append(holder)
        if self._was_exposed:
            QTimer.singleShot(0, self, self._build_waiting)

    def _build_waiting(self) -> None:
        if self._store is None or not self._was_exposed:
            return
        waiting, self._waiting = self._waiting, []
        for holder in waiting:
            holder.ensure()

    # --- navigating -----------------------------------------------------------------

    def _current_holder(self) -> QWidget:
        holder = self.screens.currentWidget()
        return holder if holder is not None else self.screens

    def section_screen(self, section: Section) -> QWidget:
        """The section's screen, built now if it was not yet (once the store is open)."""
        holder = self.holders[section]
        if self._store is None:
            return holder  # nothing to show until the database is open
        return holder.ensure()

    def current_section(self) -> Section:
        return self.sections[self.navigation.currentRow()]

    def show_section(self, section: Section, focus: bool = False) -> QWidget:
        self.navigation.setCurrentRow(self.sections.index(section))
        screen = self.section_screen(section)
        if focus:
            target = first_focusable(screen)
            if target is not None:
                target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return screen

    def on_currentRowChanged(self, row: int) -> None:
        if row < 0:
            return
        holder = self.holders[self.sections[row]]
        if self._started and self._store is not None:
            holder.ensure()
        elif self._started and holder.content is None:
            self.build_after_exposed(holder)
        self.screens.setCurrentIndex(row)
        self.section_changed.emit(self.sections[row].value)

    def on_preference_saved(self, key: str, value: str) -> None:
        """New defaults show on the practice start screen, unless a session is under way."""
        from ui.screens.practice import PracticeScreen, start_defaults
        from ui.widgets.passphrase_panel import LOCK_AFTER_KEY

        if key == LOCK_AFTER_KEY:
            self.app_lock.idle.set_minutes(int(value or 0))
            return
        practice = self.holders[Section.PRACTICE].content
        if isinstance(practice, PracticeScreen) and practice.session is None:
            practice.start.apply_defaults(start_defaults(self.store))

    def on_practice_saved(self, *_args: object) -> None:
        """New answers were saved: lists and charts built earlier read them again when shown."""
        for section in (Section.HISTORY, Section.PROGRESS):
            content = self.holders[section].content
            refresh = getattr(content, "mark_stale", None)
            if callable(refresh):
                refresh()

    def on_data_replaced(self) -> None:
        """A backup restored or data deleted: every other screen is built again, over what
        the store holds now (a session under way was in the data that was replaced)."""
        self._drop_screens(keep=self.current_section())

    def resume(self, snapshot: SessionSnapshot) -> bool:
        """Hand a cut-off session to the practice screen; False when it cannot take it."""
        screen = self.show_section(Section.PRACTICE)
        resume = getattr(screen, "resume", None)
        if not callable(resume):
            return False
        resume(snapshot)
        return True

    def save_work(self) -> None:
        """On quit: the practice screen saves the draft being typed."""
        content = self.holders[Section.PRACTICE].content
        for name in ("save_draft", "save_work"):
            save = getattr(content, name, None)
            if callable(save):
                save()
                return

    # --- geometry (the one thing kept in QSettings) ---------------------------------

    def _window_settings(self) -> QSettings:
        return QSettings(str(self.paths.root / "window.ini"), QSettings.Format.IniFormat)

    def _restore_geometry(self) -> None:
        saved = self._window_settings().value("geometry")
        if isinstance(saved, QByteArray) and not saved.isEmpty():
            self.restoreGeometry(saved)

    def finish_background_work(self) -> None:
        """Long work still running (an export) is asked to stop and waited for: a thread
        must not outlive the window whose store it reads."""
        for task in self.findChildren(BackgroundTask):
            if not task.done:
                task.cancel()
                task.wait()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.finish_background_work()
        # Only geometry is in this file, but it lives in the private folder: keep it 0600.
        touch_private_file(self.paths.root / "window.ini")
        settings = self._window_settings()
        settings.setValue("geometry", self.saveGeometry())
        settings.sync()
        super().closeEvent(event)
