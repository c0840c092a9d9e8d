"""The values a scenario library is made of: scenarios, prompts, answer options, problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Intensity(StrEnum):
    """How hard a scenario is to sit with; lets people start gently."""

    GENTLE = "gentle"
    MODERATE = "moderate"
    RAW = "raw"


class Category(StrEnum):
    """The kind of hurt; solo practice weights these by how the person has scored."""

    AFFAIR = "affair"
    SECRECY = "secrecy"
    DIGITAL = "digital"
    FINANCIAL = "financial"
    BROKEN_PROMISE = "broken-promise"
    NEGLECT = "neglect"
    CONTEMPT = "contempt"
    EVERYDAY = "everyday"
    TRIGGER = "trigger"

    @property
    def heading(self) -> str:
        return CATEGORY_TITLES[self]


CATEGORY_TITLES: dict[Category, str] = {
    Category.AFFAIR: "Affair and emotional affair",
    Category.SECRECY: "Secrecy and lies",
    Category.DIGITAL: "Digital betrayal",
    Category.FINANCIAL: "Financial betrayal",
    Category.BROKEN_PROMISE: "Broken promises",
    Category.NEGLECT: "Emotional neglect and withdrawal",
    Category.CONTEMPT: "Harsh words and contempt",
    Category.EVERYDAY: "Everyday hurts",
    Category.TRIGGER: "Triggers months later",
}


class Label(StrEnum):
    """The engine's verdict an option is written to earn (same values as the engine's)."""

    VALIDATING = "validating"
    MIXED = "mixed"
    DEFENSIVE = "defensive"
    WITHDRAWING = "withdrawing"
    NEUTRAL = "neutral"


class Source(StrEnum):
    """Where a scenario came from: shipped with Attune, or written or imported by the user."""

    BUILT_IN = "built-in"
    USER = "user"


@dataclass(frozen=True, slots=True)
class AnswerOption:
    """One answer the answerer can pick, the label it should earn, and why in one line."""

    text: str
    label: Label
    why: str


@dataclass(frozen=True, slots=True)
class Prompt:
    """A line the hurt partner says, with the answers offered for it."""

    text: str
    options: tuple[AnswerOption, ...]


@dataclass(frozen=True, slots=True)
class Scenario:
    """A hurt to practise with: the opening line, what comes after, and the answers to pick."""

    id: str
    pack: str
    title: str
    category: Category
    intensity: Intensity
    opening: Prompt
    follow_ups: tuple[Prompt, ...]
    sharer_note: str = ""
    content_warnings: tuple[str, ...] = ()
    source: Source = Source.BUILT_IN

    @property
    def prompts(self) -> tuple[Prompt, ...]:
        """The opening, then every follow-up, in the order they are said."""
        return (self.opening, *self.follow_ups)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with a pack file, said so an author can find and fix it."""

    file: str
    field: str
    expected: str
    found: str = ""
    line: int | None = None

    def describe(self) -> str:
        where = self.file if self.line is None else f"{self.file}, line {self.line}"
        got = f" (found {self.found})" if self.found else ""
        subject = f"{self.field}: " if self.field else ""
        return f"{where}: {subject}{self.expected}{got}"

    def __str__(self) -> str:
        return self.describe()


@dataclass(frozen=True, slots=True)
class PackInfo:
    """A pack's own heading: its id, a title people read, and an optional description."""

    id: str
    title: str
    description: str = ""
    source: Source = Source.BUILT_IN


@dataclass(frozen=True, slots=True)
class PackLoad:
    """What one file gave: the scenarios that passed, and the problems with the rest."""

    file: str
    scenarios: tuple[Scenario, ...]
    problems: tuple[Problem, ...]
    pack: PackInfo | None = None


@dataclass(frozen=True, slots=True)
class Library:
    """Every scenario available, with the problems met while loading them."""

    scenarios: tuple[Scenario, ...]
    problems: tuple[Problem, ...] = ()
    packs: tuple[PackInfo, ...] = field(default=())

    def __len__(self) -> int:
        return len(self.scenarios)

    def get(self, scenario_id: str) -> Scenario | None:
        for scenario in self.scenarios:
            if scenario.id == scenario_id:
                return scenario
        return None

    def pack_ids(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for scenario in self.scenarios:
            seen.setdefault(scenario.pack, None)
        return tuple(seen)

    def pack_title(self, pack_id: str) -> str:
        for pack in self.packs:
            if pack.id == pack_id:
                return pack.title
        return pack_id

    def categories(self) -> tuple[Category, ...]:
        present = {scenario.category for scenario in self.scenarios}
        return tuple(category for category in Category if category in present)

    def filtered(
        self,
        *,
        pack: str | None = None,
        category: Category | None = None,
        intensity: Intensity | None = None,
        source: Source | None = None,
    ) -> tuple[Scenario, ...]:
        return tuple(
            scenario
            for scenario in self.scenarios
            if (pack is None or scenario.pack == pack)
            and (category is None or scenario.category is category)
            and (intensity is None or scenario.intensity is intensity)
            and (source is None or scenario.source is source)
        )

    def merged(self, other: Library) -> Library:
        """This library with another's scenarios added; an id already here keeps this one."""
        taken = {scenario.id for scenario in self.scenarios}
        extra = tuple(s for s in other.scenarios if s.id not in taken)
        known_packs = {pack.id for pack in self.packs}
        packs = self.packs + tuple(p for p in other.packs if p.id not in known_packs)
        return Library(self.scenarios + extra, self.problems + other.problems, packs)
