"""Hostile or odd input to `attune`: a clear message, nothing lost, never a traceback."""

from __future__ import annotations

import errno
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from desktop.cli import EXIT_BUG, main
from desktop.commands import privacy as privacy_cli
from desktop.paths import AppPaths
from desktop.store.connection import looks_encrypted
from tests.privacy.helpers import OTHER

ROOT = Path(__file__).resolve().parents[2]
DEEP_TABLES = "format = 1\nx = " + "{a=" * 500 + "1" + "}" * 500
DEEP_ARRAYS = "format = 1\nx = " + "[" * 100_000


def attune(
    *args: str, env: dict[str, str], **options: object
) -> subprocess.CompletedProcess[bytes]:
    """`python -m desktop ARGS`, as a user runs it; the test fails on any traceback."""
    options.setdefault("timeout", 60)
    options.setdefault("capture_output", "stdout" not in options)
    # subprocess.run's overloads cannot follow **options; the result is bytes (no text=).
    done: subprocess.CompletedProcess[bytes] = subprocess.run(  # type: ignore[call-overload]
        [sys.executable, "-m", "desktop", *args], cwd=ROOT, env=env, **options
    )
    assert b"Traceback" not in (done.stderr or b""), done.stderr
    return done


def run(paths: AppPaths, *args: str) -> int:
    return main([*args, "--data-dir", str(paths.root)])


# --- 1. an empty data folder ----------------------------------------------------------------


@pytest.mark.parametrize("given", ["", "   "])
def test_an_empty_data_dir_is_refused_not_the_real_folder(
    given: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Where the per-user folder would be, so a failing test never touches the real one.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user-data"))
    assert main(["--data-dir", given, "stats"]) == 2
    assert main(["stats", "--data-dir", given]) == 2
    err = capsys.readouterr().err
    assert "--data-dir was given an empty path" in err
    assert not (tmp_path / "user-data").exists()


@pytest.mark.parametrize("value", ["", "  \t"])
def test_an_empty_data_dir_variable_is_refused(
    value: str, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    user_data = tmp_path / "user-data"
    env = {**cli_env, "ATTUNE_DATA_DIR": value, "XDG_DATA_HOME": str(user_data)}
    done = attune("stats", env=env)
    assert done.returncode == 2
    assert b"ATTUNE_DATA_DIR is set but empty" in done.stderr
    assert done.stdout == b""
    assert not user_data.exists()


# --- 2. a bad recovery file changes nothing -------------------------------------------------


@pytest.mark.parametrize("where", ["missing-folder/recovery.txt", "."])
def test_encrypt_with_a_bad_recovery_file_changes_nothing(
    filled: AppPaths,
    key_file: Path,
    tmp_path: Path,
    where: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    recovery = tmp_path / where
    code = run(
        filled, "encrypt", "--passphrase-file", str(key_file), "--recovery-file", str(recovery)
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "recovery file" in err and "Nothing was changed" in err
    assert not looks_encrypted(filled.database)


@pytest.mark.parametrize("where", ["missing-folder/recovery.txt", "."])
def test_passwd_with_a_bad_recovery_file_keeps_the_old_passphrase(
    filled: AppPaths,
    key_file: Path,
    tmp_path: Path,
    where: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(filled, "encrypt", "--passphrase-file", str(key_file)) == 0
    new_file = tmp_path / "new.txt"
    new_file.write_text(OTHER + "\n", encoding="utf-8")
    capsys.readouterr()
    code = run(
        filled,
        "passwd",
        "--passphrase-file",
        str(key_file),
        "--new-passphrase-file",
        str(new_file),
        "--recovery-file",
        str(tmp_path / where),
    )
    assert code == 2
    assert "Nothing was changed" in capsys.readouterr().err
    assert run(filled, "stats", "--passphrase-file", str(key_file)) == 0


# --- 3. Ctrl-D at the hidden prompt ---------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_end_of_input_at_the_passphrase_prompt_is_a_calm_cancel(
    filled: AppPaths, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def closed(prompt: str, stream: object = None) -> str:
        raise EOFError  # what getpass does on Ctrl-D

    monkeypatch.setattr(sys, "stdin", _Terminal())
    monkeypatch.setattr(privacy_cli.getpass, "getpass", closed)
    assert run(filled, "encrypt") == 2
    assert "No passphrase was given" in capsys.readouterr().err
    assert not looks_encrypted(filled.database)


# --- 4. a pack nested too deeply ------------------------------------------------------------


@pytest.mark.parametrize("text", [DEEP_TABLES, DEEP_ARRAYS], ids=["tables", "arrays"])
def test_a_deeply_nested_pack_is_a_clear_problem(
    text: str, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    pack = tmp_path / "deep.toml"
    pack.write_text(text, encoding="utf-8")
    done = attune("scenarios", "--check", str(pack), env=cli_env)
    assert done.returncode == 1
    assert b"deep.toml: valid TOML (it is nested too deeply)" in done.stdout


def test_a_deeply_nested_pack_in_a_zip_is_a_clear_problem(
    tmp_path: Path, cli_env: dict[str, str]
) -> None:
    archive = tmp_path / "packs.zip"
    with zipfile.ZipFile(archive, "w") as packs:
        packs.writestr("deep.toml", DEEP_TABLES)
    done = attune("scenarios", "--check", str(archive), "--json", env=cli_env)
    assert done.returncode == 1
    [problem] = json.loads(done.stdout)["problems"]
    assert problem["file"] == "packs.zip/deep.toml"
    assert problem["message"] == "packs.zip/deep.toml: valid TOML (it is nested too deeply)"


# --- 5. a closed or full standard output, and bugs ------------------------------------------


def test_a_closed_pipe_ends_quietly(cli_env: dict[str, str]) -> None:
    assert attune("demo-data", "--sessions", "2", env=cli_env).returncode == 0
    reader, writer = os.pipe()
    os.close(reader)  # like `| head -c 10` that has already stopped reading
    try:
        done = attune("export", env=cli_env, stdout=writer, stderr=subprocess.PIPE)
    finally:
        os.close(writer)
    assert done.returncode == 141
    assert done.stderr == b""


class _FullDisk(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_under_the_output_is_one_clear_line(
    app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", _FullDisk())
    assert run(app_paths, "score", "hi") == 2
    err = capsys.readouterr().err
    assert err == f"attune: could not write the output ({os.strerror(errno.ENOSPC)}).\n"


def test_an_unexpected_error_is_a_calm_line_with_the_bug_code(
    app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop import engine

    def broken(text: str, hurt: str | None = None) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(engine, "score", broken)
    assert run(app_paths, "score", "hi") == EXIT_BUG
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "`attune score` stopped on an unexpected problem (ZeroDivisionError)" in err
    assert "not changed" in err and "report it" in err


def test_ctrl_c_still_exits_130(app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop import engine

    def interrupted(text: str, hurt: str | None = None) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(engine, "score", interrupted)
    assert run(app_paths, "score", "hi") == 130


# --- 6. terminal control characters ---------------------------------------------------------

HOSTILE = b"I'm sorry \x1b]0;PWNED\x07 \x1b[2J you \x9b\x7f are right\r"


def test_control_characters_are_shown_escaped_not_obeyed(cli_env: dict[str, str]) -> None:
    env = {**cli_env, "PYTHONIOENCODING": "utf-8"}
    done = attune("score", "-", env=env, input=HOSTILE)
    assert done.returncode == 0
    assert not any(byte < 0x20 and byte not in b"\n\t" for byte in done.stdout)
    assert b"\x7f" not in done.stdout and "\x9b".encode() not in done.stdout
    assert rb"\x1b]0;" in done.stdout and rb"\x1b[2J" in done.stdout and rb"\x07" in done.stdout
    payload = json.loads(attune("score", "-", "--json", env=env, input=HOSTILE).stdout)
    assert payload["text"] == HOSTILE.decode("utf-8", "replace")
    safety = attune("safety", "-", env=env, input=b"he hit me \x1b[2J")
    assert b"\x1b" not in safety.stdout and b"level: crisis" in safety.stdout


# --- 7. a huge text for the safety check ----------------------------------------------------


def test_safety_checks_only_as_much_as_score_does_and_says_so(cli_env: dict[str, str]) -> None:
    from desktop import engine

    cap = engine.ruleset().prepared.max_chars  # what `attune score` reads of a text
    data = b"I feel fine. " * (cap // 4) + b"he hit me"
    done = attune("safety", "-", env=cli_env, input=data)
    assert done.returncode == 0
    assert f"note: only the first {cap} characters were checked.".encode() in done.stdout
    payload = json.loads(attune("safety", "-", "--json", env=cli_env, input=data).stdout)
    assert payload["checked_chars"] == cap and payload["level"] == "none"


# --- 8. smaller messages --------------------------------------------------------------------


def test_an_empty_check_file_name_is_an_error(
    app_paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(app_paths, "scenarios", "--check", "") == 2
    out, err = capsys.readouterr()
    assert out == "" and "--check was given an empty file name" in err


def test_a_pipe_given_as_a_pack_is_not_a_regular_file(
    tmp_path: Path, cli_env: dict[str, str]
) -> None:
    fifo = tmp_path / "pack.toml"
    os.mkfifo(fifo)
    done = attune("scenarios", "--check", str(fifo), env=cli_env)
    assert done.returncode == 1
    assert b"found not a regular file" in done.stdout


def test_a_pipe_given_as_a_passphrase_file_is_refused_not_waited_on(
    filled: AppPaths, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    fifo = tmp_path / "key"
    os.mkfifo(fifo)
    done = attune("encrypt", "--passphrase-file", str(fifo), env=cli_env, timeout=20)
    assert done.returncode == 2
    assert b"is not a regular file" in done.stderr
    assert not looks_encrypted(filled.database)


def test_the_passphrase_can_come_through_standard_input_as_scripts_pass_it(
    filled: AppPaths, cli_env: dict[str, str]
) -> None:
    done = attune(
        "encrypt", "--passphrase-file", "/dev/stdin", input=b"a long and private phrase\n",
        env=cli_env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert looks_encrypted(filled.database)
    done = attune(
        "stats", "--passphrase-file", "/dev/stdin", input=b"a long and private phrase\n",
        env=cli_env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_a_passphrase_file_that_is_not_utf8_says_so(
    filled: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "key.txt"
    key.write_bytes(b"caf\xe9 au lait, tr\xe8s long\n")
    assert run(filled, "encrypt", "--passphrase-file", str(key)) == 2
    assert "is not UTF-8 text" in capsys.readouterr().err
    assert not looks_encrypted(filled.database)


def test_without_a_terminal_the_message_names_the_option_that_is_missing(
    filled: AppPaths, cli_env: dict[str, str]
) -> None:
    done = attune("encrypt", env=cli_env, stdin=subprocess.DEVNULL)
    assert done.returncode == 2
    assert b"New passphrase" in done.stderr and b"--passphrase-file" in done.stderr
    assert b"is encrypted" not in done.stderr  # it is not, yet
    assert not looks_encrypted(filled.database)
