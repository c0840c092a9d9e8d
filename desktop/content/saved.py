"""User scenarios kept in the database: read back, saved, and imported through the store's API."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from desktop.content.loader import library_from, parse_pack_text
from desktop.content.model import Library, PackInfo, PackLoad, Scenario, Source
from desktop.content.packfiles import ImportResult, scenario_to_toml

if TYPE_CHECKING:
    from desktop.paths import AppPaths
    from desktop.store import CustomScenario


class ScenarioStore(Protocol):
    """The part of desktop.store.Store that keeps user scenarios (a fake in tests)."""

    def save_scenario(self, scenario_id: str, pack: str, body: str, fmt: str = "toml") -> None: ...

    def list_scenarios(self, pack: str | None = None) -> list[CustomScenario]: ...

    def delete_scenario(self, scenario_id: str) -> bool: ...


def saved_library(store: ScenarioStore) -> Library:
    """Every user scenario in the store; a stored text that no longer passes is a problem."""
    loads: list[PackLoad] = []
    for saved in store.list_scenarios():
        label = f"saved scenario “{saved.scenario_id}”"
        loads.append(parse_pack_text(saved.body, label, Source.USER))
    return library_from(loads)


def save_scenario(store: ScenarioStore, scenario: Scenario, pack_title: str | None = None) -> None:
    """Keep one scenario (new or edited) in the store, as the pack text it exports to."""
    store.save_scenario(scenario.id, scenario.pack, scenario_to_toml(scenario, pack_title), "toml")


def save_imported(store: ScenarioStore, result: ImportResult) -> int:
    """Keep every scenario an import found; returns how many were saved."""
    titles = {pack.id: pack.title for pack in result.packs}
    for scenario in result.scenarios:
        save_scenario(store, scenario, titles.get(scenario.pack))
    return len(result.scenarios)


def user_library(paths: AppPaths) -> Library | None:
    """User scenarios from the database at `paths`, read-only; None when there is no database.

    A database that cannot be read (locked, encrypted, too new) gives None too: listing the
    built-in scenarios must still work, and the store reports such problems elsewhere.
    """
    from desktop.errors import AttuneError

    if not paths.database.exists():
        return None
    try:
        from desktop.store import Store

        store = Store.open(paths, read_only=True)
    except AttuneError:
        return None
    try:
        return saved_library(store)
    except AttuneError:
        return None
    finally:
        store.close(backup=False)


def pack_infos(scenarios: Sequence[Scenario]) -> tuple[PackInfo, ...]:
    """A heading for each user pack, named after its id, for packs that carry no title."""
    seen: dict[str, PackInfo] = {}
    for scenario in scenarios:
        title = scenario.pack.replace("-", " ").capitalize()
        seen.setdefault(scenario.pack, PackInfo(scenario.pack, title, source=Source.USER))
    return tuple(seen.values())
