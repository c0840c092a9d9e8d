"""Render each practice screen to docs/screenshots/practice-<screen>-<theme>.png, offscreen.

Drives the real PracticeScreen through a demo couple session (real store in a temporary data
folder, a hand-moved clock), grabbing every step in light and dark at 1024x700.
Run: .venv/bin/python scripts/practice_screenshots.py [--out DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication, QScrollArea, QWidget  # noqa: E402

from desktop.paths import AppPaths  # noqa: E402
from desktop.practice import ManualClock  # noqa: E402
from ui.app import make_application  # noqa: E402
from ui.screens.practice import PracticeScreen, Scoring  # noqa: E402
from ui.theme import ThemeChoice, apply_theme  # noqa: E402

SIZE = (1024, 700)
HURT = (
    "I felt invisible when you were on your phone all through dinner on my birthday. "
    "What I need is for you to put it away when we are together."
)
ANSWER = (
    "You felt invisible on your birthday, and that makes sense: I was on my phone the whole "
    "dinner. I'm sorry. I was stressed about work, but that is no excuse. "
    "What would help right now?"
)
FOLLOW_UP = "It still stings. I keep thinking you'd rather be anywhere else."
ROUND_TWO = (
    "I felt left out when you made weekend plans with your brother without asking me. "
    "What I need is to be asked first."
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    out: Path = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    app = make_application()
    with tempfile.TemporaryDirectory() as tmp:
        from desktop.store import Store

        store = Store.open(AppPaths.under(tmp).ensure())
        try:
            for theme in (ThemeChoice.LIGHT, ThemeChoice.DARK):
                apply_theme(app, theme)
                for name in run_demo(app, store, out):
                    print(name)
        finally:
            store.close(backup=False)
    return 0


def run_demo(app: QApplication, store: object, out: Path | None = None) -> list[str]:
    """Every practice screen, in the theme in force; returns the files written."""
    out = out or ROOT / "docs" / "screenshots"
    theme = "dark" if app.palette().window().color().lightness() < 128 else "light"
    saved: list[str] = []

    def grab(name: str, widget: QWidget) -> None:
        # A label that grew asks its layout, which then asks its parent's: one pass each.
        for _ in range(3):
            app.processEvents()
        target = out / f"practice-{name}-{theme}.png"
        widget.grab().save(str(target))
        shown = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
        saved.append(str(shown))

    couple_round(app, store, grab)
    solo_round(app, store, grab)
    crisis(app, store, grab)
    resume_prompt(app, store, grab)
    return saved


Grab = Callable[[str, QWidget], None]


class DemoPracticeScreen(PracticeScreen):
    """The real screen; "End the session?" is answered yes, as the demo person would."""

    @classmethod
    def confirm_end(cls, parent: QWidget) -> bool:
        return True


def make_screen(store: object, clock: ManualClock, seed: int) -> PracticeScreen:
    screen = DemoPracticeScreen(store, clock=clock, rng=random.Random(seed), scoring=Scoring())
    screen.resize(*SIZE)
    screen.show()
    return screen


def answer_turn(screen: PracticeScreen, clock: ManualClock, text: str) -> None:
    """Send the share on screen, pass the keyboard, and answer after a little while."""
    screen.share.send_button.click()
    screen.handoff.ready_button.click()
    clock.advance(25)
    screen.answer.box.setPlainText(text)
    screen.answer.send_button.click()


def couple_round(app: QApplication, store: object, grab: Grab) -> None:
    clock = ManualClock()
    screen = make_screen(store, clock, 7)
    start = screen.start
    start.first_name.setText("Sam")
    start.second_name.setText("Alex")
    grab("start", screen)
    start.start_button.click()
    screen.share.box.setPlainText(HURT)
    screen.share.on_preview_timer_timeout()
    grab("share", screen)
    screen.share.send_button.click()
    grab("handoff", screen)
    screen.handoff.ready_button.click()
    clock.advance(20)
    screen.answer.box.setPlainText(ANSWER[:120])
    screen.answer.on_hint_timer_timeout()
    screen.on_tick_timeout()
    grab("answer", screen)
    clock.advance(62)
    screen.on_tick_timeout()
    grab("answer-ending", screen)
    screen.answer.box.setPlainText(ANSWER)
    screen.answer.send_button.click()
    grab("rating", screen)
    screen.rating.buttons[3].click()
    screen.rating.note.setText("seen")
    screen.rating.continue_button.click()
    grab("feedback", screen)
    screen.feedback.answer.show_hit(3)
    scroll = screen.feedback.findChild(QScrollArea, "feedbackScroll")
    if scroll is not None:
        app.processEvents()
        scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
    grab("feedback-lower", screen)
    screen.break_button.click()
    grab("break", screen)
    screen.take_break.break_ended.emit()  # type: ignore[attr-defined]
    # The follow-up: the sharer answers back, then another timed answer.
    screen.feedback.next_button.click()
    screen.share.box.setPlainText(FOLLOW_UP)
    screen.share.on_preview_timer_timeout()
    grab("share-follow-up", screen)
    answer_turn(screen, clock, "It stings because I hurt you, and it makes sense. I'm here.")
    screen.rating.skip_button.click()
    screen.feedback.next_button.click()
    # Round two: the roles swap.
    screen.share.box.setPlainText(ROUND_TWO)
    screen.share.on_preview_timer_timeout()
    grab("share-round-two", screen)
    answer_turn(screen, clock, "I made plans without you, and you felt left out. I'm sorry.")
    screen.rating.buttons[4].click()
    screen.rating.continue_button.click()
    screen.feedback.next_button.click()
    screen.share.box.setPlainText("And it's happened before.")
    answer_turn(screen, clock, "It has, and I see why that worries you. I'll ask you first.")
    screen.rating.buttons[3].click()
    screen.rating.continue_button.click()
    screen.feedback.next_button.click()
    grab("summary", screen)
    screen.close()
    screen.deleteLater()


def solo_round(app: QApplication, store: object, grab: Grab) -> None:
    clock = ManualClock()
    screen = make_screen(store, clock, 11)
    start = screen.start
    start.solo.setChecked(True)
    start.first_name.setText("Robin")
    start.rounds.setCurrentIndex(start.rounds.findData(1))
    start.follow_ups.setCurrentIndex(start.follow_ups.findData(0))
    start.round_length.setCurrentIndex(start.round_length.findData(60))
    grab("start-solo", screen)
    start.start_button.click()
    clock.advance(9)
    screen.on_tick_timeout()
    if screen.answer.cards.cards:
        screen.answer.cards.select(1)
    grab("answer-cards", screen)
    screen.answer.send_button.click()
    grab("feedback-solo", screen)
    screen.feedback.next_button.click()
    grab("summary-solo", screen)
    screen.close()
    screen.deleteLater()


def crisis(app: QApplication, store: object, grab: Grab) -> None:
    screen = make_screen(store, ManualClock(), 13)
    screen.start.first_name.setText("Sam")
    screen.start.second_name.setText("Alex")
    screen.start.start_button.click()
    screen.share.box.setPlainText("Some nights I think everyone would be better off without me.")
    screen.share.send_button.click()
    grab("crisis", screen)
    screen.crisis.continue_chosen.emit()  # type: ignore[attr-defined]
    screen.close()
    screen.deleteLater()


def resume_prompt(app: QApplication, store: object, grab: Grab) -> None:
    in_progress = getattr(store, "in_progress_sessions", None)
    snapshots = in_progress() if callable(in_progress) else []
    if not snapshots:
        return
    from ui.screens.resume import ResumePrompt

    dialog = ResumePrompt(snapshots[0])
    dialog.show()
    grab("resume", dialog)
    dialog.close()


if __name__ == "__main__":
    sys.exit(main())
