"""`attune safety`: run the safety detector on a text and print what it found."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from desktop.commands import add_command, printable, visible
from desktop.errors import AttuneError
from desktop.paths import AppPaths

EXIT_OK = 0
STDIN = "-"


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = add_command(
        commands,
        common,
        "safety",
        "check a text for self-harm, suicide, violence, fear of a partner or control; "
        "prints the level (none, check_in, crisis), kind, spans and message",
    )
    parser.add_argument(
        "text", metavar="TEXT", nargs="?", help=f"the text to check ({STDIN} reads standard input)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--resources", action="store_true", help="print the crisis and abuse resources"
    )
    parser.set_defaults(run=run_safety)


def run_safety(args: argparse.Namespace, paths: AppPaths) -> int:
    from desktop.safety import check, crisis_resources

    if args.text is None and not args.resources:
        raise AttuneError(
            f"Nothing to check: give the text as TEXT, or {STDIN} to read standard input."
        )
    payload: dict[str, Any] = {}
    lines: list[str] = []
    if args.text is not None:
        text = read_stdin() if args.text == STDIN else args.text
        cap = input_cap()
        truncated = len(text) > cap
        text = text[:cap]
        found = check(text)
        spans = [{"start": a, "end": b, "text": text[a:b]} for a, b in found.spans]
        payload.update(
            level=found.level.value,
            kind=found.kind.value if found.kind else None,
            kinds=[kind.value for kind in found.kinds],
            spans=spans,
            message=found.message,
        )
        lines += [f"level: {found.level.value}", f"kind: {payload['kind'] or '-'}"]
        if len(found.kinds) > 1:
            lines.append("also: " + ", ".join(kind.value for kind in found.kinds[1:]))
        lines += [f"span {s['start']}-{s['end']}: {s['text']!r}" for s in spans]
        if found.message:
            lines.append(f"message: {found.message}")
        if truncated:
            payload["checked_chars"] = cap
            lines.append(f"note: only the first {cap} characters were checked.")
    if args.resources:
        resources = crisis_resources()
        payload["resources"] = {
            "emergency": resources.emergency.text,
            "find_a_line": resources.find_a_line.text,
            "lines": [
                {"country": ln.country, "name": ln.name, "contact": ln.contact, "hours": ln.hours}
                for ln in resources.lines
            ],
            "last_reviewed": resources.last_reviewed,
        }
        lines += ["", resources.as_text()] if lines else [resources.as_text()]
    if args.json:
        print(json.dumps(payload, indent=2))  # ensure_ascii keeps odd characters printable
    else:
        print(printable(visible("\n".join(lines))))
    return EXIT_OK


def input_cap() -> int:
    """The cap `attune score` applies, so a huge input is checked as far as it is scored."""
    from desktop.engine import RuleError, max_chars

    try:
        return max_chars()
    except RuleError as error:
        raise AttuneError(f"The rule files could not be loaded: {error}") from None


def read_stdin() -> str:
    data = sys.stdin.buffer.read()
    return data.decode("utf-8", errors="replace")
