"""A practice session the kill-and-resume test runs and kills: real session, real store.

Usage: python -m tests.store.practice_child MODE DATA_DIR   (MODE: couple or solo)

Drives a desktop.practice PracticeSession over a Store, as the practice screen does: answers
are submitted (printing "turn ID ROUND TURN TEXT" once the session has moved on, which is
when the screen says it is saved), couple answers are rated ("rated ID"), then an answer is
typed and autosaved the way the screen's timer does it (update_draft, save_draft), printing
"draft TEXT" after each save. Then it prints "waiting" and blocks until killed.
"""

from __future__ import annotations

import sys
from typing import Any

from desktop.paths import AppPaths
from desktop.practice import (
    FeltHeard,
    Hurt,
    ManualClock,
    Mode,
    Option,
    Phase,
    PracticeSession,
    SessionSettings,
    SessionStatus,
    Turn,
)
from desktop.store import Store
from tests.store.helpers import T0, result_for

ROUNDS = 3
ANSWERS = 3  # answered before the kill; the fourth is being typed
DRAFTS = ("I hear", "I hear you, and", "I hear you, and I'm sorry I left")
RATING_NOTE = "That helped a little."


def scorer(text: str, hurt: str | None) -> Any:
    return result_for(text)


def share_scorer(text: str) -> Any:
    return result_for(text)


def scenario(round_index: int) -> Hurt:
    return Hurt(
        f"Scenario {round_index}: you forgot my birthday.",
        options=(Option("I forgot, and I'm sorry.", "validating"),),
        scenario_id=f"test-{round_index}",
        follow_ups=(Hurt(f"Follow-up {round_index}: will you remember next year?"),),
    )


def settings_for(mode: str) -> SessionSettings:
    if mode == "couple":
        return SessionSettings(
            Mode.COUPLE, ("Ana", "Ben"), rounds=ROUNDS, follow_ups=1, round_seconds=90
        )
    return SessionSettings(Mode.SOLO, ("Ana",), rounds=ROUNDS, follow_ups=1, round_seconds=90)


def share_text(round_index: int, turn_index: int) -> str:
    return f"Share {round_index}.{turn_index}: I felt alone at the party."


class Acknowledging:
    """The store as recorder, remembering the id of the last answer it committed."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.last_turn = 0

    def turn_scored(self, session_id: int, turn: Turn) -> int:
        self.last_turn = self.store.turn_scored(session_id, turn)
        return self.last_turn

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


def main(mode: str, data_dir: str) -> None:
    store = Store.open(AppPaths.under(data_dir))
    recorder = Acknowledging(store)
    clock = ManualClock(start=0.0, wall=T0)
    session = PracticeSession(
        settings_for(mode),
        clock=clock,
        recorder=recorder,
        hurts=scenario if mode == "solo" else None,
        scorer=scorer,
        share_scorer=share_scorer,
    )
    session.start()
    print(f"session {session.session_id}", flush=True)
    for n in range(ANSWERS + 1):
        if session.phase is Phase.SHARE:
            session.send_share(share_text(session.round_index, session.turn_index))
            session.ready()
        assert session.phase is Phase.ANSWER, session.phase
        clock.advance(10)
        if n == ANSWERS:
            break
        text = f"I'm sorry, but answer {n} came late"
        session.submit(text)
        turn = session.turns[-1]
        print(f"turn {recorder.last_turn} {turn.round_index} {turn.turn_index} {text}", flush=True)
        if session.is_couple:  # the sharer rates, before the verdict is shown
            session.rate(FeltHeard(n % 5 + 1, RATING_NOTE))
            print(f"rated {recorder.last_turn}", flush=True)
        session.next()
    # The answer box: every keystroke updates the draft, the autosave timer saves it.
    for text in DRAFTS:
        session.update_draft(text)
        clock.advance(2)
        session.save_draft()
        print(f"draft {text}", flush=True)
    assert session.status is SessionStatus.IN_PROGRESS
    print("waiting", flush=True)
    sys.stdin.readline()  # never answered: the parent kills this process here


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
