"""User scenarios go into the database through the store and come back the same."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from desktop.content import Source, import_packs, load_builtin
from desktop.content.saved import save_imported, save_scenario, saved_library, user_library
from desktop.paths import AppPaths
from desktop.store import Store
from tests.content.helpers import pack_text, scenario_text


def test_an_imported_pack_is_kept_in_the_store_and_read_back(
    app_paths: AppPaths, tmp_path: Path
) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(pack_text(scenario_text("mine-one"), scenario_text("mine-two")), "utf-8")
    store = Store.open(app_paths)
    try:
        assert save_imported(store, import_packs(path)) == 2
        library = saved_library(store)
    finally:
        store.close()
    assert [s.id for s in library.scenarios] == ["mine-one", "mine-two"]
    assert {s.source for s in library.scenarios} == {Source.USER}
    assert library.problems == ()


def test_an_edited_scenario_replaces_the_saved_one(app_paths: AppPaths) -> None:
    scenario = dataclasses.replace(load_builtin().scenarios[0], source=Source.USER, id="my-copy")
    store = Store.open(app_paths)
    try:
        save_scenario(store, scenario)
        save_scenario(store, dataclasses.replace(scenario, title="Renamed"))
        library = saved_library(store)
    finally:
        store.close()
    assert [(s.id, s.title) for s in library.scenarios] == [("my-copy", "Renamed")]
    assert library.scenarios[0].opening == scenario.opening


def test_user_library_is_none_without_a_database(app_paths: AppPaths) -> None:
    assert user_library(app_paths) is None
    assert not app_paths.database.exists()


def test_a_saved_text_that_no_longer_passes_is_reported_not_fatal(app_paths: AppPaths) -> None:
    store = Store.open(app_paths)
    try:
        store.save_scenario("broken-one", "mine", "this is = not [valid")
        save_scenario(store, dataclasses.replace(load_builtin().scenarios[1], id="fine-one"))
        library = saved_library(store)
    finally:
        store.close()
    assert [s.id for s in library.scenarios] == ["fine-one"]
    assert len(library.problems) == 1
    assert "broken-one" in library.problems[0].file
