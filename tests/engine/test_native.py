"""The compiled engine (scripts/compile_engine.py) and the Python source give the same results,
and the compiled modules are only used when they match the source beside them (native.py).

The decision is tested on folders of files made here. The agreement test compares every
corpus answer, share and scenario option scored in this process with the same texts scored in
a child process that is made to run from source; it is skipped, with the reason, when this
install was not compiled.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.engine import native
from tests.engine.builds import PROBE, SUFFIX, copy_package, make_build, run_python

# Scores everything the app and the corpus can ask of the engine and prints it as JSON lines.
DUMP = r"""
import json, sys, tomllib
from dataclasses import asdict
from pathlib import Path
from desktop import engine
from desktop.engine import native
from desktop.content import load_builtin

samples = []
for path in sorted(Path("tests/corpus").glob("*.toml")):
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    samples += [(a.get("text", ""), a.get("hurt")) for a in data.get("answer", [])]
    samples += [(s.get("text", ""), None) for s in data.get("share", [])]
for scenario in load_builtin().scenarios:
    for prompt in (scenario.opening, *scenario.follow_ups):
        samples += [(o.text, prompt.text) for o in prompt.options]
long = " ".join(text for text, _ in samples[:40])
samples += [("", None), ("   ", None), ("\x00\x01 sorry \x00", None), ("I HEAR YOU?!", None),
            ("אני מצטער 😢 I'm sorry", "you lied"), (long, None), (long * 3, samples[0][0])]
print(json.dumps(native.running()))
for memory in (False, True):
    engine.remember_sentences(memory)
    for text, hurt in samples:
        result = engine.score(text, hurt)
        share = engine.score_share(text)
        print(json.dumps([repr(asdict(result)), repr(asdict(share)),
                          engine.coaching_hint(text, hurt), engine.suggest_rewrite(text, hurt)]))
"""


def dump(pure: bool) -> list[str]:
    return run_python(DUMP, pure=pure, timeout=600)


def test_a_complete_build_of_the_sources_beside_it_is_used(tmp_path: Path) -> None:
    assert native.verdict(make_build(tmp_path), environ={}) == (True, "compiled")


def test_the_variable_makes_the_engine_run_from_source(tmp_path: Path) -> None:
    folder = make_build(tmp_path)
    compiled, reason = native.verdict(folder, environ={native.PURE_VARIABLE: "1"})
    assert not compiled
    assert native.PURE_VARIABLE in reason
    assert native.verdict(folder, environ={native.PURE_VARIABLE: "0"})[0]


def test_without_a_build_it_says_it_was_not_compiled(tmp_path: Path) -> None:
    folder = make_build(tmp_path, compiled=())
    assert native.verdict(folder, environ={}) == (
        False,
        "Python source (not compiled when it was installed)",
    )


def test_a_build_missing_one_module_is_not_mixed_with_source(tmp_path: Path) -> None:
    folder = make_build(tmp_path, compiled=native.COMPILED)  # no shared runtime
    compiled, reason = native.verdict(folder, environ={})
    assert not compiled
    assert "incomplete" in reason


def test_a_build_for_another_python_is_not_used(tmp_path: Path) -> None:
    folder = make_build(tmp_path, compiled=())
    for name in (*native.COMPILED, native.RUNTIME):
        (folder / f"{name}.cpython-399-x86_64-linux-gnu.so").write_bytes(b"\x7fELF")
    assert not native.verdict(folder, environ={})[0]


def test_an_edited_source_sends_every_module_back_to_source(tmp_path: Path) -> None:
    folder = make_build(tmp_path)
    scoring = folder / "scoring.py"
    scoring.write_text(scoring.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    compiled, reason = native.verdict(folder, environ={})
    assert not compiled
    assert "scoring changed since it was compiled" in reason
    assert "matcher" not in reason


def test_a_missing_or_broken_record_is_not_trusted(tmp_path: Path) -> None:
    folder = make_build(tmp_path)
    (folder / native.RECORD).write_text("{not json", encoding="utf-8")
    assert "no record" in native.verdict(folder, environ={})[1]
    (folder / native.RECORD).unlink()
    assert "no record" in native.verdict(folder, environ={})[1]


def test_doctor_says_what_the_engine_runs_as(tmp_path: Path) -> None:
    said = run_python(
        "import sys; from desktop.cli import main; sys.exit(main(['doctor']))",
        pure=True,
        ATTUNE_DATA_DIR=str(tmp_path),
    )
    assert f"scoring engine:  Python source ({native.PURE_VARIABLE} is set)" in said


compiled_here = pytest.mark.skipif(
    not native.verdict()[0], reason=f"this install runs the engine as {native.verdict()[1]}"
)


@compiled_here
def test_compiled_and_source_give_the_same_results() -> None:
    source, built = dump(pure=True), dump(pure=False)
    assert json.loads(source[0]).startswith("Python source")
    assert json.loads(built[0]) == "compiled"
    assert len(source) == len(built) > 2000
    differ = [i for i, (a, b) in enumerate(zip(source, built, strict=True)) if i and a != b]
    assert not differ, (
        f"{len(differ)} results differ, first:\n{source[differ[0]]}\n{built[differ[0]]}"
    )


@compiled_here
def test_a_copy_with_an_edited_source_runs_that_source(tmp_path: Path) -> None:
    engine_copy = copy_package(tmp_path)
    where, running, _ = run_python(PROBE, cwd=tmp_path, PYTHONPATH=str(tmp_path))
    assert where.endswith(SUFFIX)
    assert running == "compiled"
    scoring = engine_copy / "scoring.py"
    scoring.write_text(scoring.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    where, running, label = run_python(PROBE, cwd=tmp_path, PYTHONPATH=str(tmp_path))
    assert where.endswith("scoring.py")
    assert "scoring changed since it was compiled" in running
    assert label == "validating"


def test_a_build_that_does_not_load_falls_back_to_the_source(tmp_path: Path) -> None:
    # Extension modules with the right names and digests that are not loadable (copied from
    # another system, or damaged): the app must still start and score.
    make_build(copy_package(tmp_path, "*.so", "*.pyd", native.RECORD))
    where, running, label = run_python(PROBE, cwd=tmp_path, PYTHONPATH=str(tmp_path))
    assert where.endswith("scoring.py")
    assert running.startswith("Python source (the compiled build does not load")
    assert label == "validating"
