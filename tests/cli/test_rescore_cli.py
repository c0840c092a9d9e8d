"""`attune rescore [--dry-run]` as a user runs it."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.cli import main
from desktop.engine import rules_version
from desktop.errors import from_sqlite_error
from desktop.paths import AppPaths
from desktop.practice import FeltHeard
from desktop.store import Store
from tests.store.helpers import T0, couple, make_turn


@pytest.fixture
def history(app_paths: AppPaths) -> AppPaths:
    """Three answers saved with the stand-in scorer's rules ("test-1"), one rated."""
    with Store.open(app_paths) as store:
        sid = store.session_started(couple(), T0)
        tid = store.turn_scored(sid, make_turn("I'm sorry, but I was tired"))
        store.felt_heard_rated(tid, FeltHeard(2, "not heard"))
        store.turn_scored(sid, make_turn("That's not what happened.", turn_index=1))
        store.turn_scored(sid, make_turn("You're right, I understand.", turn_index=2))
    return app_paths


def run(paths: AppPaths, *args: str) -> int:
    return main([*args, "--data-dir", str(paths.root)])


def versions(paths: AppPaths) -> list[str]:
    conn = sqlite3.connect(paths.database)
    try:
        return [str(r[0]) for r in conn.execute("SELECT rules_version FROM turns ORDER BY id")]
    finally:
        conn.close()


def test_rescore_updates_old_answers_then_finds_nothing_to_do(
    history: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(history, "rescore") == 0
    out = capsys.readouterr().out
    assert f"Re-scored 3 answer(s) with rules {rules_version()}" in out
    assert versions(history) == [rules_version()] * 3
    conn = sqlite3.connect(history.database)
    assert conn.execute("SELECT rating, note FROM felt_heard").fetchall() == [(2, "not heard")]
    conn.close()

    assert run(history, "rescore") == 0
    assert "already scored with rules" in capsys.readouterr().out


def test_dry_run_says_how_many_and_changes_nothing(
    history: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(history, "rescore", "--dry-run") == 0
    out = capsys.readouterr().out
    assert out.startswith("3 saved answer(s) were scored with older rules.")
    assert "Nothing was changed (dry run)." in out
    assert versions(history) == ["test-1"] * 3


def test_no_database_yet_is_a_calm_message(
    app_paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(app_paths, "rescore") == 0
    assert "nothing to re-score" in capsys.readouterr().out
    assert not app_paths.database.exists()


def test_a_full_disk_gets_a_message_not_a_traceback(
    history: AppPaths, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(self: Store, *args: object) -> int:
        raise from_sqlite_error(sqlite3.OperationalError("database or disk is full"), "save")

    monkeypatch.setattr(Store, "turns_rescored", full)
    code = run(history, "rescore")
    err = capsys.readouterr().err
    assert code != 0
    assert err.startswith("attune: ") and "Traceback" not in err
    assert versions(history) == ["test-1"] * 3


def test_ctrl_c_says_how_far_it_got_and_keeps_the_history_consistent(
    history: AppPaths, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(self: Store, *args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(Store, "turns_rescored", interrupted)
    assert run(history, "rescore") == 130
    err = capsys.readouterr().err
    assert "Stopped after re-scoring 0 of 3 answer(s)" in err
    assert "Run `attune rescore` again to finish." in err
    assert versions(history) == ["test-1"] * 3
