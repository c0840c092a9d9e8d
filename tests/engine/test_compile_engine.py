"""The install's build hook (scripts/compile_engine.py): a wheel carries the compiled engine
when it could be built, and is plain Python, with a warning, when it could not.

The compiler itself is not run here (tests/engine/test_native.py checks what it built); these
tests drive the hook the way hatchling does, with the compile step made to succeed or fail.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.engine.builds import SUFFIX, make_build, run_python

SCRIPT = ROOT / "scripts" / "compile_engine.py"


@pytest.fixture
def hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("compile_engine_under_test", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fake_build(folder: Path) -> tuple[bool, str]:
    """What a successful compile leaves in folder, without the compiler."""
    make_build(folder)
    return True, "compiled"


def run_hook(hook: ModuleType, version: str) -> dict[str, Any]:
    build_data: dict[str, Any] = {"force_include": {}, "pure_python": True, "infer_tag": False}
    hook.CompileEngine.initialize(object.__new__(hook.CompileEngine), version, build_data)
    return build_data


def test_a_wheel_carries_the_compiled_modules_and_says_it_is_platform_specific(
    hook: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(hook.SKIP_VARIABLE, raising=False)
    monkeypatch.setattr(hook, "ROOT", tmp_path)
    monkeypatch.setattr(hook, "compile_into", fake_build)
    data = run_hook(hook, "standard")
    placed = sorted(data["force_include"].values())
    assert placed == sorted(
        [f"desktop/engine/{n}{SUFFIX}" for n in (*hook._native().COMPILED, "_compiled__mypyc")]
        + ["desktop/engine/_compiled.json"]
    )
    assert all(Path(source).is_file() for source in data["force_include"])
    assert data["pure_python"] is False
    assert data["infer_tag"] is True


def test_when_compiling_fails_the_wheel_is_plain_python_and_the_install_says_why(
    hook: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(hook.SKIP_VARIABLE, raising=False)
    monkeypatch.setattr(hook, "compile_into", lambda folder: (False, "no C compiler"))
    data = run_hook(hook, "standard")
    assert data == {"force_include": {}, "pure_python": True, "infer_tag": False}
    said = capsys.readouterr().err
    assert "no C compiler" in said
    assert "installed as Python source" in said


def test_a_compiler_that_crashes_does_not_break_the_install(
    hook: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def crash(folder: Path) -> tuple[bool, str]:
        raise OSError("disk full")

    monkeypatch.delenv(hook.SKIP_VARIABLE, raising=False)
    monkeypatch.setattr(hook, "compile_into", crash)
    assert run_hook(hook, "standard")["force_include"] == {}
    assert "disk full" in capsys.readouterr().err


def test_the_variable_skips_compiling(
    hook: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def must_not_run(folder: Path) -> tuple[bool, str]:
        raise AssertionError("compiled although told not to")

    monkeypatch.setenv(hook.SKIP_VARIABLE, "1")
    monkeypatch.setattr(hook, "compile_into", must_not_run)
    assert run_hook(hook, "editable")["pure_python"] is True
    assert hook.SKIP_VARIABLE in capsys.readouterr().err


def test_an_up_to_date_build_is_not_compiled_again(hook: ModuleType, tmp_path: Path) -> None:
    fake_build(tmp_path)
    assert hook.compile_into(tmp_path) == (True, "the compiled engine is up to date")


def test_a_failed_compile_leaves_no_half_build_behind(tmp_path: Path) -> None:
    # No C compiler: the child compile fails (or mypy is missing here: it fails all the same).
    probe = (
        "import importlib.util, sys; from pathlib import Path\n"
        f"spec = importlib.util.spec_from_file_location('h', {str(SCRIPT)!r})\n"
        "h = importlib.util.module_from_spec(spec); spec.loader.exec_module(h)\n"
        "done, message = h.compile_into(Path(sys.argv[1]))\n"
        "print(done); print(message)\n"
    )
    folder = tmp_path / "engine"
    first, *rest = run_python(
        probe, str(folder), timeout=300, CC="/bin/false", PYTHONDONTWRITEBYTECODE="1"
    )
    assert first == "False"
    assert "compiling the engine failed" in "\n".join(rest)
    assert not folder.exists() or not any(folder.iterdir())
