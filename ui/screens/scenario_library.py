"""Scenario library: browse packs, preview, write and test your own, import and export."""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.content import (
    Category,
    ImportResult,
    Intensity,
    Library,
    PackInfo,
    Problem,
    Scenario,
    Source,
    export_pack,
    import_packs,
    load_builtin,
    parse_pack_text,
    scenario_to_toml,
)
from desktop.content.saved import ScenarioStore, save_imported, save_scenario, saved_library
from desktop.errors import AttuneError
from ui.background import BackgroundTask, Cancelled, Progress, run_in_background

ANY = ""
PROBLEMS_MAX_HEIGHT = 96
MY_PACK = "my-scenarios"


def new_scenario_template() -> str:
    """The text a new scenario starts from: a complete, valid example to change."""
    from importlib import resources

    template = resources.files("resources.scenarios").joinpath("templates/new-scenario.toml")
    return template.read_text(encoding="utf-8")


class Scorer(Protocol):
    """What "Test my options" needs from the engine: a label for an answer to a hurt."""

    def __call__(self, text: str, hurt: str | None = None) -> object: ...


def _engine_scorer() -> Scorer:
    from desktop.engine import score

    return score


def _label_of(result: object) -> str:
    label = getattr(result, "label", "")
    return str(getattr(label, "value", label))


EDIT_DESCRIPTIONS = {
    True: "Opens this scenario of yours in the editor.",
    False: "Opens a copy of this scenario in the editor; the built-in one stays as it is.",
}


def _named(widget: QWidget, name: str, accessible: str, description: str) -> None:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    widget.setAccessibleDescription(description)


def _caption(text: str, role: str = "caption") -> QLabel:
    label = QLabel(text)
    label.setProperty("role", role)
    label.setWordWrap(True)
    return label


def preview_html(scenario: Scenario, pack_title: str) -> str:
    """The scenario as a page: where it comes from, each line, and each answer with its label."""
    esc = html.escape
    where = [pack_title]
    if scenario.category.heading != pack_title:
        where.append(scenario.category.heading)
    where.append(scenario.intensity.value)
    where.append("built-in" if scenario.source is Source.BUILT_IN else "yours")
    meta = " · ".join(esc(part) for part in where)
    parts = [f"<h2>{esc(scenario.title)}</h2>", f"<p><i>{meta}</i></p>"]
    if scenario.content_warnings:
        parts.append(f"<p>Content: {esc(', '.join(scenario.content_warnings))}</p>")
    if scenario.sharer_note:
        parts.append(f"<p>For the sharer: {esc(scenario.sharer_note)}</p>")
    for index, prompt in enumerate(scenario.prompts):
        heading = "They say" if index == 0 else f"Then ({index})"
        parts.append(f"<h3>{heading}</h3><blockquote>“{esc(prompt.text)}”</blockquote><ul>")
        for option in prompt.options:
            parts.append(
                f"<li><b>{esc(option.label.value)}</b>: {esc(option.text)}"
                f"<br><small>{esc(option.why)}</small></li>"
            )
        parts.append("</ul>")
    return "".join(parts)


class ScenarioLibraryScreen(QWidget):
    """Browse by pack, category and intensity; preview; write, test, import and export.

    Give it a Library to browse (edits stay in memory), or the app's Store: then the built-in
    packs and the user's saved scenarios are shown, and new, edited and imported scenarios are
    saved in the database.
    """

    scenario_saved = Signal(str)
    scenarios_imported = Signal(int)
    scenarios_exported = Signal(str)

    def __init__(
        self,
        source: Library | ScenarioStore | None = None,
        parent: QWidget | None = None,
        *,
        scorer: Scorer | None = None,
    ) -> None:
        super().__init__(parent)
        self.store: ScenarioStore | None = None
        self._pending_status = ""
        self.last_test: tuple[int, int] | None = None  # (agreeing, total) of the last test
        self.file_task: BackgroundTask[Any] | None = None  # an import or export under way
        if isinstance(source, Library):
            self.library = source
        else:
            self.store = source
            self.library = self._load_from_store()
        self._scorer_given = scorer
        self._editing_id: str | None = None
        self._build()
        self.refresh()
        self.status.setText(self._pending_status)

    # --- file dialogs behind classmethods, so tests can replace them --------------------------

    @classmethod
    def choose_import_file(cls, parent: QWidget) -> str | None:
        path, _ = QFileDialog.getOpenFileName(
            parent, "Import scenarios", "", "Scenario packs (*.toml *.zip)"
        )
        return path or None

    @classmethod
    def choose_export_file(cls, parent: QWidget, suggested: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(
            parent, "Export scenarios", suggested, "Scenario pack (*.toml);;Several packs (*.zip)"
        )
        return path or None

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 20)
        outer.setSpacing(12)
        title = _caption("Scenario library", "title")
        outer.addWidget(title)
        outer.addWidget(
            _caption(
                "Hurts to practise with. Browse the built-in packs, or write your own and check "
                "how the engine reads each answer.",
                "subtitle",
            )
        )

        filters = QGridLayout()
        filters.setVerticalSpacing(4)
        self.pack_filter = QComboBox()
        _named(
            self.pack_filter,
            "scenarioPackFilter",
            "Pack",
            "Lists only the scenarios from this pack.",
        )
        self.category_filter = QComboBox()
        _named(
            self.category_filter,
            "scenarioCategoryFilter",
            "Category",
            "Lists only the scenarios about this kind of hurt.",
        )
        self.intensity_filter = QComboBox()
        _named(
            self.intensity_filter,
            "scenarioIntensityFilter",
            "Intensity",
            "Lists only the scenarios this hard to sit with, from gentle to raw.",
        )
        for box in (self.pack_filter, self.category_filter, self.intensity_filter):
            # Long pack and category names must not make the screen wider than a laptop.
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(8)
        for column, (text, box) in enumerate(
            (
                ("&Pack", self.pack_filter),
                ("&Category", self.category_filter),
                ("&Intensity", self.intensity_filter),
            )
        ):
            # Each label above its box: the row stays narrow enough for 1024 pixels at the
            # largest text size.
            label = QLabel(text)
            label.setBuddy(box)
            filters.addWidget(label, 0, column)
            filters.addWidget(box, 1, column)
            filters.setColumnStretch(column, 1)
        self.category_filter.addItem("Any category", ANY)
        for category in Category:
            self.category_filter.addItem(category.heading, category.value)
        self.intensity_filter.addItem("Any intensity", ANY)
        for intensity in Intensity:
            self.intensity_filter.addItem(intensity.value.capitalize(), intensity.value)
        outer.addLayout(filters)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        _named(
            self.list,
            "scenarioList",
            "Scenarios",
            "Pick a scenario to read it in full beside the list.",
        )
        # Long titles wrap rather than lose their end: the intensity is what people choose by.
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSpacing(3)
        self.list.setMinimumWidth(220)
        left_layout.addWidget(self.list, 1)
        self.count_label = _caption("")
        left_layout.addWidget(self.count_label)
        files = QHBoxLayout()
        self.import_button = self._button(
            "I&mport…",
            "scenarioImport",
            "Import scenarios",
            "Adds the scenarios from a pack file (.toml or .zip) you choose to your library.",
            self.on_import,
        )
        self.export_button = self._button(
            "E&xport…",
            "scenarioExport",
            "Export the scenarios shown",
            "Saves the scenarios in the list to a pack file you choose.",
            self.on_export,
        )
        files.addWidget(self.import_button)
        files.addWidget(self.export_button)
        files.addStretch(1)
        left_layout.addLayout(files)
        split.addWidget(left)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_preview())
        self.pages.addWidget(self._build_editor())
        split.addWidget(self.pages)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([360, 640])
        outer.addWidget(split, 1)

        self.status = _caption("", "note")
        self.status.setObjectName("scenarioStatus")
        self.status.setAccessibleName("Library message")
        self.status.setAccessibleDescription(
            "What happened with the last save, deletion, import or export."
        )
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.status)

        for box in (self.pack_filter, self.category_filter, self.intensity_filter):
            box.currentIndexChanged.connect(self.on_filter_changed)
        self.list.currentItemChanged.connect(self.on_selection_changed)

    def _build_preview(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.preview = QTextBrowser()
        _named(
            self.preview,
            "scenarioPreview",
            "Scenario preview",
            "The chosen scenario in full: what is said, and each answer with its label.",
        )
        self.preview.setOpenLinks(False)
        layout.addWidget(self.preview, 1)
        buttons = QHBoxLayout()
        self.new_button = self._button(
            "&New",
            "scenarioNew",
            "New scenario",
            "Opens the editor with a complete example scenario for you to change.",
            self.on_new,
        )
        self.edit_button = self._button(
            "&Edit", "scenarioEdit", "Edit scenario", EDIT_DESCRIPTIONS[True], self.on_edit
        )
        self.delete_button = self._button(
            "&Delete",
            "scenarioDelete",
            "Delete scenario",
            "Deletes this scenario of yours straight away. Built-in scenarios cannot be deleted.",
            self.on_delete,
        )
        for button in (self.new_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return page

    def _build_editor(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.editor_heading = _caption("", "sectionHeading")
        layout.addWidget(self.editor_heading)
        layout.addWidget(
            _caption(
                "Written in the pack format: in a new scenario, the notes (lines starting "
                "with #) say what each field holds, and Edit a copy starts from a built-in "
                "one. Problems show below as you type; Save is ready when there are none."
            )
        )
        self.editor = QPlainTextEdit()
        _named(
            self.editor,
            "scenarioEditor",
            "Scenario text",
            "The scenario, written in the pack format; problems are listed below as you type. "
            "Tab leaves the box.",
        )
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.editor.setProperty("role", "code")
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setTabChangesFocus(True)
        layout.addWidget(self.editor, 3)
        self.problems = QListWidget()
        _named(
            self.problems,
            "scenarioProblems",
            "Problems in the scenario",
            "What needs fixing before the scenario can be saved. Enter on a problem moves "
            "the cursor to its line.",
        )
        self.problems.setProperty("role", "problems")
        self.problems.setWordWrap(True)
        self.problems.setFixedHeight(PROBLEMS_MAX_HEIGHT)
        layout.addWidget(self.problems)
        self.test_results = QListWidget()
        _named(
            self.test_results,
            "scenarioTestResults",
            "How the engine labels each option",
            "For each answer option, whether Attune's reading agrees with the label you gave it.",
        )
        self.test_results.setWordWrap(True)
        self.test_results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.test_results.hide()
        layout.addWidget(self.test_results, 2)
        buttons = QHBoxLayout()
        self.test_button = self._button(
            "&Test my options",
            "scenarioTestOptions",
            "Test my options",
            "Reads each answer option the way Attune scores answers and lists where it "
            "agrees with your labels.",
            self.on_test_options,
        )
        self.cancel_button = self._button(
            "Cancel",
            "scenarioCancel",
            "Cancel editing",
            "Leaves the editor without saving and goes back to the preview.",
            self.on_cancel,
        )
        self.save_button = self._button(
            "&Save",
            "scenarioSave",
            "Save scenario",
            "Saves the scenario to your library; it can be saved once no problems are listed.",
            self.on_save,
        )
        self.save_button.setProperty("role", "primary")
        buttons.addWidget(self.test_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.editor.textChanged.connect(self.on_text_changed)
        self.problems.itemActivated.connect(self.on_problem_activated)
        return page

    def _button(
        self,
        text: str,
        name: str,
        accessible: str,
        description: str,
        slot: Callable[[], None],
    ) -> QPushButton:
        button = QPushButton(text)
        _named(button, name, accessible, description)
        button.clicked.connect(slot)
        return button

    # --- data -----------------------------------------------------------------------------

    def _load_from_store(self) -> Library:
        built_in = load_builtin()
        if self.store is None:
            return built_in
        try:
            return built_in.merged(saved_library(self.store))
        except AttuneError as exc:
            self._pending_status = exc.user_message
            return built_in

    def _reload(self) -> None:
        if self.store is not None:
            self.library = self._load_from_store()

    def _put(self, scenario: Scenario, pack: PackInfo | None = None) -> None:
        """Add or replace one user scenario in the in-memory library."""
        kept = tuple(s for s in self.library.scenarios if s.id != scenario.id)
        packs = self.library.packs
        if pack is not None and all(p.id != pack.id for p in packs):
            packs = (*packs, pack)
        self.library = Library((*kept, scenario), self.library.problems, packs)

    def refresh(self, select: str | None = None) -> None:
        """Rebuild the pack filter and the list, keeping the choices the person made."""
        chosen_pack = self.pack_filter.currentData() or ANY
        self.pack_filter.blockSignals(True)
        self.pack_filter.clear()
        self.pack_filter.addItem("Every pack", ANY)
        for pack_id in self.library.pack_ids():
            self.pack_filter.addItem(self.library.pack_title(pack_id), pack_id)
        found = self.pack_filter.findData(chosen_pack)
        self.pack_filter.setCurrentIndex(max(found, 0))
        self.pack_filter.blockSignals(False)
        self._fill_list(select)

    def shown(self) -> tuple[Scenario, ...]:
        """The scenarios the filters let through, in library order."""
        pack = self.pack_filter.currentData() or None
        category = self.category_filter.currentData() or None
        intensity = self.intensity_filter.currentData() or None
        return self.library.filtered(
            pack=pack,
            category=Category(category) if category else None,
            intensity=Intensity(intensity) if intensity else None,
        )

    def _fill_list(self, select: str | None = None) -> None:
        current = select or self.current_id()
        self.list.blockSignals(True)
        self.list.clear()
        scenarios = self.shown()
        for scenario in scenarios:
            mine = " · yours" if scenario.source is Source.USER else ""
            item = QListWidgetItem(f"{scenario.title}  ·  {scenario.intensity.value}{mine}")
            item.setData(Qt.ItemDataRole.UserRole, scenario.id)
            item.setToolTip(scenario.opening.text)
            self.list.addItem(item)
        self.list.blockSignals(False)
        count = len(scenarios)
        self.count_label.setText(f"{count} scenario{'s' if count != 1 else ''}")
        row = next((i for i, s in enumerate(scenarios) if s.id == current), 0 if scenarios else -1)
        self.list.setCurrentRow(row)
        self.on_selection_changed()

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def current(self) -> Scenario | None:
        scenario_id = self.current_id()
        return None if scenario_id is None else self.library.get(scenario_id)

    # --- browsing -------------------------------------------------------------------------

    def on_filter_changed(self, _index: int = 0) -> None:
        self._fill_list()

    def on_selection_changed(self, *_args: object) -> None:
        scenario = self.current()
        if scenario is None:
            self.preview.setHtml("<p>No scenario matches these filters.</p>")
        else:
            self.preview.setHtml(preview_html(scenario, self.library.pack_title(scenario.pack)))
        self.edit_button.setEnabled(scenario is not None)
        self.edit_button.setText("&Edit" if self._is_user(scenario) else "&Edit a copy")
        self.edit_button.setAccessibleName(
            "Edit scenario" if self._is_user(scenario) else "Edit a copy of the scenario"
        )
        self.edit_button.setAccessibleDescription(EDIT_DESCRIPTIONS[self._is_user(scenario)])
        self.delete_button.setEnabled(self._is_user(scenario))
        self.export_button.setEnabled(bool(self.shown()))

    @staticmethod
    def _is_user(scenario: Scenario | None) -> bool:
        return scenario is not None and scenario.source is Source.USER

    # --- writing --------------------------------------------------------------------------

    def on_new(self) -> None:
        taken = {s.id for s in self.library.scenarios}
        new_id, number = "my-new-scenario", 2
        while new_id in taken:
            new_id, number = f"my-new-scenario-{number}", number + 1
        self._open_editor(new_scenario_template().replace('"my-new-scenario"', f'"{new_id}"'), None)

    def on_edit(self) -> None:
        scenario = self.current()
        if scenario is None:
            return
        if scenario.source is Source.USER:
            self._open_editor(
                scenario_to_toml(scenario, self.library.pack_title(scenario.pack)), scenario.id
            )
            return
        taken = {s.id for s in self.library.scenarios}
        copy_id, number = f"my-{scenario.id}"[:64], 2
        while copy_id in taken:
            copy_id, number = f"my-{scenario.id}"[:60] + f"-{number}", number + 1
        copy = dataclasses.replace(scenario, id=copy_id, pack=MY_PACK, source=Source.USER)
        self._open_editor(scenario_to_toml(copy, "My scenarios"), None)

    def _open_editor(self, text: str, editing_id: str | None) -> None:
        self._editing_id = editing_id
        self.editor_heading.setText("Edit scenario" if editing_id else "New scenario")
        self.test_results.clear()
        self.test_results.setWordWrap(True)
        self.test_results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.test_results.hide()
        self.editor.setPlainText(text)
        self.pages.setCurrentIndex(1)
        self.editor.setFocus()

    def editor_problems(self) -> tuple[tuple[Scenario, ...], tuple[Problem, ...]]:
        """What the editor's text gives now: its scenarios and every problem, ids included."""
        load = parse_pack_text(self.editor.toPlainText(), "this scenario", Source.USER)
        problems = list(load.problems)
        if not load.scenarios and not problems:
            problems.append(Problem("this scenario", "scenario", "one [[scenario]] table"))
        if len(load.scenarios) > 1:
            problems.append(
                Problem("this scenario", "scenario", "one scenario at a time in the editor")
            )
        for scenario in load.scenarios:
            other = self.library.get(scenario.id)
            if other is not None and scenario.id != self._editing_id:
                problems.append(
                    Problem(
                        "this scenario",
                        f'scenario "{scenario.id}".id',
                        "an id no other scenario uses",
                        scenario.id,
                    )
                )
        return load.scenarios, tuple(problems)

    def on_text_changed(self) -> None:
        _scenarios, problems = self.editor_problems()
        self.problems.clear()
        for problem in problems:
            item = QListWidgetItem(problem.describe())
            item.setData(Qt.ItemDataRole.UserRole, problem.line)
            if problem.line is not None:
                item.setToolTip("Press Enter or double-click to go to this line")
            self.problems.addItem(item)
        if not problems:
            self.problems.addItem("No problems: ready to save.")
        self.problems.setProperty("state", "bad" if problems else "good")
        self.problems.style().unpolish(self.problems)
        self.problems.style().polish(self.problems)
        self.save_button.setEnabled(not problems)
        self.test_button.setEnabled(not problems)
        # As tall as what it lists (up to four lines' worth), so the editor keeps the room.
        rows = sum(self.problems.sizeHintForRow(i) for i in range(self.problems.count()))
        frame = 2 * self.problems.frameWidth() + 8
        self.problems.setFixedHeight(min(PROBLEMS_MAX_HEIGHT, rows + frame))

    def on_problem_activated(self, item: QListWidgetItem) -> None:
        """Put the cursor on the line the problem names, so it can be fixed straight away."""
        line = item.data(Qt.ItemDataRole.UserRole)
        if not isinstance(line, int):
            return
        block = self.editor.document().findBlockByNumber(line - 1)
        if not block.isValid():
            return
        cursor = self.editor.textCursor()
        cursor.setPosition(block.position())
        self.editor.setTextCursor(cursor)
        self.editor.centerCursor()
        self.editor.setFocus()

    def on_test_options(self) -> None:
        scenarios, problems = self.editor_problems()
        self.test_results.clear()
        self.test_results.show()
        if problems or not scenarios:
            self.test_results.addItem("Fix the problems above first.")
            return
        scorer = self._scorer_given or _engine_scorer()
        agree = total = 0
        scenario = scenarios[0]
        for index, prompt in enumerate(scenario.prompts):
            line = "Opening" if index == 0 else f"Follow-up {index}"
            self.test_results.addItem(f"{line}: “{prompt.text}”")
            for option in prompt.options:
                got = _label_of(scorer(option.text, hurt=prompt.text))
                total += 1
                same = got == option.label.value
                agree += same
                mark = "✓ agrees" if same else f"✗ engine says {got}"
                item = QListWidgetItem(f"    {mark}: tagged {option.label.value}: “{option.text}”")
                item.setData(Qt.ItemDataRole.UserRole, "agree" if same else "disagree")
                self.test_results.addItem(item)
        self.test_results.insertItem(0, f"The engine agrees with {agree} of {total} option labels.")
        self.last_test = (agree, total)

    def on_save(self) -> None:
        scenarios, problems = self.editor_problems()
        if problems or len(scenarios) != 1:
            self.on_text_changed()
            return
        scenario = scenarios[0]
        load = parse_pack_text(self.editor.toPlainText(), "this scenario", Source.USER)
        pack = load.pack
        if self.store is not None:
            try:
                save_scenario(self.store, scenario, pack.title if pack else None)
                if self._editing_id and self._editing_id != scenario.id:
                    self.store.delete_scenario(self._editing_id)
            except AttuneError as exc:
                self.status.setText(exc.user_message)
                return
        if self._editing_id and self._editing_id != scenario.id:
            remaining = tuple(s for s in self.library.scenarios if s.id != self._editing_id)
            self.library = Library(remaining, self.library.problems, self.library.packs)
        self._put(scenario, pack)
        self.pages.setCurrentIndex(0)
        self.status.setText(f"Saved “{scenario.title}”.")
        self._editing_id = None
        self.refresh(select=scenario.id)
        self._show_in_filters(scenario)
        self.list.setFocus()
        self.scenario_saved.emit(scenario.id)

    def _show_in_filters(self, scenario: Scenario) -> None:
        """Make sure the saved scenario is visible, widening any filter that hides it."""
        if scenario in self.shown():
            return
        for box in (self.pack_filter, self.category_filter, self.intensity_filter):
            box.setCurrentIndex(0)
        self._fill_list(select=scenario.id)

    def on_cancel(self) -> None:
        self._editing_id = None
        self.pages.setCurrentIndex(0)
        self.list.setFocus()

    def on_delete(self) -> None:
        scenario = self.current()
        if scenario is None or scenario.source is not Source.USER:
            return
        if self.store is not None:
            try:
                self.store.delete_scenario(scenario.id)
            except AttuneError as exc:
                self.status.setText(exc.user_message)
                return
        remaining = tuple(s for s in self.library.scenarios if s.id != scenario.id)
        self.library = Library(remaining, self.library.problems, self.library.packs)
        self.status.setText(f"Deleted “{scenario.title}”.")
        self.refresh()

    # --- files ----------------------------------------------------------------------------

    def on_import(self) -> None:
        path = self.choose_import_file(self)
        if not path:
            return
        store = self.store
        taken = {s.id for s in self.library.scenarios}

        def work(progress: Progress, cancelled: Cancelled) -> ImportResult:
            # A big .zip can take a while to read and check: the window stays live meanwhile.
            result = import_packs(path, taken_ids=taken)
            if cancelled():
                return dataclasses.replace(result, scenarios=())
            if store is not None and result.scenarios:
                progress(0, 1)
                save_imported(store, result)
                progress(1, 1)
            return result

        self._busy(True)
        self.file_task = run_in_background(
            self,
            "Importing scenarios",
            work,
            on_success=lambda result: self.on_import_done(Path(path).name, result),
            on_error=self.on_file_task_failed,
        )

    def on_import_done(self, name: str, result: ImportResult) -> None:
        self._busy(False)
        titles = {pack.id: pack for pack in result.packs}
        for scenario in result.scenarios:
            self._put(scenario, titles.get(scenario.pack))
        count = len(result.scenarios)
        lines = [f"Imported {count} scenario{'s' if count != 1 else ''} from {name}."]
        lines += [problem.describe() for problem in result.problems]
        self.status.setText("\n".join(lines))
        self.refresh(select=result.scenarios[0].id if result.scenarios else None)
        self.scenarios_imported.emit(count)

    def on_export(self) -> None:
        scenarios = self.shown()
        if not scenarios:
            return
        pack = self.pack_filter.currentData() or "scenarios"
        path = self.choose_export_file(self, f"{pack}.toml")
        if not path:
            return
        packs = self.library.packs

        def work(progress: Progress, cancelled: Cancelled) -> Path:
            # Written to a temporary file and renamed into place: nothing half-written is left.
            return export_pack(scenarios, path, packs)

        self._busy(True)
        self.file_task = run_in_background(
            self,
            "Exporting scenarios",
            work,
            on_success=lambda written: self.on_export_done(len(scenarios), written),
            on_error=self.on_file_task_failed,
        )

    def on_export_done(self, count: int, written: Path) -> None:
        self._busy(False)
        self.status.setText(
            f"Exported {count} scenario{'s' if count != 1 else ''} to {written.name}."
        )
        self.scenarios_exported.emit(str(written))

    def on_file_task_failed(self, error: BaseException) -> None:
        self._busy(False)
        if not isinstance(error, AttuneError):
            raise error  # a bug: the excepthook logs it and shows the calm dialog
        self.status.setText(error.user_message)

    def _busy(self, busy: bool) -> None:
        """While a file is read or written, a second import or export waits."""
        self.import_button.setEnabled(not busy)
        self.export_button.setEnabled(not busy and bool(self.shown()))
