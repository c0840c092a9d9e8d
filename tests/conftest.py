"""Shared fixtures. Qt runs offscreen unless a display is explicitly wanted."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep tests away from the real user's data folder, whatever the environment says.
os.environ.pop("ATTUNE_DATA_DIR", None)

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from desktop.paths import AppPaths  # noqa: E402

# `filled` (a data folder with practice in it) and `key_file` (a passphrase file), shared by
# the privacy and command-line tests; a module's own fixture of the same name comes first.
pytest_plugins = ["tests.privacy.fixtures"]


@pytest.fixture
def app_paths(tmp_path: Path) -> AppPaths:
    """A private data folder for one test."""
    return AppPaths.under(tmp_path / "data").ensure()


@pytest.fixture
def cli_env(app_paths: AppPaths) -> Iterator[dict[str, str]]:
    """Environment for running `python -m desktop` in a subprocess against app_paths."""
    env = dict(os.environ)
    env["ATTUNE_DATA_DIR"] = str(app_paths.root)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    yield env
