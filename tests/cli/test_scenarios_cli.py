"""`attune scenarios` lists every scenario and `--check FILE` prints a pack's problems."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.content import load_builtin
from desktop.content.saved import save_scenario
from desktop.paths import AppPaths
from desktop.store import Store
from tests.content.helpers import pack_text, scenario_text


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_table_lists_every_builtin_scenario(
    capsys: pytest.CaptureFixture[str], app_paths: AppPaths
) -> None:
    code, out, err = run(capsys, "scenarios", "--data-dir", str(app_paths.root))
    lines = out.splitlines()
    assert code == 0
    assert err == ""
    assert lines[0].split() == ["id", "pack", "category", "intensity", "source"]
    assert len(lines) == 1 + len(load_builtin())
    assert lines[1].split() == [
        "affair-found-the-hotel-receipt",
        "affair",
        "affair",
        "raw",
        "built-in",
    ]


def test_json_includes_user_scenarios_from_the_database(
    capsys: pytest.CaptureFixture[str], app_paths: AppPaths
) -> None:
    from desktop.content import parse_pack_text

    mine = parse_pack_text(pack_text(scenario_text("my-own-one")), "x.toml").scenarios[0]
    store = Store.open(app_paths)
    save_scenario(store, mine)
    store.close()
    code, out, _ = run(capsys, "scenarios", "--json", "--data-dir", str(app_paths.root))
    rows = json.loads(out)
    assert code == 0
    assert rows[-1] == {
        "id": "my-own-one",
        "pack": "test-pack",
        "category": "everyday",
        "intensity": "gentle",
        "source": "user",
        "title": "A test",
    }
    assert sum(row["source"] == "built-in" for row in rows) == len(load_builtin())


def test_check_a_good_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "good.toml"
    path.write_text(pack_text(), "utf-8")
    code, out, _ = run(capsys, "scenarios", "--check", str(path))
    assert code == 0
    assert out == "OK: 1 scenario ready to import.\n"


def test_check_prints_each_problem_with_file_line_and_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(pack_text(scenario_text(intensity='"fierce"')), "utf-8")
    code, out, err = run(capsys, "scenarios", "--check", str(path))
    assert code == 1
    assert out == (
        'bad.toml, line 11: scenario "test-scenario".intensity: '
        "one of gentle, moderate, raw (found 'fierce')\n"
    )
    assert "1 problem found; 0 scenarios would import." in err


def test_check_json_for_a_binary_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "photo.toml"
    path.write_bytes(b"\x00\x01\x02")
    code, out, _ = run(capsys, "scenarios", "--check", str(path), "--json")
    payload = json.loads(out)
    assert code == 1
    assert payload["ok"] is False
    assert "binary" in payload["problems"][0]["message"]


def test_check_a_missing_file_is_a_message_not_a_traceback(cli_env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "scenarios", "--check", "/no/such/pack.toml"],
        capture_output=True,
        text=True,
        env=cli_env,
        timeout=60,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stdout == "pack.toml: a pack file (.toml) (found missing)\n"
