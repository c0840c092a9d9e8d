"""Small pack texts for the content tests, built so each test changes one thing."""

from __future__ import annotations

OPTIONS = """options = [
  { text = "You're hurt, and I did that. I'm sorry.", label = "validating", why = "Owns it." },
  { text = "You're overreacting.", label = "defensive", why = "Invalidates." },
  { text = "Whatever.", label = "withdrawing", why = "Shuts down." },
  { text = "Okay.", label = "neutral", why = "Says nothing." },
]"""


def scenario_text(scenario_id: str = "test-scenario", **fields: str) -> str:
    """One [[scenario]] block; pass a field as "" to leave it out, or a value to replace it."""
    values = {
        "title": '"A test"',
        "category": '"everyday"',
        "intensity": '"gentle"',
    }
    values.update(fields)
    head = [f'id = "{scenario_id}"'] if scenario_id else []
    head += [f"{key} = {value}" for key, value in values.items() if value]
    prompt = f'text = "You forgot."\n{OPTIONS}'
    return (
        "[[scenario]]\n"
        + "\n".join(head)
        + f"\n\n[scenario.opening]\n{prompt}\n\n"
        + f"[[scenario.follow_up]]\n{prompt}\n\n"
        + f"[[scenario.follow_up]]\n{prompt}\n"
    )


def pack_text(*scenarios: str, pack_id: str = "test-pack") -> str:
    body = "\n".join(scenarios) if scenarios else scenario_text()
    return f'format = 1\n\n[pack]\nid = "{pack_id}"\ntitle = "Tests"\n\n{body}'
