"""An encryption cut off after its swap leaves plain copies; the app's start scrubs them."""

from __future__ import annotations

import pytest

from desktop.paths import AppPaths
from desktop.privacy.migration import migrate
from desktop.store import Store
from tests.privacy.helpers import PASSPHRASE, fill, plaintext_files
from ui.app import tidy_interrupted_migration


class Interrupted(Exception):
    pass


@pytest.mark.parametrize("point", ["linked", "swapped"])
def test_starting_after_an_interrupted_encryption_leaves_no_plaintext(
    app_paths: AppPaths, point: str
) -> None:
    with Store.open(app_paths) as store:
        fill(store, 3)
    with Store.open(app_paths) as store:  # a second close makes a plain backup too
        store.set_preference("theme", "dark")

    def stop(name: str) -> None:
        if name == point:
            raise Interrupted(name)

    with pytest.raises(Interrupted):
        migrate(app_paths, None, PASSPHRASE, checkpoint=stop)
    left = plaintext_files(app_paths.root)
    if point == "swapped":
        assert left, "the interrupted swap left nothing plain: this test would prove nothing"
    tidy_interrupted_migration(app_paths)
    key = PASSPHRASE if point == "swapped" else None
    if key is not None:
        assert plaintext_files(app_paths.root) == []
    else:
        # Stopped before the swap: the database is still the plain one, whole.
        assert [p.name for p in app_paths.root.iterdir() if p.name.startswith("attune.db.")] == []
    with Store.open(app_paths, key) as store:
        assert store.doctor().integrity == "ok"
        assert len(store.list_sessions()) == 3
