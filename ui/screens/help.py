"""Help & safety: how scoring works (from the rule set itself), when to get help, resources."""

from __future__ import annotations

import html
import importlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QApplication, QLabel, QTextBrowser, QVBoxLayout, QWidget

from ui.theme import Theme

log = logging.getLogger("attune")

PRACTICE_NOT_THERAPY = (
    "Attune is practice, not therapy. It helps you rehearse one hard moment — hearing a hurt "
    "and answering it with care — but it cannot see your whole story, and its scores are "
    "feedback on words, not a verdict on a person or a relationship. It does not replace a "
    "couples or individual therapist."
)
NOT_FOR_ABUSE = (
    "Couples exercises are not suited to relationships where there is abuse, threats, or "
    "fear of a partner. If you are afraid of your partner, practising together is not safe: "
    "please talk to a domestic abuse service on your own, from a device your partner "
    "cannot see."
)
THERAPIST_FALLBACK = (
    "Consider a couples or individual therapist if conversations keep ending in the same "
    "fight, if one of you often feels flooded or shuts down, if trust after a betrayal is not "
    "coming back, or if you notice trouble sleeping, constant replaying of what happened, or "
    "doubting your own memory. Look for someone trained in couples work (for example Gottman "
    "Method or Emotionally Focused Therapy) who takes both of you seriously and who screens "
    "for safety."
)
CRISIS_FALLBACK = (
    "If you might hurt yourself or someone else, or you are in danger now, call your local "
    "emergency number. To find a crisis line in your country, search for “crisis line” with "
    "your country's name, or ask your doctor."
)


@dataclass(frozen=True, slots=True)
class RuleEntry:
    """What the help page says about one rule."""

    rule_id: str
    category: str
    category_name: str
    polarity: str
    weight: float
    message: str
    suggestion: str
    examples: tuple[str, ...]


def rule_entries() -> tuple[RuleEntry, ...]:
    """Every rule the engine loaded, in the engine's order."""
    # Looked up at call time, so the page always shows the rule set the engine really uses.
    engine = importlib.import_module("desktop.engine")
    return tuple(
        RuleEntry(
            rule_id=rule.id,
            category=rule.category,
            category_name=engine.category_name(rule.category),
            polarity=rule.polarity,
            weight=rule.weight,
            message=rule.message,
            suggestion=rule.suggestion,
            examples=tuple(rule.examples),
        )
        for rule in engine.rules()
    )


def therapist_title() -> str:
    from desktop.safety import therapist_guidance

    return therapist_guidance().title


def therapist_html() -> str:
    from desktop.safety import therapist_guidance

    guidance = therapist_guidance()
    when = "".join(f"<li>{html.escape(item)}</li>" for item in guidance.when)
    look = "".join(f"<li>{html.escape(item)}</li>" for item in guidance.look_for)
    return (
        f'<h2 id="therapist">{html.escape(guidance.title)}</h2>'
        f"<p>{html.escape(guidance.lead)}</p>"
        f"<h3>When to seek help</h3><ul>{when}</ul>"
        f"<h3>What to look for in a therapist</h3><ul>{look}</ul>"
    )


def crisis_html() -> str:
    from desktop.safety import crisis_resources

    found = crisis_resources()
    lines = "".join(
        f"<li><b>{html.escape(line.country)}</b>: {html.escape(line.name)}, "
        f"{html.escape(line.contact)} <i>({html.escape(line.hours)}; "
        f"{html.escape(line.topic)})</i></li>"
        for line in found.lines
    )
    return (
        '<h2 id="crisis">Crisis and abuse resources</h2>'
        f"<h3>{html.escape(found.emergency.title)}</h3>"
        f"<p>{html.escape(found.emergency.text)}</p>"
        f"<h3>{html.escape(found.find_a_line.title)}</h3>"
        f"<p>{html.escape(found.find_a_line.text)}</p>"
        f"<h3>Some national lines</h3><ul>{lines}</ul>"
        f"<p><i>Last reviewed {html.escape(found.last_reviewed)}. Numbers change: if one "
        "does not answer, your local emergency number always does.</i></p>"
    )


def scoring_html(entries: Sequence[RuleEntry]) -> str:
    helps = [e for e in entries if e.polarity == "validation"]
    hurts = [e for e in entries if e.polarity != "validation"]
    parts = [
        '<h2 id="scoring">How scoring works</h2>',
        "<p>Every answer gets two scores from 0 to 100: <b>validation</b> (how much it shows "
        "the hurt was heard and taken seriously) and <b>defensiveness</b> (how much it "
        "protects the speaker instead). The scores come from the rules below: each one looks "
        "for a way of speaking, and each match is marked in your answer so you can see "
        "exactly which words did what. The same words always get the same score.</p>",
        "<p>A strong answer usually does three things in this order: <b>validate</b> the "
        "feeling, <b>own</b> your part, and only then <b>explain</b>. A “but” after an "
        "apology cancels much of it; what follows the “but” is what gets heard.</p>",
        f"<p>The rule set has {len(entries)} rules: {len(helps)} that count toward "
        f"validation and {len(hurts)} that count toward defensiveness.</p>",
    ]
    for title, group in (("What helps", helps), ("What gets in the way", hurts)):
        parts.append(f"<h3>{title}</h3>")
        by_category: dict[str, list[RuleEntry]] = {}
        for entry in group:
            by_category.setdefault(entry.category_name, []).append(entry)
        for category, members in by_category.items():
            parts.append(f"<h4>{html.escape(category)}</h4><ul>")
            for entry in members:
                line = f"<li><b>{html.escape(entry.message or entry.rule_id)}</b>"
                if entry.suggestion:
                    line += f"<br>Try: {html.escape(entry.suggestion)}"
                if entry.examples:
                    line += f"<br><i>For example: “{html.escape(entry.examples[0])}”</i>"
                line += f' <span style="font-size:small">({html.escape(entry.rule_id)})</span>'
                parts.append(line + "</li>")
            parts.append("</ul>")
    return "".join(parts)


def help_html() -> str:
    try:
        scoring = scoring_html(rule_entries())
    except ImportError:
        scoring = (
            '<h2 id="scoring">How scoring works</h2>'
            "<p>The scoring rules are not part of this build.</p>"
        )
    return (
        "<h1>Help &amp; safety</h1>"
        '<p><a href="#practice">Practice, not therapy</a> · '
        '<a href="#scoring">How scoring works</a> · '
        f'<a href="#therapist">{html.escape(therapist_title())}</a> · '
        '<a href="#crisis">Crisis and abuse resources</a></p>'
        f'<h2 id="practice">Practice, not therapy</h2><p>{html.escape(PRACTICE_NOT_THERAPY)}</p>'
        f"<p>{html.escape(NOT_FOR_ABUSE)}</p>"
        f"{scoring}{therapist_html()}{crisis_html()}"
        f"<p>{html.escape(NOT_FOR_ABUSE)}</p>"
    )


class HelpScreen(QWidget):
    """A readable page; built the first time it is shown, since it loads the rule set."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpScreen")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 24, 16)
        self.browser = QTextBrowser()
        self.browser.setObjectName("helpText")
        self.browser.setAccessibleName("Help and safety")
        self.browser.setAccessibleDescription(
            "How scoring works, when to seek help, and crisis lines. Tab moves between "
            "links; Enter follows one."
        )
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(False)
        self.browser.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextBrowserInteraction
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        note = QLabel("Tab moves between links; Enter follows one.")
        note.setProperty("role", "caption")
        layout.addWidget(self.browser, 1)
        layout.addWidget(note)
        self.setFocusProxy(self.browser)
        self._built = False
        app = QApplication.instance()
        if isinstance(app, QApplication):
            # Link and heading colours are fixed when the page is laid out: redo it.
            Theme.of(app).changed.connect(self.on_theme_changed)

    def on_theme_changed(self, _scheme: str) -> None:
        if self._built:
            position = self.browser.verticalScrollBar().value()
            self._built = False
            self.build()
            self.browser.verticalScrollBar().setValue(position)

    def build(self) -> None:
        if self._built:
            return
        self._built = True
        try:
            self.browser.setHtml(help_html())
        except Exception as exc:  # a show event must not raise: Qt cannot carry it
            log.error("Help failed to build: %s", type(exc).__name__)
            self.browser.setPlainText(
                f"{PRACTICE_NOT_THERAPY}\n\n{NOT_FOR_ABUSE}\n\n{THERAPIST_FALLBACK}\n\n"
                f"{CRISIS_FALLBACK}"
            )

    def showEvent(self, event: QShowEvent) -> None:
        self.build()
        super().showEvent(event)

    def text(self) -> str:
        self.build()
        return self.browser.toPlainText()
