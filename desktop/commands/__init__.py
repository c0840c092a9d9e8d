"""Sub-commands of `attune`, one module per area; each offers register(commands, common)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

# C0 and C1 control characters and DEL, except newline and tab: printed raw, they can retitle
# or clear the terminal, or hide what came before them (a carriage return).
_CONTROLS = {
    code: f"\\x{code:02x}"
    for code in (*range(0x20), 0x7F, *range(0x80, 0xA0))
    if chr(code) not in "\n\t"
}

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


def visible(text: str) -> str:
    """Someone's text with its control characters shown as escapes (\\x1b), never obeyed."""
    return text.translate(_CONTROLS)


def printable(text: str) -> str:
    """Lone surrogates or characters the terminal cannot show are escaped, never a crash."""
    encoding = sys.stdout.encoding or "utf-8"
    return text.encode(encoding, errors="backslashreplace").decode(encoding, errors="replace")
