"""The `attune` command: opens the app, or runs a sub-command from desktop/commands."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from desktop import __version__
from desktop.errors import AttuneError
from desktop.paths import DATA_DIR_ENV, AppPaths

# Each module registers its own sub-commands; they import heavy modules only when run,
# so `attune` alone starts the window without loading the engine or the database.
COMMAND_MODULES = (
    "desktop.commands.engine",
    "desktop.commands.data",
    "desktop.commands.scenarios",
    "desktop.commands.safety",
    "desktop.commands.privacy",
)

EXIT_OK = 0
EXIT_USER_ERROR = 2
EXIT_BUG = 70


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help=f"folder holding Attune's database (default: ${DATA_DIR_ENV}, "
        "else the platform's per-user data folder)",
    )
    parser = argparse.ArgumentParser(
        prog="attune",
        description="Practise repair conversations. Without a command, opens the app.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"attune {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(name)
        module.register(commands, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    paths = AppPaths.resolve(getattr(args, "data_dir", None))
    run = getattr(args, "run", None)
    try:
        if run is None:
            return open_app(paths)
        code: int = run(args, paths)
        return code
    except AttuneError as exc:
        print(f"attune: {exc.user_message}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return 130


def open_app(paths: AppPaths) -> int:
    try:
        ui_app = importlib.import_module("ui.app")
    except ImportError as exc:
        print(f"attune: the window could not start ({exc}).", file=sys.stderr)
        return EXIT_USER_ERROR
    code: int = ui_app.run(paths)
    return code
