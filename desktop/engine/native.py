"""Whether the scoring engine runs as compiled code or from its Python source.

Installing Attune compiles the engine's hot modules (COMPILED) to C extension modules with
mypyc (scripts/compile_engine.py) and writes down the digest of each source it compiled.
The compiled modules give the same results as the source, about a third faster. They are used
only when every one of them is there for this Python and every source still has the digest it
was compiled from; otherwise (no compiler at install, a source edited since, or
ATTUNE_PURE_ENGINE=1 in the environment) all of them are loaded from their source instead:
never a mix, and never a build that no longer matches the code beside it.

This module only uses the standard library: the build step reads it too.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.machinery
import importlib.util
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

PACKAGE = "desktop.engine"
# In the order they import one another.
COMPILED = ("phrases", "prepared", "matcher", "scoring")
# The shared runtime library mypyc builds beside them.
RUNTIME = "_compiled__mypyc"
RECORD = "_compiled.json"
PURE_VARIABLE = "ATTUNE_PURE_ENGINE"
HERE = Path(__file__).resolve().parent


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sources(folder: Path = HERE) -> dict[str, str]:
    """Each compiled module's source digest, as the build writes it down."""
    return {name: digest(folder / f"{name}.py") for name in COMPILED}


def extension(folder: Path, name: str) -> Path | None:
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        candidate = folder / f"{name}{suffix}"
        if candidate.exists():
            return candidate
    return None


def verdict(
    folder: Path = HERE, environ: dict[str, str] | None = None, source: Path | None = None
) -> tuple[bool, str]:
    """Whether the compiled modules in folder may be used, and why (a line for `attune
    doctor`). Their sources are beside them, or in `source` (the build's own check)."""
    env = os.environ if environ is None else environ
    if env.get(PURE_VARIABLE, "") not in ("", "0"):
        return False, f"Python source ({PURE_VARIABLE} is set)"
    built = [extension(folder, name) for name in (*COMPILED, RUNTIME)]
    if not any(built):
        return False, "Python source (not compiled when it was installed)"
    if not all(built):
        return False, "Python source (the compiled build is incomplete for this Python)"
    try:
        recorded = json.loads((folder / RECORD).read_text(encoding="utf-8"))["sources"]
    except (OSError, ValueError, KeyError, TypeError):
        return False, "Python source (the compiled build has no record of what it compiled)"
    try:
        current = sources(folder if source is None else source)
    except OSError:
        return False, "Python source (a source file cannot be read)"
    if recorded != current:
        changed = sorted(name for name in COMPILED if recorded.get(name) != current[name])
        return False, (
            f"Python source ({', '.join(changed)} changed since it was compiled; "
            "reinstall to compile again)"
        )
    return True, "compiled"


class _FromSource:
    """Finds the compiled modules' .py files, ahead of the extension modules beside them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def find_spec(
        self, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        package, _, name = fullname.rpartition(".")
        if package != PACKAGE or name not in COMPILED:
            return None
        return importlib.util.spec_from_file_location(fullname, self.folder / f"{name}.py")


_state: list[tuple[bool, str]] = []


def choose() -> tuple[bool, str]:
    """Decide once per process, before any compiled module is imported."""
    if not _state:
        compiled, reason = verdict()
        if compiled:
            # Built for another system or damaged since: the source still runs.
            try:
                importlib.import_module(f"{PACKAGE}.{RUNTIME}")
            except ImportError as error:
                compiled, reason = (
                    False,
                    f"Python source (the compiled build does not load: {error})",
                )
        already = [f"{PACKAGE}.{name}" for name in COMPILED if f"{PACKAGE}.{name}" in sys.modules]
        if not compiled and not already:
            sys.meta_path.insert(0, _FromSource(HERE))
        _state.append((compiled, reason))
    return _state[0]


# Decided on first import: desktop/engine/__init__.py imports this before anything else.
DECIDED = choose()


def running() -> str:
    """What the engine runs as right now: "compiled" or "Python source (why)"."""
    module = sys.modules.get(f"{PACKAGE}.scoring")
    if module is None:
        return choose()[1]
    if (module.__file__ or "").endswith(".py"):
        compiled, reason = choose()
        return reason if not compiled else "Python source"
    return "compiled"
