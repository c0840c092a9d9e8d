"""The practice screen: runs one PracticeSession and shows the screen for each of its phases.

Mounting (for the main window)::

    screen = PracticeScreen(store, parent=None, clock=None)
    screen.resume(snapshot)       # a SessionSnapshot the resume prompt was accepted for

`store` is an open desktop.store.Store (or anything with the SessionRecorder methods; None
practises without saving). Signals: `session_started(id)`, `session_saved(id)` after every
saved answer or rating, `session_finished(id)` at the summary.

Time: the session reads the clock; the QTimer here only says when to redraw and to let the
session notice that time ran out (`on_tick_timeout`). Drafts are autosaved every few seconds
(`on_autosave_timeout`). A saving problem (full disk, busy database) is shown as a calm
message with a retry, and what was typed stays on screen.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AttuneError
from desktop.practice import (
    BreakReason,
    Clock,
    Hurt,
    Mode,
    NullRecorder,
    Phase,
    PracticeSession,
    SessionRecorder,
    SessionSettings,
    SessionSnapshot,
    SessionStatus,
    SystemClock,
    Turn,
)
from desktop.practice.summary import EarlierAverages, summarise
from desktop.safety import SafetyCheck
from desktop.safety import check as safety_check
from ui.screens.answer import AnswerScreen
from ui.screens.crisis import CrisisScreen
from ui.screens.feedback import FeedbackScreen
from ui.screens.handoff import HandoffScreen
from ui.screens.rating import RatingScreen
from ui.screens.self_check import SelfCheckScreen
from ui.screens.share import ShareScreen
from ui.screens.start import StartDefaults, StartScreen, Topic, round_length_words
from ui.screens.summary import SummaryScreen
from ui.screens.take_break import TakeBreakScreen
from ui.sound import Chimes, Cue
from ui.widgets.countdown import TimeState

if TYPE_CHECKING:
    from desktop.safety.selfcheck import SelfCheck
    from desktop.store import Store

TICK_MS = 200  # redraws only; time itself comes from the clock
AUTOSAVE_MS = 2000  # a crash loses at most about this much typing (and only if it changed)

Retry = Callable[[], None]


# --- what the session needs from the engine, safety and content ----------------------------


def _engine_score(text: str, hurt: str | None) -> Any:
    from desktop.engine import score

    return score(text, hurt=hurt)


def _engine_score_share(text: str) -> Any:
    from desktop.engine import score_share

    return score_share(text)


def _engine_hint(text: str, hurt: str | None) -> str:
    from desktop.engine import coaching_hint

    return coaching_hint(text, hurt)


def _engine_rewrite(text: str, hurt: str | None) -> str:
    from desktop.engine import suggest_rewrite

    return suggest_rewrite(text, hurt)


@dataclass(frozen=True, slots=True)
class Scoring:
    """The engine calls the flow makes: the real engine by default, stand-ins in tests."""

    score: Callable[[str, str | None], Any] = _engine_score
    score_share: Callable[[str], Any] = _engine_score_share
    hint: Callable[[str, str | None], str] = _engine_hint
    rewrite: Callable[[str, str | None], str] = _engine_rewrite


def topics(store: Store | None = None) -> tuple[Topic, ...]:
    """Every built-in category, then each pack of the user's own scenarios."""
    from desktop.content.model import CATEGORY_TITLES
    from desktop.content.saved import saved_library

    found = [Topic(category.value, title) for category, title in CATEGORY_TITLES.items()]
    if store is not None:
        # On a read problem the built-in topics are enough to practise with.
        with contextlib.suppress(AttuneError):
            library = saved_library(store)
            found += [
                Topic(pack, f"Your pack: {library.pack_title(pack)}") for pack in library.pack_ids()
            ]
    return tuple(found)


def start_defaults(store: Store | None) -> StartDefaults:
    """Settings' saved flow defaults (the built-in ones without a store)."""
    from ui.screens.settings import flow_defaults

    if store is None:
        return StartDefaults()
    try:
        saved = flow_defaults(store)
    except AttuneError:
        return StartDefaults()
    return StartDefaults(
        round_seconds=saved.round_seconds,
        rounds=saved.rounds,
        answer_mode=saved.answer_mode,
        follow_ups=saved.follow_ups,
        hints=saved.hints,
        swap_roles=saved.swap_roles,
    )


def recorder_of(store: Store | None) -> SessionRecorder:
    return NullRecorder() if store is None else store.recorder()


class ScenarioSource:
    """Scenarios for solo rounds and couple prompts: built-in and the user's own, the least
    recently practised first and weighted to where the person scored lowest."""

    def __init__(self, rng: random.Random, store: Store | None = None) -> None:
        self.rng = rng
        self.store = store
        self._library: Any = None
        self._history: Any = None
        self._used: list[str] = []

    def reset(self) -> None:
        """A new session: read the library and the practice history again."""
        self._library = None
        self._history = None
        self._used = []

    def library(self) -> Any:
        if self._library is None:
            from desktop.content import load_builtin

            library = load_builtin()
            if self.store is not None:
                from desktop.content.saved import saved_library

                # On a read problem the built-in scenarios are enough to practise with.
                with contextlib.suppress(AttuneError):
                    library = library.merged(saved_library(self.store))
            self._library = library
        return self._library

    def history(self, partner: str | None) -> Any:
        if self._history is None:
            from desktop.content import PastAnswer, PracticeHistory, history_from_answers

            answers = []
            if self.store is not None:
                try:
                    answers = [
                        PastAnswer(row.scenario_id, row.last_practised, row.validation)
                        for row in self.store.scenario_history(partner)
                    ]
                except AttuneError:
                    answers = []
            self._history = (
                history_from_answers(answers, self.library()) if answers else PracticeHistory()
            )
        return self._history

    def next_hurt(
        self, topic: str | None, partner: str | None = None, with_follow_ups: bool = True
    ) -> Hurt:
        from desktop.content import PracticeHistory, Practised, as_hurt, choose_next

        base = self.history(partner)
        # What this session already used counts as practised after anything saved.
        history = PracticeHistory(
            practised=(
                *base.practised,
                *(
                    Practised(scenario_id, _JUST_NOW + timedelta(seconds=index))
                    for index, scenario_id in enumerate(self._used)
                ),
            ),
            averages=base.averages,
        )
        scenario = choose_next(self.library(), history, self.rng, topic)
        self._used.append(scenario.id)
        hurt: Hurt = as_hurt(scenario, self.rng)
        if not with_follow_ups:
            hurt = Hurt(hurt.text, options=hurt.options, scenario_id=hurt.scenario_id)
        return hurt


_JUST_NOW = datetime(9000, 1, 1, tzinfo=UTC)  # later than any saved practice


SELF_CHECK_FLAGS = (
    ("trouble_sleeping_or_eating", "sleep_or_eating"),
    ("high_anxiety", "anxiety"),
    ("doubting_reality", "reality"),
)


def recent_self_checks(store: Store | None) -> list[SelfCheck]:
    """The store's last check-ins as the safety module's SelfCheck values, oldest first."""
    from desktop.safety import Feeling, SelfCheck

    if store is None:
        return []
    feelings = list(Feeling)
    found = []
    try:
        saved = store.self_checks(limit=5)
    except AttuneError:
        return []
    for check in reversed(saved):
        if not 1 <= check.level <= len(feelings):
            continue
        flags = set(check.flags)
        found.append(
            SelfCheck(
                feelings[check.level - 1],
                **{field: name in flags for field, name in SELF_CHECK_FLAGS},
            )
        )
    return found


# --- the container ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Shown:
    """Which turn a phase screen was last filled for, so a break does not redraw it."""

    phase: Phase
    round_index: int
    turn_index: int


class PracticeScreen(QWidget):
    """Start → share → hand-off → answer → rating → feedback → … → summary."""

    session_started = Signal(int)
    session_saved = Signal(int)
    session_finished = Signal(int)

    def __init__(
        self,
        store: Store | None = None,
        parent: QWidget | None = None,
        *,
        clock: Clock | None = None,
        rng: random.Random | None = None,
        scoring: Scoring | None = None,
        detector: Callable[[str], Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("practiceScreen")
        self.store = store
        self.scoring = scoring or Scoring()
        self.detector = detector or safety_check
        self.clock: Clock = clock or SystemClock()
        self.rng = rng or random.Random()
        self.scenarios = ScenarioSource(self.rng, store)
        self.chimes = Chimes(self._sounds_on, self)
        self.session: PracticeSession | None = None
        self._shown: Shown | None = None
        self._retry: Retry | None = None
        self._saving_failed = False
        self._last_saved_draft: tuple[str, int, int, str] | None = None
        self._paused_by_hiding = False

        # Header: where we are, and the two ways out that are always one click away.
        self.where = QLabel("")
        self.where.setObjectName("practiceWhere")
        self.where.setProperty("role", "caption")
        self.break_button = QPushButton("Take a break  (Ctrl+B)")
        self.break_button.setObjectName("takeBreakButton")
        self.break_button.setAccessibleName("Take a break")
        self.break_button.setAccessibleDescription(
            "Pauses the round and the timer for a guided breathing pause. Never counts against you."
        )
        self.break_button.clicked.connect(self.on_break_button_clicked)
        self.end_button = QPushButton("End session")
        self.end_button.setObjectName("endSessionButton")
        self.end_button.setAccessibleName("End the session")
        self.end_button.setAccessibleDescription("Ends now; everything answered so far is kept.")
        self.end_button.clicked.connect(self.on_end_button_clicked)
        self.header = QFrame()
        self.header.setObjectName("practiceHeader")
        self.header.setProperty("role", "practiceHeader")
        header_row = QHBoxLayout(self.header)
        header_row.setContentsMargins(40, 10, 40, 10)
        header_row.addWidget(self.where, 1)
        header_row.addWidget(self.break_button)
        header_row.addWidget(self.end_button)

        # A calm message line: saving problems (with Retry) and gentle safety notes.
        self.message = QLabel("")
        self.message.setObjectName("practiceMessage")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        self.retry_button = QPushButton("Try again")
        self.retry_button.setObjectName("practiceRetryButton")
        self.retry_button.setAccessibleName("Try saving again")
        self.retry_button.setAccessibleDescription(
            "Tries to save the last step again; nothing you wrote is lost."
        )
        self.retry_button.clicked.connect(self.on_retry_button_clicked)
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.setObjectName("practiceDismissButton")
        self.dismiss_button.setAccessibleName("Dismiss the message")
        self.dismiss_button.setAccessibleDescription("Hides this message.")
        self.dismiss_button.clicked.connect(self.on_dismiss_button_clicked)
        self.banner = QFrame()
        self.banner.setObjectName("practiceBanner")
        self.banner.setProperty("role", "banner")
        banner_row = QHBoxLayout(self.banner)
        banner_row.setContentsMargins(16, 8, 16, 8)
        banner_row.addWidget(self.message, 1)
        banner_row.addWidget(self.retry_button)
        banner_row.addWidget(self.dismiss_button)
        self.banner.hide()
        banner_holder = QHBoxLayout()
        banner_holder.setContentsMargins(40, 8, 40, 0)
        banner_holder.addWidget(self.banner)

        self.start = StartScreen(start_defaults(store), topics(self.store))
        self.share = ShareScreen(self._preview_share, self._scenario_prompt)
        self.handoff = HandoffScreen()
        self.answer = AnswerScreen()
        self.rating = RatingScreen()
        self.feedback = FeedbackScreen()
        self.summary = SummaryScreen()
        self.crisis = CrisisScreen(parent=self)
        self.take_break = TakeBreakScreen(clock=self.clock, parent=self)
        self.self_check = SelfCheckScreen(parent=self)
        self.pages = QStackedWidget()
        self.pages.setObjectName("practicePages")
        for page in (
            self.start,
            self.share,
            self.handoff,
            self.answer,
            self.rating,
            self.feedback,
            self.summary,
            self.crisis,
            self.take_break,
            self.self_check,
        ):
            self.pages.addWidget(page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addLayout(banner_holder)
        layout.addWidget(self.pages, 1)

        self.start.start_requested.connect(self.on_start_start_requested)
        self.share.share_sent.connect(self.on_share_share_sent)
        self.share.draft_changed.connect(self.on_draft_changed)
        self.handoff.ready_pressed.connect(self.on_handoff_ready_pressed)
        self.answer.answer_submitted.connect(self.on_answer_answer_submitted)
        self.answer.option_submitted.connect(self.on_answer_option_submitted)
        self.answer.draft_changed.connect(self.on_draft_changed)
        self.rating.rating_given.connect(self.on_rating_rating_given)
        self.rating.rating_skipped.connect(self.on_rating_rating_skipped)
        self.feedback.next_requested.connect(self.on_feedback_next_requested)
        self.summary.practice_again_requested.connect(self.on_summary_practice_again_requested)
        self.summary.self_check_requested.connect(self.on_summary_self_check_requested)
        self.self_check.answered.connect(self.on_self_check_answered)
        self.self_check.skipped.connect(self.on_self_check_done)
        self.self_check.dismissed.connect(self.on_self_check_done)
        self.crisis.end_chosen.connect(self.on_crisis_end_chosen)
        self.crisis.break_chosen.connect(self.on_crisis_break_chosen)
        self.crisis.continue_chosen.connect(self.on_crisis_continue_chosen)
        self.take_break.break_ended.connect(self.on_take_break_break_ended)

        self.tick_timer = QTimer(self)
        self.tick_timer.setInterval(TICK_MS)
        self.tick_timer.timeout.connect(self.on_tick_timeout)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.on_autosave_timeout)
        shortcut = QShortcut(QKeySequence("Ctrl+B"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.on_break_button_clicked)

        self.show_start()

    # --- starting ----------------------------------------------------------------------

    def show_start(self) -> None:
        self.session = None
        self._shown = None
        self.tick_timer.stop()
        self.autosave_timer.stop()
        self.header.hide()
        self.clear_message()
        # Packs imported or written since the last session join the topics.
        self.start.set_topics(topics(self.store))
        self.pages.setCurrentWidget(self.start)
        self.start.first_name.setFocus()

    def _sounds_on(self) -> bool:
        """Settings' "Play soft sounds", read when a cue is due (on unless turned off)."""
        from ui.screens.settings import appearance

        if self.store is None:
            return True
        try:
            return appearance(self.store).sounds
        except AttuneError:
            return True

    def _hurt_source(self, settings: SessionSettings) -> Callable[[int], Hurt] | None:
        """Solo rounds draw scenarios for the person practising; couples write their own."""
        self.scenarios.reset()
        if settings.mode is not Mode.SOLO:
            return None
        topic, partner = settings.topic, settings.partners[0]

        def hurts(_round: int) -> Hurt:
            return self.scenarios.next_hurt(topic, partner)

        return hurts

    def _new_session(self, settings: SessionSettings) -> PracticeSession:
        return PracticeSession(
            settings,
            clock=self.clock,
            recorder=recorder_of(self.store),
            hurts=self._hurt_source(settings),
            scorer=self.scoring.score,
            share_scorer=self.scoring.score_share,
            detector=self.detector,
        )

    def on_start_start_requested(self, settings: SessionSettings) -> None:
        session = self._new_session(settings)

        def begin() -> None:
            session.start()
            self.session = session
            self.session_started.emit(session.session_id)
            self.autosave_timer.start()
            self.show_phase()

        self.attempt(begin)

    def resume(self, snapshot: SessionSnapshot) -> None:
        """Pick up a session a crash cut off, after its last saved answer, with its draft."""
        hurts = self._hurt_source(snapshot.settings)

        def begin() -> None:
            self.session = PracticeSession.resume(
                snapshot,
                clock=self.clock,
                recorder=recorder_of(self.store),
                hurts=hurts,
                scorer=self.scoring.score,
                share_scorer=self.scoring.score_share,
                detector=self.detector,
            )
            self._shown = None
            self.autosave_timer.start()
            self.show_phase()
            self.show_message(
                "Welcome back. Everything that was saved is here; carry on from where it stopped.",
                retry=None,
            )

        self.attempt(begin)

    # --- showing the phase -------------------------------------------------------------

    def show_phase(self) -> None:
        """Show the screen for the session's phase, filled for the current turn."""
        session = self.session
        if session is None:
            self.show_start()
            return
        if session.paused:
            if session.pause_reason is BreakReason.SAFETY:
                self.pages.setCurrentWidget(self.crisis)
            else:
                self._begin_break_screen()
            self._update_header()
            return
        key = Shown(session.phase, session.round_index, session.turn_index)
        fresh = key != self._shown
        self._shown = key
        self._update_header()
        phase = session.phase
        if phase is Phase.SHARE:
            if fresh:
                self.share.show_turn(
                    session.sharer, session.answerer, session.turn_index > 0, session.draft
                )
            self.pages.setCurrentWidget(self.share)
        elif phase is Phase.HANDOFF:
            self.handoff.show_handoff(
                session.answerer, session.sharer, self._time_words(session.settings)
            )
            self.pages.setCurrentWidget(self.handoff)
        elif phase is Phase.ANSWER:
            if fresh:
                self._fill_answer(session)
            self.pages.setCurrentWidget(self.answer)
            self.answer.set_enabled(True)
            self.tick_timer.start()
            self.on_tick_timeout()
        elif phase is Phase.RATING:
            turn = session.last_turn
            assert turn is not None
            self.rating.show_answer(turn.sharer, turn.answerer, turn.answer_text, turn.timed_out)
            self.pages.setCurrentWidget(self.rating)
        elif phase is Phase.FEEDBACK:
            turn = session.last_turn
            assert turn is not None
            self.feedback.show_turn(
                turn,
                couple=session.is_couple,
                rewrite=self._rewrite(turn),
                next_words=self._next_words(session),
                sharer_name=self._sharer_name(session),
                next_description=self._next_description(session),
            )
            self.pages.setCurrentWidget(self.feedback)
        elif phase is Phase.SUMMARY:
            self.tick_timer.stop()
            self.autosave_timer.stop()
            self.summary.show_summary(
                summarise(session.turns, self._earlier(session)),
                couple=session.is_couple,
                ended_early=session.status is SessionStatus.ENDED_EARLY,
            )
            self.summary.check_button.setEnabled(True)
            self.summary.check_button.setText("How are you now?")
            self.pages.setCurrentWidget(self.summary)
            self.header.hide()
            self.session_finished.emit(session.session_id)
        if phase is not Phase.ANSWER:
            self.tick_timer.stop()

    def _fill_answer(self, session: PracticeSession) -> None:
        hurt = session.hurt
        assert hurt is not None
        options = [option.text for option in hurt.options] if session.options_offered else []
        hint = None
        if session.settings.hints and session.typing_offered:
            hurt_text = hurt.text

            def hint(text: str) -> str:
                return self.scoring.hint(text, hurt_text)

        self.answer.show_turn(
            answerer=session.answerer,
            sharer=self._sharer_name(session),
            hurt=hurt.text,
            options=options,
            typing=session.typing_offered,
            hint=hint,
            rng=self.rng,
            draft=session.draft,
        )

    @staticmethod
    def _sharer_name(session: PracticeSession) -> str:
        """Solo practice answers a scenario, spoken of as the partner it stands for."""
        return session.sharer if session.is_couple else "your partner"

    @staticmethod
    def _time_words(settings: SessionSettings) -> str:
        if settings.round_seconds is None:
            return "There is no time limit."
        return f"You will have {round_length_words(settings.round_seconds)} to answer."

    def _update_header(self) -> None:
        session = self.session
        if session is None or session.phase is Phase.SUMMARY:
            self.header.hide()
            return
        self.header.show()
        settings = session.settings
        parts = [f"Round {session.round_index + 1} of {settings.rounds}"]
        if session.turn_index > 0:
            parts.append(f"follow-up {session.turn_index} of {settings.follow_ups}")
        if session.is_couple:
            parts.append(f"{session.sharer} shares, {session.answerer} answers")
        else:
            parts.append(f"{session.answerer} practising alone")
        self.where.setText(" · ".join(parts))
        # The safety screen carries its own ways on; two sets would confuse. A break offers
        # only the way back, so ending the session stays one click away during it.
        on_break = session.paused and session.pause_reason is BreakReason.BREAK
        self.break_button.setVisible(not session.paused)
        self.end_button.setVisible(not session.paused or on_break)

    def _next_words(self, session: PracticeSession) -> str:
        if session.has_next_turn:
            if session.is_couple:
                return f"Follow-up: {session.sharer} answers back"
            return "Follow-up: hear what comes next"
        if not session.is_last_round:
            if session.is_couple and session.settings.swap_roles:
                return f"Next round: {session.answerer} shares"
            return "Next round"
        return "See the summary"

    @staticmethod
    def _next_description(session: PracticeSession) -> str:
        """What the feedback's Next button leads to, said for assistive technology."""
        if session.has_next_turn:
            if session.is_couple:
                return f"{session.sharer} writes back to this answer, in the same round."
            return "Shows what your partner says next, in the same round."
        if not session.is_last_round:
            return "Starts the next round with a new hurt."
        return "Ends the session and shows a summary of today's practice."

    def _rewrite(self, turn: Turn) -> str:
        return self.scoring.rewrite(turn.answer_text, turn.hurt.text)

    def _earlier(self, session: PracticeSession) -> dict[str, EarlierAverages]:
        """Each answerer's averages over their earlier sessions, from the store."""
        store = self.store
        if store is None:
            return {}
        found: dict[str, EarlierAverages] = {}
        for name in {turn.answerer for turn in session.turns}:
            try:
                points = [
                    p for p in store.progress_series(name) if p.session_id != session.session_id
                ]
            except AttuneError:
                continue
            answers = sum(p.answers for p in points)
            if not answers:
                continue
            found[name] = EarlierAverages(
                validation=sum(p.validation * p.answers for p in points) / answers,
                defensiveness=sum(p.defensiveness * p.answers for p in points) / answers,
                sessions=len(points),
            )
        return found

    def hideEvent(self, event: QHideEvent) -> None:
        # Leaving the screen mid-answer (another section, a minimised window) must not cost
        # the answerer time: it counts as a break, which is never scored.
        super().hideEvent(event)
        session = self.session
        if session is not None and session.phase is Phase.ANSWER and not session.paused:
            session.take_break()
            self._paused_by_hiding = True
            self.tick_timer.stop()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        session = self.session
        if self._paused_by_hiding and session is not None and session.paused:
            self._paused_by_hiding = False

            def come_back() -> None:
                session.end_break()
                self.show_phase()

            self.attempt(come_back)
        self._paused_by_hiding = False

    def save_work(self) -> None:
        """Save the text being typed right now (the window calls this when the app quits)."""
        session = self.session
        if session is None:
            return
        try:
            session.save_draft()
        except AttuneError:
            return  # quitting anyway: the last autosave a few seconds ago is what remains

    # --- messages and retries ----------------------------------------------------------

    def attempt(self, action: Retry) -> bool:
        """Run a step that saves; on failure say so calmly and offer to try again."""
        try:
            action()
        except AttuneError as problem:
            self.show_message(problem.user_message, retry=action)
            return False
        if self._retry is not None:
            self.clear_message()
        return True

    def show_message(self, text: str, retry: Retry | None) -> None:
        self._retry = retry
        self._saving_failed = retry is not None
        self.message.setText(text)
        self.banner.setProperty("state", "problem" if retry is not None else "note")
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)
        self.retry_button.setVisible(retry is not None)
        self.banner.show()

    def clear_message(self) -> None:
        self._retry = None
        self._saving_failed = False
        self.message.setText("")
        self.banner.hide()

    def on_retry_button_clicked(self) -> None:
        retry = self._retry
        if retry is not None:
            self.attempt(retry)

    def on_dismiss_button_clicked(self) -> None:
        self.clear_message()

    # --- the steps ---------------------------------------------------------------------

    def _preview_share(self, text: str) -> Any:
        if self.session is not None:
            return self.session.preview_share(text)
        return self.scoring.score_share(text)

    def _scenario_prompt(self) -> Hurt | None:
        session = self.session
        topic = session.settings.topic if session is not None else None
        partner = session.answerer if session is not None else None
        try:
            return self.scenarios.next_hurt(topic, partner, with_follow_ups=False)
        except AttuneError as problem:
            self.show_message(problem.user_message, retry=None)
            return None

    def on_draft_changed(self, text: str) -> None:
        if self.session is not None:
            self.session.update_draft(text)

    def on_share_share_sent(self, text: str, scenario: object) -> None:
        session = self.session
        if session is None or session.phase is not Phase.SHARE:
            return
        options_from = scenario if isinstance(scenario, Hurt) else None

        def send() -> None:
            session.send_share(text, options_from)
            self._after_step()

        self.attempt(send)

    def on_handoff_ready_pressed(self) -> None:
        session = self.session
        if session is None or session.phase is not Phase.HANDOFF:
            return
        session.ready()
        self.show_phase()

    def _submit(self, text: str | None, option: int | None) -> None:
        session = self.session
        if session is None or session.phase is not Phase.ANSWER or session.paused:
            return

        def send() -> None:
            if option is not None:
                session.submit(option=option)
            else:
                session.submit(text)
            self.session_saved.emit(session.session_id)
            self._after_step()

        if not self.attempt(send):
            self.answer.set_enabled(True)  # the words stay in the box, ready to send again

    def on_answer_answer_submitted(self, text: str) -> None:
        self._submit(text, None)

    def on_answer_option_submitted(self, index: int) -> None:
        self._submit(None, index)

    def on_rating_rating_given(self, felt_heard: object) -> None:
        session = self.session
        if session is None or session.phase is not Phase.RATING:
            return

        def rate() -> None:
            session.rate(felt_heard)  # type: ignore[arg-type]  # RatingScreen emits FeltHeard
            self.session_saved.emit(session.session_id)
            self._after_step()

        self.attempt(rate)

    def on_rating_rating_skipped(self) -> None:
        session = self.session
        if session is None or session.phase is not Phase.RATING:
            return
        session.skip_rating()
        self.show_phase()

    def on_feedback_next_requested(self) -> None:
        session = self.session
        if session is None or session.phase is not Phase.FEEDBACK:
            return

        def move_on() -> None:
            session.next()
            self.show_phase()

        self.attempt(move_on)

    def on_summary_practice_again_requested(self) -> None:
        self.show_start()

    def on_summary_self_check_requested(self) -> None:
        self.self_check.reset(recent_self_checks(self.store))
        self.pages.setCurrentWidget(self.self_check)
        self.self_check.setFocus()

    def on_self_check_answered(self, answer: SelfCheck) -> None:
        store = self.store
        if store is None:
            return
        flags = [name for field, name in SELF_CHECK_FLAGS if getattr(answer, field)]
        distress = answer.feeling.distress

        def save() -> None:
            store.save_self_check(distress, flags)

        self.attempt(save)

    def on_self_check_done(self) -> None:
        self.summary.check_button.setEnabled(False)
        self.summary.check_button.setText("Check-in done")
        self.pages.setCurrentWidget(self.summary)
        self.summary.again_button.setFocus()

    def _after_step(self) -> None:
        """After a share, answer or note: the safety check's outcome, then the next screen."""
        session = self.session
        assert session is not None
        alert = session.safety_alert
        if alert is not None and str(alert.level) == "crisis":
            self.tick_timer.stop()
            # The detector's own words for what it found (the session keeps it as a protocol).
            self.crisis.show_check(
                alert if isinstance(alert, SafetyCheck) else None, shared_screen=session.is_couple
            )
            self._update_header()
            self.pages.setCurrentWidget(self.crisis)
            self.crisis.setFocus()
            return
        if alert is not None and str(alert.level) == "check_in":
            session.acknowledge_safety()
            self.show_message(
                "That sounded heavy. If it is weighing on you, a therapist can help you carry "
                "it; Help & safety lists where to start. A break is always one click away.",
                retry=None,
            )
        self.show_phase()

    # --- time ---------------------------------------------------------------------------

    def on_tick_timeout(self) -> None:
        """Redraw the countdown; at zero the session submits what was typed (or nothing)."""
        session = self.session
        if session is None or session.phase is not Phase.ANSWER:
            self.tick_timer.stop()
            return
        if not self._saving_failed and not session.paused:
            try:
                turn = session.tick()
            except AttuneError as problem:
                self.answer.set_enabled(False)
                self.show_message(problem.user_message, retry=self._retry_time_out)
                return
            if turn is not None:
                self.chimes.play(Cue.TIME_UP)
                self.session_saved.emit(session.session_id)
                self._after_step()
                return
        total = session.settings.round_seconds
        countdown = self.answer.countdown
        before = countdown.state
        countdown.show_time(session.remaining(), float(total) if total else None, session.paused)
        if countdown.state is TimeState.LAST and before in (TimeState.CALM, TimeState.SOON):
            self.chimes.play(Cue.NEARLY_UP)

    def _retry_time_out(self) -> None:
        session = self.session
        if session is None or session.phase is not Phase.ANSWER:
            return
        self._saving_failed = False
        turn = session.tick()
        if turn is not None:
            self.session_saved.emit(session.session_id)
            self._after_step()

    def on_autosave_timeout(self) -> None:
        session = self.session
        if session is None or session.phase not in (Phase.SHARE, Phase.ANSWER):
            return
        current = (str(session.phase), session.round_index, session.turn_index, session.draft)
        if current == self._last_saved_draft or (
            not session.draft.strip() and self._last_saved_draft is None
        ):
            return
        try:
            session.save_draft()
        except AttuneError:
            return  # the next autosave tries again; the text is on screen meanwhile
        self._last_saved_draft = current

    # --- breaks and safety -------------------------------------------------------------

    def on_break_button_clicked(self) -> None:
        session = self.session
        if session is None or session.phase is Phase.SUMMARY or session.paused:
            return
        session.take_break()
        self.tick_timer.stop()
        self._begin_break_screen()
        self._update_header()

    def _begin_break_screen(self) -> None:
        self.take_break.start()
        self.pages.setCurrentWidget(self.take_break)
        self.take_break.setFocus()

    def on_take_break_break_ended(self) -> None:
        session = self.session
        if session is None or not session.paused:
            return

        def come_back() -> None:
            session.end_break()
            self.show_phase()

        self.attempt(come_back)

    def on_crisis_end_chosen(self) -> None:
        self._end()

    def on_crisis_break_chosen(self) -> None:
        session = self.session
        if session is None:
            return

        def to_break() -> None:
            session.acknowledge_safety()
            session.take_break()
            self._begin_break_screen()
            self._update_header()

        self.attempt(to_break)

    def on_crisis_continue_chosen(self) -> None:
        session = self.session
        if session is None:
            return

        def carry_on() -> None:
            session.acknowledge_safety()
            self.show_phase()

        self.attempt(carry_on)

    @classmethod
    def confirm_end(cls, parent: QWidget) -> bool:
        """Ask before ending early (tests replace this to answer for a person)."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("End the session?")
        box.setText("End the session now? Everything answered so far is kept.")
        end = box.addButton("End the session", QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton("Keep practising", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        return box.clickedButton() is end

    def on_end_button_clicked(self) -> None:
        if self.session is None or not type(self).confirm_end(self):
            return
        self._end()

    def _end(self) -> None:
        session = self.session
        if session is None:
            return

        def end() -> None:
            session.end_early()
            self.show_phase()

        self.attempt(end)
