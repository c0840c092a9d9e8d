"""A malformed pack file gives a clear problem naming the file, line and field; others load."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.content import check_pack_file, library_from, load_pack_file, parse_pack_text
from desktop.content.loader import MAX_FILE_BYTES
from tests.content.helpers import OPTIONS, pack_text, scenario_text


def write(tmp_path: Path, text: str | bytes, name: str = "pack.toml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def only_problem(tmp_path: Path, text: str | bytes) -> str:
    problems = check_pack_file(write(tmp_path, text))
    assert len(problems) == 1, [p.describe() for p in problems]
    return problems[0].describe()


def test_a_good_pack_has_no_problems(tmp_path: Path) -> None:
    path = write(tmp_path, pack_text())
    assert check_pack_file(path) == []
    assert [s.id for s in load_pack_file(path).scenarios] == ["test-scenario"]


@pytest.mark.parametrize("content", ["", "   \n\n  \t"])
def test_an_empty_file_says_it_is_empty(tmp_path: Path, content: str) -> None:
    assert only_problem(tmp_path, content) == (
        "pack.toml: a pack file with a [pack] table and [[scenario]] tables; this file is empty"
    )


def test_a_binary_file_is_named_as_binary(tmp_path: Path) -> None:
    message = only_problem(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert message.startswith("pack.toml: ")
    assert "binary" in message


def test_a_file_not_in_utf8_names_its_line_and_byte(tmp_path: Path) -> None:
    text = pack_text().replace("A test", "Caf\u00e9").encode("latin-1")
    message = only_problem(tmp_path, text)
    line = text[: text.index(b"\xe9")].count(b"\n") + 1
    assert message.startswith(f"pack.toml, line {line}: ")
    assert "UTF-8" in message
    assert "0xe9" in message


def test_a_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "pack.toml"
    with path.open("wb") as out:
        out.truncate(MAX_FILE_BYTES + 1)
    problems = check_pack_file(path)
    assert len(problems) == 1
    assert "at most 2 MB" in problems[0].describe()


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbf" + pack_text().encode("utf-8"))
    assert check_pack_file(path) == []


def test_a_missing_file_and_a_folder_are_problems_not_crashes(tmp_path: Path) -> None:
    assert "missing" in check_pack_file(tmp_path / "nope.toml")[0].describe()
    assert "folder" in check_pack_file(tmp_path)[0].describe()


def test_broken_toml_names_the_line(tmp_path: Path) -> None:
    text = pack_text().replace('title = "A test"', 'title = "A test')
    message = only_problem(tmp_path, text)
    line = text.splitlines().index('title = "A test') + 1
    assert message.startswith(f"pack.toml, line {line}: valid TOML")


def test_a_newer_format_is_refused_clearly(tmp_path: Path) -> None:
    message = only_problem(tmp_path, pack_text().replace("format = 1", "format = 2"))
    assert (
        message
        == "pack.toml, line 1: format: format = 1 (this version of Attune reads format 1) (found 2)"
    )


def test_a_missing_pack_table_is_named(tmp_path: Path) -> None:
    text = pack_text().replace('[pack]\nid = "test-pack"\ntitle = "Tests"\n', "")
    problems = check_pack_file(write(tmp_path, text))
    assert any(p.field == "pack" and "[pack] table" in p.expected for p in problems)


# Each case: what to change in one scenario, the field the problem must name, and a word of
# what was expected. The line is checked against where the key sits in the text.
FIELD_CASES = [
    ({"category": '"jealousy"'}, 'scenario "test-scenario".category', "everyday", "category ="),
    ({"intensity": '"brutal"'}, 'scenario "test-scenario".intensity', "gentle", "intensity ="),
    ({"title": "42"}, 'scenario "test-scenario".title', "text in quotes", "title ="),
    ({"title": '""'}, 'scenario "test-scenario".title', "empty", "title ="),
    ({"title": '"' + "x" * 101 + '"'}, 'scenario "test-scenario".title', "at most 100", "title ="),
    (
        {"content_warnings": '"affair"'},
        'scenario "test-scenario".content_warnings',
        "list",
        "content_warnings =",
    ),
    ({"colour": '"blue"'}, 'scenario "test-scenario".colour', "known keys", "colour ="),
]


@pytest.mark.parametrize(("change", "field", "expected", "key"), FIELD_CASES)
def test_a_wrong_scenario_field_is_named_with_its_line(
    tmp_path: Path, change: dict[str, str], field: str, expected: str, key: str
) -> None:
    text = pack_text(scenario_text(**change))
    problems = check_pack_file(write(tmp_path, text))
    assert len(problems) == 1, [p.describe() for p in problems]
    problem = problems[0]
    assert problem.field == field
    assert expected in problem.expected
    lines = text.splitlines()
    start = lines.index("[[scenario]]")
    assert problem.line == next(
        i for i, line in enumerate(lines, 1) if i > start and line.startswith(key)
    )
    assert problem.describe().startswith(f"pack.toml, line {problem.line}: {field}: ")


def test_a_bad_id_says_what_an_id_looks_like(tmp_path: Path) -> None:
    problems = check_pack_file(write(tmp_path, pack_text(scenario_text("Bad Id!"))))
    assert problems[0].field == 'scenario "Bad Id!".id'
    assert "lowercase letters, digits and hyphens" in problems[0].expected
    assert (
        problems[0].line
        == pack_text(scenario_text("Bad Id!")).splitlines().index('id = "Bad Id!"') + 1
    )


def test_a_missing_key_points_at_its_scenario(tmp_path: Path) -> None:
    text = pack_text(scenario_text(category=""))
    problems = check_pack_file(write(tmp_path, text))
    assert [p.field for p in problems] == ['scenario "test-scenario".category']
    assert problems[0].line == text.splitlines().index("[[scenario]]") + 1


def option_line(label: str = "validating", why: str = "Owns it.", text: str = "Sorry.") -> str:
    return f'  {{ text = "{text}", label = "{label}", why = "{why}" }},'


def test_a_wrong_option_label_names_the_option_and_its_line(tmp_path: Path) -> None:
    bad = OPTIONS.replace('label = "withdrawing"', 'label = "kind"', 1)
    text = pack_text(scenario_text().replace(OPTIONS, bad, 1))
    problems = check_pack_file(write(tmp_path, text))
    assert len(problems) == 1
    problem = problems[0]
    assert problem.field == 'scenario "test-scenario".opening.options[3].label'
    assert "validating, mixed, defensive, withdrawing, neutral" in problem.expected
    assert problem.found == "'kind'"
    assert (
        problem.line
        == text.splitlines().index(next(line for line in text.splitlines() if '"kind"' in line)) + 1
    )


def test_a_missing_why_in_a_follow_up_is_named(tmp_path: Path) -> None:
    scenario = scenario_text()
    head, opening_and_rest = scenario.split("[[scenario.follow_up]]", 1)
    broken = opening_and_rest.replace(', why = "Says nothing." }', " }", 1)
    text = pack_text(head + "[[scenario.follow_up]]" + broken)
    problems = check_pack_file(write(tmp_path, text))
    assert [p.field for p in problems] == ['scenario "test-scenario".follow_up[1].options[4].why']
    line = problems[0].line
    assert line is not None
    assert line > text.splitlines().index("[[scenario.follow_up]]")
    assert text.splitlines()[line - 1].strip().startswith('{ text = "Okay."')


@pytest.mark.parametrize("count", [3, 7])
def test_too_few_or_too_many_options(tmp_path: Path, count: int) -> None:
    extra = [option_line("defensive", text=f"No {n}.") for n in range(count)]
    options = "options = [\n" + option_line() + "\n" + "\n".join(extra[: count - 1]) + "\n]"
    text = pack_text(scenario_text().replace(OPTIONS, options, 1))
    problems = check_pack_file(write(tmp_path, text))
    assert [p.field for p in problems] == ['scenario "test-scenario".opening.options']
    assert problems[0].expected == "4 to 6 answer options"
    assert problems[0].found == str(count)


def test_a_single_follow_up_is_not_enough(tmp_path: Path) -> None:
    scenario = scenario_text()
    one = scenario[: scenario.rindex("[[scenario.follow_up]]")]
    problems = check_pack_file(write(tmp_path, pack_text(one)))
    assert [p.field for p in problems] == ['scenario "test-scenario".follow_up']
    assert problems[0].expected == "2 to 4 follow-up lines"


def test_a_line_without_a_validating_option_is_refused(tmp_path: Path) -> None:
    no_good = OPTIONS.replace('label = "validating"', 'label = "mixed"')
    text = pack_text(scenario_text().replace(OPTIONS, no_good, 1))
    problems = check_pack_file(write(tmp_path, text))
    assert [p.field for p in problems] == ['scenario "test-scenario".opening.options']
    assert "at least one option labelled 'validating'" in problems[0].expected


def test_the_same_option_twice_is_refused(tmp_path: Path) -> None:
    twice = OPTIONS.replace('"Okay."', '"Whatever."')
    problems = check_pack_file(
        write(tmp_path, pack_text(scenario_text().replace(OPTIONS, twice, 1)))
    )
    assert [p.field for p in problems] == ['scenario "test-scenario".opening.options[4].text']


def test_a_duplicate_id_keeps_the_first(tmp_path: Path) -> None:
    text = pack_text(scenario_text("same-id"), scenario_text("same-id"))
    load = load_pack_file(write(tmp_path, text))
    assert [s.id for s in load.scenarios] == ["same-id"]
    assert [p.field for p in load.problems] == ['scenario "same-id".id']
    second = [i for i, line in enumerate(text.splitlines(), 1) if line == 'id = "same-id"'][1]
    assert load.problems[0].line == second


def test_one_bad_scenario_does_not_stop_the_others(tmp_path: Path) -> None:
    text = pack_text(
        scenario_text("first-one"),
        scenario_text("broken-one", intensity='"extreme"'),
        scenario_text("third-one"),
    )
    load = load_pack_file(write(tmp_path, text))
    assert [s.id for s in load.scenarios] == ["first-one", "third-one"]
    assert [p.field for p in load.problems] == ['scenario "broken-one".intensity']


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    good = load_pack_file(write(tmp_path, pack_text(scenario_text("good-one")), "good.toml"))
    bad = load_pack_file(write(tmp_path, b"\x00\x01binary", "bad.toml"))
    clash = parse_pack_text(pack_text(scenario_text("good-one"), pack_id="other"), "clash.toml")
    library = library_from([bad, good, clash])
    assert [s.id for s in library.scenarios] == ["good-one"]
    assert [p.file for p in library.problems] == ["bad.toml", "clash.toml"]
    assert library.problems[1].expected == "an id no other pack uses"


def test_a_scenario_may_name_its_own_pack(tmp_path: Path) -> None:
    text = pack_text(scenario_text("moved-one", pack='"elsewhere"'))
    load = load_pack_file(write(tmp_path, text))
    assert load.scenarios[0].pack == "elsewhere"


def test_labels_and_choices_are_read_case_insensitively(tmp_path: Path) -> None:
    text = pack_text(scenario_text(category='"Everyday"', intensity='"RAW"'))
    load = load_pack_file(write(tmp_path, text))
    assert load.problems == ()
    assert load.scenarios[0].intensity.value == "raw"
