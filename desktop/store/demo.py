"""Plausible practice history for demos, screenshots and benchmarks, made by really practising.

Every session runs through PracticeSession with the real engine (unless a test passes its own
scorer) and is saved through the store's recorder; only the commits are grouped, many
sessions to a transaction, so ten thousand sessions take seconds, not an hour of fsyncs.
The answerers get better over time: early sessions lean defensive, later ones validating.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from desktop.practice import (
    AnswerMode,
    FeltHeard,
    Hurt,
    ManualClock,
    Mode,
    Option,
    Phase,
    PracticeSession,
    SessionSettings,
)

if TYPE_CHECKING:
    from desktop.store.store import Store

COUPLE = ("Maya", "Sam")
BATCH = 200

# What people actually type, by how the answer lands; the engine decides the real score.
TYPED: dict[str, tuple[str, ...]] = {
    "validating": (
        "That must have felt so lonely. I'm sorry I left you there.",
        "You're right, I broke your trust. I understand why you're hurt.",
        "I hear how much that hurt you. It makes sense you feel that way.",
        "I'm sorry. I did that, and it hurt you. What do you need from me now?",
        "It sounds like you felt invisible. That's on me, and I want to make it right.",
        "Thank you for telling me. I can see why that scared you.",
    ),
    "mixed": (
        "I'm sorry you felt that way, but I was under a lot of pressure.",
        "I get that you're upset. I just didn't think it was a big deal.",
        "You're right that I should have called, but you know how work is.",
        "I understand, but I already apologised for that.",
        "I hear you. I was tired though, and I forgot.",
    ),
    "defensive": (
        "That's not what happened and you know it.",
        "You always bring this up when I'm trying to relax.",
        "Why are you still on this? It was months ago.",
        "Well you do the same thing all the time.",
        "I said I was sorry, what more do you want?!",
        "Oh great, this again.",
    ),
    "withdrawing": ("", "whatever", "I don't know.", "Fine."),
}
SHARES = (
    "I felt alone when you left the party without me. What I need is for you to check in.",
    "When you kept your phone face down all evening, I felt shut out.",
    "I felt scared when I found the messages. I need honesty, even when it's hard.",
    "I felt humiliated when you joked about it in front of your friends.",
    "When you spent the savings without asking, I felt like I didn't matter.",
    "I felt hurt when you forgot our anniversary again.",
)
FOLLOW_UPS = (
    "It still keeps me up at night.",
    "I just want to know that you get it.",
    "And then you laughed about it.",
    "It's not the first time, though.",
)
NOTES = ("", "", "", "closer", "a bit better", "still stings", "that helped", "felt brushed off")


@dataclass(frozen=True, slots=True)
class DemoReport:
    sessions: int
    answers: int


def _quality(rng: random.Random, skill: float) -> str:
    roll = rng.random()
    if roll < 0.04:
        return "withdrawing"
    if roll < 0.04 + skill:
        return "validating"
    if roll < 0.04 + skill + (1 - skill) * 0.55:
        return "mixed"
    return "defensive"


class _Demo:
    def __init__(self, rng: random.Random, scorers: dict[str, Any]) -> None:
        self.rng = rng
        self.scorers = scorers
        self.hurts = self._hurts()

    def _hurts(self) -> list[Hurt]:
        try:
            from desktop.content import as_hurt, load_builtin

            library = load_builtin()
            found = [as_hurt(s, self.rng) for s in library.scenarios]
        except Exception:  # the demo still works without the packs: plain shares instead
            found = []
        if found:
            return found
        options = tuple(Option(text, label) for label in TYPED for text in TYPED[label][:1])
        return [Hurt(text, options=options) for text in SHARES]

    def run(self, store: Store, start: datetime, skill: float) -> int:
        rng = self.rng
        solo = rng.random() < 0.2
        settings = SessionSettings(
            mode=Mode.SOLO if solo else Mode.COUPLE,
            partners=(rng.choice(COUPLE),) if solo else COUPLE,
            first_sharer=0 if solo else rng.randrange(2),
            round_seconds=rng.choice((60, 90, 90, 120, None)),
            rounds=rng.choice((4, 5, 6)),
            answer_mode=AnswerMode.BOTH,
            follow_ups=1,
            hints=rng.random() < 0.7,
        )
        clock = ManualClock(start=0.0, wall=start)
        session = PracticeSession(
            settings,
            clock=clock,
            recorder=store,
            hurts=lambda _round: rng.choice(self.hurts),
            **self.scorers,
        )
        session.start()
        answers = 0
        round_hurt = rng.choice(self.hurts)
        while session.phase is not Phase.SUMMARY:
            phase = session.phase
            if phase is Phase.SHARE:
                clock.advance(rng.uniform(20, 90))
                if session.turn_index == 0:
                    round_hurt = rng.choice(self.hurts)
                    text = round_hurt.text if rng.random() < 0.6 else rng.choice(SHARES)
                    session.send_share(text, options_from=round_hurt)
                else:
                    lines = [f.text for f in round_hurt.follow_ups] or list(FOLLOW_UPS)
                    session.send_share(rng.choice(lines))
            elif phase is Phase.HANDOFF:
                clock.advance(rng.uniform(2, 8))
                session.ready()
            elif phase is Phase.ANSWER:
                self._answer(session, clock, skill)
                answers += 1
            elif phase is Phase.RATING:
                last = session.turns[-1].result
                if rng.random() < 0.85:
                    guess = 1 + 4 * float(last.validation) / 100 + rng.uniform(-1.0, 1.0)
                    session.rate(FeltHeard(min(5, max(1, round(guess))), rng.choice(NOTES)))
                else:
                    session.skip_rating()
            else:
                clock.advance(rng.uniform(10, 45))
                if rng.random() < 0.01:
                    session.end_early()
                else:
                    session.next()
        return answers

    def _answer(self, session: PracticeSession, clock: ManualClock, skill: float) -> None:
        rng = self.rng
        if rng.random() < 0.03:
            session.take_break()
            clock.advance(rng.uniform(30, 120))
            session.end_break()
        quality = _quality(rng, skill)
        hurt = session.hurt
        options = hurt.options if hurt is not None else ()
        limit = session.settings.round_seconds
        if quality == "withdrawing" and limit is not None and rng.random() < 0.5:
            clock.advance(limit + 1)
            session.update_draft(rng.choice(("", "I")))
            session.tick()
            return
        clock.advance(rng.uniform(8, (limit or 120) * 0.9))
        matching = [i for i, o in enumerate(options) if o.expected == quality]
        if session.options_offered and matching and rng.random() < 0.4:
            session.submit(option=rng.choice(matching))
            return
        text = rng.choice(TYPED[quality])
        if quality != "withdrawing" and rng.random() < 0.3:
            text = f"{text} {rng.choice(TYPED[_quality(rng, skill)])}".strip()
        session.submit(text)


def fill_demo(
    store: Store,
    sessions: int,
    *,
    seed: int = 1,
    end: datetime | None = None,
    scorer: Callable[[str, str | None], Any] | None = None,
    share_scorer: Callable[[str], Any] | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> DemoReport:
    """Add `sessions` practice sessions ending near `end` (default: now), oldest first."""
    rng = random.Random(seed)
    scorers: dict[str, Any] = {}
    if scorer is not None:
        scorers["scorer"] = scorer
    if share_scorer is not None:
        scorers["share_scorer"] = share_scorer
    demo = _Demo(rng, scorers)
    end = end or datetime.now(UTC)
    span = timedelta(days=max(14, min(sessions * 3, 3 * 365)))
    step = span / max(1, sessions)
    done = answers = 0
    while done < sessions:
        if cancelled is not None and cancelled():
            break
        with store.bulk("add the demo sessions"):
            for _ in range(min(BATCH, sessions - done)):
                start = end - span + step * done + timedelta(minutes=rng.uniform(0, 90))
                skill = min(0.85, 0.15 + 0.7 * done / max(1, sessions - 1))
                skill = max(0.05, skill + rng.uniform(-0.1, 0.1))
                answers += demo.run(store, start, skill)
                done += 1
        if progress is not None:
            progress(done, sessions)
    return DemoReport(done, answers)
