"""The engine's contract: the shape of its results, spans on the original text, determinism,
thread-safety and no Qt (PRODUCT.md, issue 3)."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from desktop import engine
from desktop.engine import Hit, Result, ShareResult, Steps

ROOT = Path(__file__).resolve().parents[2]
LABELS = {"validating", "mixed", "defensive", "withdrawing", "neutral"}
SHARE_LABELS = {"gentle", "mixed", "harsh", "neutral"}
ANSWER_POLARITIES = {"validation", "defensiveness"}
SHARE_POLARITIES = {"gentleness", "harshness"}

TEXTS = [
    "That hurt you. I'm sorry.",
    "You're overreacting, it was only once.",
    "I understand, but you went through my phone.",
    "I lied to you and that made you doubt yourself. I'm so sorry. What would help right now?",
    "Oh great, here we go again. WHY ARE YOU STILL ON THIS?!",
    "I was stressed at work. I'm sorry you feel that way.",
    "I need a break. I promise I'll come back in twenty minutes.",
    "whatever",
    "",
    "   \n\t",
    "You feel alone and that makes sense. I hid the messages; I'm sorry I did that.",
]


def test_result_fields_and_types() -> None:
    fields = {f.name: f.type for f in dataclasses.fields(Result)}
    assert list(fields) == [
        "validation",
        "defensiveness",
        "label",
        "hits",
        "steps",
        "rules_version",
    ]
    for text in TEXTS:
        result = engine.score(text)
        assert isinstance(result, Result)
        assert isinstance(result.validation, float)
        assert isinstance(result.defensiveness, float)
        assert 0.0 <= result.validation <= 100.0
        assert 0.0 <= result.defensiveness <= 100.0
        assert result.label in LABELS
        assert isinstance(result.hits, tuple)
        assert all(isinstance(hit, Hit) for hit in result.hits)
        assert isinstance(result.steps, Steps)
        assert isinstance(result.rules_version, str)


def test_hit_fields_and_types() -> None:
    assert [f.name for f in dataclasses.fields(Hit)] == [
        "rule_id",
        "category",
        "polarity",
        "start",
        "end",
        "weight",
        "message",
        "suggestion",
    ]
    seen = 0
    for text in TEXTS:
        for hit in engine.score(text).hits:
            seen += 1
            assert isinstance(hit.rule_id, str) and hit.rule_id
            assert isinstance(hit.category, str) and hit.category
            assert hit.polarity in ANSWER_POLARITIES
            assert isinstance(hit.start, int) and isinstance(hit.end, int)
            assert 0 <= hit.start < hit.end <= len(text)
            assert isinstance(hit.weight, float) and hit.weight > 0
            assert isinstance(hit.message, str) and hit.message.strip()
            assert isinstance(hit.suggestion, str)
    assert seen > 10


def test_results_are_frozen() -> None:
    result = engine.score(TEXTS[0])
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.label = "defensive"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.hits[0].weight = 10.0  # type: ignore[misc]


def test_steps_fields() -> None:
    assert [f.name for f in dataclasses.fields(Steps)] == [
        "validated",
        "owned",
        "explained",
        "order_ok",
    ]
    for text in TEXTS:
        steps = engine.score(text).steps
        assert all(isinstance(getattr(steps, f), bool) for f in ("validated", "owned"))
        assert isinstance(steps.explained, bool) and isinstance(steps.order_ok, bool)
    steps = engine.score(TEXTS[3]).steps
    assert steps.validated and steps.owned and steps.order_ok


def test_every_label_is_reachable() -> None:
    texts = {
        "validating": "That hurt you. I'm sorry.",
        "defensive": "You're overreacting.",
        "withdrawing": "",
        "neutral": "The car is in the garage.",
        "mixed": "I'm sorry I lied to you. I'm a terrible person and nothing I do is enough.",
    }
    found = {label: engine.score(text).label for label, text in texts.items()}
    assert found == {label: label for label in texts}


def test_rules_version_is_recorded() -> None:
    version = engine.rules_version()
    assert version and isinstance(version, str)
    assert version == engine.RULES_VERSION
    assert engine.ruleset().version == version
    assert engine.score("That hurt you.").rules_version == version
    assert engine.score("").rules_version == version
    assert engine.score_share("I felt alone.").rules_version == version


def test_spans_index_the_original_text() -> None:
    text = "You feel alone, and that makes sense. I'm sorry I lied to you. You're overreacting."
    result = engine.score(text)
    marked = {hit.rule_id: text[hit.start : hit.end] for hit in result.hits}
    assert marked, result
    for hit in result.hits:
        piece = text[hit.start : hit.end]
        assert piece == piece.strip(), piece
        assert piece[:1].isalnum() and piece[-1:].isalnum(), piece
    assert "I'm sorry" in " | ".join(marked.values())
    assert "You're overreacting" in marked.values()


def test_spans_keep_curly_quotes_of_the_original() -> None:
    straight = "I'm sorry I lied to you. You're overreacting."
    curly = straight.replace("'", "\u2019")
    a, b = engine.score(straight), engine.score(curly)
    assert [(h.rule_id, h.start, h.end) for h in a.hits] == [
        (h.rule_id, h.start, h.end) for h in b.hits
    ]
    pieces = [curly[h.start : h.end] for h in b.hits]
    assert "You\u2019re overreacting" in pieces
    assert any(piece.startswith("I\u2019m sorry") for piece in pieces)
    assert (a.validation, a.defensiveness, a.label) == (b.validation, b.defensiveness, b.label)


def test_spans_are_in_order_of_the_text() -> None:
    for text in TEXTS:
        hits = engine.score(text).hits
        assert list(hits) == sorted(hits, key=lambda h: (h.start, h.end))


def test_deterministic() -> None:
    for text in TEXTS:
        assert engine.score(text) == engine.score(text)
        assert engine.score(text, "I felt alone.") == engine.score(text, "I felt alone.")
        assert engine.score_share(text) == engine.score_share(text)


def test_same_results_from_eight_threads() -> None:
    hurt = "I felt humiliated when I found the messages."
    expected = [(engine.score(t), engine.score(t, hurt), engine.score_share(t)) for t in TEXTS]

    def work(_: int) -> list[tuple[Result, Result, ShareResult]]:
        rounds = []
        for _ in range(20):
            rounds.extend(
                (engine.score(t), engine.score(t, hurt), engine.score_share(t)) for t in TEXTS
            )
        return rounds

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(work, range(8)))
    for outcome in outcomes:
        assert outcome == expected * 20


def test_first_load_from_eight_threads_at_once() -> None:
    code = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "from desktop import engine\n"
        "with ThreadPoolExecutor(8) as pool:\n"
        "    found = list(pool.map(lambda i: engine.score('That hurt you.'), range(8)))\n"
        "assert len({repr(r) for r in found}) == 1, found\n"
        "assert len({id(engine.ruleset()) for _ in range(3)}) == 1\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_scoring_imports_no_qt() -> None:
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'):\n"
        "            raise ImportError('Qt is blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "from desktop import engine\n"
        "engine.score('That hurt you.', 'I felt alone')\n"
        "engine.score_share('I felt alone.')\n"
        "engine.suggest_rewrite('You are overreacting.')\n"
        "engine.coaching_hint('You are overreacting.')\n"
        "print(sorted(m for m in sys.modules if 'Qt' in m or 'PySide' in m or 'shiboken' in m))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_share_result_fields_and_types() -> None:
    assert [f.name for f in dataclasses.fields(ShareResult)] == [
        "gentleness",
        "harshness",
        "label",
        "hits",
        "rules_version",
    ]
    shares = [
        "I felt alone when you stayed on your phone at dinner. I need us to put them away.",
        "You always ignore me. You're so selfish.",
        "You never listen. I felt alone when you left.",
        "The car is in the garage.",
        "",
        "   ",
    ]
    labels = set()
    for text in shares:
        share = engine.score_share(text)
        assert isinstance(share, ShareResult)
        assert isinstance(share.gentleness, float) and isinstance(share.harshness, float)
        assert 0.0 <= share.gentleness <= 100.0 and 0.0 <= share.harshness <= 100.0
        assert share.label in SHARE_LABELS
        labels.add(share.label)
        for hit in share.hits:
            assert isinstance(hit, Hit)
            assert hit.polarity in SHARE_POLARITIES
            assert 0 <= hit.start < hit.end <= len(text)
    assert labels == SHARE_LABELS
    assert engine.score_share("").label == "neutral"


def test_share_and_answer_sides_do_not_mix() -> None:
    answer = engine.score("You always ignore me. You're so selfish.")
    share = engine.score_share("That hurt you. I'm sorry I lied.")
    assert all(h.polarity in ANSWER_POLARITIES for h in answer.hits)
    assert all(h.polarity in SHARE_POLARITIES for h in share.hits)


def test_rules_and_category_names() -> None:
    rules = engine.rules()
    assert rules and len({r.id for r in rules}) == len(rules)
    for rule in rules:
        assert engine.ruleset().family(rule.category) is not None
        assert engine.category_name(rule.category).strip()
    assert engine.category_name("minimising") == "Minimising"
    assert engine.category_name("no_such_family") == "No such family"


def test_non_text_is_not_a_crash() -> None:
    assert engine.score(None).label == "withdrawing"  # type: ignore[arg-type]
    assert engine.score(42).label in LABELS  # type: ignore[arg-type]
    assert engine.score("That hurt you.", 7).label in LABELS  # type: ignore[arg-type]
    assert engine.score_share(None).label == "neutral"  # type: ignore[arg-type]
