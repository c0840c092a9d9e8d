"""`attune export`, `stats`, `doctor` and `demo-data` as a user runs them."""

from __future__ import annotations

import csv
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.paths import AppPaths
from desktop.practice import FeltHeard
from desktop.store import SCHEMA_VERSION, Store
from tests.store.helpers import T0, couple, make_turn

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def history(app_paths: AppPaths) -> AppPaths:
    """Two sessions: one with an answer containing commas, quotes and a line break."""
    with Store.open(app_paths) as store:
        first = store.session_started(couple(), T0)
        tid = store.turn_scored(first, make_turn('I\'m sorry, but "late",\nagain'))
        store.felt_heard_rated(tid, FeltHeard(2, "=not heard"))
        store.turn_scored(first, make_turn("sorry", turn_index=1))
        second = store.session_started(couple(), T0)
        store.turn_scored(second, make_turn("=SUM(A1) but", sharer="Ben", answerer="Ana"))
    return app_paths


def run(paths: AppPaths, *args: str) -> int:
    return main([*args, "--data-dir", str(paths.root)])


def test_json_export_holds_everything_to_rebuild_history(history: AppPaths, tmp_path: Path) -> None:
    (tmp_path / "exports").mkdir()
    out = tmp_path / "exports" / "history.json"
    assert run(history, "export", "--format", "json", "--out", str(out)) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "attune-export"
    first, second = data["sessions"]
    assert first["partners"] == ["Ana", "Ben"] and first["rounds"] == 2
    turn = first["turns"][0]
    assert turn["answer_text"] == 'I\'m sorry, but "late",\nagain'
    assert turn["felt_heard"] == {"rating": 2, "note": "=not heard"}
    assert [(h["rule_id"], h["start"], h["end"]) for h in turn["hits"]] == [
        ("sorry", 4, 9),
        ("yes_but", 11, 14),
    ]
    assert turn["hurt"]["options"][0]["text"] == "I hear you."
    assert second["turns"][0]["answerer"] == "Ana"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in out.parent.iterdir()] == ["history.json"]  # no temp file left


def test_csv_export_is_one_row_per_answer_and_safe_in_a_spreadsheet(
    history: AppPaths, tmp_path: Path
) -> None:
    out = tmp_path / "history.csv"
    assert run(history, "export", "--format", "csv", "--out", str(out)) == 0
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 3
    assert rows[0]["answer"] == 'I\'m sorry, but "late",\nagain'
    assert rows[0]["felt_heard"] == "2" and rows[0]["felt_heard_note"] == "'=not heard"
    assert rows[0]["habits"] == "yes_but"
    assert rows[2]["answer"] == "'=SUM(A1) but"  # a formula would run in a spreadsheet


def test_export_of_one_session_to_standard_output(
    history: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(history, "export", "--session", "2") == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["id"] for s in data["sessions"]] == [2]


def test_export_of_a_missing_session_or_into_a_missing_folder_is_a_message(
    history: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(history, "export", "--session", "99") == 2
    assert "no session 99" in capsys.readouterr().err
    assert run(history, "export", "--out", str(tmp_path / "nope" / "x.json")) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and "Traceback" not in err


def test_stats_per_partner(history: AppPaths, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(history, "stats") == 0
    out = capsys.readouterr().out
    assert "2 session(s), 3 answer(s)" in out
    ben = next(line for line in out.splitlines() if line.startswith("Ben"))
    assert ben.split()[1:3] == ["2", "2"]  # sessions, answers
    assert "yes_but (1)" in ben


def test_doctor_reports_a_healthy_database(
    history: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(history, "doctor") == 0
    out = capsys.readouterr().out
    assert "integrity:       ok" in out
    assert str(history.database) in out
    assert f"schema version:  {SCHEMA_VERSION} (this Attune: {SCHEMA_VERSION})" in out
    assert "no problems found" in out


def test_doctor_fails_on_open_permissions_and_damage(
    history: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    history.database.chmod(0o644)
    assert run(history, "doctor") == 1
    assert "TOO OPEN" in capsys.readouterr().out
    history.database.chmod(0o600)
    with history.database.open("r+b") as f:
        f.seek(0)
        f.write(b"this is not a database at all.")
    before = history.database.read_bytes()
    assert run(history, "doctor") == 1
    assert "integrity" in capsys.readouterr().out
    assert history.database.read_bytes() == before  # doctor never writes


def test_commands_on_a_missing_database_say_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = AppPaths.under(tmp_path / "none")
    assert run(empty, "export") == 2
    assert "no Attune database" in capsys.readouterr().err
    assert run(empty, "stats") == 0
    assert run(empty, "doctor") == 0
    assert not empty.database.exists()


@pytest.mark.slow
def test_demo_data_practises_through_the_real_engine(cli_env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "demo-data", "--sessions", "40"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=cli_env,
    )
    assert done.returncode == 0, done.stderr
    assert "Added 40 demo session(s)" in done.stdout
    paths = AppPaths.under(cli_env["ATTUNE_DATA_DIR"])
    with Store.open(paths) as store:
        sessions = store.list_sessions()
        assert len(sessions) == 40
        labels = {t.result.label for t in store.session_replay(sessions[0].session_id).turns} | {
            t.result.label for t in store.session_replay(sessions[-1].session_id).turns
        }
        assert len(labels) >= 2  # varied answers, not one canned score
        series = store.progress_series("Maya")
        early = sum(p.validation for p in series[:8]) / 8
        late = sum(p.validation for p in series[-8:]) / 8
        assert late > early  # the demo couple improves over time
    assert os.environ.get("ATTUNE_DATA_DIR") is None


def test_demo_data_refuses_a_silly_count(
    app_paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(app_paths, "demo-data", "--sessions", "0") == 2
    assert "--sessions must be" in capsys.readouterr().err


def test_a_damaged_database_stops_the_command_and_the_good_backups_stay(
    history: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.store.backups import list_backups

    good = list_backups(history.backups)
    assert good  # the history fixture's close made one
    history.database.write_bytes(os.urandom(200_000))
    for side in (Path(f"{history.database}-wal"), Path(f"{history.database}-shm")):
        side.unlink(missing_ok=True)
    assert run(history, "stats") == 2
    err = capsys.readouterr().err
    assert "damaged" in err and "kept at" in err and "restore a backup" in err
    assert list(history.root.glob("attune.db.damaged-*"))
    # Later runs use the new, empty database; its copies never push out the good backups.
    for _ in range(7):
        assert run(history, "stats") == 0
        assert run(history, "export", "--format", "json") == 0
    capsys.readouterr()
    assert [b.path.name for b in list_backups(history.backups)] == [b.path.name for b in good]


def test_export_onto_the_database_itself_is_refused(
    history: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(history, "export", "--out", str(history.database)) == 2
    assert "Attune's own files" in capsys.readouterr().err
    assert run(history, "stats") == 0
    assert "2 session(s)" in capsys.readouterr().out


@pytest.mark.parametrize(
    "command", [["stats"], ["doctor"], ["export"], ["demo-data", "--sessions", "1"]]
)
def test_a_folder_where_the_database_belongs_is_named_not_mistaken_for_no_data(
    app_paths: AppPaths, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    app_paths.ensure()
    app_paths.database.mkdir()
    (app_paths.database / "keep.txt").write_text("mine")
    assert run(app_paths, *command) == 2
    assert "is not a file" in capsys.readouterr().err
    assert (app_paths.database / "keep.txt").read_text() == "mine"
