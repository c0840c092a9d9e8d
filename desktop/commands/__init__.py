"""Sub-commands of `attune`, one module per area; each offers register(commands, common)."""

from __future__ import annotations

import argparse
from typing import Any

# argparse's sub-parser action is a private class; this alias names what register() receives.
Commands = "argparse._SubParsersAction[argparse.ArgumentParser]"


def add_command(
    commands: Any, common: argparse.ArgumentParser, name: str, help_text: str
) -> argparse.ArgumentParser:
    """A sub-command that also accepts --data-dir after its own name."""
    parser: argparse.ArgumentParser = commands.add_parser(
        name, help=help_text, description=help_text, parents=[common]
    )
    return parser
