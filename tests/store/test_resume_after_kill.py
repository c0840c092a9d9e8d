"""R2 from the core API: a real PracticeSession over a real Store is SIGKILLed mid-session;
a new process finds it offered for resumption, and PracticeSession.resume brings back every
acknowledged answer, rating and the latest autosaved draft, with nothing half-written."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.paths import AppPaths
from desktop.practice import ManualClock, Phase, PracticeSession, SessionStatus
from desktop.store import Store
from tests.store import practice_child as child
from tests.store.helpers import T0, result_for
from tests.store.processes import kill, spawn, wait_for


def read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True)


def killed_mid_session(
    mode: str, data: Path
) -> tuple[int, list[tuple[int, int, int, str]], list[int], list[str]]:
    """Run the child to its "waiting" line and SIGKILL it: (session id, acknowledged
    answers as (id, round, turn, text), rated answer ids, autosaved drafts)."""
    proc = spawn("tests.store.practice_child", mode, str(data))
    lines = wait_for(proc, "waiting")
    lines += kill(proc)
    (session_id,) = [int(line.split()[1]) for line in lines if line.startswith("session ")]
    answers = []
    for line in lines:
        if line.startswith("turn "):
            _, turn_id, round_index, turn_index, text = line.split(" ", 4)
            answers.append((int(turn_id), int(round_index), int(turn_index), text))
    rated = [int(line.split()[1]) for line in lines if line.startswith("rated ")]
    drafts = [line.removeprefix("draft ") for line in lines if line.startswith("draft ")]
    return session_id, answers, rated, drafts


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["couple", "solo"])
def test_a_killed_session_resumes_with_every_acknowledged_answer_and_the_draft(
    tmp_path: Path, mode: str
) -> None:
    data = tmp_path / "data"
    paths = AppPaths.under(data)
    session_id, answers, rated, drafts = killed_mid_session(mode, data)
    assert [(r, t) for _, r, t, _ in answers] == [(0, 0), (0, 1), (1, 0)]
    assert drafts == list(child.DRAFTS)
    assert rated == ([a[0] for a in answers] if mode == "couple" else [])
    wal = paths.database.with_name(paths.database.name + "-wal")
    assert wal.stat().st_size > 0  # killed, not closed: the work is still in the -wal

    # What is on disk, read without the store: only whole answers, exactly those printed.
    conn = read_only(paths.database)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = conn.execute(
            "SELECT t.id, t.answer_text, count(h.id) FROM turns t"
            " LEFT JOIN hits h ON h.turn_id = t.id GROUP BY t.id ORDER BY t.id"
        ).fetchall()
        ratings = conn.execute("SELECT turn_id, note FROM felt_heard ORDER BY turn_id").fetchall()
        totals = conn.execute(
            "SELECT sum(answers) FROM answer_totals WHERE session_id = ?", (session_id,)
        ).fetchone()[0]
        (draft_rows,) = conn.execute("SELECT count(*) FROM drafts").fetchone()
    finally:
        conn.close()
    assert rows == [(i, text, len(result_for(text).hits)) for i, _, _, text in answers]
    assert ratings == [(i, child.RATING_NOTE) for i in rated]
    assert totals == len(answers) and draft_rows == 1

    # A new process state: the store opened afresh offers the session, resume picks it up.
    with Store.open(paths) as store:
        offered = store.in_progress_sessions()
        assert [s.session_id for s in offered] == [session_id]
        (snapshot,) = offered
        assert snapshot.status is SessionStatus.IN_PROGRESS
        session = PracticeSession.resume(
            snapshot,
            clock=ManualClock(start=0.0, wall=T0),
            recorder=store,
            hurts=child.scenario if mode == "solo" else None,
            scorer=child.scorer,
            share_scorer=child.share_scorer,
        )
        assert session.session_id == session_id
        assert [(t.round_index, t.turn_index, t.answer_text) for t in session.turns] == [
            (r, t, text) for _, r, t, text in answers
        ]
        assert [len(t.result.hits) for t in session.turns] == [
            len(result_for(text).hits) for *_, text in answers
        ]
        if mode == "couple":
            assert [t.felt_heard and t.felt_heard.note for t in session.turns] == [
                child.RATING_NOTE
            ] * len(answers)
            assert session.phase is Phase.HANDOFF  # the answerer takes the keyboard again
            expected_hurt = child.share_text(1, 1)
            session.ready()
        else:
            expected_hurt = child.scenario(1).follow_ups[0].text
        assert session.phase is Phase.ANSWER
        assert (session.round_index, session.turn_index) == (1, 1)
        assert session.hurt is not None and session.hurt.text == expected_hurt
        assert session.draft == child.DRAFTS[-1]

        # Submitting the recovered draft saves it as the answer and clears the draft row.
        session.submit()
        after = store.load_snapshot(session_id)
        assert after.draft is None
        assert [t.answer_text for t in after.turns][-1] == child.DRAFTS[-1]
        assert len(after.turns) == len(answers) + 1
