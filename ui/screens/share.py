"""The share screen: the sharer writes the hurt, with an optional gentle start-up frame.

The share is scored as it is written (debounced), so the sharer can revise before sending.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.practice import Hurt

if TYPE_CHECKING:
    from desktop.engine import ShareResult

PREVIEW_DELAY_MS = 300
MAX_SHARE_CHARS = 10_000
FRAME = "I felt … when … What I need is …"
GAP = "…"

SHARE_LABEL_WORDS = {
    "gentle": "Gentle start-up: this is easy to hear.",
    "mixed": "Partly gentle: some words may be heard as blame.",
    "harsh": "Harsh start-up: this may be heard as an attack. Try “I felt … when …”.",
    "neutral": "Say how you felt and what you need, and it will be easier to hear.",
}

SharePreview = Callable[[str], Any]  # text -> the engine's ShareResult
ScenarioPicker = Callable[[], Hurt | None]


def share_words(result: ShareResult) -> str:
    """The preview line: the reading in words, both scores, and up to two things to try."""
    words = SHARE_LABEL_WORDS.get(str(result.label), SHARE_LABEL_WORDS["neutral"])
    hints = [hit.suggestion or hit.message for hit in result.hits if hit.polarity == "harshness"]
    scores = f"(Gentle {round(result.gentleness)} of 100, harsh {round(result.harshness)} of 100.)"
    return " ".join(part for part in (words, scores, *[h for h in hints if h][:2]) if part)


class ShareScreen(QWidget):
    """`share_sent(text, scenario_hurt_or_None)` when the sharer sends."""

    share_sent = Signal(str, object)
    draft_changed = Signal(str)

    def __init__(
        self,
        preview: SharePreview,
        pick_scenario: ScenarioPicker | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("shareScreen")
        self._preview = preview
        self._pick_scenario = pick_scenario
        self.scenario_hurt: Hurt | None = None

        self.heading = QLabel()
        self.heading.setObjectName("shareHeading")
        self.heading.setProperty("role", "title")
        self.heading.setWordWrap(True)
        self.privacy = QLabel()
        self.privacy.setObjectName("sharePrivacy")
        self.privacy.setWordWrap(True)
        self.privacy.setProperty("role", "subtitle")

        self.box = QPlainTextEdit()
        self.box.setObjectName("shareText")
        self.box.setAccessibleName("What hurt you")
        self.box.setAccessibleDescription(
            "Write what hurt, in your own words. Ctrl+Enter sends it."
        )
        self.box.setPlaceholderText("What hurt, and what do you need now?")
        self.box.setTabChangesFocus(True)
        self.box.textChanged.connect(self.on_box_textChanged)
        self.box.installEventFilter(self)

        self.frame_button = QPushButton("Use the gentle start-up frame")
        self.frame_button.setObjectName("shareFrameButton")
        self.frame_button.setAccessibleName("Use the gentle start-up frame")
        self.frame_button.setAccessibleDescription(
            "Puts “I felt … when … What I need is …” in the box; type to fill each gap, "
            "Tab moves to the next one."
        )
        self.frame_button.clicked.connect(self.on_frame_button_clicked)
        self.scenario_button = QPushButton("Start from a scenario")
        self.scenario_button.setObjectName("shareScenarioButton")
        self.scenario_button.setAccessibleName("Start from a scenario")
        self.scenario_button.setAccessibleDescription(
            "Fills the box with a hurt from the scenario library, with answer cards to pick from."
        )
        self.scenario_button.clicked.connect(self.on_scenario_button_clicked)
        self.scenario_button.setVisible(pick_scenario is not None)

        self.score = QLabel("")
        self.score.setObjectName("shareScore")
        self.score.setAccessibleName("How the share may be heard")
        self.score.setWordWrap(True)
        self.score.setProperty("role", "hint")

        self.send_button = QPushButton("Send  (Ctrl+Enter)")
        self.send_button.setObjectName("shareSendButton")
        self.send_button.setAccessibleName("Send the share")
        self.send_button.setAccessibleDescription(
            "Sends what you wrote; next, you hand the keyboard over. Ctrl+Enter does the same."
        )
        self.send_button.setProperty("role", "primary")
        self.send_button.setEnabled(False)
        self.send_button.clicked.connect(self.on_send_button_clicked)

        tools = QHBoxLayout()
        tools.setSpacing(8)
        tools.addWidget(self.frame_button)
        tools.addWidget(self.scenario_button)
        tools.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.score, 1)
        actions.addSpacing(12)
        actions.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.setSpacing(12)
        layout.addWidget(self.heading)
        layout.addWidget(self.privacy)
        layout.addLayout(tools)
        layout.addWidget(self.box, 1)
        layout.addLayout(actions)

        self.preview_timer = QTimer(self)
        self.preview_timer.setSingleShot(True)
        self.preview_timer.setInterval(PREVIEW_DELAY_MS)
        self.preview_timer.timeout.connect(self.on_preview_timer_timeout)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.on_send_button_clicked)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # While the frame still has gaps, Tab jumps to the next "…" instead of leaving the box.
        if (
            watched is self.box
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Tab
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and GAP in self.text()
        ):
            self._select_next_gap(self.box.textCursor().selectionEnd())
            return True
        return super().eventFilter(watched, event)

    def show_turn(self, sharer: str, answerer: str, follow_up: bool, draft: str = "") -> None:
        if follow_up:
            self.heading.setText(f"{sharer}, answer back to {answerer}")
            self.box.setPlaceholderText("What is still there for you? What do you need now?")
        else:
            self.heading.setText(f"{sharer}, share a hurt")
            self.box.setPlaceholderText("What hurt, and what do you need now?")
        self.privacy.setText(
            f"{answerer} will not see this until you send it and hand over the keyboard. "
            "Saying how you felt and what you need makes it easier to hear than blame."
        )
        self.scenario_hurt = None
        self.scenario_button.setVisible(self._pick_scenario is not None and not follow_up)
        self.box.setPlainText(draft)
        self.set_score("")
        self.on_preview_timer_timeout()
        self.box.setFocus()

    def text(self) -> str:
        return self.box.toPlainText()

    def on_box_textChanged(self) -> None:
        text = self.text()
        self.send_button.setEnabled(bool(text.strip()))
        self.draft_changed.emit(text)
        self.preview_timer.start()

    def on_preview_timer_timeout(self) -> None:
        self.preview_timer.stop()
        text = self.text()
        if not text.strip():
            self.set_score("")
            return
        self.set_score(share_words(self._preview(text)))

    def set_score(self, words: str) -> None:
        self.score.setText(words)
        self.score.setVisible(bool(words))

    def on_frame_button_clicked(self) -> None:
        cursor = self.box.textCursor()
        if self.text().strip():
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertText("\n" + FRAME)
        else:
            self.box.setPlainText(FRAME)
        self._select_next_gap(0)
        self.box.setFocus()

    def _select_next_gap(self, start: int) -> None:
        """Select the next "…" (wrapping round) so typing fills it in."""
        at = self.text().find(GAP, start)
        if at < 0:
            at = self.text().find(GAP)
        if at < 0:
            return
        cursor = self.box.textCursor()
        cursor.setPosition(at)
        cursor.setPosition(at + len(GAP), QTextCursor.MoveMode.KeepAnchor)
        self.box.setTextCursor(cursor)

    def on_scenario_button_clicked(self) -> None:
        if self._pick_scenario is None:
            return
        hurt = self._pick_scenario()
        if hurt is None:
            self.set_score("No scenarios are available for this topic.")
            return
        self.box.setPlainText(hurt.text)
        self.scenario_hurt = hurt
        self.box.setFocus()

    def on_send_button_clicked(self) -> None:
        text = self.text()
        if not text.strip():
            self.set_score("Write a few words first, then send.")
            return
        if len(text) > MAX_SHARE_CHARS:
            self.set_score(
                f"This is {len(text):,} characters long. Please keep it under "
                f"{MAX_SHARE_CHARS:,}, so it can be taken in at one sitting."
            )
            return
        if GAP in text:
            self.set_score("Fill in each “…” in the frame, or remove it, then send.")
            self._select_next_gap(0)
            self.box.setFocus()
            return
        # Answer cards only fit the scenario's own words: once edited, it is a free share.
        scenario = self.scenario_hurt
        if scenario is not None and text.strip() != scenario.text.strip():
            scenario = None
        self.share_sent.emit(text, scenario)
