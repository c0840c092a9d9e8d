"""`attune scenarios`: list every scenario, or check a pack file and print its problems."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from desktop.commands import add_command
from desktop.errors import AttuneError
from desktop.paths import AppPaths

EXIT_OK = 0
EXIT_PROBLEMS = 1


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = add_command(
        commands,
        common,
        "scenarios",
        "list the scenarios (id, pack, category, intensity, source), "
        "or check a pack file with --check",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument(
        "--check",
        metavar="FILE",
        help="validate a pack file (.toml or a .zip of them) and print every problem",
    )
    parser.set_defaults(run=run_scenarios)


def run_scenarios(args: argparse.Namespace, paths: AppPaths) -> int:
    if args.check is not None:
        if not args.check.strip():
            raise AttuneError(
                "--check was given an empty file name; give the pack file (.toml or .zip)."
            )
        return check(args.check, as_json=args.json)
    return list_all(paths, as_json=args.json)


def check(file: str, *, as_json: bool) -> int:
    from desktop.content import import_packs

    result = import_packs(file)
    if as_json:
        payload = {
            "file": file,
            "ok": not result.problems,
            "scenarios": [scenario.id for scenario in result.scenarios],
            "problems": [
                {
                    "file": problem.file,
                    "line": problem.line,
                    "field": problem.field,
                    "expected": problem.expected,
                    "found": problem.found,
                    "message": problem.describe(),
                }
                for problem in result.problems
            ],
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return EXIT_OK if not result.problems else EXIT_PROBLEMS
    for problem in result.problems:
        print(problem.describe())
    count = len(result.scenarios)
    noun = "scenario" if count == 1 else "scenarios"
    if result.problems:
        issues = len(result.problems)
        print(
            f"{issues} problem{'s' if issues != 1 else ''} found; {count} {noun} would import.",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    print(f"OK: {count} {noun} ready to import.")
    return EXIT_OK


def list_all(paths: AppPaths, *, as_json: bool) -> int:
    from desktop.content import Library, load_builtin

    library: Library = load_builtin()
    user = _user_library(paths)
    if user is not None:
        library = library.merged(user)
    rows = [
        {
            "id": scenario.id,
            "pack": scenario.pack,
            "category": scenario.category.value,
            "intensity": scenario.intensity.value,
            "source": scenario.source.value,
            "title": scenario.title,
        }
        for scenario in library.scenarios
    ]
    if as_json:
        _emit(json.dumps(rows, indent=2, ensure_ascii=False))
        return EXIT_OK
    columns = ("id", "pack", "category", "intensity", "source")
    widths = {c: max(len(c), *(len(row[c]) for row in rows)) if rows else len(c) for c in columns}
    lines = ["  ".join(c.ljust(widths[c]) for c in columns).rstrip()]
    lines += ["  ".join(row[c].ljust(widths[c]) for c in columns).rstrip() for row in rows]
    _emit("\n".join(lines))
    for problem in library.problems:
        print(f"attune: skipped: {problem.describe()}", file=sys.stderr)
    return EXIT_OK


def _user_library(paths: AppPaths) -> Any:
    """User scenarios kept in the database, if the store offers them; None otherwise."""
    from desktop.content.saved import user_library

    return user_library(paths)


def _emit(text: str) -> None:
    """Print, tolerating a reader that stops early (`attune scenarios | head`)."""
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # Python would complain again while flushing at exit; point stdout at nothing.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
