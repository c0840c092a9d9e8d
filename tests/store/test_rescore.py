"""Re-scoring history: stale answers get the current rules, whole batches or nothing."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.engine import rules_version, score
from desktop.errors import AttuneError
from desktop.paths import AppPaths
from desktop.practice import Break, BreakReason, FeltHeard
from desktop.store import Store
from desktop.store.migrations import PAUSE_ENV
from desktop.store.rescore import rescore_history, stale_count
from tests.conftest import ROOT
from tests.store.helpers import T0, couple, make_turn

ANSWERS = (
    "I'm sorry, but I was tired",
    "You're right, I broke your trust. I understand why you're hurt.",
    "That's not what happened and you know it.",
    "I hear you. I was tired though, and I forgot.",
    "whatever",
)


def fill(store: Store, n: int = 10) -> list[int]:
    """`n` answers saved with the stand-in scorer (rules version "test-1"), some rated."""
    sid = store.session_started(couple(), T0)
    ids = []
    for i in range(n):
        rating = FeltHeard(1 + i % 5, f"note {i}") if i % 2 == 0 else None
        ids.append(
            store.turn_scored(
                sid, make_turn(ANSWERS[i % len(ANSWERS)], turn_index=i, felt_heard=rating)
            )
        )
    store.break_taken(sid, Break(0, 1, BreakReason.BREAK, T0, 30.0))
    return ids


def rows(store: Store) -> dict[int, tuple[object, ...]]:
    """Every answer's score columns with its hits, by turn id."""
    conn = store.db.conn
    found = {}
    for r in conn.execute(
        "SELECT id, validation, defensiveness, label, rules_version, steps_json FROM turns"
    ):
        hits = conn.execute(
            "SELECT position, rule_id, start, [end], message FROM hits WHERE turn_id = ?"
            " ORDER BY position",
            (r[0],),
        ).fetchall()
        found[int(r[0])] = (*r[1:], tuple(hits))
    return found


def untouched(store: Store) -> tuple[object, ...]:
    """Everything re-scoring must leave alone."""
    conn = store.db.conn
    return (
        conn.execute(
            "SELECT id, session_id, sharer, answerer, hurt_text, answer_text, chosen_option,"
            " elapsed, timed_out, answered_at, option_set_id FROM turns ORDER BY id"
        ).fetchall(),
        conn.execute("SELECT * FROM felt_heard ORDER BY turn_id").fetchall(),
        conn.execute("SELECT * FROM breaks ORDER BY id").fetchall(),
        conn.execute("SELECT * FROM sessions ORDER BY id").fetchall(),
        conn.execute(
            "SELECT session_id, answerer_id, ratings, rating_sum FROM answer_totals"
        ).fetchall(),
    )


def expected(answer: str, hurt: str) -> tuple[object, ...]:
    r = score(answer, hurt=hurt)
    return (r.validation, r.defensiveness, r.label, r.rules_version, r.hits)


def test_stale_answers_get_the_current_rules_and_nothing_else_changes(store: Store) -> None:
    ids = fill(store)
    before = untouched(store)
    assert stale_count(store) == 10

    report = rescore_history(store, batch=3)

    assert (report.found, report.rescored, report.cancelled) == (10, 10, False)
    assert report.rules_version == rules_version()
    assert stale_count(store) == 0
    assert untouched(store) == before
    after = rows(store)
    hurt = make_turn().hurt.text
    for i, turn_id in enumerate(ids):
        validation, defensiveness, label, version, steps_json, hits = after[turn_id]
        v, d, lab, ver, new_hits = expected(ANSWERS[i % len(ANSWERS)], hurt)
        assert (validation, defensiveness, label, version) == (v, d, lab, ver)
        assert [h[1:4] for h in hits] == [(h.rule_id, h.start, h.end) for h in new_hits]
        assert [h[0] for h in hits] == list(range(len(hits)))
        assert isinstance(steps_json, str) and "validated" in json.loads(steps_json)
    # The replay reads the new score and its hits.
    replay = store.session_replay(1).turns[0]
    assert replay.result.rules_version == rules_version()


def test_answer_totals_follow_the_new_scores(store: Store) -> None:
    fill(store, 6)
    rescore_history(store)
    conn = store.db.conn
    sums = conn.execute(
        "SELECT answers, validation_sum, defensiveness_sum FROM answer_totals"
    ).fetchone()
    real = conn.execute(
        "SELECT count(*), sum(validation), sum(defensiveness) FROM turns"
    ).fetchone()
    assert tuple(sums) == pytest.approx(tuple(real))


def test_a_second_run_finds_nothing_to_do(store: Store) -> None:
    fill(store, 5)
    rescore_history(store)
    changes = store.db.conn.total_changes
    again = rescore_history(store)
    assert (again.found, again.rescored) == (0, 0)
    assert store.db.conn.total_changes == changes


def test_only_answers_of_older_rules_are_rescored(store: Store) -> None:
    ids = fill(store, 4)
    current = rules_version()
    store.db.conn.execute(
        "UPDATE turns SET rules_version = ?, validation = 42.0 WHERE id = ?", (current, ids[0])
    )
    report = rescore_history(store)
    assert report.found == 3
    assert rows(store)[ids[0]][0] == 42.0  # already current: left exactly as it was


def test_a_timed_out_empty_answer_stays_withdrawal(store: Store) -> None:
    sid = store.session_started(couple(), T0)
    turn = make_turn("   ")
    from dataclasses import replace

    turn_id = store.turn_scored(sid, replace(turn, timed_out=True))
    rescore_history(store)
    validation, defensiveness, label, *_ = rows(store)[turn_id]
    assert label == "withdrawing"
    assert (validation, defensiveness) == (0.0, 0.0)


def test_the_hurt_saved_with_the_answer_is_what_it_is_scored_against(store: Store) -> None:
    sid = store.session_started(couple(), T0)
    store.turn_scored(sid, make_turn("ok", hurt="the hurt saved with it"))
    seen: list[tuple[str, str | None]] = []

    def scorer(text: str, hurt: str | None) -> object:
        seen.append((text, hurt))
        return score(text, hurt=hurt)

    rescore_history(store, scorer=scorer)  # type: ignore[arg-type]
    assert seen == [("ok", "the hurt saved with it")]


def test_a_dry_run_writes_nothing(store: Store) -> None:
    fill(store, 5)
    before = rows(store)
    labels = store.db.conn.execute("SELECT answer_text, hurt_text, label FROM turns").fetchall()
    changing = sum(1 for text, hurt, label in labels if score(text, hurt).label != label)
    report = rescore_history(store, dry_run=True)
    assert (report.found, report.rescored, report.dry_run) == (5, 5, True)
    assert changing > 0  # the stand-in's labels differ from the engine's for some answers
    assert report.labels_changed == changing
    assert rows(store) == before
    assert stale_count(store) == 5


def consistent(store: Store, old: dict[int, tuple[object, ...]]) -> tuple[int, int]:
    """Every answer is wholly old or wholly new (score, version and hits together)."""
    hurt = make_turn().hurt.text
    n_old = n_new = 0
    for turn_id, now in rows(store).items():
        if now == old[turn_id]:
            n_old += 1
            continue
        answer = str(
            store.db.conn.execute(
                "SELECT answer_text FROM turns WHERE id = ?", (turn_id,)
            ).fetchone()[0]
        )
        v, d, label, version, hits = expected(answer, hurt)
        assert now[:4] == (v, d, label, version)
        assert [h[1:4] for h in now[5]] == [(h.rule_id, h.start, h.end) for h in hits]  # type: ignore[attr-defined]
        n_new += 1
    return n_old, n_new


def test_an_error_mid_way_leaves_whole_batches_old_or_new(store: Store) -> None:
    fill(store, 10)
    old = rows(store)
    calls = 0

    def failing(text: str, hurt: str | None) -> object:
        nonlocal calls
        calls += 1
        if calls == 6:
            raise RuntimeError("scorer broke")
        return score(text, hurt=hurt)

    with pytest.raises(RuntimeError):
        rescore_history(store, batch=4, scorer=failing)  # type: ignore[arg-type]
    assert consistent(store, old) == (6, 4)
    assert stale_count(store) == 6
    assert rescore_history(store).rescored == 6  # running again finishes the job
    assert consistent(store, old) == (0, 10)


def test_a_failed_write_rolls_its_whole_batch_back(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = fill(store, 6)
    old = rows(store)
    from desktop.store import codec

    real = codec.hit_row

    def hit_row(turn_id: int, position: int, hit: object) -> tuple[object, ...]:
        # The second batch's second answer: its first answer is already updated by then.
        if turn_id == ids[3]:
            raise sqlite3.OperationalError("disk I/O error")
        return real(turn_id, position, hit)

    assert score(ANSWERS[3]).hits  # so the write above is reached
    monkeypatch.setattr(codec, "hit_row", hit_row)
    with pytest.raises(AttuneError):
        rescore_history(store, batch=2)
    assert consistent(store, old) == (4, 2)
    assert rows(store)[ids[2]] == old[ids[2]]


def test_cancel_stops_between_batches_and_keeps_what_was_done(store: Store) -> None:
    fill(store, 10)
    old = rows(store)
    seen: list[tuple[int, int]] = []
    report = rescore_history(
        store, batch=3, progress=lambda d, t: seen.append((d, t)), cancelled=lambda: len(seen) > 2
    )
    assert report.cancelled
    assert report.rescored == 6
    assert seen == [(0, 10), (3, 10), (6, 10)]
    assert consistent(store, old) == (4, 6)


CHILD = """
import sys
from desktop.paths import AppPaths
from desktop.store import Store
from desktop.store.rescore import rescore_history
store = Store.open(AppPaths.under(sys.argv[1]))
print("opened", flush=True)
rescore_history(store, batch=3)
"""


def test_a_kill_mid_batch_leaves_every_answer_old_and_consistent(app_paths: AppPaths) -> None:
    with Store.open(app_paths) as store:
        fill(store, 5)
        old = rows(store)
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env[PAUSE_ENV] = "rescore_hits"
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(app_paths.root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("paused rescore_hits"):
            break
    else:
        raise AssertionError(proc.stderr.read() if proc.stderr else "child ended")
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    with Store.open(app_paths) as store:
        assert consistent(store, old) == (5, 0)  # the first answer's new score is not kept
        assert rescore_history(store).rescored == 5
        assert consistent(store, old) == (0, 5)


def test_an_empty_history_has_nothing_to_rescore(store: Store, tmp_path: Path) -> None:
    report = rescore_history(store)
    assert (report.found, report.rescored, report.cancelled) == (0, 0, False)
