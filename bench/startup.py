"""Start-up time: process start to Attune's main window on screen, against a bare Qt window.

Each run is a fresh Python process. The parent notes the monotonic clock (shared by every
process on the machine) just before starting the child; the child prints the same clock the
moment its window is exposed, then quits. Attune's child goes through the real start-up path
(ui.app.start: application, lock, crash handler, store, theme, main window) on a data folder
that already holds a database, as on every start after the first. The bare child is
QApplication + an empty QMainWindow. Runs alternate, so both see the same machine state.

    .venv/bin/python bench/startup.py [--runs 9]

Uses the display when there is one (DISPLAY or WAYLAND_DISPLAY), else Qt's offscreen platform.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

ROOT = Path(__file__).resolve().parent.parent
MARK = "EXPOSED_AT"
READY = "READY_AT"


def child_bare() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.resize(1120, 760)
    report_when_exposed(app, window)


def child_attune(data_dir: str) -> None:
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QTimer

    from desktop.paths import AppPaths
    from ui.app import open_data, start

    started = start(AppPaths.under(data_dir))
    if isinstance(started, int):
        raise SystemExit(f"Attune did not start (exit {started})")
    window = started.window

    def on_exposed() -> None:
        print(f"{MARK} {time.monotonic():.6f}", flush=True)
        store = open_data(started)
        assert store is not None
        # The first screen (Practice) is built now; report when it is there.
        window.section_screen(window.current_section())
        print(f"{READY} {time.monotonic():.6f}", flush=True)
        store.close(backup=False)
        QTimer.singleShot(0, started.app.quit)

    window.exposed.connect(on_exposed)
    started.app.exec()
    started.lock.unlock()


def report_when_exposed(app: QApplication, window: QWidget) -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Watcher(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            handle = window.windowHandle()
            if event.type() == QEvent.Type.Expose and handle is not None and handle.isExposed():
                print(f"{MARK} {time.monotonic():.6f}", flush=True)
                QTimer.singleShot(0, app.quit)
            return False

    watcher = Watcher()
    window.show()
    handle = window.windowHandle()
    assert handle is not None
    if handle.isExposed():
        print(f"{MARK} {time.monotonic():.6f}", flush=True)
        return
    handle.installEventFilter(watcher)
    app.exec()


def prepare_data_dir() -> str:
    """A data folder with a database and the first-run note acknowledged."""
    folder = tempfile.mkdtemp(prefix="attune-bench-")
    sys.path.insert(0, str(ROOT))
    from desktop.paths import AppPaths
    from desktop.store import Store

    store = Store.open(AppPaths.under(folder))
    store.set_preference("first_run_acknowledged", "true")
    store.close(backup=False)
    return folder


def time_child(kind: str, data_dir: str, env: dict[str, str]) -> tuple[float, float | None]:
    """Seconds from process start to the window exposed, and to the first screen ready."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind, data_dir]
    began = time.monotonic()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    marks = dict(
        line.split()
        for line in done.stdout.splitlines()
        if line.startswith("READY_AT") or line.startswith(MARK)
    )
    if MARK not in marks:
        raise RuntimeError(f"{kind} child printed no exposure time:\n{done.stdout}\n{done.stderr}")
    ready = float(marks[READY]) - began if READY in marks else None
    return float(marks[MARK]) - began, ready


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        if args.child[0] == "bare":
            child_bare()
        else:
            child_attune(args.child[1])
        return 0

    env = dict(os.environ)
    # An installed app has compiled bytecode (pip writes it); keep it out of the checkout.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="attune-bench-pycache-")
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    platform = env.get("QT_QPA_PLATFORM") or ("xcb" if env.get("DISPLAY") else "wayland")
    data_dir = prepare_data_dir()
    # One untimed run of each first: bytecode is written and the OS file cache warms up,
    # as after installing and opening the app once.
    time_child("bare", data_dir, env)
    time_child("attune", data_dir, env)
    bare: list[float] = []
    attune: list[float] = []
    ready: list[float] = []
    for _ in range(args.runs):
        bare.append(time_child("bare", data_dir, env)[0])
        shown, first_screen = time_child("attune", data_dir, env)
        attune.append(shown)
        if first_screen is not None:
            ready.append(first_screen)
    bare_median = statistics.median(bare)
    attune_median = statistics.median(attune)
    ratio = attune_median / bare_median
    print(f"platform: {platform}; {args.runs} runs each, process start to window exposed")
    print(f"bare PySide6 QMainWindow: median {bare_median * 1000:.0f} ms")
    print(f"Attune main window:       median {attune_median * 1000:.0f} ms")
    print(f"ratio: {ratio:.2f} (target <= 2.0)")
    if ready:
        print(
            "Attune, database open and first screen built: "
            f"median {statistics.median(ready) * 1000:.0f} ms"
        )
    return 0 if ratio <= 2.0 else 1


if __name__ == "__main__":
    sys.exit(main())
