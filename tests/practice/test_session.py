"""The practice state machine: couple and solo flows, the timer, breaks, saving, resuming."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.errors import DiskFull
from desktop.practice import (
    AnswerMode,
    BreakReason,
    Draft,
    FeltHeard,
    Hurt,
    ManualClock,
    Mode,
    Option,
    Phase,
    PracticeSession,
    SessionSettings,
    SessionSnapshot,
    SessionStatus,
)
from desktop.practice.session import PhaseError
from tests.practice.fakes import RecordingRecorder, fake_score, fake_share

SCENARIO = Hurt(
    "You told me the money was for the car. It wasn't.",
    options=(
        Option("I lied to you about the money, and I'm sorry.", "validating"),
        Option("It was my money too.", "defensive"),
        Option("Whatever.", "withdrawing"),
        Option("Okay.", "neutral"),
    ),
    scenario_id="money-01",
    follow_ups=(Hurt("How do I know it won't happen again?"),),
)


def couple(**overrides: object) -> SessionSettings:
    values: dict[str, object] = {"mode": Mode.COUPLE, "partners": ("Sam", "Alex")}
    values.update(overrides)
    return SessionSettings(**values)  # type: ignore[arg-type]


def make(
    settings_: SessionSettings, clock: ManualClock, recorder: RecordingRecorder, **kw: object
) -> PracticeSession:
    session = PracticeSession(
        settings_,
        clock=clock,
        recorder=recorder,
        hurts=lambda _round: SCENARIO,
        scorer=fake_score,
        share_scorer=fake_share,
        **kw,  # type: ignore[arg-type]
    )
    session.start()
    return session


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def recorder() -> RecordingRecorder:
    return RecordingRecorder()


def test_couple_session_runs_two_rounds_with_follow_up_and_swaps_roles(
    clock: ManualClock, recorder: RecordingRecorder
) -> None:
    session = make(couple(rounds=2, follow_ups=1), clock, recorder)
    assert session.phase is Phase.SHARE
    assert (session.sharer, session.answerer) == ("Sam", "Alex")

    session.send_share("I felt alone when you stayed late again. I need to know I matter.")
    assert session.phase is Phase.HANDOFF
    assert session.remaining() is None  # the timer has not started behind the privacy screen
    clock.advance(40)
    session.ready()
    assert session.remaining() == 90
    clock.advance(25)
    assert session.remaining() == 65
    turn = session.submit("I'm sorry I left you alone.")
    assert turn.elapsed == 25 and not turn.timed_out
    assert session.phase is Phase.RATING
    session.rate(FeltHeard(4, "better"))
    assert session.phase is Phase.FEEDBACK
    assert session.turns[-1].felt_heard == FeltHeard(4, "better")

    session.next()  # the follow-up: the same sharer answers back
    assert session.phase is Phase.SHARE and session.turn_index == 1
    assert session.sharer == "Sam"
    session.send_share("Thank you. It still stings.")
    session.ready()
    session.submit("I hear that it still stings, and I'm sorry.")
    session.skip_rating()
    session.next()

    assert session.round_index == 1 and session.turn_index == 0
    assert (session.sharer, session.answerer) == ("Alex", "Sam")
    session.send_share("I felt hurt when you joked about me.")
    session.ready()
    session.submit("You're right, but it was a joke.")
    session.rate(FeltHeard(2))
    session.next()
    session.send_share("It wasn't funny to me.")
    session.ready()
    session.submit("I'm sorry.")
    session.rate(FeltHeard(4))
    session.next()

    assert session.phase is Phase.SUMMARY
    assert session.status is SessionStatus.COMPLETED
    saved = recorder.named("turn_scored")
    assert [(t.round_index, t.turn_index, t.answerer) for t in saved] == [
        (0, 0, "Alex"),
        (0, 1, "Alex"),
        (1, 0, "Sam"),
        (1, 1, "Sam"),
    ]
    assert len(recorder.named("felt_heard_rated")) == 3
    assert recorder.named("session_ended") == [SessionStatus.COMPLETED]


def test_roles_stay_when_swapping_is_off(clock: ManualClock, recorder: RecordingRecorder) -> None:
    session = make(couple(rounds=2, follow_ups=0, swap_roles=False), clock, recorder)
    session.send_share("I felt hurt.")
    session.ready()
    session.submit("I'm sorry.")
    session.skip_rating()
    session.next()
    assert (session.sharer, session.answerer) == ("Sam", "Alex")


def test_time_out_with_text_submits_it_marked(
    clock: ManualClock, recorder: RecordingRecorder
) -> None:
    session = make(SessionSettings(Mode.SOLO, ("Robin",), round_seconds=30), clock, recorder)
    assert session.phase is Phase.ANSWER
    session.update_draft("I'm sorry I")
    clock.advance(29.5)
    assert session.tick() is None
    clock.advance(0.5)
    turn = session.tick()
    assert turn is not None
    assert turn.timed_out and turn.answer_text == "I'm sorry I"
    assert turn.elapsed == 30
    assert session.phase is Phase.FEEDBACK


def test_time_out_with_nothing_typed_is_withdrawal(
    clock: ManualClock, recorder: RecordingRecorder
) -> None:
    session = make(SessionSettings(Mode.SOLO, ("Robin",), round_seconds=30), clock, recorder)
    clock.advance(31)
    turn = session.tick()
    assert turn is not None
    assert turn.timed_out and turn.answer_text == ""
    assert turn.result.label == "withdrawing"


def test_untimed_round_never_times_out(clock: ManualClock, recorder: RecordingRecorder) -> None:
    session = make(SessionSettings(Mode.SOLO, ("Robin",), round_seconds=None), clock, recorder)
    clock.advance(10_000)
    assert session.remaining() is None
    assert session.tick() is None
    assert session.phase is Phase.ANSWER


def test_a_break_stops_the_clock_and_is_never_scored(
    clock: ManualClock, recorder: RecordingRecorder
) -> None:
    session = make(SessionSettings(Mode.SOLO, ("Robin",), round_seconds=60), clock, recorder)
    clock.advance(20)
    session.take_break()
    clock.advance(20 * 60)
    assert session.remaining() == 40
    assert session.tick() is None  # no time-out during the break
    with pytest.raises(PhaseError):
        session.submit("I'm sorry")
    pause = session.end_break()
    assert pause is not None and pause.seconds == 1200 and pause.reason is BreakReason.BREAK
    assert session.remaining() == 40
    clock.advance(10)
    turn = session.submit("I'm sorry")
    assert turn.elapsed == 30
    assert recorder.named("break_taken") == [pause]
    assert len(recorder.named("turn_scored")) == 1


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 50), st.floats(0, 500)), max_size=8))
def test_a_pause_never_shortens_time_left(steps: list[tuple[float, float]]) -> None:
    clock = ManualClock()
    session = make(
        SessionSettings(Mode.SOLO, ("Robin",), round_seconds=300), clock, RecordingRecorder()
    )
    for working, resting in steps:
        clock.advance(working)
        before = session.remaining()
        session.take_break()
        clock.advance(resting)
        session.end_break()
        assert session.remaining() == pytest.approx(before, abs=1e-9)


def test_a_failed_save_keeps_the_answer_and_retry_works(
    clock: ManualClock, recorder: RecordingRecorder
) -> None:
    session = make(SessionSettings(Mode.SOLO, ("Robin",)), clock, recorder)
    session.update_draft("That hurt you, and I'm sorry.")
    recorder.fail_next_turn = True
    with pytest.raises(DiskFull):
        session.submit()
    assert session.phase is Phase.ANSWER
    assert session.draft == "That hurt you, and I'm sorry."
    assert session.turns == []
    turn = session.submit()
    assert turn.answer_text == "That hurt you, and I'm sorry."
    assert len(recorder.named("turn_scored")) == 1


def test_solo_session_uses_the_scenario_options_and_follow_ups(
    clock: ManualClock, recorder: RecordingRecorder
) -> None:
    session = make(SessionSettings(Mode.SOLO, ("Robin",), rounds=1, follow_ups=2), clock, recorder)
    assert session.hurt == SCENARIO
    assert session.options_offered and session.typing_offered
    turn = session.submit(option=0)
    assert turn.answer_text.startswith("I lied to you") and turn.chosen_option == 0
    assert session.has_next_turn  # the scenario has one follow-up line
    session.next()
    assert session.hurt is not None
    assert session.hurt.text == "How do I know it won't happen again?"
    session.submit("I'm sorry.")
    assert not session.has_next_turn  # settings allow 2, the scenario has only 1
    session.next()
    assert session.phase is Phase.SUMMARY


def test_pick_only_mode_hides_the_typing_box(
    clock: ManualClock, recorder: RecordingRecorder
) -> None:
    session = make(
        SessionSettings(Mode.SOLO, ("Robin",), answer_mode=AnswerMode.PICK), clock, recorder
    )
    assert session.options_offered and not session.typing_offered
    session = make(
        SessionSettings(Mode.SOLO, ("Robin",), answer_mode=AnswerMode.TYPE), clock, recorder
    )
    assert not session.options_offered and session.typing_offered


def test_drafts_are_saved_with_the_box_they_belong_to(
    clock: ManualClock, recorder: RecordingRecorder
) -> None:
    session = make(couple(), clock, recorder)
    session.update_draft("I felt")
    session.save_draft()
    session.send_share("I felt alone.")
    session.ready()
    session.update_draft("I hear you")
    session.save_draft()
    drafts = recorder.named("draft_saved")
    assert [(d.phase, d.hurt_text, d.text) for d in drafts] == [
        ("share", "", "I felt"),
        ("answer", "I felt alone.", "I hear you"),
    ]


def left_behind(
    session: PracticeSession, clock: ManualClock, draft: Draft | None = None
) -> SessionSnapshot:
    """What a new process finds of a session cut off now: its answers, and the draft if any."""
    return SessionSnapshot(
        session.session_id,
        session.settings,
        clock.wall(),
        SessionStatus.IN_PROGRESS,
        tuple(session.turns),
        draft=draft,
    )


def test_resume_goes_on_after_the_last_saved_turn_with_the_draft(
    clock: ManualClock, recorder: RecordingRecorder
) -> None:
    first = make(couple(rounds=2, follow_ups=1), clock, recorder)
    first.send_share("I felt alone.")
    first.ready()
    first.submit("I'm sorry.")
    first.skip_rating()
    first.next()
    first.send_share("It still hurts.")
    first.ready()
    first.update_draft("I know it still")
    first.save_draft()
    snapshot = left_behind(first, clock, draft=recorder.named("draft_saved")[-1])
    resumed = PracticeSession.resume(
        snapshot, clock=clock, recorder=recorder, scorer=fake_score, share_scorer=fake_share
    )
    assert (resumed.round_index, resumed.turn_index) == (0, 1)
    assert resumed.phase is Phase.HANDOFF  # someone has to take the keyboard first
    resumed.ready()
    assert resumed.draft == "I know it still"
    assert resumed.hurt is not None and resumed.hurt.text == "It still hurts."
    turn = resumed.submit()
    assert turn.answer_text == "I know it still"
    assert len(resumed.turns) == 2


def test_resume_without_draft_starts_the_next_round(
    clock: ManualClock, recorder: RecordingRecorder
) -> None:
    first = make(SessionSettings(Mode.SOLO, ("Robin",), rounds=3, follow_ups=1), clock, recorder)
    first.submit("I'm sorry.")
    snapshot = left_behind(first, clock)
    resumed = PracticeSession.resume(
        snapshot, clock=clock, recorder=recorder, hurts=lambda _r: SCENARIO, scorer=fake_score
    )
    assert (resumed.round_index, resumed.turn_index) == (1, 0)
    assert resumed.phase is Phase.ANSWER


def test_resume_of_a_finished_session_goes_to_the_summary(
    clock: ManualClock, recorder: RecordingRecorder
) -> None:
    first = make(SessionSettings(Mode.SOLO, ("Robin",), rounds=1, follow_ups=0), clock, recorder)
    first.submit("I'm sorry.")
    snapshot = left_behind(first, clock)
    resumed = PracticeSession.resume(
        snapshot, clock=clock, recorder=recorder, hurts=lambda _r: SCENARIO, scorer=fake_score
    )
    assert resumed.phase is Phase.SUMMARY
    assert resumed.status is SessionStatus.COMPLETED


@dataclass(frozen=True)
class Finding:
    level: str
    kind: str


def test_a_crisis_pauses_the_round_and_is_recorded_without_the_text(
    clock: ManualClock, recorder: RecordingRecorder
) -> None:
    def detector(text: str) -> Finding:
        return Finding("crisis", "self_harm") if "hurt myself" in text else Finding("none", "")

    session = make(couple(), clock, recorder, detector=detector)
    session.send_share("Sometimes I want to hurt myself.")
    assert session.safety_alert is not None
    assert session.paused and session.pause_reason is BreakReason.SAFETY
    event = recorder.named("safety_flagged")[0]
    assert (event.kind, event.level, event.source) == ("self_harm", "crisis", "share")
    assert "hurt myself" not in repr(event)
    session.acknowledge_safety()
    assert not session.paused
    assert recorder.named("break_taken")[0].reason is BreakReason.SAFETY


@pytest.mark.parametrize("source", ["share", "answer"])
def test_a_busy_database_never_delays_the_crisis_pause(
    clock: ManualClock, recorder: RecordingRecorder, source: str
) -> None:
    """The note of a crisis cannot be written now: the pause and the alert happen anyway,
    nothing raises (so the screen moves on once), and the note is written at the break's end."""

    def detector(text: str) -> Finding:
        return Finding("crisis", "self_harm") if "hurt myself" in text else Finding("none", "")

    session = make(couple(), clock, recorder, detector=detector)
    recorder.busy_safety = 1
    if source == "share":
        session.send_share("Sometimes I want to hurt myself.")
    else:
        session.send_share("You forgot my birthday.")
        session.ready()
        session.submit("I want to hurt myself when you say that.")
    assert session.safety_alert is not None
    assert session.paused and session.pause_reason is BreakReason.SAFETY
    assert recorder.named("safety_flagged") == []
    session.acknowledge_safety()
    assert [e.source for e in recorder.named("safety_flagged")] == [source]
    assert recorder.named("break_taken")[0].reason is BreakReason.SAFETY


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"partners": ("Sam",)}, "2 name"),
        ({"partners": ("Sam", "sam")}, "different names"),
        ({"partners": ("Sam", "  ")}, "2 name"),
        ({"round_seconds": 10}, "30-300"),
        ({"round_seconds": 301}, "30-300"),
        ({"rounds": 0}, "rounds"),
        ({"follow_ups": 9}, "follow-up"),
    ],
)
def test_settings_are_checked(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        couple(**overrides)


def test_solo_needs_a_scenario_source() -> None:
    with pytest.raises(ValueError, match="source of hurts"):
        PracticeSession(SessionSettings(Mode.SOLO, ("Robin",)))


def test_end_early_closes_the_session(clock: ManualClock, recorder: RecordingRecorder) -> None:
    session = make(couple(), clock, recorder)
    session.take_break()
    session.end_early()
    assert session.phase is Phase.SUMMARY
    assert recorder.named("session_ended") == [SessionStatus.ENDED_EARLY]
    assert len(recorder.named("break_taken")) == 1


def test_draft_dataclass_roundtrip() -> None:
    draft = Draft(0, 0, "answer", "hurt", "text", ManualClock().wall())
    assert draft.phase == "answer"


@pytest.mark.parametrize("rounds", [1, 3], ids=["last-round", "middle-round"])
def test_resume_of_a_solo_follow_up_being_typed_keeps_its_place_and_text(
    clock: ManualClock, recorder: RecordingRecorder, rounds: int
) -> None:
    first = make(
        SessionSettings(Mode.SOLO, ("Robin",), rounds=rounds, follow_ups=1), clock, recorder
    )
    first.submit("I'm sorry.")
    first.next()
    follow_up = SCENARIO.follow_ups[0].text
    assert first.hurt is not None and first.hurt.text == follow_up
    first.update_draft("It won't, because")
    first.save_draft()
    snapshot = left_behind(first, clock, draft=recorder.named("draft_saved")[-1])
    resumed = PracticeSession.resume(
        snapshot, clock=clock, recorder=recorder, hurts=lambda _r: SCENARIO, scorer=fake_score
    )
    # Not the next round (nor, in the last one, a finished session that drops the draft).
    assert resumed.status is SessionStatus.IN_PROGRESS
    assert (resumed.phase, resumed.round_index, resumed.turn_index) == (Phase.ANSWER, 0, 1)
    assert resumed.hurt is not None and resumed.hurt.text == follow_up
    assert resumed.draft == "It won't, because"
    turn = resumed.submit()
    assert (turn.round_index, turn.turn_index, turn.answer_text) == (0, 1, "It won't, because")
