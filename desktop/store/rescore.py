"""Re-scoring history: answers scored with older rules get the current rules' scores and hits."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.engine import Result
    from desktop.store.store import Store

# Small enough that the window never waits long for the store between batches, large enough
# that commits (one fsync each) are a small part of the time.
BATCH = 100

AnswerScorer = Callable[[str, "str | None"], "Result"]


@dataclass(frozen=True, slots=True)
class StaleTurn:
    """A saved answer scored with another rule-set version than the current one."""

    turn_id: int
    rules_version: str
    hurt_text: str
    answer_text: str
    timed_out: bool
    label: str


@dataclass(frozen=True, slots=True)
class RescoreReport:
    rules_version: str  # the version everything was (or would be) re-scored with
    found: int  # answers scored with older rules when the run began
    rescored: int  # answers re-scored (in a dry run: scored, nothing written)
    labels_changed: int  # of those, how many got a different label
    cancelled: bool = False
    dry_run: bool = False


def _engine_score(text: str, hurt: str | None) -> Result:
    from desktop.engine import score

    return score(text, hurt=hurt)


def current_version() -> str:
    from desktop.engine import rules_version

    return rules_version()


def stale_count(store: Store, version: str | None = None) -> int:
    """How many saved answers were scored with rules other than `version` (default: now)."""
    return store.stale_turn_count(version or current_version())


def rescore_one(turn: StaleTurn, scorer: AnswerScorer = _engine_score) -> Result:
    """The answer's score under the current rules, with the hurt it answered."""
    result = scorer(turn.answer_text, turn.hurt_text or None)
    if turn.timed_out and not turn.answer_text.strip() and result.label != "withdrawing":
        # Time ran out with nothing typed: that is withdrawal, whatever the rules say of "".
        result = dataclasses.replace(result, label="withdrawing")
    return result


def rescore_history(
    store: Store,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    dry_run: bool = False,
    batch: int = BATCH,
    scorer: AnswerScorer = _engine_score,
    version: str | None = None,
) -> RescoreReport:
    """Re-score every answer whose rules version is not the current one, a batch at a time.

    Each batch is written in one transaction, so a crash, an error or Cancel leaves every
    answer either wholly old or wholly new; running again picks up the rest. Only the score
    (validation, defensiveness, label, steps, rules version) and the hits change; the text,
    ratings, breaks and everything else stay as they were. A dry run scores but writes nothing.
    """
    version = version or current_version()
    found = store.stale_turn_count(version)
    done = changed = 0
    stopped = False
    if progress is not None:
        progress(0, found)
    for turns in store.stale_turns(version, batch=max(1, batch)):
        if cancelled is not None and cancelled():
            stopped = True
            break
        scored = [(turn, rescore_one(turn, scorer)) for turn in turns]
        if cancelled is not None and cancelled():
            stopped = True  # this batch's work is dropped, not half-written
            break
        if dry_run:
            written = len(scored)
        else:
            written = store.turns_rescored([(t.turn_id, t.rules_version, r) for t, r in scored])
        changed += sum(1 for t, r in scored if str(r.label) != t.label)
        done += written
        if progress is not None:
            progress(min(done, found), found)
    return RescoreReport(version, found, done, changed, cancelled=stopped, dry_run=dry_run)
