"""R1, R2, R7: a process killed with SIGKILL loses no acknowledged work and leaves no half unit."""

from __future__ import annotations

import contextlib
import random
import sqlite3
import subprocess
from pathlib import Path

import pytest

from desktop.paths import AppPaths
from desktop.store import Store
from desktop.store.migrations import PAUSE_ENV
from tests.store.helpers import make_turn
from tests.store.processes import kill, spawn, wait_for


def spawn_child(mode: str, data: Path, pause: str | None = None) -> subprocess.Popen[str]:
    """tests/store/child.py in `mode` on `data`, pausing where `pause` says (if it says)."""
    return spawn("tests.store.child", mode, str(data), **({PAUSE_ENV: pause} if pause else {}))


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True)


def integrity(path: Path) -> str:
    conn = raw(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_no_acknowledged_answer(tmp_path: Path) -> None:
    data = tmp_path / "data"
    acknowledged: set[int] = set()
    rng = random.Random(7)
    for _ in range(30):
        proc = spawn_child("turns", data)
        lines = []
        # Most kills land while answers are being saved; some during start-up and opening.
        if rng.random() < 0.8:
            lines += wait_for(proc, "session")
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=rng.uniform(0.0, 0.15))
        lines += kill(proc)
        acknowledged |= {int(line.split()[1]) for line in lines if line.startswith("turn ")}

        db = AppPaths.under(data).database
        assert integrity(db) == "ok"
        conn = raw(db)
        try:
            saved = {r[0] for r in conn.execute("SELECT id FROM turns")}
            hits_per_turn = dict(
                conn.execute(
                    "SELECT t.id, count(h.id) FROM turns t LEFT JOIN hits h ON h.turn_id = t.id"
                    " GROUP BY t.id"
                ).fetchall()
            )
        finally:
            conn.close()
        assert acknowledged <= saved
        # Every answer the children save has a "sorry" and a "but": two hits, never fewer.
        assert set(hits_per_turn.values()) <= {2}
    assert len(acknowledged) > 30, "the children should have saved answers between kills"


def test_killed_between_an_answer_and_its_hits_the_answer_is_absent(tmp_path: Path) -> None:
    data = tmp_path / "data"
    proc = spawn_child("turns", data, pause="turn_hits")
    lines = wait_for(proc, "paused turn_hits")
    kill(proc)
    assert not any(line.startswith("turn ") for line in lines)
    db = AppPaths.under(data).database
    assert integrity(db) == "ok"
    with Store.open(AppPaths.under(data)) as store:
        (summary,) = store.list_sessions()
        assert summary.answers == 0
        # The same save, retried by a new process, goes in whole.
        store.turn_scored(summary.session_id, make_turn())
        assert len(store.session_replay(summary.session_id).turns[0].result.hits) == 2


def test_draft_survives_sigkill_and_the_session_is_offered_for_resume(tmp_path: Path) -> None:
    data = tmp_path / "data"
    proc = spawn_child("drafts", data)
    lines = wait_for(proc, "draft 5")
    lines += kill(proc)
    last = max(int(line.split()[1]) for line in lines if line.startswith("draft "))

    with Store.open(AppPaths.under(data)) as store:
        (snapshot,) = store.in_progress_sessions()
        assert snapshot.draft is not None
        # At most the autosave in flight when the kill came is lost.
        assert snapshot.draft.text in (f"draft {last}", f"draft {last + 1}")
        assert len(snapshot.turns) == 1
        store.turn_scored(snapshot.session_id, make_turn("sorry", turn_index=1))
        assert store.load_snapshot(snapshot.session_id).draft is None
