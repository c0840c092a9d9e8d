"""Every built-in answer option earns, from the engine, exactly the label it is tagged with.

Content and engine keep each other honest: an option that disagrees is either a muddled
example (rewrite it) or an engine mistake (report it); either way this test shows which.
"""

from __future__ import annotations

import pytest

from desktop.content import Scenario, load_builtin

engine = pytest.importorskip("desktop.engine", reason="the rule engine is not in this build yet")

SCENARIOS = load_builtin().scenarios


def disagreements(scenario: Scenario) -> list[str]:
    found = []
    for where, prompt in enumerate(scenario.prompts):
        line = "opening" if where == 0 else f"follow-up {where}"
        for option in prompt.options:
            verdict = engine.score(option.text, hurt=prompt.text).label
            label = str(getattr(verdict, "value", verdict))
            if label != option.label.value:
                found.append(f"{line}: {option.text!r} tagged {option.label.value}, engine {label}")
    return found


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_every_option_label_matches_the_engine(scenario: Scenario) -> None:
    assert disagreements(scenario) == []
