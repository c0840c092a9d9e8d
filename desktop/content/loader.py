"""Reads scenario pack files (TOML) and checks every field, collecting problems, never raising."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TypeVar

from desktop.content.locate import Locator, PathPart
from desktop.content.model import (
    AnswerOption,
    Category,
    Intensity,
    Label,
    Library,
    PackInfo,
    PackLoad,
    Problem,
    Prompt,
    Scenario,
    Source,
)

FORMAT_VERSION = 1
MAX_FILE_BYTES = 2 * 1024 * 1024
MIN_OPTIONS, MAX_OPTIONS = 4, 6
MIN_FOLLOW_UPS, MAX_FOLLOW_UPS = 2, 4
MAX_TITLE = 100
MAX_PROMPT = 1500
MAX_OPTION = 600
MAX_WHY = 240
MAX_NOTE = 600
MAX_WARNINGS = 8
MAX_WARNING = 60

_Choice = TypeVar("_Choice", Category, Intensity)

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$")
ID_RULE = "an id of 3-64 lowercase letters, digits and hyphens, e.g. 'phone-at-dinner'"

TOP_KEYS = ("format", "pack", "scenario")
PACK_KEYS = ("id", "title", "description")
SCENARIO_KEYS = (
    "id",
    "pack",
    "title",
    "category",
    "intensity",
    "opening",
    "follow_up",
    "sharer_note",
    "content_warnings",
)
PROMPT_KEYS = ("text", "options")
OPTION_KEYS = ("text", "label", "why")


def _choices(values: Iterable[str]) -> str:
    return ", ".join(values)


def _shown(value: object) -> str:
    """A short, safe rendering of what was found, for an error message."""
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return repr(text)
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, bool):
        return "true" if value else "false"
    return type(value).__name__ if not isinstance(value, int | float) else str(value)


class _Checker:
    """Walks one parsed file, turning each wrong field into a Problem with its line."""

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.locator = Locator(text)
        self.problems: list[Problem] = []

    def problem(
        self, path: Sequence[PathPart], label: str, expected: str, found: object = None
    ) -> None:
        self.problems.append(
            Problem(
                file=self.file,
                field=label,
                expected=expected,
                line=self.locator.line(path),
                found="" if found is None else _shown(found),
            )
        )

    def text(
        self,
        table: Mapping[str, object],
        key: str,
        path: Sequence[PathPart],
        label: str,
        *,
        limit: int,
        required: bool = True,
    ) -> str | None:
        value = table.get(key)
        full = f"{label}.{key}" if label else key
        if value is None:
            if required:
                self.problem(path, full, f"a '{key}' entry (text, up to {limit} characters)")
            return None if required else ""
        if not isinstance(value, str):
            self.problem([*path, key], full, "text in quotes", value)
            return None
        cleaned = value.strip()
        if required and not cleaned:
            self.problem([*path, key], full, "some text (it is empty)")
            return None
        if len(cleaned) > limit:
            self.problem(
                [*path, key], full, f"at most {limit} characters", f"{len(cleaned)} characters"
            )
            return None
        return cleaned

    def unknown_keys(
        self,
        table: Mapping[str, object],
        allowed: Sequence[str],
        path: Sequence[PathPart],
        label: str,
    ) -> None:
        for key in table:
            if key not in allowed:
                where = f"{label}.{key}" if label else key
                self.problem(
                    [*path, key], where, f"one of the known keys: {_choices(allowed)}", key
                )

    def option(self, raw: object, path: Sequence[PathPart], label: str) -> AnswerOption | None:
        if not isinstance(raw, dict):
            self.problem(path, label, "a table with text, label and why", raw)
            return None
        before = len(self.problems)
        self.unknown_keys(raw, OPTION_KEYS, path, label)
        text = self.text(raw, "text", path, label, limit=MAX_OPTION)
        why = self.text(raw, "why", path, label, limit=MAX_WHY)
        tag = raw.get("label")
        verdict: Label | None = None
        if tag is None:
            self.problem(path, f"{label}.label", f"a 'label' entry: one of {_labels()}")
        elif not isinstance(tag, str) or tag.strip().lower() not in Label._value2member_map_:
            self.problem([*path, "label"], f"{label}.label", f"one of {_labels()}", tag)
        else:
            verdict = Label(tag.strip().lower())
        if len(self.problems) != before or text is None or why is None or verdict is None:
            return None
        return AnswerOption(text=text, label=verdict, why=why)

    def prompt(self, raw: object, path: Sequence[PathPart], label: str) -> Prompt | None:
        if not isinstance(raw, dict):
            self.problem(path, label, "a table with text and options", raw)
            return None
        before = len(self.problems)
        self.unknown_keys(raw, PROMPT_KEYS, path, label)
        text = self.text(raw, "text", path, label, limit=MAX_PROMPT)
        raw_options = raw.get("options")
        options: list[AnswerOption] = []
        where = f"{label}.options"
        if raw_options is None:
            self.problem(
                path, where, f"an 'options' list of {MIN_OPTIONS}-{MAX_OPTIONS} answer options"
            )
        elif not isinstance(raw_options, list):
            self.problem([*path, "options"], where, "a list of answer options", raw_options)
        else:
            if not MIN_OPTIONS <= len(raw_options) <= MAX_OPTIONS:
                self.problem(
                    [*path, "options"],
                    where,
                    f"{MIN_OPTIONS} to {MAX_OPTIONS} answer options",
                    len(raw_options),
                )
            for index, item in enumerate(raw_options):
                option = self.option(item, [*path, "options", index], f"{where}[{index + 1}]")
                if option is not None:
                    options.append(option)
            seen: set[str] = set()
            for index, option in enumerate(options):
                key = option.text.casefold()
                if key in seen:
                    self.problem(
                        [*path, "options", index],
                        f"{where}[{index + 1}].text",
                        "a different text from the other options of this line",
                        option.text,
                    )
                seen.add(key)
            if options and not any(o.label is Label.VALIDATING for o in options):
                self.problem(
                    [*path, "options"],
                    where,
                    "at least one option labelled 'validating', so there is a good answer to find",
                )
            if options and all(o.label is Label.VALIDATING for o in options):
                self.problem(
                    [*path, "options"],
                    where,
                    "at least one option that is not 'validating', so there is a choice to make",
                )
        if len(self.problems) != before or text is None:
            return None
        return Prompt(text=text, options=tuple(options))

    def scenario(
        self, raw: object, index: int, default_pack: str | None, source: Source
    ) -> Scenario | None:
        path: list[PathPart] = ["scenario", index]
        number = f"scenario {index + 1}"
        if not isinstance(raw, dict):
            self.problem(path, number, "a [[scenario]] table", raw)
            return None
        raw_id = raw.get("id")
        label = f'scenario "{raw_id}"' if isinstance(raw_id, str) and raw_id else number
        before = len(self.problems)
        self.unknown_keys(raw, SCENARIO_KEYS, path, label)

        scenario_id = None
        if raw_id is None:
            self.problem(path, f"{label}.id", f"an 'id' entry: {ID_RULE}")
        elif not isinstance(raw_id, str) or not ID_PATTERN.match(raw_id):
            self.problem([*path, "id"], f"{label}.id", ID_RULE, raw_id)
        else:
            scenario_id = raw_id

        pack = default_pack
        if "pack" in raw:
            raw_pack = raw["pack"]
            if not isinstance(raw_pack, str) or not ID_PATTERN.match(raw_pack):
                self.problem([*path, "pack"], f"{label}.pack", ID_RULE, raw_pack)
            else:
                pack = raw_pack

        title = self.text(raw, "title", path, label, limit=MAX_TITLE)
        category = self._choice(raw, "category", Category, path, label)
        intensity = self._choice(raw, "intensity", Intensity, path, label)
        note = self.text(raw, "sharer_note", path, label, limit=MAX_NOTE, required=False)
        warnings = self._warnings(raw, path, label)

        opening = None
        if "opening" not in raw:
            self.problem(
                path,
                f"{label}.opening",
                "a [scenario.opening] table: the first thing the hurt partner says",
            )
        else:
            opening = self.prompt(raw["opening"], [*path, "opening"], f"{label}.opening")

        follow_ups: list[Prompt] = []
        raw_follow = raw.get("follow_up")
        where = f"{label}.follow_up"
        if raw_follow is None:
            self.problem(
                path, where, f"{MIN_FOLLOW_UPS} to {MAX_FOLLOW_UPS} [[scenario.follow_up]] tables"
            )
        elif not isinstance(raw_follow, list):
            self.problem([*path, "follow_up"], where, "[[scenario.follow_up]] tables", raw_follow)
        else:
            if not MIN_FOLLOW_UPS <= len(raw_follow) <= MAX_FOLLOW_UPS:
                self.problem(
                    [*path, "follow_up", 0],
                    where,
                    f"{MIN_FOLLOW_UPS} to {MAX_FOLLOW_UPS} follow-up lines",
                    len(raw_follow),
                )
            for number_in, item in enumerate(raw_follow):
                prompt = self.prompt(
                    item, [*path, "follow_up", number_in], f"{where}[{number_in + 1}]"
                )
                if prompt is not None:
                    follow_ups.append(prompt)

        if pack is None:
            self.problem(path, f"{label}.pack", "a pack id, from [pack] id or the scenario")
        if (
            len(self.problems) != before
            or scenario_id is None
            or pack is None
            or title is None
            or category is None
            or intensity is None
            or opening is None
            or note is None
            or warnings is None
        ):
            return None
        return Scenario(
            id=scenario_id,
            pack=pack,
            title=title,
            category=category,
            intensity=intensity,
            opening=opening,
            follow_ups=tuple(follow_ups),
            sharer_note=note,
            content_warnings=warnings,
            source=source,
        )

    def _choice(
        self,
        raw: Mapping[str, object],
        key: str,
        kind: type[_Choice],
        path: Sequence[PathPart],
        label: str,
    ) -> _Choice | None:
        allowed = _choices(member.value for member in kind)
        value = raw.get(key)
        if value is None:
            self.problem(path, f"{label}.{key}", f"a '{key}' entry: one of {allowed}")
            return None
        if not isinstance(value, str) or value.strip().lower() not in kind._value2member_map_:
            self.problem([*path, key], f"{label}.{key}", f"one of {allowed}", value)
            return None
        return kind(value.strip().lower())

    def _warnings(
        self, raw: Mapping[str, object], path: Sequence[PathPart], label: str
    ) -> tuple[str, ...] | None:
        value = raw.get("content_warnings", [])
        where = f"{label}.content_warnings"
        expected = f'a list of up to {MAX_WARNINGS} short texts, e.g. ["infidelity"]'
        if not isinstance(value, list) or len(value) > MAX_WARNINGS:
            self.problem([*path, "content_warnings"], where, expected, value)
            return None
        words: list[str] = []
        for item in value:
            if not isinstance(item, str) or not item.strip() or len(item) > MAX_WARNING:
                self.problem([*path, "content_warnings"], where, expected, item)
                return None
            words.append(item.strip())
        return tuple(words)


def _labels() -> str:
    return _choices(label.value for label in Label)


def parse_pack_text(text: str, file: str, source: Source = Source.BUILT_IN) -> PackLoad:
    """Every scenario in one pack file's text that passes, and a problem for each that fails."""
    checker = _Checker(file, text)
    if not text.strip():
        checker.problem(
            [], "", "a pack file with a [pack] table and [[scenario]] tables; this file is empty"
        )
        return PackLoad(file, (), tuple(checker.problems))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        line_match = re.search(r"line (\d+)", message)
        line = int(line_match.group(1)) if line_match else None
        reason = re.sub(r"\s*\(at .*\)\s*$", "", message).strip() or "invalid TOML"
        checker.problems.append(
            Problem(file=file, field="", expected=f"valid TOML ({reason})", line=line)
        )
        return PackLoad(file, (), tuple(checker.problems))
    except (RecursionError, MemoryError):
        # tomllib recurses once per nested table or array: a hostile file runs it out of stack.
        checker.problems.append(
            Problem(file=file, field="", expected="valid TOML (it is nested too deeply)")
        )
        return PackLoad(file, (), tuple(checker.problems))

    checker.unknown_keys(data, TOP_KEYS, [], "")
    version = data.get("format", FORMAT_VERSION)
    if version != FORMAT_VERSION or isinstance(version, bool):
        checker.problem(
            ["format"],
            "format",
            f"format = {FORMAT_VERSION} (this version of Attune reads format {FORMAT_VERSION})",
            version,
        )
        return PackLoad(file, (), tuple(checker.problems))

    pack_info = _pack_info(checker, data.get("pack"), source)
    raw_scenarios = data.get("scenario")
    if raw_scenarios is None:
        checker.problem([], "scenario", "at least one [[scenario]] table")
        return PackLoad(file, (), tuple(checker.problems), pack_info)
    if not isinstance(raw_scenarios, list):
        checker.problem(["scenario"], "scenario", "[[scenario]] tables", raw_scenarios)
        return PackLoad(file, (), tuple(checker.problems), pack_info)

    scenarios: list[Scenario] = []
    seen: set[str] = set()
    default_pack = pack_info.id if pack_info else None
    for index, raw in enumerate(raw_scenarios):
        scenario = checker.scenario(raw, index, default_pack, source)
        if scenario is None:
            continue
        if scenario.id in seen:
            checker.problem(
                ["scenario", index, "id"],
                f'scenario "{scenario.id}".id',
                "an id used only once in the file",
                scenario.id,
            )
            continue
        seen.add(scenario.id)
        scenarios.append(scenario)
    return PackLoad(file, tuple(scenarios), tuple(checker.problems), pack_info)


def _pack_info(checker: _Checker, raw: object, source: Source) -> PackInfo | None:
    if raw is None:
        checker.problem([], "pack", "a [pack] table with id and title")
        return None
    if not isinstance(raw, dict):
        checker.problem(["pack"], "pack", "a [pack] table with id and title", raw)
        return None
    checker.unknown_keys(raw, PACK_KEYS, ["pack"], "pack")
    pack_id = raw.get("id")
    if not isinstance(pack_id, str) or not ID_PATTERN.match(pack_id):
        checker.problem(["pack", "id"], "pack.id", ID_RULE, pack_id)
        return None
    title = checker.text(raw, "title", ["pack"], "pack", limit=MAX_TITLE)
    description = checker.text(raw, "description", ["pack"], "pack", limit=MAX_NOTE, required=False)
    if title is None:
        return None
    return PackInfo(pack_id, title, description or "", source)


def decode_pack_bytes(data: bytes, file: str) -> tuple[str | None, Problem | None]:
    """The file's text, or the one problem that stops it from being read at all."""
    if len(data) > MAX_FILE_BYTES:
        return None, Problem(
            file,
            "",
            f"a pack file of at most {MAX_FILE_BYTES // (1024 * 1024)} MB",
            f"{len(data) / (1024 * 1024):.1f} MB",
        )
    if not data.strip():
        return None, Problem(
            file, "", "a pack file with a [pack] table and [[scenario]] tables; this file is empty"
        )
    if b"\x00" in data:
        return None, Problem(
            file, "", "a text file in UTF-8; this looks like a binary file (it holds NUL bytes)"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, Problem(
            file,
            "",
            "text in UTF-8 encoding; save the file as UTF-8 and try again",
            line=line,
            found=f"byte 0x{data[exc.start]:02x}",
        )
    return text, None


def load_pack_file(path: str | Path, source: Source = Source.USER) -> PackLoad:
    """One pack file from disk: its good scenarios and its problems. Never raises for bad files."""
    file_path = Path(path)
    name = file_path.name
    try:
        if not file_path.is_file():
            what = _not_a_file(file_path)
            return PackLoad(name, (), (Problem(name, "", "a pack file (.toml)", found=what),))
        size = file_path.stat().st_size
        if size > MAX_FILE_BYTES:
            mb = f"{size / (1024 * 1024):.1f} MB"
            limit = f"a pack file of at most {MAX_FILE_BYTES // (1024 * 1024)} MB"
            return PackLoad(name, (), (Problem(name, "", limit, found=mb),))
        data = file_path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or "it could not be opened"
        return PackLoad(name, (), (Problem(name, "", "a readable file", found=reason),))
    text, problem = decode_pack_bytes(data, name)
    if text is None:
        return PackLoad(name, (), (problem,) if problem else ())
    return parse_pack_text(text, name, source)


def _not_a_file(path: Path) -> str:
    """What stands at `path` instead of a pack file, said the way a person would."""
    if path.is_dir():
        return "a folder"
    if path.exists():
        return "not a regular file (a pipe, a device or a socket)"
    return "missing"


def check_pack_file(path: str | Path) -> list[Problem]:
    """Every problem in one pack file; an empty list means it is ready to import."""
    return list(load_pack_file(path).problems)


def library_from(loads: Iterable[PackLoad]) -> Library:
    """One library from several files; a scenario id seen before is reported, not loaded."""
    scenarios: list[Scenario] = []
    problems: list[Problem] = []
    packs: list[PackInfo] = []
    seen: set[str] = set()
    for load in loads:
        problems.extend(load.problems)
        if load.pack is not None and all(p.id != load.pack.id for p in packs):
            packs.append(load.pack)
        for scenario in load.scenarios:
            if scenario.id in seen:
                problems.append(
                    Problem(
                        load.file,
                        f'scenario "{scenario.id}".id',
                        "an id no other pack uses",
                        scenario.id,
                    )
                )
                continue
            seen.add(scenario.id)
            scenarios.append(scenario)
    return Library(tuple(scenarios), tuple(problems), tuple(packs))


@lru_cache(maxsize=1)
def load_builtin() -> Library:
    """The packs shipped in resources/scenarios (read once; the result is immutable)."""
    folder = resources.files("resources.scenarios")
    loads: list[PackLoad] = []
    entries = sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".toml")),
        key=lambda entry: entry.name,
    )
    for entry in entries:
        data = entry.read_bytes()
        text, problem = decode_pack_bytes(data, entry.name)
        if text is None:
            loads.append(PackLoad(entry.name, (), (problem,) if problem else ()))
            continue
        loads.append(parse_pack_text(text, entry.name, Source.BUILT_IN))
    return library_from(loads)
