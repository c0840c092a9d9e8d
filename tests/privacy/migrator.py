"""Child process for the kill tests: runs one migration, pausing at a named checkpoint.

Usage: python -m tests.privacy.migrator DATA_DIR KIND OLD NEW PAUSE_AT
(KIND is encrypt, decrypt or passwd; "-" stands for no passphrase).
"""

from __future__ import annotations

import sys
import time

from desktop.paths import AppPaths
from desktop.privacy.migration import migrate


def main() -> None:
    root, _kind, old, new, pause_at = sys.argv[1:6]

    def checkpoint(name: str) -> None:
        print(name, flush=True)
        if name == pause_at:
            time.sleep(60)  # the parent kills the process here

    migrate(
        AppPaths.under(root),
        None if old == "-" else old,
        None if new == "-" else new,
        checkpoint=checkpoint,
    )
    print("finished", flush=True)


if __name__ == "__main__":
    main()
