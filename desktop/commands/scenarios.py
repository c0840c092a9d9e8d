"""Sub-commands for the scenarios area (none yet)."""

from __future__ import annotations

import argparse
from typing import Any


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Nothing to register yet."""
