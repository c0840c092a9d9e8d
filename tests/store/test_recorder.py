"""The store as the practice session's recorder: what a session saves comes back whole."""

from __future__ import annotations

from desktop.practice import (
    Break,
    BreakReason,
    Draft,
    FeltHeard,
    ManualClock,
    PracticeSession,
    SafetyEvent,
    SessionStatus,
)
from desktop.store import Store
from tests.store.helpers import T0, couple, make_turn, result_for


def test_a_saved_turn_comes_back_with_every_hit_and_its_rating(store: Store) -> None:
    sid = store.session_started(couple(), T0)
    turn = make_turn("I'm sorry, but I was tired")
    tid = store.turn_scored(sid, turn)
    store.felt_heard_rated(tid, FeltHeard(4, "closer"))

    replay = store.session_replay(sid)
    (saved,) = replay.turns
    assert saved.answer_text == turn.answer_text
    assert saved.hurt_text == turn.hurt.text
    assert [(h.rule_id, h.start, h.end, h.polarity) for h in saved.result.hits] == [
        (h.rule_id, h.start, h.end, h.polarity) for h in turn.result.hits
    ]
    assert saved.result.validation == turn.result.validation
    assert saved.result.rules_version == "test-1"
    assert saved.felt_heard == FeltHeard(4, "closer")
    assert replay.summary.partners == ("Ana", "Ben")
    assert replay.summary.answers == 1


def test_snapshot_holds_settings_turns_breaks_and_latest_draft(store: Store) -> None:
    settings = couple()
    sid = store.session_started(settings, T0)
    store.turn_scored(sid, make_turn("sorry"))
    store.break_taken(sid, Break(0, 1, BreakReason.BREAK, T0, 30.0))
    store.safety_flagged(sid, SafetyEvent(0, 1, "caution", "fear", "share", T0))
    store.draft_saved(sid, Draft(0, 1, "answer", "the hurt", "first words", T0))
    store.draft_saved(sid, Draft(0, 1, "answer", "the hurt", "first words, more", T0))

    (snapshot,) = store.in_progress_sessions()
    assert snapshot.session_id == sid
    assert snapshot.settings == settings
    assert snapshot.status is SessionStatus.IN_PROGRESS
    assert [t.answer_text for t in snapshot.turns] == ["sorry"]
    assert snapshot.turns[0].hurt.options[0].text == "I hear you."
    assert snapshot.breaks == (Break(0, 1, BreakReason.BREAK, T0, 30.0),)
    assert snapshot.draft is not None and snapshot.draft.text == "first words, more"


def test_submitting_clears_the_draft_and_ending_closes_the_session(store: Store) -> None:
    sid = store.session_started(couple(), T0)
    store.draft_saved(sid, Draft(0, 0, "answer", "hurt", "typing", T0))
    store.turn_scored(sid, make_turn("sorry"))
    assert store.load_snapshot(sid).draft is None
    store.session_ended(sid, SessionStatus.COMPLETED, T0)
    assert store.in_progress_sessions() == []
    assert store.list_sessions()[0].status is SessionStatus.COMPLETED


def test_declining_to_resume_marks_interrupted(store: Store) -> None:
    sid = store.session_started(couple(), T0)
    store.mark_interrupted(sid)
    assert store.in_progress_sessions() == []
    assert [s.session_id for s in store.interrupted_sessions()] == [sid]


def test_a_practice_session_runs_on_the_store_and_resumes_from_it(store: Store) -> None:
    clock = ManualClock()
    session = PracticeSession(
        couple(),
        clock=clock,
        recorder=store.recorder(),
        scorer=lambda text, hurt: result_for(text),  # type: ignore[arg-type,return-value]
        share_scorer=result_for,  # type: ignore[arg-type]
    )
    session.start()
    session.send_share("I felt alone.")
    session.ready()
    session.submit("I'm sorry you felt alone")
    session.rate(FeltHeard(5))
    session.next()
    session.send_share("And then you laughed.")
    session.ready()
    session.update_draft("I did laugh, but")
    session.save_draft()

    (snapshot,) = store.in_progress_sessions()
    resumed = PracticeSession.resume(
        snapshot,
        clock=clock,
        recorder=store,
        scorer=lambda text, hurt: result_for(text),  # type: ignore[arg-type,return-value]
    )
    assert resumed.draft == "I did laugh, but"
    assert resumed.hurt is not None and resumed.hurt.text == "And then you laughed."
    assert len(resumed.turns) == 1 and resumed.turns[0].felt_heard == FeltHeard(5)
