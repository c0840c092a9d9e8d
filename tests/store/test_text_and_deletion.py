"""R15: any text goes in and comes back; R11 (storage side): deleted text leaves the files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.paths import AppPaths
from desktop.practice import Draft, FeltHeard
from desktop.store import Store
from desktop.store.text import storable
from tests.store.helpers import T0, couple, make_turn

CANARY = "Canary-7f3e: the lake house in October"


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store.open(AppPaths.under(tmp_path_factory.mktemp("text") / "data"))
    yield store
    store.close(backup=False)


# st.text() drops most lone surrogates even from an alphabet that offers them, so strings are
# joined from characters directly, with the ones that have broken text handling mixed in.
ANY_CHARACTER = st.one_of(
    st.characters(codec=None),
    st.sampled_from(["\ud800", "\udbff", "\udc00", "\udfff", "\x00", "\u200d", "\u202e"]),
    st.sampled_from(["\r", "\n", "\u2028", "\ufeff", "'", '"', ";"]),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(ANY_CHARACTER, max_size=300).map("".join))
def test_any_text_is_saved_and_read_back(shared_store: Store, text: str) -> None:
    sid = shared_store.session_started(couple(), T0)
    tid = shared_store.turn_scored(sid, make_turn(text, hurt=text))
    shared_store.felt_heard_rated(tid, FeltHeard(3, text))
    shared_store.draft_saved(sid, Draft(0, 1, "answer", text, text, T0))
    expected = storable(text)
    assert len(expected) == len(text)  # span offsets stay valid
    (turn,) = shared_store.session_replay(sid).turns
    assert turn.answer_text == expected
    assert turn.hurt_text == expected
    assert turn.felt_heard == FeltHeard(3, expected)
    draft = shared_store.load_snapshot(sid).draft
    assert draft is not None and draft.text == expected


def test_lone_surrogates_nul_and_line_breaks(store: Store) -> None:
    text = "I\ud800 hear\x00 you\r\n\u2028really \u200d\u202e"
    sid = store.session_started(couple(), T0)
    store.turn_scored(sid, make_turn(text))
    (turn,) = store.session_replay(sid).turns
    assert turn.answer_text == "I\ufffd hear\x00 you\r\n\u2028really \u200d\u202e"


def test_a_hundred_thousand_character_answer(store: Store) -> None:
    text = ("I'm sorry. " * 10_000)[:100_000]
    sid = store.session_started(couple(), T0)
    store.turn_scored(sid, make_turn(text))
    assert store.session_replay(sid).turns[0].answer_text == text


def files_holding(folder: Path, needle: bytes) -> list[str]:
    return [p.name for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]


def test_a_deleted_session_leaves_no_trace_in_the_database_or_wal(store: Store) -> None:
    keep = store.session_started(couple(), T0)
    store.turn_scored(keep, make_turn("I'm sorry, truly."))
    gone = store.session_started(couple("Cleo", "Dan"), T0)
    tid = store.turn_scored(gone, make_turn(CANARY, answerer="Dan", sharer="Cleo", hurt=CANARY))
    store.felt_heard_rated(tid, FeltHeard(2, CANARY))
    store.draft_saved(gone, Draft(0, 1, "answer", CANARY, CANARY, T0))
    root = store.paths.root
    assert files_holding(root, CANARY.encode()) != []

    store.delete_session(gone)
    assert files_holding(root, CANARY.encode()) == []
    assert [p.name for p in store.partners()] == ["Ana", "Ben"]
    assert len(store.list_sessions()) == 1


def test_deleting_a_partner_removes_their_sessions(store: Store) -> None:
    a = store.session_started(couple(), T0)
    store.turn_scored(a, make_turn(CANARY))
    b = store.session_started(couple("Cleo", "Dan"), T0)
    store.turn_scored(b, make_turn("sorry", sharer="Cleo", answerer="Dan"))
    assert store.delete_partner("Ben") == 1
    assert [s.session_id for s in store.list_sessions()] == [b]
    assert [p.name for p in store.partners()] == ["Cleo", "Dan"]
    assert files_holding(store.paths.root, CANARY.encode()) == []


def test_delete_everything_empties_tables_and_backups(app_paths: AppPaths) -> None:
    with Store.open(app_paths) as store:
        sid = store.session_started(couple(), T0)
        store.turn_scored(sid, make_turn(CANARY))
        store.save_scenario("mine-1", "mine", f'hurt = "{CANARY}"')
    store = Store.open(app_paths)
    assert files_holding(app_paths.root, CANARY.encode()) != []  # the backup holds it too
    store.delete_everything()
    assert files_holding(app_paths.root, CANARY.encode()) == []
    assert store.list_sessions() == [] and store.partners() == []
    assert store.list_scenarios() == []
    store.close()
    assert files_holding(app_paths.root, CANARY.encode()) == []
