"""`attune safety TEXT [--json]`: level, kind, spans and message, for any input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["safety", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_prints_level_kind_spans_and_message(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "I'm afraid of what he'll do when I tell him")
    assert code == 0
    assert "level: crisis" in out
    assert "kind: fear_of_partner" in out
    assert "span 4-27" in out and "afraid of what he'll do" in out
    assert "message: " in out and "afraid of your partner" in out


def test_json_lists_every_kind_and_span(capsys: pytest.CaptureFixture[str]) -> None:
    text = "He hit me and won't let me see my family"
    code, out, _ = run(capsys, "--json", text)
    payload = json.loads(out)
    assert code == 0
    assert payload["level"] == "crisis"
    assert payload["kind"] == "violence_threat"
    assert payload["kinds"] == ["violence_threat", "coercive_control"]
    assert [text[s["start"] : s["end"]] for s in payload["spans"]] == [
        s["text"] for s in payload["spans"]
    ]
    assert payload["spans"][0]["text"] == "He hit me"


def test_a_figure_of_speech_gets_a_check_in_and_a_coffee_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(capsys, "--json", "this is killing me")
    assert json.loads(out)["level"] == "check_in"
    _, out, _ = run(capsys, "--json", "I could kill for a coffee")
    payload = json.loads(out)
    assert payload == {"level": "none", "kind": None, "kinds": [], "spans": [], "message": ""}


def test_no_text_is_a_clear_message(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys)
    assert code == 2
    assert "Nothing to check" in err
    assert out == ""


def test_resources_are_printed_on_request(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--resources")
    assert code == 0
    assert "116 123" in out and "988" in out and "findahelpline.com" in out


def test_binary_on_standard_input_is_checked_not_a_traceback() -> None:
    # The phrase comes first: only the first max_chars characters are checked, as for score.
    data = b"\xff\xfe he hit me \x00" + bytes(range(256)) * 2000
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "safety", "-", "--json"],
        cwd=ROOT,
        input=data,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["level"] == "crisis"


def test_undecodable_arguments_are_printed_escaped() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop",
            "safety",
            b"he hit me \xff".decode("utf-8", "surrogateescape"),
        ],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert b"level: crisis" in done.stdout
