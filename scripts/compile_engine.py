"""Compile the scoring engine's hot modules to C extension modules with mypyc.

Runs by itself when Attune is installed (it is the wheel's build hook, see pyproject.toml),
and by hand after editing the engine:

    python scripts/compile_engine.py          # rebuild desktop/engine/*.so in place
    python scripts/compile_engine.py --clean  # remove them: the engine runs from source

The compiled modules give the same results as the Python source (tests/engine/test_native.py
holds them to it) and are only used while every source still has the digest recorded here at
build time (desktop/engine/native.py decides). A build that cannot compile, because there is no
C compiler say, warns and installs the engine as plain Python: slower, never broken.
ATTUNE_NO_COMPILE=1 skips compiling altogether.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ROOT / "desktop" / "engine"
SKIP_VARIABLE = "ATTUNE_NO_COMPILE"


@functools.cache
def _native() -> ModuleType:
    """desktop/engine/native.py, loaded by path: the build cannot import the package."""
    spec = importlib.util.spec_from_file_location("_attune_native", ENGINE / "native.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def built_files(folder: Path, native: ModuleType) -> list[Path]:
    """The extension modules of a build in folder, for the Python running this."""
    found = [native.extension(folder, name) for name in (*native.COMPILED, native.RUNTIME)]
    return [path for path in found if path is not None]


def fresh(folder: Path, native: ModuleType) -> bool:
    """Whether folder already holds a complete build of today's sources."""
    return bool(native.verdict(folder, environ={}, source=ENGINE)[0])


def clean(folder: Path, native: ModuleType) -> None:
    for path in built_files(folder, native):
        path.unlink()
    (folder / native.RECORD).unlink(missing_ok=True)


def _compile_here(work: Path) -> None:
    """Runs in a child process, in a scratch copy of the package (see compile_into)."""
    from mypyc.build import mypycify
    from setuptools import setup

    native = _native()
    os.chdir(work)
    modules = [f"desktop/engine/{name}.py" for name in native.COMPILED]
    setup(
        name="attune-engine",
        packages=[],
        py_modules=[],
        ext_modules=mypycify(modules, opt_level="3", group_name="desktop.engine._compiled"),
        script_args=["-q", "build_ext", "--inplace"],
    )


def compile_into(folder: Path) -> tuple[bool, str]:
    """Build the extension modules into folder; (done, what happened)."""
    native = _native()
    if fresh(folder, native):
        return True, "the compiled engine is up to date"
    with tempfile.TemporaryDirectory(prefix="attune-compile-") as scratch:
        work = Path(scratch)
        (work / "desktop").mkdir()
        shutil.copy2(ROOT / "desktop" / "__init__.py", work / "desktop" / "__init__.py")
        shutil.copytree(ENGINE, work / "desktop" / "engine", ignore=_not_source)
        child = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--compile-in", str(work)],
            capture_output=True,
            text=True,
            check=False,
        )
        if child.returncode != 0:
            # The last lines say why; a compiler's command line is cut to a readable length.
            tail = [line[:240] for line in (child.stderr or child.stdout).strip().splitlines()]
            return False, "compiling the engine failed:\n    " + "\n    ".join(tail[-12:])
        made = built_files(work / "desktop" / "engine", native)
        if len(made) != len(native.COMPILED) + 1:
            return False, "compiling the engine left an incomplete build"
        folder.mkdir(parents=True, exist_ok=True)
        clean(folder, native)
        for path in made:
            shutil.copy2(path, folder / path.name)
    record = {"sources": native.sources(ENGINE), "python": sys.implementation.cache_tag}
    (folder / native.RECORD).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return True, f"compiled {', '.join(native.COMPILED)}"


def _not_source(folder: str, names: list[str]) -> list[str]:
    return [name for name in names if not name.endswith(".py")]


def _say(message: str) -> None:
    print(f"attune: {message}", file=sys.stderr)


try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # run by hand, outside a build
    BuildHookInterface = object  # type: ignore[assignment,misc]  # a stand-in base, by hand


# The base is hatchling's in a build and object by hand, so it is not a static type.
class CompileEngine(BuildHookInterface):  # type: ignore[misc,valid-type]
    """Hatchling's wheel hook: a wheel carries the compiled engine when it can be built."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if os.environ.get(SKIP_VARIABLE, "") not in ("", "0"):
            _say(f"{SKIP_VARIABLE} is set: the engine is installed as Python source")
            return
        native = _native()
        # An editable install runs the engine from the source tree, so the build goes there.
        folder = ENGINE if version == "editable" else ROOT / "build" / "engine"
        try:
            done, message = compile_into(folder)
        except Exception as error:
            done, message = False, f"compiling the engine failed: {error}"
        _say(message if done else f"{message}\n  the engine is installed as Python source")
        if not done or version == "editable":
            return
        for path in [*built_files(folder, native), folder / native.RECORD]:
            build_data["force_include"][str(path)] = f"desktop/engine/{path.name}"
        build_data["pure_python"] = False
        build_data["infer_tag"] = True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Compile the scoring engine with mypyc.")
    parser.add_argument("--clean", action="store_true", help="remove the compiled modules")
    parser.add_argument("--compile-in", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.compile_in is not None:
        _compile_here(args.compile_in)
        return 0
    if args.clean:
        clean(ENGINE, _native())
        _say("removed the compiled engine: it runs from source")
        return 0
    done, message = compile_into(ENGINE)
    _say(message)
    return 0 if done else 1


if __name__ == "__main__":
    sys.exit(main())
