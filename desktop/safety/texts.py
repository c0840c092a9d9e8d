"""The words shown around safety (first run, break, crisis, self-check, therapist advice)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

GUIDANCE_FILE = "guidance.toml"
SELF_CHECK_FIELDS = (
    "title", "lead", "lately", "sleep", "anxiety", "reality", "now", "skip", "thanks", "suggest",
    "close",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    text: str


@dataclass(frozen=True, slots=True)
class FirstRunText:
    title: str
    button: str
    sections: tuple[Section, ...]


@dataclass(frozen=True, slots=True)
class TakeBreakText:
    title: str
    intro: str
    minutes: int
    button: str
    done: str


@dataclass(frozen=True, slots=True)
class CrisisText:
    title: str
    lead: str
    end: str
    pause: str
    go_on: str


@dataclass(frozen=True, slots=True)
class SelfCheckText:
    title: str
    lead: str
    lately: str
    sleep: str
    anxiety: str
    reality: str
    now: str
    skip: str
    thanks: str
    suggest: str
    close: str


@dataclass(frozen=True, slots=True)
class TherapistGuidance:
    """When to seek a therapist, and what to look for in one."""

    title: str
    lead: str
    when: tuple[str, ...]
    look_for: tuple[str, ...]

    def as_text(self) -> str:
        when = "\n".join(f"  - {item}" for item in self.when)
        look = "\n".join(f"  - {item}" for item in self.look_for)
        return (
            f"{self.title}\n{self.lead}\n\nWhen to seek help:\n{when}\n\n"
            f"What to look for in a therapist:\n{look}"
        )


@dataclass(frozen=True, slots=True)
class SafetyTexts:
    abuse_statement: str
    first_run: FirstRunText
    take_break: TakeBreakText
    crisis: CrisisText
    self_check: SelfCheckText
    therapist: TherapistGuidance


def _strings(table: dict[str, Any], *names: str) -> list[str]:
    return [str(table[name]) for name in names]


def parse_safety_texts(text: str) -> SafetyTexts:
    data = tomllib.loads(text)
    first = data["first_run"]
    brk = data["take_break"]
    crisis = data["crisis"]
    check = data["self_check"]
    therapist = data["therapist"]
    return SafetyTexts(
        abuse_statement=str(data["abuse_statement"]),
        first_run=FirstRunText(
            str(first["title"]),
            str(first["button"]),
            tuple(Section(str(s["heading"]), str(s["text"])) for s in first["section"]),
        ),
        take_break=TakeBreakText(
            str(brk["title"]),
            str(brk["intro"]),
            int(brk["minutes"]),
            str(brk["button"]),
            str(brk["done"]),
        ),
        crisis=CrisisText(*_strings(crisis, "title", "lead", "end", "pause", "go_on")),
        self_check=SelfCheckText(*_strings(check, *SELF_CHECK_FIELDS)),
        therapist=TherapistGuidance(
            str(therapist["title"]),
            str(therapist["lead"]),
            tuple(str(item) for item in therapist["when"]),
            tuple(str(item) for item in therapist["look_for"]),
        ),
    )


@cache
def safety_texts() -> SafetyTexts:
    """The shipped texts, parsed once."""
    text = resources.files("resources.safety").joinpath(GUIDANCE_FILE).read_text("utf-8")
    return parse_safety_texts(text)


def therapist_guidance() -> TherapistGuidance:
    return safety_texts().therapist
