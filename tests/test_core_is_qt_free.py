"""desktop/ must import without Qt: every module, in a process where PySide6 cannot load."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import desktop

ROOT = Path(__file__).resolve().parent.parent

BLOCK_QT = """
import importlib, importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6', 'ui'):
            raise ImportError('Qt is not allowed in desktop/: ' + name)
        return None
sys.meta_path.insert(0, Block())
for name in sys.argv[1:]:
    importlib.import_module(name)
print('imported', len(sys.argv) - 1)
"""


def desktop_modules() -> list[str]:
    names = ["desktop"]
    for info in pkgutil.walk_packages(desktop.__path__, "desktop."):
        names.append(info.name)
    return names


def test_every_desktop_module_imports_without_qt() -> None:
    modules = desktop_modules()
    assert "desktop.cli" in modules
    done = subprocess.run(
        [sys.executable, "-c", BLOCK_QT, *modules],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert f"imported {len(modules)}" in done.stdout


def test_no_sql_outside_the_store() -> None:
    offenders = []
    for path in list((ROOT / "desktop").rglob("*.py")) + list((ROOT / "ui").rglob("*.py")):
        if "store" in path.relative_to(ROOT).parts:
            continue
        text = path.read_text(encoding="utf-8")
        for keyword in ("SELECT ", "INSERT INTO", "CREATE TABLE", "DELETE FROM", "UPDATE "):
            if keyword in text and "sql-ok" not in text:
                offenders.append(f"{path.relative_to(ROOT)}: {keyword.strip()}")
    assert offenders == []
