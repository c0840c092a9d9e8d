"""The calm screen shown when the safety detector fires mid-exercise: resources and three ways on.

Signals: `end_chosen`, `break_chosen`, `continue_chosen` (no arguments). `show_check(check)`
puts the detector's own message on the screen; without it a general message is shown.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.safety import CrisisResources, SafetyCheck, crisis_resources, safety_texts

GENERAL_MESSAGE = (
    "Something that was written sounds like it may be about safety. Your safety, and "
    "everyone's, comes before any exercise."
)


# What the detector found about a partner (SafetyCheck.about_partner) is not named on a
# screen both partners may be looking at: the one who wrote it could be put at risk.
SHARED_SCREEN_MESSAGE = (
    "Let's pause here: something that was written touches on safety, and safety comes before "
    "any exercise. If it is not safe to talk about it here, the lines below can be reached "
    "privately, from a phone or computer only you use."
)


def wrapped(text: str, role: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setProperty("role", role)
    label.setWordWrap(True)
    # People copy numbers from here; selecting with the mouse must work.
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def resources_card(found: CrisisResources) -> QFrame:
    """Emergency advice, how to find a line anywhere, then the example national lines."""
    card = QFrame()
    card.setObjectName("crisisResources")
    card.setProperty("role", "card")
    layout = QVBoxLayout(card)
    layout.setContentsMargins(20, 16, 20, 16)
    layout.setSpacing(6)
    for index, advice in enumerate((found.emergency, found.find_a_line)):
        layout.addWidget(wrapped(advice.title, "heading", f"crisisAdviceTitle{index}"))
        layout.addWidget(wrapped(advice.text, "body", f"crisisAdviceText{index}"))
        layout.addSpacing(6)
    layout.addWidget(wrapped("Some national lines", "heading", "crisisLinesTitle"))
    hours = {line.hours for line in found.lines}
    same_hours = len(hours) == 1
    rows = "".join(
        "<tr>"
        f"<td style='padding:3px 16px 3px 0'><b>{html.escape(line.name)}</b><br>"
        f"{html.escape(line.country)}</td>"
        f"<td style='padding:3px 0'>{html.escape(line.contact)}"
        + ("" if same_hours else f"<br>{html.escape(line.hours)}")
        + "</td></tr>"
        for line in found.lines
    )
    lines = wrapped(f"<table>{rows}</table>", "body", "crisisLines")
    lines.setTextFormat(Qt.TextFormat.RichText)
    lines.setAccessibleName(
        "Some national lines: "
        + "; ".join(f"{ln.name}, {ln.country}: {ln.contact}" for ln in found.lines)
    )
    lines.setAccessibleDescription("You can select a number with the mouse to copy it.")
    layout.addWidget(lines)
    if same_hours and hours:
        layout.addWidget(wrapped(f"All of them answer {hours.pop()}.", "note", "crisisHours"))
    return card


class CrisisScreen(QWidget):
    end_chosen = Signal()
    break_chosen = Signal()
    continue_chosen = Signal()

    def __init__(
        self,
        check: SafetyCheck | None = None,
        resources: CrisisResources | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("crisisScreen")
        texts = safety_texts()
        words = texts.crisis

        self.title = wrapped(words.title, "title", "crisisTitle")
        self.lead = wrapped(words.lead, "subtitle", "crisisLead")
        self.message = wrapped(GENERAL_MESSAGE, "safetyMessage", "crisisMessage")
        self.abuse = wrapped(texts.abuse_statement, "body", "crisisAbuseStatement")
        self.card = resources_card(resources or crisis_resources())

        self.end_button = self._button(words.end, "crisisEndButton", self.end_chosen)
        self.end_button.setAccessibleDescription("Stops this session; what was saved stays saved.")
        self.break_button = self._button(words.pause, "crisisBreakButton", self.break_chosen)
        self.break_button.setProperty("role", "primary")
        self.break_button.setAccessibleDescription("A guided breathing pause; the round waits.")
        self.continue_button = self._button(
            words.go_on, "crisisContinueButton", self.continue_chosen
        )
        self.continue_button.setAccessibleDescription("Goes back to the exercise where it was.")
        self.setFocusProxy(self.break_button)

        content = QWidget()
        content.setObjectName("crisisContent")
        column = QVBoxLayout(content)
        column.setContentsMargins(40, 28, 40, 12)
        column.setSpacing(12)
        for widget in (self.title, self.lead, self.message, self.abuse, self.card):
            column.addWidget(widget)
        column.addStretch(1)
        content.setMaximumWidth(760)

        scroll = QScrollArea()
        scroll.setObjectName("crisisScroll")
        scroll.setProperty("role", "page")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Reachable with Tab so the text can be scrolled with the arrow and page keys.
        scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        scroll.setAccessibleName("Crisis resources and what this screen says")
        scroll.setAccessibleDescription("The arrow and Page keys scroll through it.")
        self.text_area = scroll
        holder = QWidget()
        holder.setObjectName("crisisHolder")
        centred = QHBoxLayout(holder)
        centred.setContentsMargins(0, 0, 0, 0)
        # Stretches either side, not an alignment flag: word-wrapped labels then get their
        # full height for the width they are given.
        centred.addStretch(1)
        centred.addWidget(content, 12)
        centred.addStretch(1)
        scroll.setWidget(holder)

        buttons = QHBoxLayout()
        buttons.setContentsMargins(40, 8, 40, 24)
        buttons.setSpacing(10)
        buttons.addStretch(1)
        for button in (self.end_button, self.break_button, self.continue_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll, 1)
        outer.addLayout(buttons)
        self.setTabOrder(self.text_area, self.end_button)
        self.setTabOrder(self.end_button, self.break_button)
        self.setTabOrder(self.break_button, self.continue_button)
        self.show_check(check)

    def _button(self, text: str, name: str, signal: SignalInstance) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(text)
        button.setAutoDefault(True)
        button.clicked.connect(signal)
        return button

    def show_check(self, check: SafetyCheck | None, *, shared_screen: bool = False) -> None:
        """Say what the detector found, in its words; a general message when none is given.

        On a `shared_screen` (couple mode), a finding about the partner is not named.
        """
        message = check.message if check is not None and check.message else GENERAL_MESSAGE
        if shared_screen and check is not None and check.about_partner:
            message = SHARED_SCREEN_MESSAGE
        self.message.setText(message)
        self.message.setAccessibleName(message)
