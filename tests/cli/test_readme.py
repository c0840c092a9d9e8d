"""Every `attune` sub-command is documented in README's Command line table."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli import build_parser

README = Path(__file__).resolve().parents[2] / "README.md"


def sub_commands() -> list[str]:
    parser = build_parser()
    names: list[str] = []
    for action in parser._actions:  # argparse keeps sub-parsers only here
        if isinstance(action, argparse._SubParsersAction):
            names.extend(action.choices)
    return names


def test_every_sub_command_is_in_the_readme() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [name for name in sub_commands() if f"`attune {name}" not in text]
    assert missing == []
