"""The start screen: couple or solo, names, timing, rounds, answer mode, topic, hints."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.practice import AnswerMode, Mode, SessionSettings
from desktop.practice.records import (
    DEFAULT_ROUND_SECONDS,
    MAX_FOLLOW_UPS,
    MAX_ROUNDS,
)

ROUND_LENGTHS = (30, 45, 60, 90, 120, 180, 240, 300)
NAME_LIMIT = 40
ANSWER_MODE_WORDS = {
    AnswerMode.BOTH: "Pick an answer or type your own",
    AnswerMode.PICK: "Pick from answer cards",
    AnswerMode.TYPE: "Type your own answer",
}


def round_length_words(seconds: int | None) -> str:
    if seconds is None:
        return "Untimed"
    if seconds < 60:
        return f"{seconds} seconds"
    minutes, rest = divmod(seconds, 60)
    if rest == 0:
        return "1 minute" if minutes == 1 else f"{minutes} minutes"
    return f"{minutes} min {rest} s"


@dataclass(frozen=True, slots=True)
class StartDefaults:
    """What the form shows first (from Settings' flow defaults when there are any)."""

    round_seconds: int | None = DEFAULT_ROUND_SECONDS
    rounds: int = 2
    answer_mode: AnswerMode = AnswerMode.BOTH
    follow_ups: int = 1
    hints: bool = True
    swap_roles: bool = True


@dataclass(frozen=True, slots=True)
class Topic:
    key: str | None  # what SessionSettings.topic holds; None for any
    title: str


class StartScreen(QWidget):
    """Fills a SessionSettings; `start_requested(settings)` when Start is pressed and valid."""

    start_requested = Signal(object)  # SessionSettings

    def __init__(
        self,
        defaults: StartDefaults | None = None,
        topics: Sequence[Topic] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("startScreen")
        defaults = defaults or StartDefaults()

        title = QLabel("Start a practice session")
        title.setProperty("role", "title")
        intro = QLabel(
            "One of you shares a hurt, the other answers it. Each answer gets feedback on how "
            "heard it is likely to make the other feel. This is practice, not a test, and "
            "nothing you write leaves this computer."
        )
        intro.setWordWrap(True)
        intro.setProperty("role", "subtitle")

        self.couple = QRadioButton("Together (two of us at this computer)")
        self.couple.setObjectName("modeCouple")
        self.couple.setAccessibleName("Practise together as a couple")
        self.couple.setAccessibleDescription(
            "Two of you take turns at this computer: one shares a hurt, the other answers."
        )
        self.solo = QRadioButton("On my own (Attune plays the hurt partner)")
        self.solo.setObjectName("modeSolo")
        self.solo.setAccessibleName("Practise on my own")
        self.solo.setAccessibleDescription(
            "You answer hurts from the scenario library, with Attune in your partner's place."
        )
        self.modes = QButtonGroup(self)
        self.modes.addButton(self.couple)
        self.modes.addButton(self.solo)
        self.couple.setChecked(True)
        mode_row = QVBoxLayout()
        mode_row.setSpacing(2)
        mode_row.addWidget(self.couple)
        mode_row.addWidget(self.solo)

        self.first_name = QLineEdit()
        self.first_name.setObjectName("firstName")
        self.first_name.setAccessibleName("First partner's name")
        self.first_name.setPlaceholderText("A first name")
        self.first_name.setMaxLength(NAME_LIMIT)
        self.second_name = QLineEdit()
        self.second_name.setObjectName("secondName")
        self.second_name.setAccessibleName("Second partner's name")
        self.second_name.setAccessibleDescription(
            "The second partner's first name, used to say whose turn it is."
        )
        self.second_name.setPlaceholderText("A first name")
        self.second_name.setMaxLength(NAME_LIMIT)
        self.second_label = QLabel("Second name")
        self.second_label.setBuddy(self.second_name)
        self.first_label = QLabel("First name")
        self.first_label.setBuddy(self.first_name)

        self.first_sharer = QComboBox()
        self.first_sharer.setObjectName("firstSharer")
        self.first_sharer.setAccessibleName("Who shares first")
        self.first_sharer.setAccessibleDescription(
            "The person who shares a hurt in the first round."
        )
        self.first_sharer_label = QLabel("Shares first")
        self.first_sharer_label.setBuddy(self.first_sharer)

        self.round_length = QComboBox()
        self.round_length.setObjectName("roundLength")
        self.round_length.setAccessibleName("Time to answer")
        self.round_length.setAccessibleDescription(
            "How long each answer may take; Untimed has no limit."
        )
        for seconds in (*ROUND_LENGTHS, None):
            self.round_length.addItem(round_length_words(seconds), seconds)

        self.rounds = QComboBox()
        self.rounds.setObjectName("rounds")
        self.rounds.setAccessibleName("Number of rounds")
        self.rounds.setAccessibleDescription("In each round one of you shares and one answers.")
        for count in range(1, MAX_ROUNDS + 1):
            self.rounds.addItem("1 round" if count == 1 else f"{count} rounds", count)

        self.follow_ups = QComboBox()
        self.follow_ups.setObjectName("followUps")
        self.follow_ups.setAccessibleName("Follow-ups per round")
        self.follow_ups.setAccessibleDescription(
            "After feedback, the sharer can answer back this many times in a round."
        )
        for count in range(MAX_FOLLOW_UPS + 1):
            words = {0: "None", 1: "1 follow-up"}.get(count, f"{count} follow-ups")
            self.follow_ups.addItem(words, count)

        self.answer_mode = QComboBox()
        self.answer_mode.setObjectName("answerMode")
        self.answer_mode.setAccessibleName("How to answer")
        self.answer_mode.setAccessibleDescription(
            "Whether answers are picked from cards, typed in your own words, or either."
        )
        for mode, words in ANSWER_MODE_WORDS.items():
            self.answer_mode.addItem(words, mode)

        self.topic = QComboBox()
        self.topic.setObjectName("topic")
        self.topic.setAccessibleName("Topic")
        self.topic.setAccessibleDescription("Which kind of hurt the scenarios are about.")
        self.set_topics(topics)

        self.hints = QCheckBox("Show coaching hints while typing")
        self.hints.setObjectName("hints")
        self.hints.setAccessibleName("Show coaching hints while typing")
        self.hints.setAccessibleDescription(
            "Shows short tips under the answer box as the answer is typed."
        )

        self.swap_roles = QCheckBox("Swap roles each round")
        self.swap_roles.setObjectName("swapRoles")
        self.swap_roles.setAccessibleName("Swap roles each round")
        self.swap_roles.setAccessibleDescription(
            "When ticked, you take turns to share; when not, the same person shares every round."
        )
        self.swap_roles.setChecked(True)

        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(8)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Who is practising", mode_row)
        form.addRow(self.first_label, self.first_name)
        form.addRow(self.second_label, self.second_name)
        form.addRow(self.first_sharer_label, self.first_sharer)
        form.addRow("Time to answer", self.round_length)
        counts = QHBoxLayout()
        counts.setSpacing(12)
        counts.addWidget(self.rounds, 1)
        follow_label = QLabel("Follow-ups per round")
        follow_label.setBuddy(self.follow_ups)
        counts.addSpacing(12)
        counts.addWidget(follow_label)
        counts.addWidget(self.follow_ups, 1)
        form.addRow("Rounds", counts)
        form.addRow("How to answer", self.answer_mode)
        form.addRow("Topic", self.topic)
        toggles = QHBoxLayout()
        toggles.setSpacing(24)
        toggles.addWidget(self.hints)
        toggles.addWidget(self.swap_roles)
        toggles.addStretch(1)
        form.addRow("", toggles)
        self.form = form

        self.problem = QLabel("")
        self.problem.setObjectName("startProblem")
        self.problem.setProperty("role", "problem")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Problem with the choices")
        self.problem.hide()

        self.start_button = QPushButton("Start")
        self.start_button.setObjectName("startButton")
        self.start_button.setAccessibleName("Start the session")
        self.start_button.setAccessibleDescription("Starts a practice session with these choices.")
        self.start_button.setProperty("role", "primary")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.on_start_button_clicked)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(48, 8, 48, 16)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)

        body = QWidget()
        body.setObjectName("startBody")
        column = QVBoxLayout(body)
        column.setContentsMargins(48, 28, 48, 8)
        column.setSpacing(14)
        column.addWidget(title)
        column.addWidget(intro)
        card = QFrame()
        card.setProperty("role", "card")
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(24, 20, 24, 20)
        card_layout.addLayout(form)
        column.addWidget(card)
        column.addWidget(self.problem)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("startScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        # Long choices may shorten on a narrow window or with large text, never run off it.
        for box in (
            self.first_sharer,
            self.round_length,
            self.rounds,
            self.follow_ups,
            self.answer_mode,
            self.topic,
        ):
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(8)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(scroll, 1)
        outer.addLayout(buttons)

        self.couple.toggled.connect(self.on_couple_toggled)
        self.first_name.textChanged.connect(self.on_names_changed)
        self.second_name.textChanged.connect(self.on_names_changed)
        self.first_name.returnPressed.connect(self.on_start_button_clicked)
        self.second_name.returnPressed.connect(self.on_start_button_clicked)
        self.on_names_changed()
        self.on_couple_toggled(True)
        self.apply_defaults(defaults)

    def set_topics(self, topics: Sequence[Topic]) -> None:
        """The topics to choose from; the current choice stays chosen if it is still there."""
        chosen = self.topic.currentData()
        self.topic.clear()
        self.topic.addItem("Any topic", None)
        for topic in topics:
            self.topic.addItem(topic.title, topic.key)
        self.topic.setCurrentIndex(max(0, self.topic.findData(chosen)))

    def apply_defaults(self, defaults: StartDefaults) -> None:
        """Show Settings' saved defaults (names and mode are left as they were typed)."""

        def choose(box: QComboBox, value: object, fallback: object) -> None:
            found = box.findData(value)
            box.setCurrentIndex(found if found >= 0 else max(0, box.findData(fallback)))

        choose(self.round_length, defaults.round_seconds, DEFAULT_ROUND_SECONDS)
        choose(self.rounds, defaults.rounds, 2)
        choose(self.follow_ups, defaults.follow_ups, 1)
        choose(self.answer_mode, defaults.answer_mode, AnswerMode.BOTH)
        self.hints.setChecked(defaults.hints)
        self.swap_roles.setChecked(defaults.swap_roles)

    @property
    def mode(self) -> Mode:
        return Mode.COUPLE if self.couple.isChecked() else Mode.SOLO

    def on_couple_toggled(self, _checked: bool) -> None:
        couple = self.mode is Mode.COUPLE
        # Whole rows go, so the form closes up instead of keeping empty gaps.
        self.form.setRowVisible(self.second_name, couple)
        self.form.setRowVisible(self.first_sharer, couple)
        self.swap_roles.setVisible(couple)
        self.first_label.setText("First name" if couple else "Your name")
        self.first_name.setAccessibleName("First partner's name" if couple else "Your name")
        self.first_name.setAccessibleDescription(
            "The first partner's first name, used to say whose turn it is."
            if couple
            else "Your first name, used on the screens and in History."
        )
        self.problem.hide()

    def on_names_changed(self, _text: str = "") -> None:
        current = self.first_sharer.currentIndex()
        names = [
            self.first_name.text().strip() or "First partner",
            self.second_name.text().strip() or "Second partner",
        ]
        self.first_sharer.blockSignals(True)
        self.first_sharer.clear()
        self.first_sharer.addItems(names)
        self.first_sharer.setCurrentIndex(max(0, current))
        self.first_sharer.blockSignals(False)

    def settings(self) -> SessionSettings:
        """The chosen settings; raises ValueError with a message a person can act on."""
        mode = self.mode
        first = self.first_name.text().strip()
        if mode is Mode.COUPLE:
            second = self.second_name.text().strip()
            if not first or not second:
                raise ValueError(
                    "Please write both first names, so Attune can say whose turn it is."
                )
            if first.casefold() == second.casefold():
                raise ValueError("Please use two different names, so the turns are clear.")
            partners: tuple[str, ...] = (first, second)
        else:
            if not first:
                raise ValueError("Please write your first name.")
            partners = (first,)
        seconds = self.round_length.currentData()
        return SessionSettings(
            mode=mode,
            partners=partners,
            first_sharer=self.first_sharer.currentIndex() if mode is Mode.COUPLE else 0,
            round_seconds=seconds if isinstance(seconds, int) else None,
            rounds=int(self.rounds.currentData()),
            answer_mode=AnswerMode(self.answer_mode.currentData()),
            follow_ups=int(self.follow_ups.currentData()),
            hints=self.hints.isChecked(),
            swap_roles=self.swap_roles.isChecked() if mode is Mode.COUPLE else True,
            topic=self.topic.currentData(),
        )

    def show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()

    def on_start_button_clicked(self) -> None:
        try:
            settings = self.settings()
        except ValueError as exc:
            self.show_problem(str(exc))
            focus = self.second_name if self.first_name.text().strip() else self.first_name
            focus.setFocus()
            return
        self.problem.hide()
        self.start_requested.emit(settings)
