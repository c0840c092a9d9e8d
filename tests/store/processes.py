"""Child processes for kill tests: start a module, read until it says a line, SIGKILL it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from desktop.store.migrations import PAUSE_ENV
from tests.conftest import ROOT


def spawn(module: str, *args: str, **extra_env: str) -> subprocess.Popen[str]:
    """`python -m module args...` from the checkout, stdin held open (children block on it)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop(PAUSE_ENV, None)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.update(extra_env)
    return subprocess.Popen(
        [sys.executable, "-m", module, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def wait_for(proc: subprocess.Popen[str], prefix: str) -> list[str]:
    """Read lines until one starts with `prefix` (the child blocks after printing it)."""
    assert proc.stdout is not None
    seen = []
    for line in proc.stdout:
        seen.append(line.rstrip("\n"))
        if line.startswith(prefix):
            return seen
    proc.wait(timeout=30)
    errors = proc.stderr.read() if proc.stderr else ""
    raise AssertionError(f"child ended (code {proc.returncode}) before {prefix!r}: {errors}")


def kill(proc: subprocess.Popen[str]) -> list[str]:
    """SIGKILL, reap (a zombie still owns its pid), and return what it printed since."""
    proc.send_signal(signal.SIGKILL)
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    return [line.rstrip("\n") for line in out.splitlines()]


def finish(proc: subprocess.Popen[str]) -> tuple[int, list[str], str]:
    """Wait for a child that ends by itself: exit code, stdout lines, stderr."""
    out, err = proc.communicate(timeout=60)
    return proc.returncode, [line.rstrip("\n") for line in out.splitlines()], err
