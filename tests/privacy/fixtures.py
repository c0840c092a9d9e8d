"""Fixtures the privacy and command-line tests share: a data folder with practice in it, and
a passphrase file (registered for every test in tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.paths import AppPaths
from desktop.store import Store
from tests.privacy.helpers import PASSPHRASE, fill


@pytest.fixture
def filled(app_paths: AppPaths) -> AppPaths:
    with Store.open(app_paths) as store:
        fill(store, 2)
    return app_paths


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "key.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path
