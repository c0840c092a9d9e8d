"""The validate → own → explain checklist: which steps an answer took, and in what order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget


class StepsLike(Protocol):
    """The engine's steps record (and the store's saved copy of it)."""

    @property
    def validated(self) -> bool: ...

    @property
    def owned(self) -> bool: ...

    @property
    def explained(self) -> bool: ...

    @property
    def order_ok(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class Step:
    key: str
    title: str
    done_text: str
    todo_text: str


STEPS = (
    Step(
        "validated",
        "Validate",
        "You named their feeling and let it stand.",
        "Not yet: name what they feel, in their words, and let it stand.",
    ),
    Step(
        "owned",
        "Own it",
        "You took responsibility for what you did.",
        "Not yet: say what you did and how it landed, without a condition.",
    ),
    Step(
        "explained",
        "Explain (only after, if at all)",
        "You explained or reassured.",
        "Optional: once they feel heard, a short explanation can reassure.",
    ),
)


def _flag(steps: object, name: str) -> bool:
    return bool(getattr(steps, name, False))


class Checklist(QWidget):
    """Three rows with a mark and words (never the mark alone), plus a line about order."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checklist")
        self.setAccessibleName("Validate, own, explain checklist")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(6)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        self.marks: dict[str, QLabel] = {}
        self.texts: dict[str, QLabel] = {}
        for row, step in enumerate(STEPS):
            mark = QLabel()
            mark.setObjectName(f"checklistMark_{step.key}")
            mark.setProperty("role", "checkMark")
            text = QLabel()
            text.setObjectName(f"checklistText_{step.key}")
            text.setWordWrap(True)
            title = QLabel(f"{row + 1}. {step.title}")
            title.setProperty("role", "checkTitle")
            top = Qt.AlignmentFlag.AlignTop
            grid.addWidget(mark, row, 0, top)
            grid.addWidget(title, row, 1, top)
            grid.addWidget(text, row, 2, top)
            self.marks[step.key] = mark
            self.texts[step.key] = text
        grid.setColumnStretch(2, 1)
        outer.addLayout(grid)
        self.order = QLabel()
        self.order.setObjectName("checklistOrder")
        self.order.setWordWrap(True)
        self.order.setProperty("role", "note")
        outer.addWidget(self.order)
        self.set_steps(None)

    def set_steps(self, steps: StepsLike | object | None) -> None:
        for step in STEPS:
            done = steps is not None and _flag(steps, step.key)
            mark = self.marks[step.key]
            mark.setText("✓" if done else "○")
            mark.setProperty("state", "done" if done else "todo")
            mark.setAccessibleName(f"{step.title}: {'done' if done else 'not yet'}")
            style = mark.style()
            style.unpolish(mark)
            style.polish(mark)
            self.texts[step.key].setText(step.done_text if done else step.todo_text)
        if steps is None:
            self.order.setText("")
        elif _flag(steps, "explained") and not _flag(steps, "order_ok"):
            self.order.setText(
                "Order: the explanation came before the validation, so it can sound like an "
                "excuse. Validate first, then own it, then explain."
            )
        elif _flag(steps, "validated"):
            self.order.setText("Order: validation came first. That is what makes the rest land.")
        else:
            self.order.setText("Order: start with their feeling; everything else comes after.")
