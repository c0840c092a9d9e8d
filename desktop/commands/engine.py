"""`attune score`: score an answer (or a share) and show which words counted, and why."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.commands import add_command, printable, visible
from desktop.errors import AttuneError

if TYPE_CHECKING:
    from desktop.engine import Hit, Result, ShareResult
    from desktop.paths import AppPaths

EXIT_OK = 0
STDIN = "-"
GOOD = ("validation", "gentleness")

# ANSI colours for a terminal: green counts for the answer, red against it, yellow both.
GREEN, RED, YELLOW, BOLD, RESET = "\x1b[32m", "\x1b[31m", "\x1b[33m", "\x1b[1m", "\x1b[0m"
# Plain brackets when the output is not a terminal (a file, a pipe, a test).
PLAIN_MARKS = {"+": ("[+", "+]"), "-": ("[-", "-]"), "~": ("[~", "~]")}
COLOUR_MARKS = {"+": (GREEN, RESET), "-": (RED, RESET), "~": (YELLOW, RESET)}


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = add_command(
        commands,
        common,
        "score",
        "score an answer from defensive to validating: validation, defensiveness, label, the "
        "validate / own / explain steps, every phrase that counted and why, a suggested rewrite",
    )
    parser.add_argument(
        "text",
        metavar="TEXT",
        nargs="?",
        help=f"the answer to score ({STDIN} reads standard input)",
    )
    parser.add_argument(
        "--hurt", metavar="TEXT", help="what the partner said, so paraphrasing it counts"
    )
    parser.add_argument(
        "--share",
        action="store_true",
        help="score TEXT as the sharer's start-up (gentle or harsh) instead of as an answer",
    )
    parser.add_argument("--json", action="store_true", help="print everything as JSON")
    parser.set_defaults(run=run_score)


def run_score(args: argparse.Namespace, paths: AppPaths) -> int:
    from desktop import engine
    from desktop.engine import RuleError

    if args.text is None:
        raise AttuneError(
            f"Nothing to score: give the answer as TEXT, or {STDIN} to read standard input."
        )
    if args.share and args.hurt is not None:
        raise AttuneError("--hurt goes with an answer; a share is scored on its own.")
    text = read_stdin() if args.text == STDIN else args.text
    colour = not args.json and use_colour()
    try:
        if args.share:
            share = engine.score_share(text)
            if args.json:
                output = json.dumps(share_payload(text, share), indent=2)
            else:
                output = share_report(text, share, colour)
        else:
            result = engine.score(text, args.hurt)
            rewrite = engine.suggest_rewrite(text, args.hurt)
            hint = engine.coaching_hint(text, args.hurt)
            if args.json:
                payload = answer_payload(text, args.hurt, result, rewrite, hint)
                output = json.dumps(payload, indent=2)
            else:
                output = answer_report(text, result, rewrite, hint, colour)
    except RuleError as error:
        raise AttuneError(f"The rule files could not be loaded: {error}") from None
    try:
        print(printable(output), flush=True)
    except BrokenPipeError:
        # The reader (head, a pager) stopped early: nothing more to say, and no traceback at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return EXIT_OK


def read_stdin() -> str:
    data = sys.stdin.buffer.read()
    return data.decode("utf-8", errors="replace")


def use_colour() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


# --- marking the text ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Region:
    """Text covered by one or more overlapping hits, shown as one mark."""

    start: int
    end: int
    sign: str  # + (counts for), - (counts against), ~ (both)


def regions(hits: Sequence[Hit]) -> list[Region]:
    """Overlapping hits (a shouted apology) merge into one mark whose sign says both."""
    merged: list[tuple[int, int, set[str]]] = []
    for hit in sorted(hits, key=lambda h: (h.start, h.end)):
        sign = "+" if hit.polarity in GOOD else "-"
        if merged and hit.start < merged[-1][1]:
            start, end, signs = merged[-1]
            merged[-1] = (start, max(end, hit.end), signs | {sign})
        else:
            merged.append((hit.start, hit.end, {sign}))
    return [Region(s, e, signs.pop() if len(signs) == 1 else "~") for s, e, signs in merged]


def marked(text: str, hits: Sequence[Hit], colour: bool) -> str:
    """The text with its hits marked; its own control characters are shown, not obeyed."""
    marks = COLOUR_MARKS if colour else PLAIN_MARKS
    pieces: list[str] = []
    position = 0
    for region in regions(hits):
        opening, closing = marks[region.sign]
        pieces += [visible(text[position : region.start]), opening]
        pieces += [visible(text[region.start : region.end]), closing]
        position = region.end
    pieces.append(visible(text[position:]))
    return "".join(pieces)


def hit_lines(text: str, hits: Sequence[Hit], colour: bool) -> list[str]:
    from desktop.engine import category_name

    lines: list[str] = []
    for number, hit in enumerate(hits, start=1):
        good = hit.polarity in GOOD
        sign = "+" if good else "-"
        if colour:
            sign = (GREEN if good else RED) + sign + RESET
        words = one_line(text[hit.start : hit.end])
        lines.append(
            f"{number:>3}. {sign} “{words}”  {category_name(hit.category)} "
            f"({hit.rule_id}, {hit.polarity} {hit.weight:g})"
        )
        lines.append(f"       {hit.message}")
        if hit.suggestion:
            lines.append(f"       → {hit.suggestion}")
    return lines


def one_line(words: str, limit: int = 80) -> str:
    words = visible(" ".join(words.split()))
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


def heading(title: str, colour: bool) -> str:
    return f"{BOLD}{title}{RESET}" if colour else title


def yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


# --- answers ------------------------------------------------------------------------------------


def answer_report(text: str, result: Result, rewrite: str, hint: str, colour: bool) -> str:
    steps = result.steps
    if not steps.explained:
        order = "yes (nothing explained)"
    elif steps.order_ok:
        order = "yes (validation came before the explanation)"
    else:
        order = "no (the explanation came before any validation, so it sounds like an excuse)"
    lines = [
        f"validation     {result.validation:.1f} / 100",
        f"defensiveness  {result.defensiveness:.1f} / 100",
        f"label          {result.label}",
        "",
        heading("Steps", colour),
        f"  validate  {yes_no(steps.validated)}",
        f"  own       {yes_no(steps.owned)}",
        f"  explain   {yes_no(steps.explained)}",
        f"  order     {order}",
        "",
    ]
    lines += text_section(text, result.hits, colour, "counts for the answer", "against it")
    if not text.strip():
        lines += ["Nothing was said: to your partner, silence reads as withdrawal.", ""]
    lines += [heading("Suggested rewrite", colour), f"  {visible(rewrite)}", ""]
    lines += [heading("Next step", colour), f"  {visible(hint)}", ""]
    lines.append(f"rules {result.rules_version}")
    return "\n".join(lines)


def text_section(text: str, hits: Sequence[Hit], colour: bool, good: str, bad: str) -> list[str]:
    lines: list[str] = []
    if not text.strip():
        return lines
    lines += [heading("Your words", colour), marked(text, hits, colour)]
    used = {region.sign for region in regions(hits)}
    if used and not colour:
        meanings = {"+": good, "-": bad, "~": "both"}
        key = ", ".join(f"[{s} {s}] {meanings[s]}" for s in "+-~" if s in used)
        lines.append(f"  ({key})")
    lines.append("")
    if hits:
        lines += [heading("What counted", colour), *hit_lines(text, hits, colour), ""]
    else:
        lines += ["No phrase counted either way.", ""]
    return lines


def hit_payload(text: str, hit: Hit) -> dict[str, Any]:
    from desktop.engine import category_name

    return {
        "rule_id": hit.rule_id,
        "category": hit.category,
        "category_name": category_name(hit.category),
        "polarity": hit.polarity,
        "start": hit.start,
        "end": hit.end,
        "text": text[hit.start : hit.end],
        "weight": hit.weight,
        "message": hit.message,
        "suggestion": hit.suggestion,
    }


def answer_payload(
    text: str, hurt: str | None, result: Result, rewrite: str, hint: str
) -> dict[str, Any]:
    steps = result.steps
    return {
        "kind": "answer",
        "text": text,
        "hurt": hurt,
        "validation": result.validation,
        "defensiveness": result.defensiveness,
        "label": result.label,
        "steps": {
            "validated": steps.validated,
            "owned": steps.owned,
            "explained": steps.explained,
            "order_ok": steps.order_ok,
        },
        "hits": [hit_payload(text, hit) for hit in result.hits],
        "rewrite": rewrite,
        "hint": hint,
        "rules_version": result.rules_version,
    }


# --- shares -------------------------------------------------------------------------------------


def share_report(text: str, share: ShareResult, colour: bool) -> str:
    lines = [
        f"gentleness     {share.gentleness:.1f} / 100",
        f"harshness      {share.harshness:.1f} / 100",
        f"label          {share.label}",
        "",
    ]
    lines += text_section(text, share.hits, colour, "gentle", "harsh")
    if not text.strip():
        lines += ["Nothing was shared yet. Try: “I felt … when … What I need is …”", ""]
    lines.append(f"rules {share.rules_version}")
    return "\n".join(lines)


def share_payload(text: str, share: ShareResult) -> dict[str, Any]:
    return {
        "kind": "share",
        "text": text,
        "gentleness": share.gentleness,
        "harshness": share.harshness,
        "label": share.label,
        "hits": [hit_payload(text, hit) for hit in share.hits],
        "rules_version": share.rules_version,
    }
