"""`attune encrypt`, `decrypt`, `passwd`, and every other command on an encrypted database."""

from __future__ import annotations

import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.commands import privacy as privacy_cli
from desktop.paths import AppPaths
from desktop.store.connection import looks_encrypted
from tests.privacy.helpers import CANARY, OTHER, PASSPHRASE, content, plaintext_files

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def other_file(tmp_path: Path) -> Path:
    path = tmp_path / "other.txt"
    path.write_text(OTHER + "\r\n", encoding="utf-8")
    return path


@pytest.fixture
def typed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Answers for the hidden prompt, in order; the prompts asked are recorded."""
    answers: list[str] = []
    asked: list[str] = []

    def read_hidden(prompt: str, option: str = "--passphrase-file") -> str:
        asked.append(prompt)
        return answers.pop(0)

    monkeypatch.setattr(privacy_cli, "read_hidden", read_hidden)
    yield answers
    assert answers == [], f"not all answers were used (asked: {asked})"


def run(paths: AppPaths, *args: str) -> int:
    return main([*args, "--data-dir", str(paths.root)])


def test_encrypt_from_a_file_then_every_command_takes_the_file(
    filled: AppPaths, key_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    recovery = tmp_path / "recovery.txt"
    assert (
        run(filled, "encrypt", "--passphrase-file", str(key_file), "--recovery-file", str(recovery))
        == 0
    )
    out, err = capsys.readouterr()
    assert "Encrypted" in out and "nobody can open" in err
    assert looks_encrypted(filled.database) and plaintext_files(filled.root) == []
    assert PASSPHRASE in recovery.read_text(encoding="utf-8")
    assert stat.S_IMODE(recovery.stat().st_mode) == 0o600

    assert run(filled, "stats", "--passphrase-file", str(key_file)) == 0
    assert "2 session(s)" in capsys.readouterr().out
    export = tmp_path / "out.json"
    assert run(filled, "export", "--out", str(export), "--passphrase-file", str(key_file)) == 0
    assert "not encrypted" in capsys.readouterr().err
    assert CANARY in export.read_text(encoding="utf-8")
    assert stat.S_IMODE(export.stat().st_mode) == 0o600
    assert run(filled, "doctor", "--passphrase-file", str(key_file)) == 0
    out = capsys.readouterr().out
    assert "encrypted:       yes" in out and "integrity:       ok" in out


def test_a_wrong_passphrase_file_is_a_calm_message(
    filled: AppPaths, key_file: Path, other_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(filled, "encrypt", "--passphrase-file", str(key_file)) == 0
    capsys.readouterr()
    assert run(filled, "stats", "--passphrase-file", str(other_file)) == 2
    err = capsys.readouterr().err
    assert "didn't open your data" in err and "Traceback" not in err
    assert run(filled, "stats", "--passphrase-file", str(filled.root / "missing")) == 2
    assert "no passphrase file" in capsys.readouterr().err


def test_the_prompt_asks_only_commands_that_open_the_database_and_retries(
    filled: AppPaths, key_file: Path, typed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(filled, "encrypt", "--passphrase-file", str(key_file)) == 0
    assert run(filled, "safety", "I feel fine") == 0  # never asks
    typed += ["wrong", PASSPHRASE]
    capsys.readouterr()
    assert run(filled, "stats") == 0
    out, err = capsys.readouterr()
    assert "2 session(s)" in out and "Try again" in err
    typed += ["a", "b", "c"]
    assert run(filled, "stats") == 2
    assert "didn't open" in capsys.readouterr().err


def test_encrypt_asks_twice_and_refuses_a_mismatch_or_a_short_one(
    filled: AppPaths, typed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    typed += [PASSPHRASE, PASSPHRASE + "x"]
    assert run(filled, "encrypt") == 2
    assert "not the same" in capsys.readouterr().err
    typed += ["short", "short"]
    assert run(filled, "encrypt") == 2
    assert "too short" in capsys.readouterr().err
    assert not looks_encrypted(filled.database)
    typed += [PASSPHRASE, PASSPHRASE]
    assert run(filled, "encrypt") == 0
    assert looks_encrypted(filled.database)


def test_passwd_and_decrypt(
    filled: AppPaths,
    key_file: Path,
    other_file: Path,
    typed: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = content(filled, None)
    assert run(filled, "passwd", "--passphrase-file", str(key_file)) == 2
    assert "not encrypted" in capsys.readouterr().err
    assert run(filled, "encrypt", "--passphrase-file", str(key_file)) == 0
    typed += ["wrong", PASSPHRASE, OTHER, OTHER]
    assert run(filled, "passwd") == 0
    assert content(filled, OTHER) == before
    assert run(filled, "decrypt", "--passphrase-file", str(key_file)) == 2
    assert looks_encrypted(filled.database)
    assert run(filled, "decrypt", "--passphrase-file", str(other_file)) == 0
    assert not looks_encrypted(filled.database)
    assert content(filled, None) == before


def test_no_terminal_and_no_file_says_what_to_do(filled: AppPaths, key_file: Path) -> None:
    assert run(filled, "encrypt", "--passphrase-file", str(key_file)) == 0
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "stats", "--data-dir", str(filled.root)],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "--passphrase-file" in done.stderr and "Traceback" not in done.stderr
