"""`python -m desktop` does exactly what the `attune` command does."""

from __future__ import annotations

import sys

from desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
