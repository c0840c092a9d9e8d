"""For the compiled-engine tests: folders laid out as an install leaves them, and child Pythons
that import whichever engine such a folder holds."""

from __future__ import annotations

import importlib.machinery
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from desktop.engine import native
from tests.conftest import ROOT

SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]

# Prints where scoring came from, what the engine says it runs as, and one label.
PROBE = (
    "from desktop import engine; from desktop.engine import native, scoring; "
    "print(scoring.__file__); print(native.running()); print(engine.score('I am sorry.').label)"
)


def make_build(folder: Path, *, compiled: tuple[str, ...] | None = None) -> Path:
    """A folder as an install leaves it: the sources, extension modules and the record.

    The extension modules are placeholders with the right names: enough for the decision,
    which only looks at names and digests, and unloadable, as a damaged build would be.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for name in native.COMPILED:
        shutil.copy2(native.HERE / f"{name}.py", folder / f"{name}.py")
    for name in (*native.COMPILED, native.RUNTIME) if compiled is None else compiled:
        (folder / f"{name}{SUFFIX}").write_bytes(b"\x7fELF")
    record = {"sources": native.sources(folder), "python": sys.implementation.cache_tag}
    (folder / native.RECORD).write_text(json.dumps(record), encoding="utf-8")
    return folder


def copy_package(into: Path, *skip: str) -> Path:
    """A copy of desktop/ under `into`, leaving out caches and the names in `skip`."""
    shutil.copytree(
        ROOT / "desktop", into / "desktop", ignore=shutil.ignore_patterns("__pycache__", *skip)
    )
    return into / "desktop" / "engine"


def run_python(
    code: str,
    *args: str,
    cwd: Path = ROOT,
    pure: bool = False,
    timeout: float = 120,
    **extra_env: str,
) -> list[str]:
    """`python -c code args...` in a child that must succeed; its output lines.

    The child runs the compiled engine where there is one, unless `pure`; `PYTHONPATH` in
    `extra_env` puts another copy of the package first.
    """
    env = {k: v for k, v in os.environ.items() if k != native.PURE_VARIABLE}
    if pure:
        env[native.PURE_VARIABLE] = "1"
    env.update(extra_env)
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()
