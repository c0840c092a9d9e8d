"""The `attune` command: opens the app, or runs a sub-command from desktop/commands."""

from __future__ import annotations

import argparse
import errno
import importlib
import os
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
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # what a shell reports for a writer stopped by SIGPIPE
# Commands that only read: after a bug in one of them, the user can be told nothing changed.
READ_ONLY_COMMANDS = frozenset({"score", "safety", "scenarios", "stats", "export"})
# How writing to standard output fails (files the commands open carry a filename instead, and
# their failures are AttuneErrors before they get here).
OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EBADF})


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
    command = getattr(args, "command", None)
    try:
        paths = AppPaths.resolve(getattr(args, "data_dir", None))
        run = getattr(args, "run", None)
        if run is None:
            return open_app(paths)
        code: int = run(args, paths)
        sys.stdout.flush()  # a full disk or closed pipe shows up here, not after main returns
        return code
    except AttuneError as exc:
        print(f"attune: {exc.user_message}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader (head, a pager) stopped early: nothing more to say, and no traceback.
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as exc:
        if exc.filename is not None or exc.errno not in OUTPUT_ERRNOS:
            return report_bug(command, exc)
        _silence_stdout()
        print(f"attune: could not write the output ({exc.strerror}).", file=sys.stderr)
        return EXIT_USER_ERROR
    except Exception as exc:  # the last resort: a calm line, never a traceback
        return report_bug(command, exc)


def report_bug(command: str | None, exc: BaseException) -> int:
    """One calm line for a failure nobody expected (the type only: its text may hold input)."""
    what = f"`attune {command}`" if command else "attune"
    if command in READ_ONLY_COMMANDS:
        after = "Your data was not changed."
    else:
        after = "Run `attune doctor` to check your data."
    print(
        f"attune: {what} stopped on an unexpected problem ({type(exc).__name__}). {after} "
        "This is a bug in Attune; please report it, with the command you ran.",
        file=sys.stderr,
    )
    return EXIT_BUG


def _silence_stdout() -> None:
    """Point standard output at nothing, so Python's own flush at exit has nowhere to fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real file descriptor (a test's capture): nothing to do
        pass


def open_app(paths: AppPaths) -> int:
    try:
        ui_app = importlib.import_module("ui.app")
    except ImportError as exc:
        print(f"attune: the window could not start ({exc}).", file=sys.stderr)
        return EXIT_USER_ERROR
    code: int = ui_app.run(paths)
    return code
