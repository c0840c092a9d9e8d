"""Settings: session defaults, theme, text size, sounds, where the data lives, scoring rules."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AttuneError
from desktop.paths import AppPaths
from desktop.practice.records import (
    DEFAULT_ROUND_SECONDS,
    MAX_FOLLOW_UPS,
    MAX_ROUND_SECONDS,
    MAX_ROUNDS,
    MIN_ROUND_SECONDS,
    AnswerMode,
)
from desktop.store.rescore import RescoreReport, current_version, rescore_history, stale_count
from ui.background import BackgroundTask, Cancelled, Progress, report_errors
from ui.screens.start import ANSWER_MODE_WORDS, round_length_words
from ui.screens.start import ROUND_LENGTHS as START_LENGTHS
from ui.theme import Theme, ThemeChoice

if TYPE_CHECKING:
    from desktop.store import Store


class Preference(StrEnum):
    """Keys of the store's preferences this screen owns; values are kept as strings."""

    ROUND_SECONDS = "round_seconds"
    ROUNDS = "rounds"
    ANSWER_MODE = "answer_mode"
    FOLLOW_UPS = "follow_ups"
    HINTS = "hints"
    SWAP_ROLES = "swap_roles"
    THEME = "theme"
    TEXT_SCALE = "text_scale"
    SOUNDS = "sounds"


UNTIMED = "untimed"
# Combo boxes carry the stored string itself as their data: Qt turns str enums into plain
# strings anyway, so the preference value is the one thing that round-trips exactly.
# The same lengths and words as the start screen's, so a default reads the same in both.
ROUND_LENGTHS: tuple[tuple[str, str], ...] = (
    *((round_length_words(seconds), str(seconds)) for seconds in START_LENGTHS),
    ("Untimed", UNTIMED),
)
ANSWER_MODES: tuple[tuple[str, str], ...] = tuple(
    (words, mode.value) for mode, words in ANSWER_MODE_WORDS.items()
)
THEMES: tuple[tuple[str, str], ...] = (
    ("Follow the system", ThemeChoice.SYSTEM.value),
    ("Light", ThemeChoice.LIGHT.value),
    ("Dark", ThemeChoice.DARK.value),
)
TEXT_SIZES: tuple[tuple[str, str], ...] = (
    ("Smaller", "0.9"),
    ("Normal", "1"),
    ("Larger", "1.15"),
    ("Large", "1.3"),
    ("Largest", "1.5"),
)


class PreferenceStore(Protocol):
    def preference(self, key: str, default: str | None = None) -> str | None: ...

    def set_preference(self, key: str, value: str) -> None: ...


@dataclass(frozen=True, slots=True)
class FlowDefaults:
    """What a new session starts with; the practice start screen reads these."""

    round_seconds: int | None = DEFAULT_ROUND_SECONDS
    rounds: int = 2
    answer_mode: AnswerMode = AnswerMode.BOTH
    follow_ups: int = 1
    hints: bool = True
    swap_roles: bool = True


@dataclass(frozen=True, slots=True)
class Appearance:
    theme: ThemeChoice = ThemeChoice.SYSTEM
    text_scale: float = 1.0
    sounds: bool = True


def _read(store: PreferenceStore, key: Preference) -> str | None:
    try:
        return store.preference(key.value)
    except AttuneError:
        return None


def _int(value: str | None, default: int, low: int, high: int) -> int:
    try:
        number = int(value) if value is not None else default
    except ValueError:
        return default
    return number if low <= number <= high else default


def _bool(value: str | None, default: bool) -> bool:
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def flow_defaults(store: PreferenceStore) -> FlowDefaults:
    """The saved defaults, each falling back on its own when missing or malformed."""
    seconds_text = _read(store, Preference.ROUND_SECONDS)
    round_seconds: int | None
    if seconds_text == UNTIMED:
        round_seconds = None
    else:
        round_seconds = _int(
            seconds_text, DEFAULT_ROUND_SECONDS, MIN_ROUND_SECONDS, MAX_ROUND_SECONDS
        )
    mode_text = _read(store, Preference.ANSWER_MODE)
    modes = {mode.value: mode for mode in AnswerMode}
    return FlowDefaults(
        round_seconds=round_seconds,
        rounds=_int(_read(store, Preference.ROUNDS), 2, 1, MAX_ROUNDS),
        answer_mode=modes.get(mode_text or "", AnswerMode.BOTH),
        follow_ups=_int(_read(store, Preference.FOLLOW_UPS), 1, 0, MAX_FOLLOW_UPS),
        hints=_bool(_read(store, Preference.HINTS), True),
        swap_roles=_bool(_read(store, Preference.SWAP_ROLES), True),
    )


def appearance(store: PreferenceStore) -> Appearance:
    scale_text = _read(store, Preference.TEXT_SCALE)
    try:
        scale = float(scale_text) if scale_text else 1.0
    except ValueError:
        scale = 1.0
    if not 0.75 <= scale <= 2.0:
        scale = 1.0
    return Appearance(
        theme=ThemeChoice.parse(_read(store, Preference.THEME)),
        text_scale=scale,
        sounds=_bool(_read(store, Preference.SOUNDS), True),
    )


def apply_appearance(store: PreferenceStore) -> None:
    """Theme and text size from the store, on the running application."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    chosen = appearance(store)
    theme = Theme.of(app)
    theme.choice = chosen.theme
    theme.text_scale = chosen.text_scale
    theme.apply()


def _select(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(index if index >= 0 else 0)


class SettingsScreen(QWidget):
    """Every change is saved at once; there is no Save button to forget."""

    preference_saved = Signal(str, str)
    data_replaced = Signal()  # a backup was restored or data deleted: every screen reloads

    def __init__(self, store: Store, paths: AppPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsScreen")
        self.store = store
        self.paths = paths
        self._loading = False

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        body.setObjectName("settingsBody")
        column = QVBoxLayout(body)
        column.setContentsMargins(40, 32, 40, 32)
        column.setSpacing(18)
        title = QLabel("Settings")
        title.setProperty("role", "title")
        subtitle = QLabel("Changes are saved as you make them.")
        subtitle.setProperty("role", "subtitle")
        column.addWidget(title)
        column.addWidget(subtitle)
        groups = [
            self._build_flow(),
            self._build_appearance(),
            self._build_privacy(),
            self._build_data(),
            self._build_scoring(),
        ]
        for group in groups:
            column.addWidget(group)
        column.addStretch(1)
        self._align_labels(groups)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.setFocusProxy(self.round_length)
        self.load()

    # --- building -------------------------------------------------------------------

    def _combo(
        self, name: str, accessible: str, description: str, items: tuple[tuple[str, str], ...]
    ) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        combo.setAccessibleDescription(description)
        for text, value in items:
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(self.save)
        return combo

    def _group(self, title: str) -> tuple[QWidget, QFormLayout]:
        """A heading over a card holding a form (clearer than a group box's inset title)."""
        group = QWidget()
        column = QVBoxLayout(group)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        heading = QLabel(title)
        heading.setProperty("role", "sectionHeading")
        card = QFrame()
        card.setObjectName("settingsCard")
        card.setAccessibleName(title)
        column.addWidget(heading)
        column.addWidget(card)
        form = QFormLayout(card)
        form.setContentsMargins(18, 16, 18, 16)
        form.setHorizontalSpacing(24)
        form.setVerticalSpacing(12)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return group, form

    @staticmethod
    def _align_labels(groups: list[QWidget]) -> None:
        """One label column for every group, so the fields line up down the page."""
        labels = [
            label
            for group in groups
            for label in group.findChildren(QLabel)
            if label.buddy() is not None or label.property("formLabel")
        ]
        if not labels:
            return
        widest = max(label.sizeHint().width() for label in labels)
        for label in labels:
            label.setMinimumWidth(widest)
            # As tall as its field, so the words sit level with what they name.
            buddy = label.buddy()
            if buddy is not None:
                label.setMinimumHeight(buddy.sizeHint().height())

    def _build_flow(self) -> QWidget:
        group, form = self._group("New sessions start with")
        self.round_length = self._combo(
            "settingsRoundLength",
            "Time to answer",
            "How long each answer may take in a new session; Untimed has no limit.",
            ROUND_LENGTHS,
        )
        self.rounds = QSpinBox()
        self.rounds.setObjectName("settingsRounds")
        self.rounds.setAccessibleName("Number of rounds")
        self.rounds.setAccessibleDescription("How many rounds a new session has.")
        self.rounds.setRange(1, MAX_ROUNDS)
        self.rounds.valueChanged.connect(self.save)
        self.answer_mode = self._combo(
            "settingsAnswerMode",
            "How to answer",
            "Whether new sessions offer answer cards, a box to type in, or both.",
            ANSWER_MODES,
        )
        self.follow_ups = QSpinBox()
        self.follow_ups.setObjectName("settingsFollowUps")
        self.follow_ups.setAccessibleName("Follow-ups per round")
        self.follow_ups.setAccessibleDescription(
            "How many times the sharer can answer back in each round of a new session."
        )
        self.follow_ups.setRange(0, MAX_FOLLOW_UPS)
        self.follow_ups.valueChanged.connect(self.save)
        self.hints = QCheckBox("Show coaching hints while typing")
        self.hints.setObjectName("settingsHints")
        self.hints.setAccessibleName("Show coaching hints while typing")
        self.hints.setAccessibleDescription(
            "New sessions show short tips under the answer box as the answer is typed."
        )
        self.hints.toggled.connect(self.save)
        self.swap_roles = QCheckBox("Swap roles each round (together)")
        self.swap_roles.setObjectName("settingsSwapRoles")
        self.swap_roles.setAccessibleName("Swap roles each round (together)")
        self.swap_roles.setAccessibleDescription(
            "In couple sessions the partner who answered shares the next hurt."
        )
        self.swap_roles.toggled.connect(self.save)
        form.addRow("&Time to answer", self.round_length)
        form.addRow("&Rounds", self.rounds)
        form.addRow("&How to answer", self.answer_mode)
        form.addRow("&Follow-ups per round", self.follow_ups)
        form.addRow("", self.hints)
        form.addRow("", self.swap_roles)
        return group

    def _build_appearance(self) -> QWidget:
        group, form = self._group("Look and sound")
        self.theme = self._combo(
            "settingsTheme",
            "Theme",
            "Light, dark, or the same as your computer; it changes at once.",
            THEMES,
        )
        self.text_size = self._combo(
            "settingsTextSize",
            "Text size",
            "Makes all the text in Attune smaller or larger; it changes at once.",
            TEXT_SIZES,
        )
        self.sounds = QCheckBox("Play soft sounds")
        self.sounds.setToolTip("A soft tone when ten seconds are left, and when time runs out")
        self.sounds.setAccessibleDescription(self.sounds.toolTip())
        self.sounds.setObjectName("settingsSounds")
        self.sounds.setAccessibleName("Play soft sounds")
        self.sounds.toggled.connect(self.save)
        form.addRow("T&heme", self.theme)
        form.addRow("Te&xt size", self.text_size)
        form.addRow("", self.sounds)
        return group

    def _build_privacy(self) -> QWidget:
        """App lock and encryption (ui/widgets/passphrase_panel.py)."""
        from ui.widgets.passphrase_panel import PrivacyPanel

        group, form = self._group("Privacy")
        self.privacy = PrivacyPanel(self.store, self.paths)
        self.privacy.preference_saved.connect(self.preference_saved)
        form.addRow(self.privacy)
        return group

    def _build_data(self) -> QWidget:
        group, form = self._group("Your data")
        self.location = QLabel(str(self.paths.root))
        self.location.setObjectName("settingsDataLocation")
        self.location.setAccessibleName("Data folder")
        self.location.setAccessibleDescription(
            "Where Attune keeps your data on this computer; you can select and copy it."
        )
        self.location.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.location.setWordWrap(True)
        # A long path must not widen the page; it wraps where it can and is selectable.
        self.location.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.location.setMinimumWidth(120)
        self.open_folder_button = QPushButton("&Open folder")
        self.open_folder_button.setObjectName("settingsOpenFolder")
        self.open_folder_button.setAccessibleName("Open the data folder")
        self.open_folder_button.setAccessibleDescription(
            "Shows the folder that holds your data in your file manager."
        )
        self.open_folder_button.clicked.connect(lambda: self.open_folder(self.paths.root))
        row = QHBoxLayout()
        row.addWidget(self.location, 1)
        row.addWidget(self.open_folder_button)
        folder_label = QLabel("Folder")
        folder_label.setProperty("formLabel", True)
        folder_label.setMinimumHeight(self.open_folder_button.sizeHint().height())
        row.setSpacing(16)
        form.addRow(folder_label, row)
        from ui.widgets.data_care import DataCare

        self.data_care = DataCare(self.store)
        self.data_care.data_replaced.connect(self.on_data_replaced)
        form.addRow("", self.data_care)
        note = QLabel(
            "Everything stays on this computer, in one database file only your user account "
            "can open. Nothing is ever sent anywhere."
        )
        note.setWordWrap(True)
        note.setProperty("role", "caption")
        form.addRow(note)
        return group

    def _build_scoring(self) -> QWidget:
        group, form = self._group("Scoring rules")
        self.scoring = ScoringRulesCard(self.store)
        form.addRow(self.scoring)
        return group

    # --- loading and saving ---------------------------------------------------------

    def load(self) -> None:
        self._loading = True
        try:
            flow = flow_defaults(self.store)
            look = appearance(self.store)
            seconds = flow.round_seconds
            _select(self.round_length, UNTIMED if seconds is None else str(seconds))
            self.rounds.setValue(flow.rounds)
            _select(self.answer_mode, flow.answer_mode.value)
            self.follow_ups.setValue(flow.follow_ups)
            self.hints.setChecked(flow.hints)
            self.swap_roles.setChecked(flow.swap_roles)
            _select(self.theme, look.theme.value)
            scales = [value for _text, value in TEXT_SIZES]
            nearest = min(scales, key=lambda value: abs(float(value) - look.text_scale))
            _select(self.text_size, nearest)
            self.sounds.setChecked(look.sounds)
        finally:
            self._loading = False

    def values(self) -> dict[Preference, str]:
        return {
            Preference.ROUND_SECONDS: str(self.round_length.currentData()),
            Preference.ROUNDS: str(self.rounds.value()),
            Preference.ANSWER_MODE: str(self.answer_mode.currentData()),
            Preference.FOLLOW_UPS: str(self.follow_ups.value()),
            Preference.HINTS: "true" if self.hints.isChecked() else "false",
            Preference.SWAP_ROLES: "true" if self.swap_roles.isChecked() else "false",
            Preference.THEME: str(self.theme.currentData()),
            Preference.TEXT_SCALE: str(self.text_size.currentData()),
            Preference.SOUNDS: "true" if self.sounds.isChecked() else "false",
        }

    def save(self, *_args: object) -> None:
        if self._loading:
            return
        try:
            saved = appearance(self.store)
            for key, value in self.values().items():
                if _read(self.store, key) != value:
                    self.store.set_preference(key.value, value)
                    self.preference_saved.emit(key.value, value)
        except AttuneError as exc:
            self.warn(self, "Settings not saved", exc.user_message)
            return
        now = appearance(self.store)
        if (now.theme, now.text_scale) != (saved.theme, saved.text_scale):
            apply_appearance(self.store)

    def on_data_replaced(self, _what: str) -> None:
        """A restore or a deletion changed the saved settings too: show what is there now."""
        self.load()
        apply_appearance(self.store)
        self.scoring.refresh()
        self.data_replaced.emit()

    # --- outside the app (class methods, so tests can replace them) -----------------

    @classmethod
    def open_folder(cls, folder: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    @classmethod
    def warn(cls, parent: QWidget, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)


def _answers_were(n: int) -> str:
    return "1 saved answer was" if n == 1 else f"{n:,} saved answers were"


class _InCardTask(BackgroundTask[object]):
    """A background task whose progress shows in the card, never in a (modal) dialog."""

    progressed = Signal(int, int)

    def on_delay_passed(self) -> None:
        pass

    def on_progressed(self, done: int, total: int) -> None:
        self.progressed.emit(done, total)


class ScoringRulesCard(QWidget):
    """How many answers carry older rules' scores, and re-scoring them in the background.

    The window stays usable meanwhile: progress and Cancel live in the card itself.
    """

    history_rescored = Signal(int)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsScoringRules")
        self.store = store
        self.task: _InCardTask | None = None
        self.status = QLabel()
        self.status.setObjectName("settingsRescoreStatus")
        self.status.setAccessibleName("Scoring rules")
        self.status.setWordWrap(True)
        self.rescore_button = QPushButton("Re-&score history")
        self.rescore_button.setObjectName("settingsRescore")
        self.rescore_button.setAccessibleName("Re-score history")
        self.rescore_button.setAccessibleDescription(
            "Scores the saved answers again with the current rules, while you carry on; "
            "what was typed and the ratings stay as they were."
        )
        self.rescore_button.clicked.connect(self.start)
        self.progress = QProgressBar()
        self.progress.setObjectName("settingsRescoreProgress")
        self.progress.setAccessibleName("Re-scoring progress")
        self.progress.setFormat("%v of %m")
        self.progress.hide()
        self.cancel_button = QPushButton("C&ancel")
        self.cancel_button.setObjectName("settingsRescoreCancel")
        self.cancel_button.setAccessibleName("Cancel re-scoring")
        self.cancel_button.setAccessibleDescription(
            "Stops re-scoring after the current batch; answers already done keep their new scores."
        )
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        note = QLabel(
            "Re-scoring changes only scores, labels and highlights; what was typed and how "
            "heard your partner felt stay as they were."
        )
        note.setWordWrap(True)
        note.setProperty("role", "caption")
        row = QHBoxLayout()
        row.setSpacing(16)
        row.addWidget(self.rescore_button)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        row.addStretch(0)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        column.addWidget(self.status)
        column.addLayout(row)
        column.addWidget(note)
        self.refresh()

    @property
    def running(self) -> bool:
        return self.task is not None

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        report_errors(self.refresh)

    def refresh(self, done: str = "") -> None:
        """Count the answers scored with older rules and say so (after `done`, if given)."""
        if self.running:
            return
        try:
            stale, version = stale_count(self.store), current_version()
        except AttuneError as exc:
            self.status.setText(
                f"{done} The saved answers could not be counted: {exc.user_message}".strip()
            )
            self.rescore_button.setEnabled(False)
            return
        if stale:
            text = (
                f"{_answers_were(stale)} scored with older rules. Re-scoring gives them the "
                f"current rules' scores (version {version})."
            )
        else:
            text = f"Every saved answer is scored with the current rules (version {version})."
        self.status.setText(f"{done} {text}".strip())
        self.rescore_button.setEnabled(stale > 0)

    def start(self) -> None:
        if self.running:
            return
        store = self.store

        def work(progress: Progress, cancelled: Cancelled) -> object:
            return rescore_history(store, progress=progress, cancelled=cancelled)

        task = _InCardTask(self, "Re-scoring history", work)
        task.progressed.connect(self.on_progressed)
        task.succeeded.connect(self.on_rescored)
        task.failed.connect(self.on_rescore_failed)
        self.task = task
        self.rescore_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        self.status.setText("Re-scoring your history…")
        task.start()

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText("Stopping after the current batch…")

    def on_progressed(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def _finish(self) -> None:
        refocus = self.cancel_button.hasFocus()
        self.task = None
        self.progress.hide()
        self.cancel_button.hide()
        self.rescore_button.setEnabled(True)
        if refocus:
            self.rescore_button.setFocus()

    def on_rescored(self, report: object) -> None:
        self._finish()
        if not isinstance(report, RescoreReport):
            self.refresh()
            return
        if report.cancelled:
            done = f"Stopped: re-scored {report.rescored:,} of {report.found:,}."
        else:
            done = f"Done: re-scored {report.rescored:,} answers."
        self.refresh(done)
        self.history_rescored.emit(report.rescored)

    def on_rescore_failed(self, error: BaseException) -> None:
        self._finish()
        if not isinstance(error, AttuneError):
            raise error
        self.refresh(
            f"Re-scoring stopped: {error.user_message} Answers already re-scored keep their "
            "new scores."
        )
