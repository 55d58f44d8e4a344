"""Malformed statute files: each gives the exact code at the exact place.

Positions are 1-based line:column. Where a test mutates the minimal statute,
the expected place is computed with ``pos`` from the mutated text itself, so
the fixture may change without the tests going stale.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from conftest import (
    minimal_text,
    one_problem,
    only_problem,
    place,
    pos,
    problems_of,
    replace,
    write,
)

import foreningsregler
from foreningsregler.statute import _yaml
from foreningsregler.statute.problems import CODES, Finding, Severity, StatuteError

MiB = 1 << 20


@pytest.fixture(autouse=True, params=["libyaml", "pure"])
def yaml_reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test twice: libyaml's scanner (where installed) and PyYAML's own
    must give the same findings at the same places."""
    if request.param == "pure":
        monkeypatch.setattr(_yaml, "USE_LIBYAML", False)
    assert request.param == "pure" or _yaml.LIBYAML, "PyYAML here was built without libyaml"
    return str(request.param)


def mutated(old: str, new: str) -> str:
    return replace(minimal_text(), old, new)


def assert_at(problem: Finding, code: str, line: int | None, column: int | None) -> None:
    assert (problem.code, problem.line, problem.column) == (code, line, column), str(problem)


# --- The fixture itself --------------------------------------------------------


def test_minimal_statute_loads(tmp_path: Path) -> None:
    path = write(tmp_path, minimal_text())
    statute = foreningsregler.load(path)
    assert statute is not None


def test_minimal_statute_loads_from_text() -> None:
    assert foreningsregler.loads(minimal_text()) is not None


def test_load_accepts_a_str_path(tmp_path: Path) -> None:
    path = write(tmp_path, minimal_text())
    assert foreningsregler.load(str(path)) is not None


# --- Reading -------------------------------------------------------------------


def test_missing_file_is_e100_without_position(tmp_path: Path) -> None:
    path = tmp_path / "findes-ikke.yaml"
    problem = only_problem(path, "E100")
    assert place(problem) == (None, None)
    assert problem.file == str(path)
    assert str(problem) == f"{path}: E100 {problem.message}"


def test_directory_instead_of_file_is_e100(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "E100")
    assert place(problem) == (None, None)


def test_file_over_the_size_limit_is_e101(tmp_path: Path) -> None:
    text = minimal_text() + "#" + "x" * MiB + "\n"
    problem = only_problem(write(tmp_path, text), "E101")
    assert_at(problem, "E101", 1, 1)


def test_file_exactly_at_the_size_limit_is_read(tmp_path: Path) -> None:
    body = minimal_text().encode("utf-8")
    padding = MiB - len(body) - 1
    data = body + b"#" * padding + b"\n"
    assert len(data) == MiB
    assert foreningsregler.load(write(tmp_path, data)) is not None


def test_max_bytes_option_lowers_the_limit(tmp_path: Path) -> None:
    problem = only_problem(write(tmp_path, minimal_text()), "E101", max_bytes=100)
    assert_at(problem, "E101", 1, 1)


def test_max_bytes_is_a_limit_not_a_prefix(tmp_path: Path) -> None:
    data = minimal_text().encode("utf-8")
    path = write(tmp_path, data)
    assert foreningsregler.load(path, max_bytes=len(data)) is not None
    assert_at(one_problem(path, max_bytes=len(data) - 1), "E101", 1, 1)


def test_latin1_byte_is_e102_at_that_byte(tmp_path: Path) -> None:
    data = b"format: 1\nstatute:\n  name: K\xf8ge Kommune\n  id: koege\n"
    problem = only_problem(write(tmp_path, data), "E102")
    assert_at(problem, "E102", 3, 10)


def test_first_of_several_bad_bytes_is_reported(tmp_path: Path) -> None:
    data = b"# ok\nformat: 1\n\xe6\xf8\xe5: 1\n# \xff\n"
    assert_at(one_problem(write(tmp_path, data)), "E102", 3, 1)


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + minimal_text().encode("utf-8")
    assert foreningsregler.load(write(tmp_path, data)) is not None


def test_utf8_bom_file_reports_places_as_without_it(tmp_path: Path) -> None:
    text = replace(minimal_text(), "format: 1\n", "format: 2\n")
    line, column = pos(text, "format: 2", "2")
    data = b"\xef\xbb\xbf" + text.encode("utf-8")
    assert (line, column) == (2, 9)
    assert_at(one_problem(write(tmp_path, data)), "E204", line, column)


def test_utf8_bom_does_not_shift_columns_on_line_one(tmp_path: Path) -> None:
    # The BOM is invisible in an editor; column 9 is where the 2 is seen.
    data = "\ufeffformat: 2\nstatute: {id: x, name: X, status: draft}\n"
    data += "provisions: [{number: 1, title: T, stk: [{text: S}]}]\n"
    assert_at(one_problem(write(tmp_path, data.encode("utf-8"))), "E204", 1, 9)


def test_crlf_line_endings_load_and_keep_positions(tmp_path: Path) -> None:
    crlf = minimal_text().replace("\n", "\r\n")
    assert foreningsregler.load(write(tmp_path, crlf)) is not None
    text = mutated("    kind: board\n", "    kind: council\n")
    line, column = pos(text, "kind: council", "council")
    path = write(tmp_path, text.replace("\n", "\r\n"), "crlf.yaml")
    assert_at(only_problem(path, "E204"), "E204", line, column)


def test_lone_surrogate_in_text_is_a_statute_error() -> None:
    # Only loads() can be given one: a str that no UTF-8 file can hold.
    with pytest.raises(StatuteError) as caught:
        foreningsregler.loads("format: 1\nstatute: \ud800\n")
    (problem,) = caught.value.problems
    assert problem.code in {"E102", "E103"}, str(problem)
    assert place(problem) == (2, 10)


# --- YAML syntax ---------------------------------------------------------------


def test_mapping_value_inside_a_value_is_e103(tmp_path: Path) -> None:
    text = "format: 1\nstatute:\n  name: a: b\n"
    problem = only_problem(write(tmp_path, text), "E103")
    # PyYAML points at the second colon.
    assert_at(problem, "E103", 3, 10)
    assert problem.file == str(write(tmp_path, text))


def test_unclosed_flow_sequence_is_e103_where_pyyaml_reports_it(tmp_path: Path) -> None:
    text = "format: 1\nstatute:\n  name: [unclosed\nprovisions: []\n"
    # PyYAML reports the ':' on line 4 that cannot be in a flow sequence.
    assert_at(only_problem(write(tmp_path, text), "E103"), "E103", 4, 11)


def test_unclosed_quote_is_e103_at_end_of_stream(tmp_path: Path) -> None:
    text = 'format: 1\nstatute:\n  name: "abc\n'
    assert_at(only_problem(write(tmp_path, text), "E103"), "E103", 4, 1)


def test_tab_indentation_is_e103(tmp_path: Path) -> None:
    text = "format: 1\n\tstatute: x\n"
    assert_at(only_problem(write(tmp_path, text), "E103"), "E103", 2, 1)


def test_bad_indentation_is_e103(tmp_path: Path) -> None:
    text = "format: 1\nstatute: 1\n provisions: 2\n"
    assert_at(only_problem(write(tmp_path, text), "E103"), "E103", 3, 12)


def test_control_character_is_e103_at_the_character(tmp_path: Path) -> None:
    text = "format: 1\nstatute:\n  name: Be\x07styrelse\n"
    assert_at(only_problem(write(tmp_path, text), "E103"), "E103", 3, 11)


def test_undefined_alias_is_e103_at_the_alias(tmp_path: Path) -> None:
    text = "format: 1\nstatute: *nope\n"
    assert_at(only_problem(write(tmp_path, text), "E103"), "E103", 2, 10)


# --- Document shape ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["", "\n\n", "# kun en kommentar\n", "~\n", "null\n", "---\n", "--- # tom\n...\n"],
    ids=["empty", "blank-lines", "comment", "tilde", "null", "bare-marker", "marker-and-end"],
)
def test_empty_document_is_e107_at_1_1(tmp_path: Path, text: str) -> None:
    assert_at(only_problem(write(tmp_path, text), "E107"), "E107", 1, 1)


def test_list_at_the_top_is_e109(tmp_path: Path) -> None:
    text = "- format: 1\n- statute: {}\n"
    assert_at(only_problem(write(tmp_path, text), "E109"), "E109", 1, 1)


def test_list_at_the_top_after_comments_is_e109_at_the_list(tmp_path: Path) -> None:
    text = "# vedtægter\n\n  - format: 1\n  - statute: {}\n"
    assert_at(only_problem(write(tmp_path, text), "E109"), "E109", 3, 3)


def test_scalar_at_the_top_is_e109(tmp_path: Path) -> None:
    text = "# vedtægter\nVedtægter for Kommunefællesskabet\n"
    assert_at(only_problem(write(tmp_path, text), "E109"), "E109", 2, 1)


def test_number_at_the_top_is_e109(tmp_path: Path) -> None:
    assert_at(only_problem(write(tmp_path, "42\n"), "E109"), "E109", 1, 1)


def test_second_document_is_e108_at_its_start(tmp_path: Path) -> None:
    text = minimal_text() + "---\nformat: 1\n"
    line = text.count("\n") - 1
    assert text.splitlines()[line - 1] == "---"
    assert_at(only_problem(write(tmp_path, text), "E108"), "E108", line, 1)


def test_explicit_start_then_second_document_is_e108(tmp_path: Path) -> None:
    text = "---\n" + minimal_text() + "...\n---\nformat: 1\n"
    line = text.splitlines().index("---", 1) + 1
    assert_at(only_problem(write(tmp_path, text), "E108"), "E108", line, 1)


def test_explicit_document_markers_around_one_document_load(tmp_path: Path) -> None:
    text = "---\n" + minimal_text() + "...\n"
    assert foreningsregler.load(write(tmp_path, text)) is not None


# --- Duplicate keys ------------------------------------------------------------


def test_duplicate_top_level_key_is_e104_at_the_second_key(tmp_path: Path) -> None:
    text = mutated("format: 1\n", "format: 1\nformat: 1\n")
    line, _ = pos(text, "format: 1\nformat: 1\n")
    problem = only_problem(write(tmp_path, text), "E104")
    assert_at(problem, "E104", line + 1, 1)
    assert "format" in problem.message


def test_duplicate_key_with_other_value_is_e104(tmp_path: Path) -> None:
    # Last-one-wins would silently change the statute; the loader must refuse.
    text = minimal_text() + "format: 2\n"
    line = text.count("\n")
    assert_at(only_problem(write(tmp_path, text), "E104"), "E104", line, 1)


def test_duplicate_key_deep_inside_filled_by_is_e104(tmp_path: Path) -> None:
    text = mutated("      term_years: 2\n", "      term_years: 2\n      by: generalforsamling\n")
    line, column = pos(text, "      term_years: 2\n      by: generalforsamling", "by:")
    assert column == 7
    problem = only_problem(write(tmp_path, text), "E104")
    assert_at(problem, "E104", line, column)
    assert "by" in problem.message


def test_duplicate_key_in_a_flow_mapping_is_e104(tmp_path: Path) -> None:
    old = "filled_by: {method: election, by: udvalg,"
    text = mutated(old, "filled_by: {method: election, by: udvalg, by: udvalg,")
    line, column = pos(text, "by: udvalg, by: udvalg", "by: udvalg,")
    column += len("by: udvalg, ")
    assert_at(only_problem(write(tmp_path, text), "E104"), "E104", line, column)


def test_duplicate_provision_number_is_e309_at_second_number(tmp_path: Path) -> None:
    extra = "  - number: 3\n    title: Dobbelt\n    stk:\n      - text: Igen.\n"
    text = mutated("membership:\n", extra + "membership:\n")
    line, column = pos(text, "  - number: 3\n    title: Dobbelt", "3")
    problem = only_problem(write(tmp_path, text), "E309")
    assert_at(problem, "E309", line, column)
    assert "3" in problem.message


# --- Tags ----------------------------------------------------------------------


def test_python_object_tag_is_e105_and_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = mutated(
        "  description: Et lille eksempel på vedtægter til brug i test.\n",
        f'  description: !!python/object/apply:os.system ["touch {marker}"]\n',
    )
    line, column = pos(text, "!!python/object/apply:os.system")
    assert_at(only_problem(write(tmp_path, text), "E105"), "E105", line, column)
    assert not marker.exists()


def test_python_name_tag_is_e105(tmp_path: Path) -> None:
    text = mutated('  version: "0.1"\n', "  version: !!python/name:os.system ''\n")
    line, column = pos(text, "!!python/name:os.system")
    assert_at(only_problem(write(tmp_path, text), "E105"), "E105", line, column)


def test_plain_str_tag_is_e105(tmp_path: Path) -> None:
    text = mutated('  version: "0.1"\n', "  version: !!str 0.1\n")
    line, column = pos(text, "!!str 0.1")
    assert_at(only_problem(write(tmp_path, text), "E105"), "E105", line, column)


def test_custom_tag_is_e105(tmp_path: Path) -> None:
    text = mutated("  short_name: Fællesskabet\n", "  short_name: !foo Fællesskabet\n")
    line, column = pos(text, "!foo Fællesskabet")
    assert_at(only_problem(write(tmp_path, text), "E105"), "E105", line, column)


def test_tag_on_a_mapping_is_e105(tmp_path: Path) -> None:
    text = mutated("membership:\n", "membership: !!map\n")
    line, column = pos(text, "!!map")
    assert_at(only_problem(write(tmp_path, text), "E105"), "E105", line, column)


def test_every_tag_is_reported(tmp_path: Path) -> None:
    text = mutated('  version: "0.1"\n', "  version: !!str 0.1\n")
    text = replace(text, "  short_name: Fællesskabet\n", "  short_name: !foo Fællesskabet\n")
    problems = problems_of(write(tmp_path, text))
    assert [p.code for p in problems] == ["E105", "E105"]
    assert [place(p) for p in problems] == [
        pos(text, "!foo Fællesskabet"),
        pos(text, "!!str 0.1"),
    ]


# --- Aliases -------------------------------------------------------------------


def billion_laughs() -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in itertools.pairwise("abcdefghi"):
        items = ", ".join([f"*{previous}"] * 10)
        lines.append(f"{name}: &{name} [{items}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_e106(tmp_path: Path) -> None:
    text = billion_laughs()
    assert text.count("*") == 80  # under the alias limit: it is the expansion that is refused
    problem = only_problem(write(tmp_path, text), "E106")
    # Expanded sizes: a 11, b 111, ..., e 111,111, f 1,111,111 nodes: an alias
    # in f's list is the one that crosses 200,000.
    lines = text.splitlines()
    f_line = next(i for i, s in enumerate(lines) if s.startswith("f:")) + 1
    assert problem.line == f_line, str(problem)
    alias_columns = [i + 1 for i, ch in enumerate(lines[f_line - 1]) if ch == "*"]
    assert problem.column in alias_columns, str(problem)


def test_billion_laughs_from_text_is_e106() -> None:
    with pytest.raises(StatuteError) as caught:
        foreningsregler.loads(billion_laughs())
    assert [p.code for p in caught.value.problems] == ["E106"]


def test_more_than_100_aliases_is_e106_at_the_101st(tmp_path: Path) -> None:
    aliases = ", ".join(["*x"] * 101)
    text = f"x: &x lol\ny: [{aliases}]\n"
    column = len("y: [") + 1 + 100 * len("*x, ")
    assert text.splitlines()[1][column - 1 : column + 1] == "*x"
    assert_at(only_problem(write(tmp_path, text), "E106"), "E106", 2, column)


def test_100_aliases_are_allowed(tmp_path: Path) -> None:
    # The aliases themselves are fine; the document then fails the schema only.
    aliases = ", ".join(["*x"] * 100)
    text = f"x: &x lol\ny: [{aliases}]\n"
    codes = {p.code for p in problems_of(write(tmp_path, text))}
    assert "E106" not in codes
    assert codes <= {"E201", "E203"}


def test_recursive_alias_is_e106_at_the_alias(tmp_path: Path) -> None:
    # PyYAML composes this into a list that contains itself.
    text = "format: 1\nstatute: &s [1, *s]\n"
    line, column = pos(text, "*s")
    assert_at(only_problem(write(tmp_path, text), "E106"), "E106", line, column)


def test_recursive_mapping_alias_is_e106(tmp_path: Path) -> None:
    text = "format: 1\nstatute: &s\n  id: x\n  self: *s\n"
    line, column = pos(text, "*s")
    assert_at(only_problem(write(tmp_path, text), "E106"), "E106", line, column)


def test_a_few_aliases_are_expanded_normally(tmp_path: Path) -> None:
    text = mutated("  - id: fagchef\n", "  - id: &fag fagchef\n")
    text = replace(text, "    eligible: [fagchef]\n", "    eligible: [*fag]\n")
    assert foreningsregler.load(write(tmp_path, text)) is not None


# --- Depth ---------------------------------------------------------------------


def test_nesting_past_50_is_e110_at_the_first_node_too_deep(tmp_path: Path) -> None:
    # The top mapping is level 1, so the 50th '[' opens level 51.
    text = "a: " + "[" * 60 + "]" * 60 + "\n"
    assert_at(only_problem(write(tmp_path, text), "E110"), "E110", 1, len("a: ") + 50)


def test_nesting_of_50_is_allowed(tmp_path: Path) -> None:
    text = "a: " + "[" * 49 + "]" * 49 + "\n"
    codes = {p.code for p in problems_of(write(tmp_path, text))}
    assert "E110" not in codes


def test_very_deep_nesting_fails_cleanly(tmp_path: Path) -> None:
    text = "a: " + "[" * 100_000 + "]" * 100_000 + "\n"
    assert_at(only_problem(write(tmp_path, text), "E110"), "E110", 1, len("a: ") + 50)


def test_deep_block_nesting_is_e110(tmp_path: Path) -> None:
    # "- - - x": each dash opens a list one level deeper, two columns further.
    text = "a:\n" + "- " * 60 + "x\n"
    assert_at(only_problem(write(tmp_path, text), "E110"), "E110", 2, 1 + 2 * 49)


# --- Schema: keys, types and values ---------------------------------------------


def test_unknown_top_level_key_is_e201_at_the_key(tmp_path: Path) -> None:
    text = mutated("membership:\n", "medlemskab: ja\nmembership:\n")
    line, column = pos(text, "medlemskab: ja")
    problem = only_problem(write(tmp_path, text), "E201")
    assert_at(problem, "E201", line, column)
    assert "medlemskab" in problem.message
    assert problem.provision is None


def test_unknown_nested_key_is_e201_with_element_provision(tmp_path: Path) -> None:
    text = mutated("    seats: 3\n    eligible:", "    seats: 3\n    colour: blue\n    eligible:")
    line, column = pos(text, "colour: blue")
    problem = only_problem(write(tmp_path, text), "E201")
    assert_at(problem, "E201", line, column)
    assert problem.provision == "§ 3, stk. 2"
    assert problem.file == str(tmp_path / "statute.yaml")


def test_misspelt_key_in_flow_mapping_is_e201(tmp_path: Path) -> None:
    old = "meetings: {ordinary_per_year: 1,"
    text = mutated(old, "meetings: {ordinary_per_yer: 1,")
    line, column = pos(text, "ordinary_per_yer")
    problem = only_problem(write(tmp_path, text), "E201")
    assert_at(problem, "E201", line, column)
    assert problem.provision == "§ 3, stk. 1"


def test_text_seats_is_e202_at_the_value(tmp_path: Path) -> None:
    text = mutated("    seats: 3\n    eligible:", '    seats: "tre"\n    eligible:')
    line, column = pos(text, 'seats: "tre"', '"tre"')
    problem = only_problem(write(tmp_path, text), "E202")
    assert_at(problem, "E202", line, column)
    assert problem.provision == "§ 3, stk. 2"


@pytest.mark.parametrize(
    ("old", "new", "value"),
    [
        ("    seats: 3\n    eligible:", "    seats: 3.0\n    eligible:", "3.0"),
        ("  - number: 1\n", "  - number: 1.0\n", "1.0"),
        ("      term_years: 2\n", "      term_years: 2.5\n", "2.5"),
    ],
    ids=["seats", "provision-number", "term-years"],
)
def test_float_for_whole_number_is_e202(tmp_path: Path, old: str, new: str, value: str) -> None:
    # YAML tells 3 from 3.0; a statute's counts are whole numbers, not floats.
    text = mutated(old, new)
    line, column = pos(text, new.strip(), value)
    assert_at(one_problem(write(tmp_path, text)), "E202", line, column)


def test_text_for_boolean_is_e202(tmp_path: Path) -> None:
    text = mutated("    exclusive: true\n", "    exclusive: ja\n")
    line, column = pos(text, "exclusive: ja", "ja")
    problem = only_problem(write(tmp_path, text), "E202")
    assert_at(problem, "E202", line, column)
    assert problem.provision == "§ 3, stk. 3"


def test_text_for_list_is_e202(tmp_path: Path) -> None:
    text = mutated("    scope: [adopted_phases]\n", "    scope: adopted_phases\n")
    line, column = pos(text, "scope: adopted_phases\n", "adopted_phases")
    assert_at(only_problem(write(tmp_path, text), "E202"), "E202", line, column)


def test_list_for_mapping_is_e202_at_the_list(tmp_path: Path) -> None:
    old = '    meetings: {ordinary_per_year: 1, provision: "§ 3, stk. 1"}\n'
    text = mutated(old, "    meetings: [1]\n")
    line, column = pos(text, "meetings: [1]", "[")
    problem = only_problem(write(tmp_path, text), "E202")
    assert_at(problem, "E202", line, column)
    assert problem.provision == "§ 3, stk. 1"


def test_missing_required_key_is_e203_at_the_mapping(tmp_path: Path) -> None:
    text = mutated("    name: Bestyrelsen\n", "")
    line, column = pos(text, "- id: bestyrelse", "id")
    problem = only_problem(write(tmp_path, text), "E203")
    assert_at(problem, "E203", line, column)
    assert "name" in problem.message
    assert problem.provision == "§ 3, stk. 2"


def test_missing_top_level_key_is_e203_at_the_top_mapping(tmp_path: Path) -> None:
    text = "# kommentar\nformat: 1\nprovisions:\n  - number: 1\n    title: Navn\n"
    text += "    stk:\n      - text: Foreningens navn er X.\n"
    problem = only_problem(write(tmp_path, text), "E203")
    assert_at(problem, "E203", 2, 1)
    assert "statute" in problem.message


def test_missing_key_in_flow_mapping_is_e203_at_the_brace(tmp_path: Path) -> None:
    text = mutated("{kind: recommendation, from: bestyrelse,", "{from: bestyrelse,")
    line, column = pos(text, '{from: bestyrelse, provision: "§ 3, stk. 3"}')
    problem = only_problem(write(tmp_path, text), "E203")
    assert_at(problem, "E203", line, column)
    assert "kind" in problem.message
    assert problem.provision == "§ 3, stk. 3"


def test_conditionally_required_by_is_e203(tmp_path: Path) -> None:
    # method: election needs `by`.
    text = mutated("{method: election, by: udvalg,", "{method: election,")
    line, column = pos(text, '{method: election, provision: "§ 4, stk. 2"}')
    assert_at(only_problem(write(tmp_path, text), "E203"), "E203", line, column)


def test_qualified_majority_without_threshold_is_e203(tmp_path: Path) -> None:
    text = mutated('    threshold: "2/3"\n', "")
    line, column = pos(text, "- id: to-tredjedele", "id")
    assert_at(only_problem(write(tmp_path, text), "E203"), "E203", line, column)


def test_assumption_without_reason_is_e203(tmp_path: Path) -> None:
    text = mutated("    name: Fagchef\n", "    name: Fagchef\n    assumption: true\n")
    line, column = pos(text, "- id: fagchef", "id")
    problem = only_problem(write(tmp_path, text), "E203")
    assert_at(problem, "E203", line, column)
    assert "reason" in problem.message
    assert problem.provision == "§ 4, stk. 1"


def test_assumption_without_reason_on_a_provision_is_e203(tmp_path: Path) -> None:
    reason = "    reason: Foranalysen fastlægger ikke, hvordan kontingentet fordeles.\n"
    text = mutated(reason, "")
    line, column = pos(text, "  - number: 5", "number")
    assert_at(only_problem(write(tmp_path, text), "E203"), "E203", line, column)


def test_assumption_false_needs_no_reason(tmp_path: Path) -> None:
    text = mutated("    name: Fagchef\n", "    name: Fagchef\n    assumption: false\n")
    assert foreningsregler.load(write(tmp_path, text)) is not None


def test_invalid_enum_value_is_e204_at_the_value(tmp_path: Path) -> None:
    text = mutated("    kind: board\n", "    kind: council\n")
    line, column = pos(text, "kind: council", "council")
    problem = only_problem(write(tmp_path, text), "E204")
    assert_at(problem, "E204", line, column)
    assert "council" in problem.message
    assert problem.provision == "§ 3, stk. 2"


def test_invalid_status_is_e204(tmp_path: Path) -> None:
    text = mutated("  status: draft\n", "  status: final\n")
    line, column = pos(text, "status: final", "final")
    problem = only_problem(write(tmp_path, text), "E204")
    assert_at(problem, "E204", line, column)
    assert problem.provision == "§ 1"


def test_wrong_format_version_is_e204(tmp_path: Path) -> None:
    text = mutated("format: 1\n", "format: 2\n")
    line, column = pos(text, "format: 2", "2")
    assert_at(only_problem(write(tmp_path, text), "E204"), "E204", line, column)


def test_invalid_provision_reference_is_e204(tmp_path: Path) -> None:
    old = '    name: Kommunaldirektør\n    provision: "§ 3, stk. 2"\n'
    text = mutated(old, '    name: Kommunaldirektør\n    provision: "paragraf 5"\n')
    line, column = pos(text, '"paragraf 5"')
    assert_at(only_problem(write(tmp_path, text), "E204"), "E204", line, column)


def test_provision_reference_without_space_is_e204(tmp_path: Path) -> None:
    text = mutated('  provision: "§ 1"\n', '  provision: "§1"\n')
    line, column = pos(text, '"§1"')
    assert_at(only_problem(write(tmp_path, text), "E204"), "E204", line, column)


def test_invalid_id_is_e204(tmp_path: Path) -> None:
    text = mutated("  - id: it\n", "  - id: IT og digitalisering\n")
    line, column = pos(text, "IT og digitalisering\n    name:", "IT")
    assert_at(only_problem(write(tmp_path, text), "E204"), "E204", line, column)


def test_invalid_date_is_e204(tmp_path: Path) -> None:
    text = mutated("  date: 2015-06-01\n", "  date: 2015-13-01\n")
    line, column = pos(text, "2015-13-01")
    assert_at(only_problem(write(tmp_path, text), "E204"), "E204", line, column)


def test_empty_provisions_is_e204(tmp_path: Path) -> None:
    text = "format: 1\nstatute: {id: x, name: X, status: draft}\nprovisions: []\n"
    assert_at(only_problem(write(tmp_path, text), "E204"), "E204", 3, 13)


# --- References ------------------------------------------------------------------


def test_unknown_body_in_filled_by_is_e301(tmp_path: Path) -> None:
    text = mutated("      by: generalforsamling\n", "      by: repraesentantskab\n")
    line, column = pos(text, "repraesentantskab")
    problem = only_problem(write(tmp_path, text), "E301")
    assert_at(problem, "E301", line, column)
    assert "repraesentantskab" in problem.message
    assert problem.provision == "§ 3, stk. 2"
    assert problem.file == str(tmp_path / "statute.yaml")


def test_unknown_power_holder_is_e301(tmp_path: Path) -> None:
    old = '    holder: generalforsamling\n    provision: "§ 2, stk. 2"\n'
    text = mutated(old, '    holder: borgmester\n    provision: "§ 2, stk. 2"\n')
    line, column = pos(text, "holder: borgmester", "borgmester")
    problem = only_problem(write(tmp_path, text), "E301")
    assert_at(problem, "E301", line, column)
    assert problem.provision == "§ 2, stk. 2"


def test_unknown_body_in_holder_list_is_e301_at_the_item(tmp_path: Path) -> None:
    old = '    holder: generalforsamling\n    provision: "§ 2, stk. 2"\n'
    new = '    holder: [generalforsamling, bestyrrelse]\n    provision: "§ 2, stk. 2"\n'
    text = mutated(old, new)
    line, column = pos(text, "bestyrrelse")
    problem = only_problem(write(tmp_path, text), "E301")
    assert_at(problem, "E301", line, column)
    assert problem.provision == "§ 2, stk. 2"


def test_unknown_delegation_target_is_e301(tmp_path: Path) -> None:
    text = mutated("    to: udvalg3\n", "    to: udvalg9\n")
    text = replace(text, "participating_municipalities, own_area]", "participating_municipalities]")
    line, column = pos(text, "udvalg9")
    problem = only_problem(write(tmp_path, text), "E301")
    assert_at(problem, "E301", line, column)
    assert problem.provision == "§ 4, stk. 3"


def test_per_area_instance_id_is_a_valid_reference(tmp_path: Path) -> None:
    text = mutated("    to: udvalg3\n", "    to: udvalg3-it\n")
    assert foreningsregler.load(write(tmp_path, text)) is not None


def test_instance_id_for_an_unknown_area_is_e301(tmp_path: Path) -> None:
    # The schema has no field that names an area directly: an area appears
    # only inside a per-area instance id, which then names no body.
    text = mutated("    to: udvalg3\n", "    to: udvalg3-kultur\n")
    text = replace(text, "participating_municipalities, own_area]", "participating_municipalities]")
    line, column = pos(text, "udvalg3-kultur")
    assert_at(only_problem(write(tmp_path, text), "E301"), "E301", line, column)


def test_per_area_body_without_areas_is_e304(tmp_path: Path) -> None:
    areas = (
        "areas:\n  - id: teknik-og-miljoe\n    name: Teknik og miljø\n"
        '    provision: "§ 4, stk. 1"\n  - id: it\n    name: IT og digitalisering\n'
        '    provision: "§ 4, stk. 1"\n'
    )
    text = mutated(areas, "")
    problems = problems_of(write(tmp_path, text))
    assert [p.code for p in problems] == ["E304", "E304"]
    lines = [i + 1 for i, s in enumerate(text.splitlines()) if s == "    per_area: true"]
    assert [place(p) for p in problems] == [(line, 15) for line in lines]


def test_unknown_power_in_delegation_is_e302(tmp_path: Path) -> None:
    text = mutated("    power: fasebeslutning\n", "    power: budget\n")
    line, column = pos(text, "power: budget", "budget")
    problem = only_problem(write(tmp_path, text), "E302")
    assert_at(problem, "E302", line, column)
    assert problem.provision == "§ 4, stk. 3"


def test_unknown_power_in_money_rule_is_e302(tmp_path: Path) -> None:
    text = mutated("    set_by: kontingent\n", "    set_by: gebyr\n")
    line, column = pos(text, "gebyr")
    problem = only_problem(write(tmp_path, text), "E302")
    assert_at(problem, "E302", line, column)
    assert problem.provision == "§ 5"


def test_body_id_is_not_a_power(tmp_path: Path) -> None:
    text = mutated("    set_by: kontingent\n", "    set_by: bestyrelse\n")
    line, column = pos(text, "set_by: bestyrelse", "bestyrelse")
    assert_at(only_problem(write(tmp_path, text), "E302"), "E302", line, column)


def test_unknown_role_is_e303(tmp_path: Path) -> None:
    text = mutated("    eligible: [kommunaldirektoer]\n", "    eligible: [borgmester]\n")
    line, column = pos(text, "borgmester")
    problem = only_problem(write(tmp_path, text), "E303")
    assert_at(problem, "E303", line, column)
    assert problem.provision == "§ 3, stk. 2"


def test_unknown_role_in_block_list_is_e303_at_the_item(tmp_path: Path) -> None:
    text = mutated("    eligible: [fagchef]\n", "    eligible:\n      - fagchef\n      - fagchf\n")
    line, column = pos(text, "- fagchf", "fagchf")
    problem = only_problem(write(tmp_path, text), "E303")
    assert_at(problem, "E303", line, column)
    assert problem.provision == "§ 4, stk. 1"


def test_unknown_paragraph_is_e305(tmp_path: Path) -> None:
    old = '    name: Kommunaldirektør\n    provision: "§ 3, stk. 2"\n'
    text = mutated(old, '    name: Kommunaldirektør\n    provision: "§ 9"\n')
    line, column = pos(text, '"§ 9"')
    problem = only_problem(write(tmp_path, text), "E305")
    assert_at(problem, "E305", line, column)
    assert "9" in problem.message


def test_unknown_stk_of_existing_paragraph_is_e305(tmp_path: Path) -> None:
    old = "    split: {by: population, among: members, apportionment: largest_remainder}\n"
    old += '    provision: "§ 5"\n'
    new = old.replace('"§ 5"', '"§ 5, stk. 2"')
    text = mutated(old, new)
    line, column = pos(text, '"§ 5, stk. 2"')
    problem = only_problem(write(tmp_path, text), "E305")
    assert_at(problem, "E305", line, column)
    assert "stk. 2" in problem.message


def test_last_stk_exists_and_the_next_does_not(tmp_path: Path) -> None:
    old = '    chair: {from: bestyrelse, provision: "§ 4, stk. 2"}\n'
    ok = mutated(old, old.replace("stk. 2", "stk. 3"))
    assert foreningsregler.load(write(tmp_path, ok)) is not None
    bad = mutated(old, old.replace("stk. 2", "stk. 4"))
    line, column = pos(bad, '"§ 4, stk. 4"')
    path = write(tmp_path, bad, "bad.yaml")
    assert_at(only_problem(path, "E305"), "E305", line, column)


def test_unknown_source_document_is_e306(tmp_path: Path) -> None:
    text = mutated("[{document: foranalyse}]", "[{document: forundersoegelse}]")
    line, column = pos(text, "forundersoegelse")
    assert_at(only_problem(write(tmp_path, text), "E306"), "E306", line, column)


def test_section_not_listed_in_source_is_e306(tmp_path: Path) -> None:
    old = '[{document: foranalyse, section: "5.3"}]'
    text = mutated(old, '[{document: foranalyse, section: "6.1"}]')
    line, column = pos(text, '"6.1"')
    problem = only_problem(write(tmp_path, text), "E306")
    assert_at(problem, "E306", line, column)
    assert "6.1" in problem.message


def test_any_section_allowed_when_source_lists_none(tmp_path: Path) -> None:
    text = mutated('    sections: ["5.1", "5.2", "5.3"]\n', "")
    text = replace(
        text, '[{document: foranalyse, section: "5.3"}]', '[{document: foranalyse, section: "9.9"}]'
    )
    assert foreningsregler.load(write(tmp_path, text)) is not None


def test_unknown_voting_rule_on_body_is_e307(tmp_path: Path) -> None:
    old = '    voting: simpelt-flertal\n    provision: "§ 3, stk. 2"\n'
    text = mutated(old, '    voting: flertal\n    provision: "§ 3, stk. 2"\n')
    line, column = pos(text, "voting: flertal", "flertal")
    problem = only_problem(write(tmp_path, text), "E307")
    assert_at(problem, "E307", line, column)
    assert problem.provision == "§ 3, stk. 2"


def test_unknown_voting_rule_on_power_is_e307(tmp_path: Path) -> None:
    text = mutated("    voting: to-tredjedele\n", "    voting: enstemmighed\n")
    line, column = pos(text, "enstemmighed")
    problem = only_problem(write(tmp_path, text), "E307")
    assert_at(problem, "E307", line, column)
    assert problem.provision == "§ 3, stk. 3"


DUPLICATE_BODY = (
    "  - id: bestyrelse\n"
    "    name: Bestyrelsen igen\n"
    "    kind: board\n"
    "    seats: 3\n"
    "    filled_by: {method: election, by: generalforsamling}\n"
    '    provision: "§ 3, stk. 2"\n'
)


def test_duplicate_body_id_is_e308_at_second_id(tmp_path: Path) -> None:
    text = mutated("powers:\n", DUPLICATE_BODY + "powers:\n")
    line, column = pos(text, "- id: bestyrelse\n    name: Bestyrelsen igen", "bestyrelse")
    problem = only_problem(write(tmp_path, text), "E308")
    assert_at(problem, "E308", line, column)
    assert "bestyrelse" in problem.message


def test_same_id_in_different_kinds_is_allowed(tmp_path: Path) -> None:
    # The fixture has a power and a money rule both called `kontingent`.
    text = minimal_text()
    assert text.count("- id: kontingent\n") == 2
    assert foreningsregler.load(write(tmp_path, text)) is not None


def test_body_clashing_with_a_per_area_instance_is_e308(tmp_path: Path) -> None:
    clash = DUPLICATE_BODY.replace("id: bestyrelse", "id: udvalg-it")
    text = mutated("powers:\n", clash + "powers:\n")
    problems = problems_of(write(tmp_path, text))
    assert {p.code for p in problems} == {"E308"}


def test_body_elected_by_itself_is_e310_at_by(tmp_path: Path) -> None:
    text = mutated("      by: generalforsamling\n", "      by: bestyrelse\n")
    line, column = pos(text, "      by: bestyrelse\n", "bestyrelse")
    problem = only_problem(write(tmp_path, text), "E310")
    assert_at(problem, "E310", line, column)
    assert problem.provision == "§ 3, stk. 2"


def test_own_area_scope_on_body_not_per_area_is_e311(tmp_path: Path) -> None:
    text = mutated("    to: udvalg3\n", "    to: generalforsamling\n")
    line, column = pos(text, "    to: generalforsamling\n", "generalforsamling")
    problem = only_problem(write(tmp_path, text), "E311")
    assert_at(problem, "E311", line, column)
    assert problem.provision == "§ 4, stk. 3"


def test_own_area_scope_on_power_held_by_body_not_per_area_is_e311(tmp_path: Path) -> None:
    text = mutated("    scope: [adopted_phases]\n", "    scope: [own_area]\n")
    line, column = pos(text, "    holder: bestyrelse\n", "bestyrelse")
    problem = only_problem(write(tmp_path, text), "E311")
    assert_at(problem, "E311", line, column)
    assert problem.provision == "§ 4, stk. 3"


def test_own_area_scope_on_instance_is_allowed(tmp_path: Path) -> None:
    text = mutated("    to: udvalg3\n", "    to: udvalg3-teknik-og-miljoe\n")
    assert foreningsregler.load(write(tmp_path, text)) is not None


# --- All problems, in order ------------------------------------------------------


def test_all_reference_problems_are_reported_at_once(tmp_path: Path) -> None:
    text = mutated("      by: generalforsamling\n", "      by: repraesentantskab\n")
    text = replace(text, "    power: fasebeslutning\n", "    power: budget\n")
    text = replace(text, "    voting: to-tredjedele\n", "    voting: enstemmighed\n")
    problems = problems_of(write(tmp_path, text))
    assert [(p.code, p.line, p.column) for p in problems] == [
        ("E301", *pos(text, "repraesentantskab")),
        ("E307", *pos(text, "enstemmighed")),
        ("E302", *pos(text, "power: budget", "budget")),
    ]


def test_all_schema_problems_are_reported_at_once(tmp_path: Path) -> None:
    text = mutated("    kind: board\n", "    kind: council\n")
    text = replace(text, "  status: draft\n", "  status: final\n")
    text = replace(text, "membership:\n", "medlemskab: ja\nmembership:\n")
    problems = problems_of(write(tmp_path, text))
    assert [(p.code, p.line, p.column) for p in problems] == [
        ("E204", *pos(text, "status: final", "final")),
        ("E201", *pos(text, "medlemskab: ja")),
        ("E204", *pos(text, "kind: council", "council")),
    ]


def test_problems_are_sorted_by_line_then_column(tmp_path: Path) -> None:
    text = mutated("    set_by: kontingent\n", "    set_by: gebyr\n")
    text = replace(text, "    eligible: [kommunaldirektoer]\n", "    eligible: [borgmester]\n")
    text = replace(text, "[{document: foranalyse}]", "[{document: forundersoegelse}]")
    text = replace(text, "    to: udvalg3\n", "    to: generalforsamling\n")
    problems = problems_of(write(tmp_path, text))
    places = [(p.line or 0, p.column or 0) for p in problems]
    assert places == sorted(places)
    assert [p.code for p in problems] == ["E306", "E303", "E311", "E302"]


def test_every_problem_is_an_error_from_the_catalogue(tmp_path: Path) -> None:
    text = mutated("    kind: board\n", "    kind: council\n")
    for problem in problems_of(write(tmp_path, text)):
        assert problem.code in CODES
        assert problem.severity is Severity.ERROR


# --- How a problem reads ---------------------------------------------------------


def test_str_of_problem_is_path_line_col_code_message_provision(tmp_path: Path) -> None:
    text = mutated("      by: generalforsamling\n", "      by: repraesentantskab\n")
    path = write(tmp_path, text)
    problem = only_problem(path, "E301")
    line, column = pos(text, "repraesentantskab")
    expected = f"{path}:{line}:{column}: E301 {problem.message} [§ 3, stk. 2]"
    assert str(problem) == expected


def test_str_of_problem_without_provision(tmp_path: Path) -> None:
    path = write(tmp_path, "format: 1\nstatute:\n  name: a: b\n")
    problem = only_problem(path, "E103")
    assert problem.provision is None
    assert str(problem) == f"{path}:3:10: E103 {problem.message}"


def test_statute_error_message_lists_every_problem(tmp_path: Path) -> None:
    text = mutated("    kind: board\n", "    kind: council\n")
    text = replace(text, "  status: draft\n", "  status: final\n")
    with pytest.raises(StatuteError) as caught:
        foreningsregler.load(write(tmp_path, text))
    assert str(caught.value).splitlines() == [str(p) for p in caught.value.problems]


def test_loads_names_the_file_as_given() -> None:
    with pytest.raises(StatuteError) as caught:
        foreningsregler.loads("- a\n", name="vedtaegter.yaml")
    (problem,) = caught.value.problems
    assert (problem.code, problem.file, problem.line, problem.column) == (
        "E109",
        "vedtaegter.yaml",
        1,
        1,
    )


def test_loads_default_name() -> None:
    with pytest.raises(StatuteError) as caught:
        foreningsregler.loads("- a\n")
    assert caught.value.problems[0].file == "<string>"


def test_statute_error_is_exported() -> None:
    assert foreningsregler.StatuteError is StatuteError
