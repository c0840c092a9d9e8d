"""A small program the crash tests run and kill: it saves through the store and says so.

Usage: python -m tests.store.child MODE DATA_DIR
  turns:   saves answers forever, printing "turn ID" after each commit
  drafts:  saves one answer, then autosaves a growing draft, printing "draft N" after each
  open:    opens the store (a test may pause it inside a migration) and prints "opened"
"""

from __future__ import annotations

import sys
import time

from desktop.paths import AppPaths
from desktop.practice import Draft
from desktop.store import Store
from tests.store.helpers import T0, couple, make_turn


def main(mode: str, data_dir: str) -> None:
    store = Store.open(AppPaths.under(data_dir))
    print("opened", flush=True)
    if mode == "open":
        time.sleep(120)
        return
    sid = store.session_started(couple(), T0)
    print(f"session {sid}", flush=True)
    if mode == "turns":
        n = 0
        while True:
            n += 1
            turn_id = store.turn_scored(
                sid, make_turn(f"I'm sorry, but answer {n} " + "words " * (n % 50), minutes=n)
            )
            print(f"turn {turn_id}", flush=True)
    if mode == "drafts":
        store.turn_scored(sid, make_turn("sorry"))
        n = 0
        while True:
            n += 1
            store.draft_saved(sid, Draft(0, 1, "answer", "the hurt", f"draft {n}", T0))
            print(f"draft {n}", flush=True)
            time.sleep(0.01)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
