"""A practice session as a state machine: share, hand-off, timed answer, rating, feedback.

The session holds no widgets and no timers. Time comes from an injected Clock, so the time
left is always computed from the clock (never counted from ticks), and a break moves the
deadline so it never costs the answerer time. Every scored answer, rating, break and safety
event goes to the recorder before the session moves on: if the recorder fails (disk full,
database busy) the session stays where it was and the same call can simply be retried.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from desktop.errors import AttuneError
from desktop.practice.clock import Clock, SystemClock
from desktop.practice.recorder import NullRecorder, SessionRecorder
from desktop.practice.records import (
    AnswerMode,
    Break,
    BreakReason,
    Draft,
    FeltHeard,
    Hurt,
    Mode,
    SafetyEvent,
    SessionSettings,
    SessionSnapshot,
    SessionStatus,
    Turn,
)

if TYPE_CHECKING:
    from desktop.engine import Result, ShareResult


class Phase(StrEnum):
    SHARE = "share"  # couple: the sharer writes the hurt or a follow-up
    HANDOFF = "handoff"  # couple: privacy screen until the answerer says Ready
    ANSWER = "answer"  # the timed answer
    RATING = "rating"  # couple: the sharer rates how heard they felt, before the verdict
    FEEDBACK = "feedback"  # scores, highlights, checklist, rewrite
    SUMMARY = "summary"  # the session is over


class SafetyFinding(Protocol):
    """What a safety detector returns; only level and kind are kept."""

    @property
    def level(self) -> str: ...

    @property
    def kind(self) -> object: ...


AnswerScorer = Callable[[str, str | None], "Result"]
ShareScorer = Callable[[str], "ShareResult"]
HurtSource = Callable[[int], Hurt]
Detector = Callable[[str], SafetyFinding]


class PhaseError(RuntimeError):
    """A call that the current phase does not allow: a bug in the caller, not the user."""


def _default_scorer(text: str, hurt: str | None) -> Result:
    from desktop.engine import score

    return score(text, hurt=hurt)


def _default_share_scorer(text: str) -> ShareResult:
    from desktop.engine import score_share

    return score_share(text)


class PracticeSession:
    """One session from the first share to the summary."""

    def __init__(
        self,
        settings: SessionSettings,
        *,
        clock: Clock | None = None,
        recorder: SessionRecorder | None = None,
        hurts: HurtSource | None = None,
        scorer: AnswerScorer = _default_scorer,
        share_scorer: ShareScorer = _default_share_scorer,
        detector: Detector | None = None,
    ) -> None:
        if settings.mode is Mode.SOLO and hurts is None:
            raise ValueError("solo practice needs a source of hurts (scenarios)")
        self.settings = settings
        self.clock: Clock = clock or SystemClock()
        self.recorder: SessionRecorder = recorder or NullRecorder()
        self._hurts = hurts
        self._scorer = scorer
        self._share_scorer = share_scorer
        self._detector = detector

        self.session_id = 0
        self.phase = Phase.SHARE
        self.status = SessionStatus.IN_PROGRESS
        self.round_index = 0
        self.turn_index = 0
        self.turns: list[Turn] = []
        self.breaks: list[Break] = []
        self.safety_events: list[SafetyEvent] = []
        self._unrecorded_safety: list[SafetyEvent] = []  # noted, not yet saved (disk busy)
        self.hurt: Hurt | None = None  # what is being answered now
        self.share: ShareResult | None = None
        self.draft = ""
        self.safety_alert: SafetyFinding | None = None
        self._round_hurt: Hurt | None = None  # solo: the scenario whose follow-ups come next
        self._last_turn_id = 0
        self._answer_started = 0.0
        self._deadline: float | None = None
        self._paused_at: float | None = None
        self._pause_reason: BreakReason | None = None
        self._break_wall = self.clock.wall()
        self._paused_in_answer = 0.0
        self._started = False

    # --- who is who -------------------------------------------------------------------

    @property
    def sharer(self) -> str:
        if self.settings.mode is Mode.SOLO:
            return "Scenario"
        return self.settings.partners[self._sharer_index()]

    @property
    def answerer(self) -> str:
        if self.settings.mode is Mode.SOLO:
            return self.settings.partners[0]
        return self.settings.partners[1 - self._sharer_index()]

    def _sharer_index(self) -> int:
        first = self.settings.first_sharer
        if self.settings.swap_roles:
            return (first + self.round_index) % 2
        return first

    @property
    def is_couple(self) -> bool:
        return self.settings.mode is Mode.COUPLE

    @property
    def last_turn(self) -> Turn | None:
        return self.turns[-1] if self.turns else None

    @property
    def options_offered(self) -> bool:
        """Whether answer cards are shown: pick/both mode and the hurt came with options."""
        has_options = self.hurt is not None and len(self.hurt.options) > 0
        return has_options and self.settings.answer_mode is not AnswerMode.TYPE

    @property
    def typing_offered(self) -> bool:
        return self.settings.answer_mode is not AnswerMode.PICK or not self.options_offered

    # --- starting and resuming -------------------------------------------------------

    def start(self) -> None:
        if self._started:
            raise PhaseError("the session has already started")
        self.session_id = self.recorder.session_started(self.settings, self.clock.wall())
        self._started = True
        self._begin_round()

    @classmethod
    def resume(
        cls,
        snapshot: SessionSnapshot,
        *,
        clock: Clock | None = None,
        recorder: SessionRecorder | None = None,
        hurts: HurtSource | None = None,
        scorer: AnswerScorer = _default_scorer,
        share_scorer: ShareScorer = _default_share_scorer,
        detector: Detector | None = None,
    ) -> PracticeSession:
        """Pick up a session a crash cut off: after its last saved turn, with its draft.

        Couple mode goes on with the next turn of the same round; solo mode goes on with the
        next round, because a scenario's remaining lines are not part of what is saved.
        An answer that was being typed comes back in an answer phase for the same hurt.
        """
        session = cls(
            snapshot.settings,
            clock=clock,
            recorder=recorder,
            hurts=hurts,
            scorer=scorer,
            share_scorer=share_scorer,
            detector=detector,
        )
        session.session_id = snapshot.session_id
        session._started = True
        session.turns = list(snapshot.turns)
        session.breaks = list(snapshot.breaks)
        last = session.last_turn
        round_index, turn_index = session._position_after(last)
        draft = snapshot.draft
        # Saving an answer deletes the draft, so a draft still there was typed after the
        # last saved answer: where it was typed is where the session stopped. (Solo's
        # position after a first line is the next round; a follow-up being typed must not
        # be renumbered as that round, or, in the last round, lost to a finished session.)
        last_position = (-1, -1) if last is None else (last.round_index, last.turn_index)
        if draft is not None and (draft.round_index, draft.turn_index) > last_position:
            round_index, turn_index = draft.round_index, draft.turn_index
        if round_index >= session.settings.rounds:
            session._finish(SessionStatus.COMPLETED)
            return session
        session.round_index, session.turn_index = round_index, turn_index
        if draft is not None and draft.phase == Phase.ANSWER and draft.hurt_text:
            session.hurt = Hurt(draft.hurt_text)
            session.share = None
            if session.is_couple:
                session.phase = Phase.HANDOFF
            else:
                session._begin_answer()
            session.draft = draft.text
        elif turn_index == 0 or session.is_couple:
            session._begin_turn()
            if draft is not None and draft.phase == Phase.SHARE:
                session.draft = draft.text
        else:
            session._begin_turn()
        return session

    def _position_after(self, turn: Turn | None) -> tuple[int, int]:
        if turn is None:
            return 0, 0
        more_follow_ups = turn.turn_index < self.settings.follow_ups
        if more_follow_ups and self.is_couple:
            return turn.round_index, turn.turn_index + 1
        return turn.round_index + 1, 0

    # --- the flow --------------------------------------------------------------------

    def _begin_round(self) -> None:
        self.turn_index = 0
        self._round_hurt = None
        self._begin_turn()

    def _begin_turn(self) -> None:
        self.share = None
        self.safety_alert = None
        self.draft = ""
        if self.is_couple:
            self.hurt = None
            self.phase = Phase.SHARE
            return
        assert self._hurts is not None
        if self.turn_index == 0 or self._round_hurt is None:
            self.turn_index = 0
            self._round_hurt = self._hurts(self.round_index)
            self.hurt = self._round_hurt
        else:
            self.hurt = self._round_hurt.follow_ups[self.turn_index - 1]
        self._begin_answer()

    def preview_share(self, text: str) -> ShareResult:
        """Score a share for gentle start-up without sending it, so the sharer can revise."""
        return self._share_scorer(text)

    def send_share(self, text: str, options_from: Hurt | None = None) -> ShareResult:
        """The sharer sends the hurt; the keyboard passes to the answerer next."""
        self._require(Phase.SHARE)
        if not text.strip():
            raise ValueError("a share needs some words")
        self.share = self._share_scorer(text)
        options = options_from.options if options_from is not None else ()
        scenario = options_from.scenario_id if options_from is not None else None
        self.hurt = Hurt(text, options=options, scenario_id=scenario)
        self.draft = ""
        self.phase = Phase.HANDOFF
        self._screen(text, "share")
        return self.share

    def ready(self) -> None:
        """The answerer has the keyboard: the timer starts now."""
        self._require(Phase.HANDOFF)
        resumed_draft = self.draft
        self._begin_answer()
        self.draft = resumed_draft

    def _begin_answer(self) -> None:
        self.phase = Phase.ANSWER
        self.draft = ""
        self._answer_started = self.clock.now()
        self._paused_in_answer = 0.0
        seconds = self.settings.round_seconds
        self._deadline = None if seconds is None else self._answer_started + seconds

    def update_draft(self, text: str) -> None:
        self.draft = text

    def save_draft(self) -> None:
        """Autosave what is in the box being typed (called every few seconds by the UI)."""
        if self.phase not in (Phase.SHARE, Phase.ANSWER) or not self._started:
            return
        hurt_text = self.hurt.text if self.phase is Phase.ANSWER and self.hurt else ""
        self.recorder.draft_saved(
            self.session_id,
            Draft(
                self.round_index,
                self.turn_index,
                str(self.phase),
                hurt_text,
                self.draft,
                self.clock.wall(),
            ),
        )

    # --- time ------------------------------------------------------------------------

    @property
    def timed(self) -> bool:
        return self._deadline is not None

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    @property
    def pause_reason(self) -> BreakReason | None:
        return self._pause_reason

    def remaining(self) -> float | None:
        """Seconds left to answer, from the clock; None when untimed or not answering."""
        if self.phase is not Phase.ANSWER or self._deadline is None:
            return None
        now = self._paused_at if self._paused_at is not None else self.clock.now()
        return max(0.0, self._deadline - now)

    def elapsed(self) -> float:
        """Answering time used so far, breaks excluded."""
        if self.phase is not Phase.ANSWER:
            return 0.0
        now = self._paused_at if self._paused_at is not None else self.clock.now()
        return max(0.0, now - self._answer_started - self._paused_in_answer)

    def tick(self) -> Turn | None:
        """Called whenever the UI redraws: at zero, whatever was typed is submitted."""
        if self.phase is not Phase.ANSWER or self.paused:
            return None
        left = self.remaining()
        if left is None or left > 0:
            return None
        return self._score_answer(self.draft, None, timed_out=True)

    # --- answering -------------------------------------------------------------------

    def submit(self, text: str | None = None, option: int | None = None) -> Turn:
        """Score the typed text, or the picked option, and save it before moving on."""
        self._require(Phase.ANSWER)
        if self.paused:
            raise PhaseError("finish the break before answering")
        if option is not None:
            assert self.hurt is not None
            if not 0 <= option < len(self.hurt.options):
                raise ValueError("no such answer option")
            answer = self.hurt.options[option].text
        else:
            answer = self.draft if text is None else text
        return self._score_answer(answer, option, timed_out=False)

    def _score_answer(self, text: str, option: int | None, *, timed_out: bool) -> Turn:
        assert self.hurt is not None
        elapsed = self.elapsed()
        if self.settings.round_seconds is not None:
            elapsed = min(elapsed, float(self.settings.round_seconds))
        turn = Turn(
            round_index=self.round_index,
            turn_index=self.turn_index,
            sharer=self.sharer,
            answerer=self.answerer,
            hurt=self.hurt,
            share=self.share,
            answer_text=text,
            chosen_option=option,
            elapsed=elapsed,
            timed_out=timed_out,
            result=self._scorer(text, self.hurt.text),
            answered_at=self.clock.wall(),
        )
        # Saved first: if this raises, nothing moved and the text is still in the box.
        self._last_turn_id = self.recorder.turn_scored(self.session_id, turn)
        self.turns.append(turn)
        self.draft = ""
        self._deadline = None
        self.phase = Phase.RATING if self.is_couple else Phase.FEEDBACK
        self._screen(text, "answer")
        return turn

    def rate(self, felt_heard: FeltHeard) -> None:
        """The sharer's felt-heard rating, given before the engine's verdict is shown."""
        self._require(Phase.RATING)
        self.recorder.felt_heard_rated(self._last_turn_id, felt_heard)
        self.turns[-1] = replace(self.turns[-1], felt_heard=felt_heard)
        self.phase = Phase.FEEDBACK
        if felt_heard.note:
            self._screen(felt_heard.note, "note")

    def skip_rating(self) -> None:
        self._require(Phase.RATING)
        self.phase = Phase.FEEDBACK

    @property
    def has_next_turn(self) -> bool:
        if self.turn_index >= self.settings.follow_ups:
            return False
        if self.is_couple:
            return True
        return self._round_hurt is not None and self.turn_index < len(self._round_hurt.follow_ups)

    @property
    def is_last_round(self) -> bool:
        return self.round_index + 1 >= self.settings.rounds

    def next(self) -> None:
        """From feedback on: the follow-up, the next round (roles swap), or the summary."""
        self._require(Phase.FEEDBACK)
        if self.has_next_turn:
            self.turn_index += 1
            self._begin_turn()
        elif not self.is_last_round:
            self.round_index += 1
            self._begin_round()
        else:
            self._finish(SessionStatus.COMPLETED)

    def end_early(self) -> None:
        if self.phase is Phase.SUMMARY:
            return
        if self.paused:
            self.end_break()
        self._finish(SessionStatus.ENDED_EARLY)

    def _finish(self, status: SessionStatus) -> None:
        self._record_safety()
        self.recorder.session_ended(self.session_id, status, self.clock.wall())
        self.status = status
        self.phase = Phase.SUMMARY
        self._deadline = None
        self.hurt = None

    # --- breaks and safety -----------------------------------------------------------

    def take_break(self, reason: BreakReason = BreakReason.BREAK) -> None:
        """Pause the round; the clock stops for the answerer. Never scored as withdrawal."""
        if self.phase is Phase.SUMMARY or self.paused:
            return
        self._paused_at = self.clock.now()
        self._pause_reason = reason
        self._break_wall = self.clock.wall()

    def end_break(self) -> Break | None:
        if self._paused_at is None or self._pause_reason is None:
            return None
        seconds = self.clock.now() - self._paused_at
        pause = Break(
            self.round_index, self.turn_index, self._pause_reason, self._break_wall, seconds
        )
        self._record_safety()
        self.recorder.break_taken(self.session_id, pause)
        if self._deadline is not None:
            self._deadline += seconds
        if self.phase is Phase.ANSWER:
            self._paused_in_answer += seconds
        self._paused_at = None
        self._pause_reason = None
        self.breaks.append(pause)
        return pause

    def _screen(self, text: str, source: str) -> None:
        """Run the safety detector; a crisis pauses the exercise (what was said is kept)."""
        if self._detector is None:
            return
        finding = self._detector(text)
        if finding.level == "none":
            return
        kind = getattr(finding.kind, "value", finding.kind)
        event = SafetyEvent(
            self.round_index,
            self.turn_index,
            str(finding.level),
            str(kind),
            source,
            self.clock.wall(),
        )
        # Safety before bookkeeping: the pause and the resources come first, even when the
        # database cannot take the note right now (busy, full); the note is written later.
        self.safety_events.append(event)
        self.safety_alert = finding
        if finding.level == "crisis":
            self.take_break(BreakReason.SAFETY)
        self._unrecorded_safety.append(event)
        self._record_safety()

    def _record_safety(self) -> None:
        """Write the safety notes not yet saved; any that cannot be saved now wait."""
        while self._unrecorded_safety:
            try:
                self.recorder.safety_flagged(self.session_id, self._unrecorded_safety[0])
            except AttuneError:
                return
            self._unrecorded_safety.pop(0)

    def acknowledge_safety(self) -> None:
        """The person chose to continue after the safety screen."""
        self.safety_alert = None
        if self._pause_reason is BreakReason.SAFETY:
            self.end_break()

    def _require(self, phase: Phase) -> None:
        if self.phase is not phase:
            raise PhaseError(f"expected phase {phase.value}, the session is in {self.phase.value}")
