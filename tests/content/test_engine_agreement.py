"""Every built-in answer option earns, from the engine, exactly the label it is tagged with.

Content and engine keep each other honest: an option that disagrees is either a muddled
example (rewrite it) or an engine mistake (report it); either way this test shows which.
"""

from __future__ import annotations

from importlib import resources

import pytest

from desktop import engine
from desktop.content import Scenario, Source, load_builtin, parse_pack_text

SCENARIOS = load_builtin().scenarios


def disagreements(scenario: Scenario) -> list[str]:
    found = []
    for where, prompt in enumerate(scenario.prompts):
        line = "opening" if where == 0 else f"follow-up {where}"
        for option in prompt.options:
            label = engine.score(option.text, hurt=prompt.text).label
            if label != option.label.value:
                found.append(f"{line}: {option.text!r} tagged {option.label.value}, engine {label}")
    return found


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_every_option_label_matches_the_engine(scenario: Scenario) -> None:
    assert disagreements(scenario) == []


def test_the_new_scenario_template_agrees_with_the_engine() -> None:
    """The first thing a writer sees in the editor is the template: "Test my options" on it
    shows no disagreement."""
    text = resources.files("resources.scenarios").joinpath("templates/new-scenario.toml")
    load = parse_pack_text(text.read_text(encoding="utf-8"), "new-scenario.toml", Source.USER)
    assert load.problems == ()
    assert [disagreements(s) for s in load.scenarios] == [[]]
