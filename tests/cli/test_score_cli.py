"""`attune score TEXT [--hurt TEXT] [--json]` and `--share`, run as a user runs them."""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def attune_command() -> list[str]:
    """The installed `attune` script next to this Python, else the same entry point by module."""
    script = Path(sys.executable).with_name("attune")
    if script.is_file():
        return [str(script)]
    found = shutil.which("attune")
    return [found] if found else [sys.executable, "-m", "desktop"]


def attune(
    env: dict[str, str], *args: str, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [*attune_command(), "score", *args],
        cwd=ROOT,
        env=env,
        input=stdin.decode("utf-8", "surrogateescape") if stdin is not None else None,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.fixture
def env(cli_env: dict[str, str]) -> dict[str, str]:
    cli_env.pop("NO_COLOR", None)
    cli_env["PYTHONIOENCODING"] = "utf-8"
    return cli_env


def test_prints_scores_label_steps_marks_hits_rewrite_and_hint(env: dict[str, str]) -> None:
    done = attune(env, "You feel alone, and that makes sense. You're overreacting.")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert not ANSI.search(out), "no colour when the output is not a terminal"
    assert re.search(r"^validation\s+\d+\.\d / 100$", out, re.M)
    assert re.search(r"^defensiveness\s+\d+\.\d / 100$", out, re.M)
    assert re.search(r"^label\s+(validating|mixed|defensive|withdrawing|neutral)$", out, re.M)
    for step in ("validate", "own", "explain", "order"):
        assert re.search(rf"^  {step}\s+(yes|no)", out, re.M), step
    assert "[-You're overreacting-]" in out
    assert "[+" in out and "+]" in out
    assert re.search(r"^\s+1\. [-+] “", out, re.M)
    assert "invalidating.overreacting" in out
    assert "Suggested rewrite" in out and "Next step" in out


def test_brackets_mark_the_exact_words(env: dict[str, str]) -> None:
    out = attune(env, "I'm sorry I lied to you. You're overreacting.").stdout
    assert "[-You're overreacting-]" in out
    assert re.search(r"\[\+I'm sorry[^+]*\+\]", out)


def test_every_hit_is_listed_with_rule_message_and_suggestion(env: dict[str, str]) -> None:
    text = "You're overreacting. It was only once."
    payload = json.loads(attune(env, "--json", text).stdout)
    out = attune(env, text).stdout
    for number, hit in enumerate(payload["hits"], start=1):
        assert f"{number}. " in out
        assert hit["rule_id"] in out
        assert hit["message"] in out
        if hit["suggestion"]:
            assert hit["suggestion"] in out


def test_json_has_everything(env: dict[str, str]) -> None:
    text = "I know you felt humiliated when you saw the messages. I'm sorry I hid them."
    hurt = "I felt humiliated when I saw the messages."
    done = attune(env, text, "--hurt", hurt, "--json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["kind"] == "answer"
    assert payload["text"] == text and payload["hurt"] == hurt
    assert 0 <= payload["validation"] <= 100 and 0 <= payload["defensiveness"] <= 100
    assert payload["label"] == "validating"
    assert set(payload["steps"]) == {"validated", "owned", "explained", "order_ok"}
    assert payload["rewrite"] and payload["hint"] and payload["rules_version"]
    assert payload["hits"]
    for hit in payload["hits"]:
        assert text[hit["start"] : hit["end"]] == hit["text"]
        assert {"rule_id", "category", "category_name", "polarity", "weight", "message"} <= set(hit)
    assert any(h["category"] == "paraphrase" for h in payload["hits"])


def test_the_hurt_changes_the_score(env: dict[str, str]) -> None:
    text = "Seeing those messages humiliated you."
    plain = json.loads(attune(env, text, "--json").stdout)
    heard = json.loads(
        attune(env, text, "--json", "--hurt", "I felt humiliated when I saw the messages.").stdout
    )
    assert heard["validation"] > plain["validation"]


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_text_is_the_withdrawing_verdict_not_an_error(env: dict[str, str], text: str) -> None:
    done = attune(env, text)
    assert done.returncode == 0, done.stderr
    assert re.search(r"^label\s+withdrawing$", done.stdout, re.M)
    assert "Suggested rewrite" in done.stdout
    payload = json.loads(attune(env, text, "--json").stdout)
    assert payload["label"] == "withdrawing" and payload["hits"] == []


def test_dash_reads_standard_input(env: dict[str, str]) -> None:
    done = attune(env, "-", "--json", stdin=b"You're overreacting.\nIt was only once.\n")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["text"] == "You're overreacting.\nIt was only once.\n"
    assert payload["label"] == "defensive"


def test_binary_on_standard_input_is_scored_not_a_traceback(env: dict[str, str]) -> None:
    data = bytes(range(256)) * 500 + b"\xff\xfe I'm sorry \x00"
    done = subprocess.run(
        [*attune_command(), "score", "-"],
        cwd=ROOT,
        env=env,
        input=data,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    assert b"label" in done.stdout


def test_odd_characters_in_the_argument_print(env: dict[str, str]) -> None:
    done = attune(env, "I\u2019m sorry \U0001f62d \u202eok\u202c \x07 you\u2019re overreacting")
    assert done.returncode == 0, done.stderr
    assert "[-you\u2019re overreacting-]" in done.stdout


def test_share(env: dict[str, str]) -> None:
    text = "You always ignore me. I felt alone when you left."
    done = attune(env, "--share", text)
    assert done.returncode == 0, done.stderr
    assert re.search(r"^gentleness\s+\d+\.\d / 100$", done.stdout, re.M)
    assert re.search(r"^harshness\s+\d+\.\d / 100$", done.stdout, re.M)
    assert re.search(r"^label\s+(gentle|mixed|harsh|neutral)$", done.stdout, re.M)
    assert "[-You always-]" in done.stdout
    assert "[+I felt alone+]" in done.stdout
    payload = json.loads(attune(env, "--share", "--json", text).stdout)
    assert payload["kind"] == "share" and payload["label"] in ("gentle", "mixed", "harsh")
    assert {"gentleness", "harshness", "hits", "rules_version"} <= set(payload)
    assert all(text[h["start"] : h["end"]] == h["text"] for h in payload["hits"])


def test_empty_share_is_neutral(env: dict[str, str]) -> None:
    payload = json.loads(attune(env, "--share", "", "--json").stdout)
    assert payload["label"] == "neutral"


def test_no_text_is_a_clear_message(env: dict[str, str]) -> None:
    done = attune(env)
    assert done.returncode == 2
    assert "Nothing to score" in done.stderr
    assert done.stdout == ""


def test_hurt_with_share_is_a_clear_message(env: dict[str, str]) -> None:
    done = attune(env, "--share", "I felt alone.", "--hurt", "x")
    assert done.returncode == 2
    assert "--hurt" in done.stderr


def run_on_terminal(env: dict[str, str], *args: str) -> str:
    """Runs `attune score` with its output on a pseudo-terminal, as in a real shell."""
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [*attune_command(), "score", *args],
            cwd=ROOT,
            env={**env, "TERM": "xterm-256color"},
            stdout=follower,
            stderr=subprocess.PIPE,
            timeout=60,
        )
        os.close(follower)
        follower = -1
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        if follower != -1:
            os.close(follower)
        os.close(leader)
    assert done.returncode == 0, done.stderr
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_colour_on_a_terminal(env: dict[str, str]) -> None:
    out = run_on_terminal(env, "I'm sorry I lied to you. You're overreacting.")
    assert "\x1b[31mYou're overreacting\x1b[0m" in out
    assert re.search(r"\x1b\[32mI'm sorry[^\x1b]*\x1b\[0m", out)
    assert "[-" not in out and "[+" not in out


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_no_color_turns_colour_off_on_a_terminal(env: dict[str, str]) -> None:
    out = run_on_terminal({**env, "NO_COLOR": "1"}, "You're overreacting.")
    assert not ANSI.search(out)
    assert "[-You're overreacting-]" in out


def test_a_reader_that_stops_early_gets_no_traceback(env: dict[str, str], tmp_path: Path) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text("You're overreacting, it was only once. " * 8000, encoding="utf-8")
    command = " ".join(f"'{part}'" for part in attune_command())
    done = subprocess.run(
        f"{command} score - < '{answer}' | head -c 100 > /dev/null",
        shell=True,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" not in done.stderr
    assert "BrokenPipe" not in done.stderr
