"""Render every screen of the app to docs/screenshots/, in light and dark, offscreen."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.paths import AppPaths  # noqa: E402
from ui.app import make_application  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.theme import ThemeChoice, apply_theme  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    app = make_application()
    with tempfile.TemporaryDirectory() as tmp:
        paths = AppPaths.under(tmp).ensure()
        window = MainWindow(paths)
        window.resize(1120, 760)
        window.show()
        for choice in (ThemeChoice.LIGHT, ThemeChoice.DARK):
            apply_theme(app, choice)
            app.processEvents()
            target = OUT / f"main-{choice.value}.png"
            window.grab().save(str(target))
            print(target.relative_to(ROOT))
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
