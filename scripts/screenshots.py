"""Render every screen of the app to docs/screenshots/, in light and dark, offscreen.

Fills a temporary data folder through the real practice and store code (the demo history of
`attune demo-data`), opens the real main window over it at 1024x700 and grabs each section,
a session replay, and the empty states; then runs the practice and safety screens' own
scripts (scripts/practice_screenshots.py, scripts/safety_screenshots.py) for theirs.

    .venv/bin/python scripts/screenshots.py [--out DIR] [--only-main]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from desktop.paths import AppPaths  # noqa: E402
from desktop.store import Store  # noqa: E402
from desktop.store.demo import fill_demo  # noqa: E402
from ui.app import FIRST_RUN_KEY, make_application  # noqa: E402
from ui.main_window import MainWindow, Section  # noqa: E402
from ui.screens.history import HistoryScreen  # noqa: E402
from ui.screens.scenario_library import ScenarioLibraryScreen  # noqa: E402
from ui.theme import Theme, ThemeChoice  # noqa: E402

SIZE = (1024, 700)
WIDE = (1280, 800)  # the README's picture: a roomier window shows more of a screen
DEMO_SESSIONS = 36
OTHER_SCRIPTS = ("practice_screenshots.py", "safety_screenshots.py", "privacy_screenshots.py")


def fill(store: Store) -> None:
    """The demo history, scored by the real engine."""
    fill_demo(store, DEMO_SESSIONS, seed=7)
    store.set_preference(FIRST_RUN_KEY, "true")


def settle(app: QApplication, rounds: int = 6) -> None:
    """Let layouts, lazy screens and charts finish before a grab."""
    for _ in range(rounds):
        app.processEvents()


def grab(app: QApplication, widget: QWidget, target: Path) -> Path:
    settle(app)
    widget.grab().save(str(target))
    return target


def render_main(
    app: QApplication,
    out: Path,
    *,
    store: Store,
    empty: Store,
    paths: AppPaths,
    empty_paths: AppPaths,
) -> list[Path]:
    written: list[Path] = []
    theme = Theme.of(app)
    window = MainWindow(paths, store)
    window.resize(*SIZE)
    window.show()
    settle(app, 20)
    blank = MainWindow(empty_paths, empty)
    blank.resize(*SIZE)
    blank.show()
    settle(app, 20)
    for choice in (ThemeChoice.LIGHT, ThemeChoice.DARK):
        theme.set_choice(choice)
        name = choice.value
        for section in Section:
            screen = window.show_section(section)
            if isinstance(screen, HistoryScreen):
                screen.show_list()
            written.append(grab(app, window, out / f"{section.value}-{name}.png"))
        history = window.show_section(Section.HISTORY)
        assert isinstance(history, HistoryScreen)
        history.table.selectRow(0)
        history.open_current()
        written.append(grab(app, window, out / f"history-replay-{name}.png"))
        history.show_list()
        # The scenario editor, as a writer sees it after "Test my options" on the template.
        library = window.show_section(Section.SCENARIOS)
        assert isinstance(library, ScenarioLibraryScreen)
        library.on_new()
        library.on_test_options()
        written.append(grab(app, window, out / f"scenarios-editor-{name}.png"))
        library.on_cancel()
        blank.show_section(Section.PROGRESS)
        written.append(grab(app, blank, out / f"progress-empty-{name}.png"))
        blank.show_section(Section.HISTORY)
        written.append(grab(app, blank, out / f"history-empty-{name}.png"))
        # The README's picture: History in a roomier window.
        window.resize(*WIDE)
        window.show_section(Section.PROGRESS)
        written.append(grab(app, window, out / f"main-{name}.png"))
        window.resize(*SIZE)
    theme.set_choice(ThemeChoice.SYSTEM)
    window.close()
    blank.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument(
        "--only-main", action="store_true", help="skip the practice and safety scripts"
    )
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    app = make_application()
    started = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as tmp_empty:
        paths = AppPaths.under(tmp).ensure()
        empty_paths = AppPaths.under(tmp_empty).ensure()
        store = Store.open(paths)
        empty = Store.open(empty_paths)
        try:
            fill(store)
            written = render_main(
                app, out, store=store, empty=empty, paths=paths, empty_paths=empty_paths
            )
        finally:
            store.close(backup=False)
            empty.close(backup=False)
    for path in written:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    failed = []
    if not args.only_main:
        for script in OTHER_SCRIPTS:
            location = ROOT / "scripts" / script
            takes_flag = script.startswith(("practice", "privacy"))
            extra = ["--out", str(out)] if takes_flag else [str(out)]
            # A script that fails must say so: otherwise its old pictures pass for new ones.
            if subprocess.run([sys.executable, str(location), *extra], check=False).returncode:
                failed.append(script)
    seconds = (datetime.now(UTC) - started).total_seconds()
    print(f"done in {seconds:.0f} s")
    if failed:
        print(f"FAILED: {', '.join(failed)} (their screenshots were not renewed)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
