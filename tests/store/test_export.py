"""Exports are written whole or not at all, private, and readable back."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from desktop.errors import AttuneError
from desktop.store import Store
from tests.store.helpers import T0, couple, make_turn


def test_an_export_onto_a_full_disk_leaves_no_file(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sid = store.session_started(couple(), T0)
    store.turn_scored(sid, make_turn())
    out = tmp_path / "exports" / "history.json"
    out.parent.mkdir()
    out.write_text("the previous export\n")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(AttuneError) as caught:
        store.export("json", out)
    assert "did not fit" in caught.value.user_message
    assert [p.name for p in out.parent.iterdir()] == ["history.json"]
    assert out.read_text() == "the previous export\n"  # the old file is not half-replaced


def test_json_export_rows_match_the_replay(store: Store, tmp_path: Path) -> None:
    sid = store.session_started(couple(), T0)
    store.turn_scored(sid, make_turn("I'm sorry, but"))
    report = store.export("json", tmp_path / "all.json")
    assert (report.sessions, report.turns) == (1, 1)
    data = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    (turn,) = data["sessions"][0]["turns"]
    replay = store.session_replay(sid).turns[0]
    assert turn["validation"] == replay.result.validation
    assert turn["steps"] == ["validate"]
    assert len(turn["hits"]) == len(replay.result.hits)


def test_unknown_format_is_a_message(store: Store, tmp_path: Path) -> None:
    with pytest.raises(AttuneError, match="json or csv"):
        store.export("xml", tmp_path / "x.xml")


def test_a_cancelled_export_leaves_nothing_and_progress_is_reported(
    store: Store, tmp_path: Path
) -> None:
    for n in range(3):
        sid = store.session_started(couple(), T0)
        store.turn_scored(sid, make_turn(f"sorry {n}"))
    seen: list[tuple[int, int]] = []
    store.export("csv", tmp_path / "all.csv", progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (3, 3)
    with pytest.raises(AttuneError, match="cancelled"):
        store.export("json", tmp_path / "none.json", cancelled=lambda: True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["all.csv", "data"]


def test_an_export_on_a_worker_thread_while_answers_are_saved(store: Store, tmp_path: Path) -> None:
    import threading

    sid = store.session_started(couple(), T0)
    for n in range(50):
        store.turn_scored(sid, make_turn(f"sorry {n}", turn_index=n))
    done: list[int] = []
    worker = threading.Thread(
        target=lambda: done.append(store.export("json", tmp_path / "x.json").turns)
    )
    worker.start()
    for n in range(50, 60):
        store.turn_scored(sid, make_turn(f"sorry {n}", turn_index=n))
    worker.join(timeout=30)
    assert done and 50 <= done[0] <= 60


@pytest.mark.parametrize(
    "name", ["attune.db", "attune.db-wal", "attune.lock", "backups/old.json", "logs/x.json", "."]
)
def test_an_export_never_replaces_attunes_own_files(
    store: Store, tmp_path: Path, name: str
) -> None:
    sid = store.session_started(couple(), T0)
    store.turn_scored(sid, make_turn("I hid the money and I'm sorry."))
    root = store.paths.root
    database = store.paths.database
    before = database.read_bytes()
    with pytest.raises(AttuneError) as caught:
        store.export("json", root / name)
    message = caught.value.user_message
    assert "nothing was written" in message or "is a folder" in message
    # An export beside them, under a name of its own, is fine.
    assert store.export("json", root / "attune-export.json").turns == 1
    assert database.read_bytes() == before
    assert store.session_replay(sid).turns[0].answer_text == "I hid the money and I'm sorry."


def test_an_export_onto_a_pipe_or_device_is_refused_and_leaves_it_alone(
    store: Store, tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(AttuneError, match="not an ordinary file"):
        store.export("json", fifo)
    assert fifo.is_fifo()
    link = tmp_path / "to-the-database.json"
    link.symlink_to(store.paths.database)
    with pytest.raises(AttuneError, match="Attune's own files"):
        store.export("csv", link)
    assert link.is_symlink()
