"""Crisis and abuse resources, read from resources/safety/resources.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

RESOURCES_FILE = "resources.toml"


@dataclass(frozen=True, slots=True)
class Advice:
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class CrisisLine:
    country: str
    name: str
    contact: str
    topic: str
    hours: str

    def describe(self) -> str:
        return f"{self.country}: {self.name}. {self.contact} ({self.hours}; {self.topic})."


@dataclass(frozen=True, slots=True)
class CrisisResources:
    """What to do in danger, how to find a local line, and a few national examples."""

    emergency: Advice
    find_a_line: Advice
    lines: tuple[CrisisLine, ...]
    last_reviewed: str

    def as_text(self) -> str:
        """Plain text for the command line and for copying."""
        parts = [
            f"{self.emergency.title}\n  {self.emergency.text}",
            f"{self.find_a_line.title}\n  {self.find_a_line.text}",
            "Some national lines:\n" + "\n".join(f"  {line.describe()}" for line in self.lines),
        ]
        return "\n\n".join(parts)


def _advice(table: object) -> Advice:
    if not isinstance(table, dict):
        raise ValueError("resources.toml: expected a table with title and text")
    return Advice(str(table["title"]), str(table["text"]))


def parse_crisis_resources(text: str) -> CrisisResources:
    data = tomllib.loads(text)
    lines = tuple(
        CrisisLine(
            str(row["country"]),
            str(row["name"]),
            str(row["contact"]),
            str(row.get("topic", "")),
            str(row.get("hours", "")),
        )
        for row in data.get("line", [])
    )
    return CrisisResources(
        _advice(data["emergency"]),
        _advice(data["find_a_line"]),
        lines,
        str(data.get("last_reviewed", "")),
    )


@cache
def crisis_resources() -> CrisisResources:
    """The shipped resources, parsed once."""
    text = resources.files("resources.safety").joinpath(RESOURCES_FILE).read_text("utf-8")
    return parse_crisis_resources(text)
