"""R3: one running Attune per data folder, and a killed one's stale lock never blocks."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.paths import AppPaths
from tests.store.processes import finish, kill, spawn, wait_for

CHILD = "tests.store.app_lock_child"


def second_start(data: Path) -> tuple[int, list[str], str]:
    return finish(spawn(CHILD, str(data)))


@pytest.mark.slow
def test_a_second_attune_is_refused_and_a_killed_ones_lock_is_taken_over(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    paths = AppPaths.under(data)
    first = spawn(CHILD, str(data))
    try:
        wait_for(first, "opened")
        assert paths.lock_file.exists()

        # B, while A lives: told "already open", never gets the lock nor opens the database.
        code, lines, errors = second_start(data)
        assert code == 1, errors
        (told,) = [line for line in lines if line.startswith("told ")]
        assert "already open" in told
        assert "held" not in lines and "opened" not in lines
        assert "Traceback" not in errors
    finally:
        if first.poll() is None:
            kill(first)

    # A was killed: its lock file stays behind, naming a process that no longer exists.
    assert paths.lock_file.exists()
    third = spawn(CHILD, str(data))
    try:
        wait_for(third, "opened")
        assert third.stdin is not None
        third.stdin.write("quit\n")
        third.stdin.flush()
        code, lines, errors = finish(third)
    except BaseException:
        if third.poll() is None:
            kill(third)
        raise
    assert code == 0, errors
    assert not [line for line in lines if line.startswith("told ")]
    assert not paths.lock_file.exists()  # released on the way out


def test_the_lock_child_reports_a_refusal_when_the_folder_is_locked(tmp_path: Path) -> None:
    """A lock another live process holds (this one) refuses the child: no database opened."""
    from PySide6.QtCore import QLockFile

    paths = AppPaths.under(tmp_path / "data").ensure()
    lock = QLockFile(str(paths.lock_file))
    assert lock.tryLock(0)
    try:
        code, lines, _errors = second_start(paths.root)
    finally:
        lock.unlock()
    assert code == 1
    assert any("already open" in line for line in lines)
    assert not paths.database.exists()
