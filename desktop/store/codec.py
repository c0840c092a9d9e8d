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


def hurt_extra(hurt: Hurt) -> str | None:
    """Options and follow-up lines as JSON; None when the hurt has neither."""
    if not hurt.options and not hurt.follow_ups:
        return None
    return dumps({"options": hurt.options, "follow_ups": hurt.follow_ups})


def hurt_from(text: str, scenario_id: str | None, extra: str | None) -> Hurt:
    if not extra:
        return Hurt(text, scenario_id=scenario_id)
    return _hurt_from_plain(
        {"text": text, "scenario_id": scenario_id, **json.loads(extra)},
    )


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
