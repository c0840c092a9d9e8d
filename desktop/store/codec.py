"""How engine and practice values become columns and JSON text, and come back."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from desktop.practice.records import Hurt, Option
from desktop.store.records import StoredHit, StoredResult
from desktop.store.text import storable


def when(moment: datetime) -> str:
    """A sortable UTC text form: every saved time uses it, so text order is time order."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def parse_when(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def plain(value: object) -> Any:
    """A JSON-ready copy of a dataclass/enum/tuple tree, with text made storable."""
    if isinstance(value, Enum):
        return plain(value.value)
    if isinstance(value, str):
        return storable(value)
    if value is None or isinstance(value, bool | int | float):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    return storable(str(value))


def dumps(value: object) -> str:
    return json.dumps(plain(value), ensure_ascii=False, separators=(",", ":"))


def label_text(value: object) -> str:
    return str(getattr(value, "value", value))


def options_plain(hurt: Hurt) -> list[Any]:
    """The options offered with a hurt, ready to store as one shared option set.

    A scenario's later lines are not kept with each answer: a resumed session goes on with
    the next round (see PracticeSession.resume), and the scenario itself holds them.
    """
    value: list[Any] = plain(hurt.options)
    return value


def hurt_from(
    text: str, scenario_id: str | None, options_json: str | None, legacy_json: str | None
) -> Hurt:
    data: dict[str, Any] = {"text": text, "scenario_id": scenario_id}
    if legacy_json:  # answers saved before option sets (schema 1-2)
        data.update(json.loads(legacy_json))
    if options_json:
        data["options"] = json.loads(options_json)
    return _hurt_from_plain(data)


def _hurt_from_plain(data: dict[str, Any]) -> Hurt:
    options = tuple(
        Option(str(o.get("text", "")), o.get("expected"), str(o.get("why", "")))
        for o in data.get("options", ())
    )
    follow_ups = tuple(_hurt_from_plain(f) for f in data.get("follow_ups", ()))
    return Hurt(
        str(data.get("text", "")),
        options=options,
        scenario_id=data.get("scenario_id"),
        follow_ups=follow_ups,
    )


def hit_row(turn_id: int, position: int, hit: object) -> tuple[object, ...]:
    return (
        turn_id,
        position,
        str(getattr(hit, "rule_id", "") or getattr(hit, "category", "")),
        label_text(getattr(hit, "category", "")),
        label_text(getattr(hit, "polarity", "")),
        int(getattr(hit, "start", 0)),
        int(getattr(hit, "end", 0)),
        float(getattr(hit, "weight", 0.0)),
        storable(str(getattr(hit, "message", ""))),
        storable(str(getattr(hit, "suggestion", ""))),
    )


def stored_result(
    *,
    validation: float,
    defensiveness: float,
    label: str,
    hits: tuple[StoredHit, ...],
    steps_json: str | None,
    rules_version: str,
) -> StoredResult:
    steps = json.loads(steps_json) if steps_json else None
    return StoredResult(validation, defensiveness, label, hits, steps, rules_version)
