"""Export and import: a single .toml or a .zip of packs survives the round trip unchanged."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.content import (
    Source,
    export_pack,
    import_packs,
    load_builtin,
    parse_pack_text,
    scenario_to_toml,
)
from desktop.errors import BadPack
from tests.content.helpers import pack_text, scenario_text


def as_user(scenarios: object) -> list[object]:
    return [dataclasses.replace(s, source=Source.USER) for s in scenarios]  # type: ignore[attr-defined]


def test_a_single_toml_round_trips_every_field(tmp_path: Path) -> None:
    originals = load_builtin().filtered(pack="affair")
    path = export_pack(originals, tmp_path / "mine.toml", load_builtin().packs)
    result = import_packs(path)
    assert result.problems == ()
    assert list(result.scenarios) == as_user(originals)
    assert result.files == ("mine.toml",)


def test_a_zip_holds_one_file_per_pack_and_round_trips(tmp_path: Path) -> None:
    library = load_builtin()
    chosen = library.filtered(pack="affair")[:2] + library.filtered(pack="everyday")[:3]
    path = export_pack(chosen, tmp_path / "packs.zip", library.packs)
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["affair.toml", "everyday.toml"]
    result = import_packs(path)
    assert result.problems == ()
    assert sorted(s.id for s in result.scenarios) == sorted(s.id for s in chosen)
    assert {p.title for p in result.packs} == {"Affair and emotional affair", "Everyday hurts"}


def test_a_single_toml_keeps_scenarios_from_several_packs(tmp_path: Path) -> None:
    library = load_builtin()
    chosen = library.filtered(pack="secrecy")[:1] + library.filtered(pack="triggers")[:1]
    result = import_packs(export_pack(chosen, tmp_path / "two.toml"))
    assert [s.pack for s in result.scenarios] == ["secrecy", "triggers"]


def test_import_leaves_out_ids_already_in_the_library(tmp_path: Path) -> None:
    path = tmp_path / "pack.toml"
    path.write_text(pack_text(scenario_text("kept-one"), scenario_text("taken-one")), "utf-8")
    result = import_packs(path, taken_ids={"taken-one"})
    assert [s.id for s in result.scenarios] == ["kept-one"]
    assert [p.field for p in result.problems] == ['scenario "taken-one".id']
    assert "already in your library" in result.problems[0].expected


def test_a_zip_with_one_bad_file_still_imports_the_good_one(tmp_path: Path) -> None:
    path = tmp_path / "mixed.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("good.toml", pack_text(scenario_text("good-one")))
        archive.writestr("bad.toml", b"\xff\xfe not text")
        archive.writestr("notes.txt", "ignored: not a pack")
        archive.writestr("folder/", "")
    result = import_packs(path)
    assert [s.id for s in result.scenarios] == ["good-one"]
    assert [p.file for p in result.problems] == ["mixed.zip/bad.toml"]
    assert "UTF-8" in result.problems[0].describe()


def test_a_damaged_zip_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "broken.zip"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    result = import_packs(path)
    assert result.scenarios == ()
    assert "damaged or not a .zip" in result.problems[0].describe()


def test_a_zip_without_packs_says_so(tmp_path: Path) -> None:
    path = tmp_path / "empty.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "at least one .toml" in import_packs(path).problems[0].describe()


def test_exporting_nothing_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BadPack, match="no scenarios to export"):
        export_pack([], tmp_path / "none.toml")
    assert not (tmp_path / "none.toml").exists()


def test_exporting_to_an_unwritable_place_is_a_calm_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", "utf-8")
    with pytest.raises(BadPack, match="Could not export"):
        export_pack(load_builtin().scenarios[:1], blocker / "out.toml")


texts = st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=1, max_size=60).filter(
    lambda t: t.strip() == t and t.strip()
)


@settings(max_examples=60, deadline=None)
@given(title=texts, opening=texts, option=texts)
def test_any_text_survives_export_and_import(title: str, opening: str, option: str) -> None:
    base = parse_pack_text(pack_text(), "base.toml").scenarios[0]
    first = dataclasses.replace(base.opening.options[0], text=option)
    opening_prompt = dataclasses.replace(
        base.opening, text=opening, options=(first, *base.opening.options[1:])
    )
    if len({o.text.casefold() for o in opening_prompt.options}) < 4:
        return  # the loader rightly refuses two identical options
    scenario = dataclasses.replace(base, title=title, opening=opening_prompt, source=Source.USER)
    again = parse_pack_text(scenario_to_toml(scenario), "again.toml", Source.USER)
    assert again.problems == ()
    assert again.scenarios == (scenario,)


def test_exporting_onto_a_pipe_is_refused_and_the_pipe_is_left_alone(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pack.toml"
    os.mkfifo(fifo)
    with pytest.raises(BadPack, match="not an ordinary file"):
        export_pack(load_builtin().scenarios[:1], fifo)
    assert fifo.is_fifo()
