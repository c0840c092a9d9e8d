"""Attune's start-up up to the single-instance lock, for the lock test to run and kill.

Usage: python -m tests.store.app_lock_child DATA_DIR

Runs ui.app.start() as `attune` does (QApplication, log, QLockFile, main window) and, once
the lock is held, opens the database as the app does next (ui.app.open_store). Prints
"held", then "opened", then blocks until a line arrives on stdin (it then unlocks and ends)
or it is killed. When the lock is refused, start() tells the person why; here that message
is printed as "told TEXT" and the exit code is start()'s.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QWidget

from desktop.paths import AppPaths
from ui.app import Prompts, open_store, start


def tell(cls: type, parent: QWidget | None, title: str, text: str) -> None:
    print(f"told {text}", flush=True)


def main(data_dir: str) -> int:
    setattr(Prompts, "tell", classmethod(tell))  # noqa: B010  (a dialog would block)
    paths = AppPaths.under(data_dir)
    started = start(paths)
    if isinstance(started, int):
        return started
    print("held", flush=True)
    store = open_store(paths)
    if store is None:
        return 3
    print("opened", flush=True)
    sys.stdin.readline()
    store.close(backup=False)
    started.lock.unlock()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
