"""A clean close lets the next open skip the full page scan; anything else brings it back."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from desktop.paths import AppPaths
from desktop.store import NoticeKind, Store, seal
from tests.store.helpers import T0, couple, make_turn
from tests.store.test_bad_states import flip_page


def fill(paths: AppPaths) -> None:
    with Store.open(paths) as store:
        sid = store.session_started(couple(), T0)
        store.turn_scored(sid, make_turn("I'm sorry I lied.", turn_index=0))


def scans(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Record, for each open, whether the full check ran."""
    import desktop.store.store as module

    seen: list[bool] = []
    real = module._check_readable

    def spy(path: Path, passphrase: str | None, *, full: bool = True) -> None:
        seen.append(full)
        real(path, passphrase, full=full)

    monkeypatch.setattr(module, "_check_readable", spy)
    return seen


def test_a_clean_close_leaves_a_private_note_and_the_next_open_skips_the_scan(
    app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(app_paths)
    note = seal.seal_path(app_paths.database)
    assert note.exists()
    assert stat.S_IMODE(note.stat().st_mode) == 0o600
    seen = scans(monkeypatch)
    store = Store.open(app_paths)
    assert not note.exists(), "an open that may write removes the note first"
    store.close()
    assert seen == [False]


def test_after_a_crash_there_is_no_note_and_the_scan_runs(
    app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(app_paths)
    crashed = Store.open(app_paths)
    crashed.turn_scored(crashed.session_started(couple(), T0), make_turn("x", turn_index=0))
    # No close: as if the process died here.
    seen = scans(monkeypatch)
    Store.open(app_paths, read_only=True).close()
    assert seen == [True]
    crashed.db.close()


def test_a_file_changed_behind_the_apps_back_is_scanned_and_damage_found(
    app_paths: AppPaths,
) -> None:
    fill(app_paths)
    assert seal.sealed_and_unchanged(app_paths.database)
    flip_page(app_paths.database, "turns")
    os.utime(app_paths.database)  # the damage is a write, whatever the clock's resolution
    assert not seal.sealed_and_unchanged(app_paths.database)
    store = Store.open(app_paths)
    try:
        assert store.notice is not None and store.notice.kind is NoticeKind.CORRUPT_MOVED
    finally:
        store.close()


def test_a_read_only_open_keeps_the_note(app_paths: AppPaths) -> None:
    fill(app_paths)
    Store.open(app_paths, read_only=True).close()
    assert seal.sealed_and_unchanged(app_paths.database)
