"""A store in a private temporary data folder."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop.paths import AppPaths
from desktop.store import Store


@pytest.fixture
def store(app_paths: AppPaths) -> Iterator[Store]:
    opened = Store.open(app_paths)
    yield opened
    opened.close(backup=False)
