"""Storage benchmark: a history of 10,000 sessions (about 100,000 answers), then the queries
the app runs, timed. Targets: each query under 50 ms; saving one answer under 5 ms.

    .venv/bin/python bench/store.py [--sessions 10000] [--data-dir PATH]

With --data-dir pointing at a folder that already holds a database, that one is measured
(handy for repeating the timings without filling it again).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.paths import AppPaths  # noqa: E402
from desktop.practice import FeltHeard, Hurt, Turn  # noqa: E402
from desktop.store import Store  # noqa: E402
from desktop.store.demo import fill_demo  # noqa: E402

QUERY_TARGET_MS = 50.0
SAVE_TARGET_MS = 5.0


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median and worst of `runs` calls, in milliseconds (after one warm-up call)."""
    fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), max(samples)


def fill(paths: AppPaths, sessions: int) -> None:
    store = Store.open(paths)
    try:
        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            if done % 1000 == 0 or done == total:
                rate = done / (time.perf_counter() - started)
                print(f"  filled {done}/{total} sessions ({rate:.0f}/s)", flush=True)

        report = fill_demo(store, sessions, seed=42, progress=progress)
        took = time.perf_counter() - started
        print(f"demo-data: {report.sessions} sessions, {report.answers} answers in {took:.1f} s")
    finally:
        store.close(backup=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--data-dir", type=Path)
    args = parser.parse_args()

    folder = args.data_dir or Path(tempfile.mkdtemp(prefix="attune-bench-"))
    paths = AppPaths.under(folder)
    if not paths.database.exists():
        fill(paths, args.sessions)

    size = paths.database.stat().st_size
    rows: list[tuple[str, float, float, float]] = []

    def opening() -> None:
        Store.open(paths).close(backup=False)

    rows.append(("open the database", *timed(opening, 5), QUERY_TARGET_MS))

    store = Store.open(paths)
    try:
        sessions = store.stats().sessions
        partners = [p.name for p in store.partners()]
        busiest = max(store.partners(), key=lambda p: p.answers).name
        rng = random.Random(1)
        ids = [s.session_id for s in store.list_sessions(limit=10_000)]

        rows.append(("history: newest 200", *timed(store.list_sessions, 20), QUERY_TARGET_MS))
        rows.append(
            (
                f"history: newest 200 of {busiest}",
                *timed(lambda: store.list_sessions(partner=busiest), 20),
                QUERY_TARGET_MS,
            )
        )
        rows.append(
            (
                "one session's replay",
                *timed(lambda: store.session_replay(rng.choice(ids)), 50),
                QUERY_TARGET_MS,
            )
        )
        rows.append(
            (
                f"progress series ({busiest})",
                *timed(lambda: store.progress_series(busiest), 10),
                QUERY_TARGET_MS,
            )
        )
        rows.append(
            (
                f"felt heard vs engine ({busiest})",
                *timed(lambda: store.felt_heard_vs_engine(busiest), 10),
                QUERY_TARGET_MS,
            )
        )
        rows.append(
            (
                f"habit trends ({busiest})",
                *timed(lambda: store.habit_trends(busiest, 10), 10),
                QUERY_TARGET_MS,
            )
        )
        rows.append(("partners", *timed(store.partners, 10), QUERY_TARGET_MS))

        # One real answer, scored by the engine, saved with its hits: one commit each time.
        from desktop.engine import score

        hurt = "I felt alone when you left the party without me."
        text = "I'm sorry, but I was tired. You're right that I should have called."
        result = score(text, hurt=hurt)
        target = store.list_sessions(limit=1)[0]
        replay = store.session_replay(target.session_id)
        turn = Turn(
            round_index=99,
            turn_index=0,
            sharer=partners[0],
            answerer=busiest,
            hurt=Hurt(hurt),
            share=None,
            answer_text=text,
            chosen_option=None,
            elapsed=30.0,
            timed_out=False,
            result=result,
            answered_at=replay.summary.started_at,
            felt_heard=FeltHeard(4),
        )
        rows.append(
            (
                f"save one answer ({len(result.hits)} hits)",
                *timed(lambda: store.turn_scored(target.session_id, turn), 50),
                SAVE_TARGET_MS,
            )
        )
        answers = store.stats().answers
    finally:
        store.close(backup=False)

    print(f"\ndatabase: {sessions} sessions, {answers} answers, {size / 1024 / 1024:.1f} MB")
    print(f"{'operation':<34} {'median':>9} {'worst':>9} {'target':>8}")
    failed = 0
    for name, median, worst, target_ms in rows:
        mark = "ok" if median < target_ms else "SLOW"
        failed += mark != "ok"
        print(f"{name:<34} {median:>6.2f} ms {worst:>6.2f} ms {target_ms:>5.0f} ms  {mark}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
