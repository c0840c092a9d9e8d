"""Saved scores turned back into the engine's own values, for resuming a session."""

from __future__ import annotations

import json

from desktop.store.records import StoredResult


def result(saved: StoredResult) -> object:
    """The engine's Result for a saved score (the saved form itself when it cannot be made)."""
    return saved


def share(saved: str | None) -> object | None:
    """The engine's ShareResult for a saved share score, or None in solo mode."""
    if not saved:
        return None
    value: object = json.loads(saved)
    return value
