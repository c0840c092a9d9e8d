"""Render the lock screen and Settings → Privacy to docs/screenshots/, light and dark.

.venv/bin/python scripts/privacy_screenshots.py [--out DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
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
from ui.screens.settings import SettingsScreen  # noqa: E402
from ui.theme import Theme, ThemeChoice  # noqa: E402

SIZE = (1024, 700)
KEY = "marble tiger lantern rain"


def settle(app: QApplication, rounds: int = 10) -> None:
    for _ in range(rounds):
        app.processEvents()


def grab(app: QApplication, widget: QWidget, target: Path) -> Path:
    settle(app)
    widget.grab().save(str(target))
    print(target)
    return target


def privacy_of(window: MainWindow) -> SettingsScreen:
    screen = window.show_section(Section.SETTINGS)
    assert isinstance(screen, SettingsScreen)
    return screen


def scroll_to(app: QApplication, screen: SettingsScreen, widget: QWidget) -> None:
    from PySide6.QtWidgets import QScrollArea

    settle(app)
    area = screen.findChild(QScrollArea)
    if area is not None:
        area.ensureWidgetVisible(widget, 0, 40)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    app = make_application()
    theme = Theme.of(app)
    with tempfile.TemporaryDirectory() as folder:
        plain = AppPaths.under(Path(folder) / "plain").ensure()
        secret = AppPaths.under(Path(folder) / "secret").ensure()
        for paths, key in ((plain, None), (secret, KEY)):
            store = Store.open(paths, key)
            fill_demo(store, 8, seed=3)
            store.set_preference(FIRST_RUN_KEY, "true")
            store.set_preference("lock_after_minutes", "10")
            store.close()
        for choice in (ThemeChoice.LIGHT, ThemeChoice.DARK):
            theme.set_choice(choice)
            name = choice.value
            # Settings with encryption off, the form open and a passphrase typed.
            window = MainWindow(plain, Store.open(plain))
            window.resize(*SIZE)
            window.show()
            settle(app, 20)
            screen = privacy_of(window)
            panel = screen.privacy
            panel.open_form("on")
            panel.new_form.passphrase.setText(KEY)
            panel.new_form.confirm.setText(KEY)
            panel.understood.setChecked(True)
            scroll_to(app, screen, panel.go_button)
            grab(app, window, out / f"settings-encryption-off-{name}.png")
            # The plain lock ("hidden").
            window.app_lock.lock()
            grab(app, window, out / f"lock-hidden-{name}.png")
            window.close()

            # Encrypted: Settings shows it on, with the change form open.
            window = MainWindow(secret, Store.open(secret, KEY))
            window.resize(*SIZE)
            window.show()
            settle(app, 20)
            screen = privacy_of(window)
            panel = screen.privacy
            panel.open_form("change")
            panel.current.setText("xxxxxxxx")
            panel.new_form.passphrase.setText("short")
            scroll_to(app, screen, panel.go_button)
            grab(app, window, out / f"settings-encryption-on-{name}.png")
            window.app_lock.lock()
            grab(app, window, out / f"lock-{name}.png")
            window.app_lock.unlock("not the passphrase")
            grab(app, window, out / f"lock-wrong-{name}.png")
            window.close()
        theme.set_choice(ThemeChoice.SYSTEM)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
