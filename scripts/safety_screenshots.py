"""Render the safety screens (break, first run, crisis, self-check) to PNGs, offscreen.

Usage: python scripts/safety_screenshots.py [OUT_DIR]   (default: docs/screenshots)
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from desktop.practice.clock import ManualClock  # noqa: E402
from desktop.safety import Feeling, SelfCheck, check  # noqa: E402
from ui.app import make_application  # noqa: E402
from ui.screens.crisis import CrisisScreen  # noqa: E402
from ui.screens.first_run import FirstRunScreen  # noqa: E402
from ui.screens.self_check import SelfCheckScreen  # noqa: E402
from ui.screens.take_break import TakeBreakScreen  # noqa: E402
from ui.theme import ThemeChoice, apply_theme  # noqa: E402

SIZE = (1000, 720)


def break_screen() -> QWidget:
    clock = ManualClock()
    screen = TakeBreakScreen(clock=clock)
    screen.start()
    clock.advance(7 * 60 + 12.5)  # mid in-breath: 432.5 s into a 10 s cycle is 2.5 s in
    screen.tick()
    return screen


def crisis_screen() -> QWidget:
    return CrisisScreen(check("I'm afraid of what he'll do when I tell him."))


def self_check_screen() -> QWidget:
    return SelfCheckScreen(recent=(SelfCheck(Feeling.UPSET, trouble_sleeping_or_eating=True),))


SCREENS: dict[str, Callable[[], QWidget]] = {
    "break": break_screen,
    "first-run": FirstRunScreen,
    "crisis": crisis_screen,
    "self-check": self_check_screen,
}
# What the docs show; the rest are rendered only when an output folder is given.
DOCS = {
    ("break", ThemeChoice.LIGHT),
    ("break", ThemeChoice.DARK),
    ("first-run", ThemeChoice.LIGHT),
    ("first-run", ThemeChoice.DARK),
    ("crisis", ThemeChoice.LIGHT),
}


def render(app: QApplication, out: Path, everything: bool) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for choice in (ThemeChoice.LIGHT, ThemeChoice.DARK):
        apply_theme(app, choice)
        for name, make in SCREENS.items():
            if not everything and (name, choice) not in DOCS:
                continue
            screen = make()
            screen.resize(*SIZE)
            screen.show()
            screen.setFocus()
            app.processEvents()
            target = out / f"{name}-{choice.value}.png"
            screen.grab().save(str(target))
            written.append(target)
            screen.close()
            screen.deleteLater()
    return written


def main(argv: list[str]) -> int:
    app = make_application()
    if argv:
        written = render(app, Path(argv[0]), everything=True)
    else:
        written = render(app, ROOT / "docs" / "screenshots", everything=False)
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
