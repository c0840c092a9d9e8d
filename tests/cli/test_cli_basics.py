"""`attune --version`, `--help` and the data folder they resolve."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import __version__
from desktop.cli import main
from desktop.paths import AppPaths

ROOT = Path(__file__).resolve().parents[2]


def run_module(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def test_version_is_printed() -> None:
    done = run_module("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"attune {__version__}"


def test_help_lists_data_dir_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "--data-dir" in out
    assert "usage: attune" in out


def test_data_dir_resolution_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATTUNE_DATA_DIR", str(tmp_path / "from-env"))
    assert AppPaths.resolve(None).root == tmp_path / "from-env"
    assert AppPaths.resolve(tmp_path / "explicit").root == tmp_path / "explicit"
    monkeypatch.delenv("ATTUNE_DATA_DIR")
    assert "Attune" in str(AppPaths.resolve(None).root)


def test_data_dir_is_created_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        paths = AppPaths.under(tmp_path / "nested" / "data").ensure()
    finally:
        os.umask(old)
    for folder in (paths.root, paths.backups, paths.logs):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
