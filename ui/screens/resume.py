"""The resume prompt: a session was cut off (crash, power loss); pick it up or leave it."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.practice import Mode, SessionSnapshot


def resume_words(snapshot: SessionSnapshot) -> str:
    settings = snapshot.settings
    local = snapshot.started_at.astimezone()
    when = f"{local:%A} {local.day} {local:%B} at {local:%H:%M}"
    who = " and ".join(settings.partners)
    kind = "practice together" if settings.mode is Mode.COUPLE else "solo practice"
    answers = len(snapshot.turns)
    if answers == 0:
        saved = "No answers had been saved yet"
    else:
        saved = "1 answer was saved" if answers == 1 else f"{answers} answers were saved"
    draft = ""
    if snapshot.draft is not None and snapshot.draft.text.strip():
        draft = " The text that was being written is kept too."
    return (
        f"A session of {kind} for {who}, started {when}, stopped before it ended. "
        f"{saved}.{draft} Would you like to pick it up where it stopped?"
    )


class ResumePrompt(QDialog):
    """Ask with `ResumePrompt.ask(snapshot, parent)`; tests replace `ask` to answer for a person."""

    def __init__(self, snapshot: SessionSnapshot, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resumePrompt")
        self.setWindowTitle("Pick up where you left off?")
        self.setAccessibleName("Pick up an interrupted session")
        heading = QLabel("Pick up where you left off?")
        heading.setProperty("role", "heading")
        self.message = QLabel(resume_words(snapshot))
        self.message.setObjectName("resumeMessage")
        self.message.setWordWrap(True)
        self.later_button = QPushButton("Not now")
        self.later_button.setObjectName("resumeLaterButton")
        self.later_button.setAccessibleName("Not now")
        self.later_button.setAccessibleDescription(
            "The saved answers stay in History; the session is not continued."
        )
        self.later_button.clicked.connect(self.reject)
        self.resume_button = QPushButton("Pick it up")
        self.resume_button.setObjectName("resumeButton")
        self.resume_button.setAccessibleName("Pick the session up")
        self.resume_button.setAccessibleDescription("Carries on with the session where it stopped.")
        self.resume_button.setProperty("role", "primary")
        self.resume_button.setDefault(True)
        self.resume_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.later_button)
        buttons.addWidget(self.resume_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.setMinimumWidth(460)

    @classmethod
    def ask(cls, snapshot: SessionSnapshot, parent: QWidget | None = None) -> bool:
        """True when the person chose to pick the session up."""
        dialog = cls(snapshot, parent)
        return dialog.exec() == QDialog.DialogCode.Accepted
