"""Loading the rule set from resources/rules: word classes, settings, families and rules.

Every file is checked as it loads. A mistake stops the load with the file, the rule id and
the reason, so a broken rule never silently scores answers.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, cast

from desktop.engine.matcher import Matcher
from desktop.engine.model import Family, Rule
from desktop.engine.phrases import PhraseError, compile_pattern
from desktop.engine.prepared import Prepared

PACKAGE = "resources.rules"
WORDS_FILE = "words.toml"
SETTINGS_FILE = "engine.toml"
POLARITIES = {
    "answer": ("validation", "defensiveness", "explain"),
    "share": ("gentleness", "harshness"),
}
STEPS = ("validate", "own", "explain", "")
NEGATION = ("flip", "void", "keep")


class RuleError(ValueError):
    """A rule file that cannot be used: names the file, the rule and the reason."""

    def __init__(self, source: str, rule_id: str | None, reason: str) -> None:
        where = f"{source}: rule {rule_id!r}" if rule_id else source
        super().__init__(f"{where}: {reason}")
        self.source = source
        self.rule_id = rule_id
        self.reason = reason


@dataclass(frozen=True, slots=True)
class RuleSet:
    version: str
    settings: dict[str, Any]
    classes: dict[str, tuple[str, ...]]
    families: dict[str, Family]
    rules: tuple[Rule, ...]
    matchers: dict[str, Matcher] = field(default_factory=dict, compare=False, repr=False)
    derived: list[Prepared] = field(default_factory=list, compare=False, repr=False)

    @property
    def prepared(self) -> Prepared:
        return self.derived[0]

    def __post_init__(self) -> None:
        prepared = Prepared.of(self.settings, self.classes, self.families)
        self.derived.append(prepared)
        # Scoring asks the text's words for these too (see Matcher's "also").
        asked = (*prepared.negators, *prepared.contrast_words)
        for side in POLARITIES:
            chosen = [r for r in self.rules if self.families[r.category].side == side]
            self.matchers[side] = Matcher(chosen, asked)

    def family(self, family_id: str) -> Family | None:
        return self.families.get(family_id)


def _read(name: str, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RuleError(name, None, f"not valid TOML ({error})") from None


def _text(table: dict[str, Any], key: str, source: str, rule_id: str | None, *, need: bool) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        raise RuleError(source, rule_id, f"{key!r} must be text")
    if need and not value.strip():
        raise RuleError(source, rule_id, f"{key!r} is missing")
    return value.strip()


def _texts(table: dict[str, Any], key: str, source: str, rule_id: str | None) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(source, rule_id, f"{key!r} must be a list of texts")
    return tuple(cast(list[str], value))


def load_classes(source: str, data: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    table = data.get("classes")
    if not isinstance(table, dict) or not table:
        raise RuleError(source, None, "a [classes] table of word lists is needed")
    classes: dict[str, tuple[str, ...]] = {}
    for name, entries in table.items():
        if (
            not isinstance(entries, list)
            or not entries
            or not all(isinstance(e, str) for e in entries)
        ):
            raise RuleError(source, None, f"word class {name!r} must be a non-empty list of texts")
        classes[name] = tuple(entries)
    # Classes may use other classes: check each one compiles, so a typo names its class.
    for name, entries in classes.items():
        for entry in entries:
            try:
                compile_pattern(entry, classes)
            except (PhraseError, RecursionError) as error:
                raise RuleError(source, None, f"word class {name!r}: {entry!r}: {error}") from None
    return classes


FAMILY_KEYS = frozenset({"id", "name", "side", "polarity", "step", "cap"})


def load_family(
    source: str, data: dict[str, Any], classes: dict[str, tuple[str, ...]]
) -> tuple[Family, list[Rule]]:
    head = data.get("family")
    if not isinstance(head, dict):
        raise RuleError(source, None, "a [family] table is needed")
    # A misspelt key ("stpe") would otherwise be ignored without a word.
    unknown = sorted(set(data) - {"family", "rule"}) + sorted(set(head) - FAMILY_KEYS)
    if unknown:
        raise RuleError(source, None, f"unknown field(s): {', '.join(unknown)}")
    family_id = _text(head, "id", source, None, need=True)
    side = _text(head, "side", source, None, need=False) or "answer"
    if side not in POLARITIES:
        raise RuleError(source, None, f"side must be one of {', '.join(POLARITIES)}")
    polarity = _text(head, "polarity", source, None, need=True)
    if polarity not in POLARITIES[side]:
        raise RuleError(source, None, f"polarity must be one of {', '.join(POLARITIES[side])}")
    step = _text(head, "step", source, None, need=False)
    if step not in STEPS:
        raise RuleError(source, None, "step must be validate, own, explain or left out")
    cap = head.get("cap")
    if cap is not None and (isinstance(cap, bool) or not isinstance(cap, int | float) or cap <= 0):
        raise RuleError(source, None, "cap must be a number above 0")
    family = Family(
        cap=None if cap is None else float(cap),
        id=family_id,
        name=_text(head, "name", source, None, need=True),
        side=cast(Any, side),
        polarity=polarity,
        step=step,
        source=source,
    )
    entries = data.get("rule")
    if not isinstance(entries, list) or not entries:
        raise RuleError(source, None, "at least one [[rule]] is needed")
    rules = [_rule(source, family, entry, classes) for entry in entries]
    return family, rules


def _rule(source: str, family: Family, entry: object, classes: dict[str, tuple[str, ...]]) -> Rule:
    if not isinstance(entry, dict):
        raise RuleError(source, None, "each [[rule]] must be a table")
    rule_id = entry.get("id")
    if not isinstance(rule_id, str) or not rule_id.strip():
        raise RuleError(source, None, "a rule has no 'id'")
    known = {
        "id", "weight", "patterns", "message", "suggestion", "examples", "counter_examples",
        "negation", "negated_category", "negated_message", "negated_suggestion", "voids",
        "after_message", "unless",
    }  # fmt: skip
    unknown = sorted(set(entry) - known)
    if unknown:
        raise RuleError(source, rule_id, f"unknown field(s): {', '.join(unknown)}")
    weight = entry.get("weight")
    if isinstance(weight, bool) or not isinstance(weight, int | float) or not 0 < weight <= 10:
        raise RuleError(source, rule_id, "'weight' must be a number above 0 and at most 10")
    patterns = _texts(entry, "patterns", source, rule_id)
    if not patterns:
        raise RuleError(source, rule_id, "'patterns' must list at least one pattern")
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(compile_pattern(pattern, classes))
        except PhraseError as error:
            raise RuleError(source, rule_id, f"pattern {pattern!r}: {error}") from None
    negation = _text(entry, "negation", source, rule_id, need=False) or "void"
    if negation not in NEGATION:
        raise RuleError(source, rule_id, "'negation' must be flip, void or keep")
    negated_category = _text(entry, "negated_category", source, rule_id, need=negation == "flip")
    examples = _texts(entry, "examples", source, rule_id)
    if not examples:
        raise RuleError(source, rule_id, "'examples' must give at least one text it matches")
    return Rule(
        id=rule_id.strip(),
        category=family.id,
        polarity=family.polarity,
        weight=float(weight),
        patterns=patterns,
        message=_text(entry, "message", source, rule_id, need=True),
        suggestion=_text(entry, "suggestion", source, rule_id, need=False),
        examples=examples,
        counter_examples=_texts(entry, "counter_examples", source, rule_id),
        negation=cast(Any, negation),
        negated_category=negated_category,
        negated_message=_text(entry, "negated_message", source, rule_id, need=negation == "flip"),
        negated_suggestion=_text(entry, "negated_suggestion", source, rule_id, need=False),
        voids=_texts(entry, "voids", source, rule_id),
        after_message=_text(
            entry, "after_message", source, rule_id, need=family.polarity == "explain"
        ),
        source=source,
        compiled=tuple(compiled),
        unless=_unless(entry, source, rule_id, family),
    )


def _unless(entry: dict[str, Any], source: str, rule_id: str, family: Family) -> tuple[str, ...]:
    found = _texts(entry, "unless", source, rule_id)
    allowed = POLARITIES[family.side]
    for polarity in found:
        if polarity not in allowed:
            raise RuleError(source, rule_id, f"'unless' names no polarity: {polarity!r}")
    return found


def load_texts(files: dict[str, str]) -> RuleSet:
    """A rule set from file names and their text (the shipped files, or a test's own)."""
    if WORDS_FILE not in files or SETTINGS_FILE not in files:
        raise RuleError("resources/rules", None, f"{WORDS_FILE} and {SETTINGS_FILE} are needed")
    classes = load_classes(WORDS_FILE, _read(WORDS_FILE, files[WORDS_FILE]))
    settings = _read(SETTINGS_FILE, files[SETTINGS_FILE])
    version = settings.get("version")
    if not isinstance(version, str) or not version:
        raise RuleError(SETTINGS_FILE, None, "'version' is missing")
    families: dict[str, Family] = {}
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for name in sorted(files):
        if name in (WORDS_FILE, SETTINGS_FILE):
            continue
        family, found = load_family(name, _read(name, files[name]), classes)
        if family.id in families:
            raise RuleError(
                name, None, f"family {family.id!r} is also in {families[family.id].source}"
            )
        families[family.id] = family
        for rule in found:
            if rule.id in seen:
                raise RuleError(name, rule.id, f"the id is also used in {seen[rule.id]}")
            seen[rule.id] = name
            rules.append(rule)
    for rule in rules:
        for target in (rule.negated_category, *rule.voids):
            if target and target not in families:
                raise RuleError(rule.source, rule.id, f"no family called {target!r}")
    _check_settings(settings, families)
    return RuleSet(version, settings, classes, families, tuple(rules))


def _check_settings(settings: dict[str, Any], families: dict[str, Family]) -> None:
    for table in ("scoring", "labels", "negation", "contrast", "shouting", "paraphrase"):
        if not isinstance(settings.get(table), dict):
            raise RuleError(SETTINGS_FILE, None, f"a [{table}] table is needed")
    for table in ("contrast", "shouting", "paraphrase"):
        category = settings[table].get("category")
        if category not in families:
            raise RuleError(SETTINGS_FILE, None, f"[{table}] category {category!r} is no family")


def shipped_max_chars() -> int:
    """engine.toml's [scoring] max_chars on its own, without compiling every rule."""
    text = resources.files(PACKAGE).joinpath(SETTINGS_FILE).read_text(encoding="utf-8")
    scoring = _read(SETTINGS_FILE, text).get("scoring")
    value = scoring.get("max_chars") if isinstance(scoring, dict) else None
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise RuleError(SETTINGS_FILE, None, "[scoring] max_chars must be a positive number")
    return value


def load_shipped() -> RuleSet:
    """The rule set that ships in resources/rules."""
    folder = resources.files(PACKAGE)
    files = {
        entry.name: entry.read_text(encoding="utf-8")
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    }
    return load_texts(files)
