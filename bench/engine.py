"""Scoring speed: Attune's rule engine against VADER on the same texts, in the same run.

Texts: every labelled answer in tests/corpus/*.toml (with its hurt, when it has one), or the
built-in scenarios' answer options when there is no corpus, plus the scenario options either way.
Each text is scored many times by desktop.engine.score and by vaderSentiment's
SentimentIntensityAnalyzer().polarity_scores. The two are interleaved text by text, and which goes
first alternates every round, so both see the same machine state. The figure per text is the
median of its rounds; the summary is the median over texts, and the ratio attune / VADER.

A 2,000-character answer, built from realistic sentences, is timed separately: live coaching
scores the whole answer at every pause in typing, so it must stay well under a frame.

    .venv/bin/python bench/engine.py [--rounds 15] [--budget 40] [--profile]
    ATTUNE_PURE_ENGINE=1 .venv/bin/python bench/engine.py   # the Python source, not compiled

Targets: ratio attune / VADER <= 1.0, and a 2,000-character answer in under 2 ms (median).
--profile adds where Attune's time goes: cProfile's top functions, and the most expensive rules.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import pstats
import statistics
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop import engine  # noqa: E402
from desktop.engine.native import running  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
RATIO_TARGET = 1.0
LONG_TARGET_MS = 2.0
LONG_CHARS = 2000
# Several calls per sample keep the timer's own cost out of the figure for short texts.
CALLS_PER_SAMPLE = 3
# Fewer rounds than this and a median says little; more than the budget allows and it drags.
MIN_ROUNDS = 5

LONG_SENTENCES = (
    "I know you felt humiliated when you found the messages, and that makes complete sense.",
    "I lied to you for months and I let you believe you were imagining things.",
    "That was wrong, and I'm so sorry for what it did to you.",
    "I was stressed at work, but that is not why I did it and it is no excuse.",
    "You're not overreacting; anyone would feel shaken after that.",
    "When you pull away I panic and push, and then you pull away more.",
    "I want us to face that loop together instead of blaming each other.",
    "What was it like for you when you saw my phone that night?",
    "I'm here, and I'm not going anywhere, so keep going if you want to.",
    "You can ask me the same question as many times as you need to.",
    "From now on I will show you my phone whenever you ask, without a sigh.",
    "Maybe I was a bit distant, and honestly it was only a few texts.",
    "I don't blame you for checking; I gave you every reason to.",
    "Thank you for telling me, even though it was hard to say.",
    "I need ten minutes to calm down, then I'll come back and listen.",
    "It's not your fault, and none of this is on you.",
)


Sample = tuple[str, str | None]  # (text, hurt)


def corpus_answers() -> list[Sample]:
    found: list[Sample] = []
    for path in sorted(CORPUS.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for item in data.get("answer", []):
            found.append((str(item.get("text", "")), item.get("hurt")))
    return found


def scenario_options() -> list[Sample]:
    from desktop.content import load_builtin

    found: list[Sample] = []
    for scenario in load_builtin().scenarios:
        for prompt in (scenario.opening, *scenario.follow_ups):
            found.extend((option.text, prompt.text) for option in prompt.options)
    return found


def long_answer() -> str:
    """About 2,000 characters of a real-sounding answer, ending at a sentence end."""
    parts: list[str] = []
    index = 0
    while len(" ".join(parts)) < LONG_CHARS:
        parts.append(LONG_SENTENCES[index % len(LONG_SENTENCES)])
        index += 1
    text = " ".join(parts)
    return text[: text.rfind(".", 0, LONG_CHARS + 1) + 1]


def sample_ns(call: Callable[[], object], calls: int = CALLS_PER_SAMPLE) -> float:
    start = time.perf_counter_ns()
    for _ in range(calls):
        call()
    return (time.perf_counter_ns() - start) / calls


def interleaved(
    texts: list[Sample], rounds: int, polarity: Callable[[str], object]
) -> tuple[list[float], list[float]]:
    """Per text, the median nanoseconds per call for Attune and for VADER."""
    ours: list[list[float]] = [[] for _ in texts]
    theirs: list[list[float]] = [[] for _ in texts]
    score = engine.score
    for round_index in range(rounds):
        attune_first = round_index % 2 == 0
        for i, (text, hurt) in enumerate(texts):
            if attune_first:
                ours[i].append(sample_ns(lambda t=text, h=hurt: score(t, h)))
                theirs[i].append(sample_ns(lambda t=text: polarity(t)))
            else:
                theirs[i].append(sample_ns(lambda t=text: polarity(t)))
                ours[i].append(sample_ns(lambda t=text, h=hurt: score(t, h)))
    return [statistics.median(s) for s in ours], [statistics.median(s) for s in theirs]


def time_long(text: str, runs: int, polarity: Callable[[str], object]) -> tuple[float, float]:
    """Median milliseconds for the long answer, Attune and VADER alternating."""
    ours: list[float] = []
    theirs: list[float] = []
    for run in range(runs):
        pair = [
            (ours, lambda: engine.score(text)),
            (theirs, lambda: polarity(text)),
        ]
        for bucket, call in pair if run % 2 == 0 else reversed(pair):
            bucket.append(sample_ns(call, calls=1) / 1e6)
    return statistics.median(ours), statistics.median(theirs)


def time_typing(text: str, keystrokes: int) -> float:
    """Median milliseconds to re-score an answer after one more typed character."""
    typed = text[: len(text) // 2]
    rest = text[len(typed) :] * 2
    engine.score(typed)
    times = []
    for step in range(keystrokes):
        typed += rest[step % len(rest)]
        start = time.perf_counter_ns()
        engine.score(typed)
        times.append((time.perf_counter_ns() - start) / 1e6)
    return statistics.median(times)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def profile(texts: list[Sample], long_text: str) -> None:
    print("\nWhere Attune's time goes (cProfile, every text 3 times, plus the long answer 20):")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(3):
        for text, hurt in texts:
            engine.score(text, hurt)
    for _ in range(20):
        engine.score(long_text)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:6000])
    rule_costs(texts)


def rule_costs(texts: list[Sample]) -> None:
    """Time each rule's patterns over every text, the way the engine searches them."""
    from desktop.engine.phrases import text_words

    ruleset = engine.ruleset()
    prepared = [(text, text_words(text)) for text, _ in texts]
    costs: list[tuple[float, str, int, int]] = []
    for rule in ruleset.rules:
        searched = 0
        start = time.perf_counter_ns()
        for text, words in prepared:
            for compiled in rule.compiled:
                if compiled.triggers is not None and not (compiled.triggers & words):
                    continue
                searched += 1
                for _ in compiled.regex.finditer(text):
                    pass
        elapsed = (time.perf_counter_ns() - start) / len(prepared) / 1000
        costs.append((elapsed, rule.id, len(rule.compiled), searched))
    total = sum(c[0] for c in costs)
    untriggered = sum(
        1 for rule in ruleset.rules for compiled in rule.compiled if compiled.triggers is None
    )
    patterns = sum(len(rule.compiled) for rule in ruleset.rules)
    print(
        f"\nRule patterns: {patterns} in {len(ruleset.rules)} rules; {untriggered} have no "
        f"trigger word and are searched in every text. Regex time per text: {total:.1f} µs."
    )
    print(f"{'µs/text':>8}  {'share':>6}  {'patterns':>8}  {'searches':>8}  rule")
    for elapsed, rule_id, count, searched in sorted(costs, reverse=True)[:15]:
        print(f"{elapsed:8.1f}  {elapsed / total:6.1%}  {count:8d}  {searched:8d}  {rule_id}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15, help="rounds per text (default 15)")
    parser.add_argument("--long-runs", type=int, default=301, help="runs of the long answer")
    parser.add_argument(
        "--budget",
        type=float,
        default=40.0,
        help="seconds to spend measuring; rounds are cut to fit (default 40)",
    )
    parser.add_argument("--profile", action="store_true", help="show where Attune's time goes")
    args = parser.parse_args(argv)

    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:
        print("VADER is not installed: .venv/bin/pip install -e '.[bench]'", file=sys.stderr)
        return 2

    answers = corpus_answers()
    options = scenario_options()
    texts = answers + options
    polarity = SentimentIntensityAnalyzer().polarity_scores
    long_text = long_answer()

    # Warm up (the rule set loads and compiles on first use), and see how long a round takes,
    # so the whole run stays within the time budget however fast or slow the engine is.
    warm = time.perf_counter()
    for text, hurt in texts:
        engine.score(text, hurt)
        polarity(text)
    one_round = (time.perf_counter() - warm) * CALLS_PER_SAMPLE
    warm = time.perf_counter()
    engine.score(long_text)
    polarity(long_text)
    one_long = time.perf_counter() - warm
    rounds = max(MIN_ROUNDS, min(args.rounds, int(args.budget * 0.75 / one_round)))
    long_runs = max(MIN_ROUNDS, min(args.long_runs, int(args.budget * 0.25 / one_long)))
    began = time.perf_counter()
    gc.collect()
    gc.disable()
    try:
        # Every timed score does all of its work: the sentence memory stays off.
        engine.remember_sentences(False)
        ours, theirs = interleaved(texts, rounds, polarity)
        long_ours, long_theirs = time_long(long_text, long_runs, polarity)
        engine.remember_sentences(True)
        typing = time_typing(long_text, long_runs)
    finally:
        engine.remember_sentences(True)
        gc.enable()
    took = time.perf_counter() - began

    mean_chars = statistics.mean(len(t) for t, _ in texts)
    attune_us = statistics.median(ours) / 1000
    vader_us = statistics.median(theirs) / 1000
    ratio = attune_us / vader_us
    total_ratio = sum(ours) / sum(theirs)
    per_text = sorted(o / t for o, t in zip(ours, theirs, strict=True))
    print(
        f"Python {sys.version.split()[0]}, rules {engine.rules_version()}, "
        f"{len(engine.rules())} rules; {rounds} rounds x {CALLS_PER_SAMPLE} calls per text, "
        f"interleaved; measured in {took:.1f} s"
    )
    if answers:
        found = f"{len(answers)} corpus answers + {len(options)} scenario options"
    else:
        found = f"no corpus in tests/corpus, so the {len(options)} built-in scenario options"
    print(f"Texts: {found} = {len(texts)}, {mean_chars:.0f} characters on average")
    print(f"Engine: {running()}")
    print()
    print("Per-text median time (median over texts):")
    print(f"  attune  {attune_us:8.1f} µs")
    print(f"  vader   {vader_us:8.1f} µs")
    print(
        f"  ratio attune/vader {ratio:.2f} (over the whole set: {total_ratio:.2f}; per text: "
        f"best {per_text[0]:.2f}, median {statistics.median(per_text):.2f}, "
        f"worst {per_text[-1]:.2f})"
    )
    print(
        f"{verdict(ratio <= RATIO_TARGET)}  ratio attune/vader {ratio:.2f} "
        f"(target <= {RATIO_TARGET:.1f})"
    )
    print()
    print(f"A {len(long_text)}-character answer, median of {long_runs} runs:")
    print(f"  attune  {long_ours:6.3f} ms")
    print(f"  vader   {long_theirs:6.3f} ms")
    print(
        f"{verdict(long_ours < LONG_TARGET_MS)}  {len(long_text)}-character answer "
        f"{long_ours:.3f} ms (target < {LONG_TARGET_MS:.0f} ms)"
    )
    print()
    print(
        f"Live coaching while typing (the app's case): the {len(long_text)}-character answer "
        f"gets one more character before each score, sentence memory on, median of "
        f"{long_runs} keystrokes:"
    )
    print(f"  attune  {typing:6.3f} ms")
    print(
        f"{verdict(typing < LONG_TARGET_MS)}  re-score per keystroke {typing:.3f} ms "
        f"(target < {LONG_TARGET_MS:.0f} ms)"
    )
    if args.profile:
        engine.remember_sentences(False)
        profile(texts, long_text)
        engine.remember_sentences(True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
