"""The scenario library screen, driven by keys and clicks: browse, write, test, import, export."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

from desktop.content import Category, Intensity, Source, import_packs, load_builtin
from desktop.content.saved import saved_library
from desktop.store import Store
from tests.content.helpers import pack_text, scenario_text
from tests.ui.conftest import activate
from ui.screens.scenario_library import ScenarioLibraryScreen


@dataclass(frozen=True, slots=True)
class FakeResult:
    label: str


def tagged_scorer(text: str, hurt: str | None = None) -> FakeResult:
    """A stand-in that reads every answer it does not know as defensive."""
    if text == "Okay.":
        return FakeResult("withdrawing")
    if "sorry" in text.lower() or "thank" in text.lower() or "wonder" in text.lower():
        return FakeResult("validating")
    if text in {"Whatever.", "I'm not talking about this.", "I don't want to hear it."}:
        return FakeResult("withdrawing")
    if text == "Right.":
        return FakeResult("neutral")
    return FakeResult("defensive")


def make(qtbot: QtBot, source: object = None, **kwargs: object) -> ScenarioLibraryScreen:
    screen = ScenarioLibraryScreen(source if source is not None else load_builtin(), **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(screen)
    screen.resize(1100, 760)
    screen.show()
    qtbot.waitExposed(screen)
    activate(screen)
    return screen


def listed_ids(screen: ScenarioLibraryScreen) -> list[str]:
    return [
        str(screen.list.item(row).data(Qt.ItemDataRole.UserRole))
        for row in range(screen.list.count())
    ]


def choose(qtbot: QtBot, box: object, data: str) -> None:
    """Pick an entry of a combo box by keyboard, the way a person would."""
    from PySide6.QtWidgets import QComboBox

    assert isinstance(box, QComboBox)
    box.setFocus()
    target = box.findData(data)
    assert target >= 0
    while box.currentIndex() < target:
        qtbot.keyClick(box, Qt.Key.Key_Down)
    while box.currentIndex() > target:
        qtbot.keyClick(box, Qt.Key.Key_Up)


def test_every_interactive_widget_is_named_for_assistive_tech(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QComboBox,
        QListWidget,
        QPlainTextEdit,
        QWidget,
    )

    screen = make(qtbot)
    kinds = (QAbstractButton, QComboBox, QListWidget, QPlainTextEdit)
    widgets = [w for w in screen.findChildren(QWidget) if isinstance(w, kinds)]
    assert len(widgets) >= 14
    unnamed = [w for w in widgets if not w.objectName() or not w.accessibleName()]
    assert unnamed == []


def test_filters_narrow_the_list_by_pack_category_and_intensity(qtbot: QtBot) -> None:
    library = load_builtin()
    screen = make(qtbot, library)
    assert len(listed_ids(screen)) == len(library)
    choose(qtbot, screen.pack_filter, "financial")
    assert listed_ids(screen) == [s.id for s in library.filtered(pack="financial")]
    choose(qtbot, screen.pack_filter, "")
    choose(qtbot, screen.category_filter, "trigger")
    choose(qtbot, screen.intensity_filter, "gentle")
    expected = library.filtered(category=Category.TRIGGER, intensity=Intensity.GENTLE)
    assert listed_ids(screen) == [s.id for s in expected]
    assert screen.count_label.text() == f"{len(expected)} scenarios"


def test_moving_through_the_list_previews_each_scenario(qtbot: QtBot) -> None:
    library = load_builtin()
    screen = make(qtbot, library)
    screen.list.setFocus()
    qtbot.keyClick(screen.list, Qt.Key.Key_Down)
    second = library.scenarios[1]
    text = screen.preview.toPlainText()
    assert second.title in text
    assert second.opening.text in text
    assert all(option.text in text for option in second.opening.options)
    assert screen.edit_button.accessibleName() == "Edit a copy of the scenario"
    assert not screen.delete_button.isEnabled()  # built-ins cannot be deleted


def test_typing_a_mistake_shows_it_live_and_blocks_saving(qtbot: QtBot) -> None:
    screen = make(qtbot)
    qtbot.mouseClick(screen.new_button, Qt.MouseButton.LeftButton)
    assert screen.pages.currentIndex() == 1
    assert screen.save_button.isEnabled()
    # Put the cursor at the end of the intensity value and type a wrong one.
    document = screen.editor.document()
    block = next(
        document.findBlockByNumber(n)
        for n in range(document.blockCount())
        if document.findBlockByNumber(n).text().startswith("intensity")
    )
    cursor = screen.editor.textCursor()
    cursor.setPosition(block.position() + len(block.text()) - 1)
    screen.editor.setTextCursor(cursor)
    for _ in "gentle":
        qtbot.keyClick(screen.editor, Qt.Key.Key_Backspace)
    qtbot.keyClicks(screen.editor, "fierce")
    problems = [screen.problems.item(i).text() for i in range(screen.problems.count())]
    line = block.blockNumber() + 1
    assert problems == [
        f'this scenario, line {line}: scenario "my-new-scenario".intensity: '
        "one of gentle, moderate, raw (found 'fierce')"
    ]
    assert not screen.save_button.isEnabled()
    # Enter on the problem takes the cursor back to its line.
    screen.editor.moveCursor(screen.editor.textCursor().MoveOperation.Start)
    screen.problems.setFocus()
    screen.problems.setCurrentRow(0)
    qtbot.keyClick(screen.problems, Qt.Key.Key_Return)
    assert screen.editor.hasFocus()
    assert screen.editor.textCursor().blockNumber() == block.blockNumber()
    screen.editor.moveCursor(screen.editor.textCursor().MoveOperation.EndOfLine)
    qtbot.keyClick(screen.editor, Qt.Key.Key_Backspace)  # the closing quote
    for _ in "fierce":
        qtbot.keyClick(screen.editor, Qt.Key.Key_Backspace)
    qtbot.keyClicks(screen.editor, 'raw"')
    assert screen.save_button.isEnabled()


def test_test_my_options_shows_the_engine_label_for_each(qtbot: QtBot) -> None:
    """With the real engine: the template agrees throughout; a mistagged option shows."""
    screen = make(qtbot)
    qtbot.mouseClick(screen.new_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.test_button, Qt.MouseButton.LeftButton)
    lines = [screen.test_results.item(i).text() for i in range(screen.test_results.count())]
    assert screen.test_results.isVisible()
    assert lines[0] == "The engine agrees with 12 of 12 option labels."

    # The writer tags "Whatever." as validating, by typing over its label in the editor.
    editor = screen.editor
    at = editor.toPlainText().index('label = "withdrawing", why = "Brushes them off."')
    cursor = editor.textCursor()
    cursor.setPosition(at + len('label = "'))
    cursor.setPosition(at + len('label = "withdrawing'), cursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    editor.setFocus()
    qtbot.keyClicks(editor, "validating")
    qtbot.mouseClick(screen.test_button, Qt.MouseButton.LeftButton)
    lines = [screen.test_results.item(i).text() for i in range(screen.test_results.count())]
    assert lines[0] == "The engine agrees with 11 of 12 option labels."
    assert "    ✗ engine says withdrawing: tagged validating: “Whatever.”" in lines
    assert any(line.startswith("    ✓ agrees: tagged validating") for line in lines)


def test_a_given_scorer_is_used_instead_of_the_engine(qtbot: QtBot) -> None:
    screen = make(qtbot, scorer=tagged_scorer)
    qtbot.mouseClick(screen.new_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.test_button, Qt.MouseButton.LeftButton)
    lines = [screen.test_results.item(i).text() for i in range(screen.test_results.count())]
    assert "    ✗ engine says defensive: tagged neutral: “That was on Tuesday.”" in lines


def test_a_new_scenario_is_saved_to_the_store_and_listed(qtbot: QtBot, store: Store) -> None:
    screen = make(qtbot, store)
    qtbot.mouseClick(screen.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(screen.save_button, Qt.Key.Key_Space)
    assert screen.pages.currentIndex() == 0
    assert screen.current_id() == "my-new-scenario"
    assert screen.delete_button.isEnabled()
    saved = saved_library(store)
    assert [s.id for s in saved.scenarios] == ["my-new-scenario"]
    assert saved.scenarios[0].title == "A name for this hurt"
    # The next new one gets a free id by itself.
    qtbot.mouseClick(screen.new_button, Qt.MouseButton.LeftButton)
    assert 'id = "my-new-scenario-2"' in screen.editor.toPlainText()


def test_editing_a_builtin_makes_a_copy_of_your_own(qtbot: QtBot, store: Store) -> None:
    screen = make(qtbot, store)
    original = screen.current()
    assert original is not None and original.source is Source.BUILT_IN
    qtbot.mouseClick(screen.edit_button, Qt.MouseButton.LeftButton)
    assert f'id = "my-{original.id}"' in screen.editor.toPlainText()
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    copy = screen.library.get(f"my-{original.id}")
    assert copy is not None and copy.source is Source.USER
    assert copy.opening == original.opening
    assert screen.library.get(original.id) == original


def test_deleting_your_scenario_removes_it_from_the_store(qtbot: QtBot, store: Store) -> None:
    screen = make(qtbot, store)
    qtbot.mouseClick(screen.new_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.delete_button, Qt.MouseButton.LeftButton)
    assert screen.library.get("my-new-scenario") is None
    assert saved_library(store).scenarios == ()
    assert "Deleted" in screen.status.text()


def test_import_then_export_round_trips_through_the_file_dialogs(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "ours.toml"
    source.write_text(pack_text(scenario_text("ours-one"), scenario_text("ours-two")), "utf-8")
    target = tmp_path / "out" / "again.zip"
    monkeypatch.setattr(
        ScenarioLibraryScreen, "choose_import_file", classmethod(lambda cls, parent: str(source))
    )
    monkeypatch.setattr(
        ScenarioLibraryScreen,
        "choose_export_file",
        classmethod(lambda cls, parent, suggested: str(target)),
    )
    screen = make(qtbot, store)
    with qtbot.waitSignal(screen.scenarios_imported) as imported:
        qtbot.mouseClick(screen.import_button, Qt.MouseButton.LeftButton)
    assert imported.args == [2]
    assert screen.status.text() == "Imported 2 scenarios from ours.toml."
    assert {s.id for s in saved_library(store).scenarios} == {"ours-one", "ours-two"}

    choose(qtbot, screen.pack_filter, "test-pack")
    assert listed_ids(screen) == ["ours-one", "ours-two"]
    with qtbot.waitSignal(screen.scenarios_exported):
        qtbot.mouseClick(screen.export_button, Qt.MouseButton.LeftButton)
    assert screen.status.text() == "Exported 2 scenarios to again.zip."
    again = import_packs(target)
    assert again.problems == ()
    assert [s.id for s in again.scenarios] == ["ours-one", "ours-two"]


def test_importing_a_bad_file_explains_and_changes_nothing(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b"\x00\x01\x02 not a pack")
    monkeypatch.setattr(
        ScenarioLibraryScreen, "choose_import_file", classmethod(lambda cls, parent: str(bad))
    )
    screen = make(qtbot, store)
    before = listed_ids(screen)
    with qtbot.waitSignal(screen.scenarios_imported):
        qtbot.mouseClick(screen.import_button, Qt.MouseButton.LeftButton)
    assert screen.status.text().startswith("Imported 0 scenarios from bad.toml.\nbad.toml: ")
    assert "binary" in screen.status.text()
    assert listed_ids(screen) == before
    assert saved_library(store).scenarios == ()


def test_an_import_runs_off_the_window_and_one_at_a_time(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a pack is read and saved the window answers, and Import and Export wait."""
    import threading

    import ui.screens.scenario_library as library_screen

    source = tmp_path / "ours.toml"
    source.write_text(pack_text(scenario_text("slow-one")), "utf-8")
    monkeypatch.setattr(
        ScenarioLibraryScreen, "choose_import_file", classmethod(lambda cls, parent: str(source))
    )
    gate = threading.Event()
    real = library_screen.import_packs

    def slow_import(path: object, taken_ids: object = ()) -> object:
        gate.wait(10)
        return real(path, taken_ids=taken_ids)  # type: ignore[arg-type]

    monkeypatch.setattr(library_screen, "import_packs", slow_import)
    screen = make(qtbot, store)
    qtbot.mouseClick(screen.import_button, Qt.MouseButton.LeftButton)
    # Still reading: the window goes on handling input, and a second import cannot start.
    assert not screen.import_button.isEnabled() and not screen.export_button.isEnabled()
    ticked: list[int] = []
    QTimer.singleShot(0, lambda: ticked.append(1))
    qtbot.waitUntil(lambda: ticked == [1])  # the event loop runs while the import waits
    assert not gate.is_set()
    with qtbot.waitSignal(screen.scenarios_imported) as imported:
        gate.set()
    assert imported.args == [1]
    assert screen.import_button.isEnabled()
    assert [s.id for s in saved_library(store).scenarios] == ["slow-one"]
