"""Hostile and careless statutes (issue 12): each is refused with its code at its place.

Every case is checked twice: through the API (``StatuteError`` with the code at
the line and column) and through ``foreningsregler check`` (exit code 2 and the
``path:line:col: CODE message`` line on stderr, no traceback). Scenarios,
events files and special files are in ``test_hostile_files.py``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import minimal_text, one_problem, pos, replace, write

import foreningsregler as fr
from foreningsregler.cli import cli
from foreningsregler.errors import ForeningsreglerError
from foreningsregler.statute import InvalidName, normalise_name
from foreningsregler.statute.problems import Finding

SCHEMAS = Path(fr.__file__).parent / "schema"
SEATS = "    kind: board\n    seats: 3\n"
ELIGIBLE = "  eligible: Kommuner i regionen.\n"
KONTINGENT = "  - id: kontingent\n    name: Fastsættelse"


def refused(tmp_path: Path, text: str, code: str, line: int, column: int) -> Finding:
    """The statute is refused with ``code`` at line:column, by the API and the CLI."""
    path = write(tmp_path, text)
    problem = one_problem(path, code)
    assert (problem.line, problem.column) == (line, column), str(problem)
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 2, result.output
    assert f"{path}:{line}:{column}: {code} " in result.stderr
    assert "Traceback" not in result.output
    return problem


def case(old: str, new: str, target: str) -> tuple[str, tuple[int, int]]:
    """The minimal statute with ``old`` replaced, and the place of ``target`` in ``new``."""
    text = replace(minimal_text(), old, new)
    return text, pos(text, new, target)


# --- 1. Ids are matched whole ---------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "target"),
    [
        ("  - id: bestyrelse\n", '  - id: "bestyrelse\\n"\n', '"bestyrelse'),
        ("  id: kommunefaellesskab\n", "  id: |\n    kommunefaellesskab\n", "|"),
        ("  - id: kontingent\n    name: Årligt", '  - id: "kontingent\\n"\n    name: Årligt', '"'),
        ('quorum: {fraction: "1/2"}', 'quorum: {fraction: "1/2\\n"}', '"1/2'),
        (
            '    provision: "§ 3, stk. 3"\n  - id: optagelse',
            '    provision: "§ 3, stk. 3\\n"\n  - id: optagelse',
            '"§',
        ),
    ],
    ids=["quoted-newline", "block-scalar", "money-rule", "fraction", "provision"],
)
def test_a_value_with_a_trailing_newline_does_not_match_its_pattern(
    tmp_path: Path, old: str, new: str, target: str
) -> None:
    text, (line, column) = case(old, new, target)
    problem = refused(tmp_path, text, "E204", line, column)
    assert "\n" not in problem.message and "\\n" in problem.message


def _patterns(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return found + [p for child in node.values() for p in _patterns(child)]
    if isinstance(node, list):
        return [p for child in node for p in _patterns(child)]
    return []


@pytest.mark.parametrize("schema", sorted(p.name for p in SCHEMAS.glob("*.json")))
def test_every_shipped_pattern_is_anchored_so_a_full_match_is_its_meaning(schema: str) -> None:
    patterns = _patterns(json.loads((SCHEMAS / schema).read_text("utf-8")))
    for pattern in patterns:
        assert pattern.startswith("^") and pattern.endswith("$"), pattern
        re.compile(pattern)


def test_a_provision_reference_is_parsed_whole() -> None:
    assert fr.ProvisionRef.parse("§ 3, stk. 2") == fr.ProvisionRef(3, 2)
    with pytest.raises(ValueError):
        fr.ProvisionRef.parse("§ 3\n")


# --- 2. YAML 1.1 forms are refused ------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("010", "E111"),
        ("1:30", "E111"),
        ("0x1F", "E111"),
        ("0o17", "E111"),
        ("0b101", "E111"),
        ("1_000", "E111"),
        ("09", "E111"),
        ("1e3", "E111"),
        ("1_0.5", "E111"),
        (".nan", "E112"),
        (".inf", "E112"),
        ("-.Inf", "E112"),
        ("9" * 4301, "E113"),
        ("-" + "9" * 5000, "E113"),
        ("1.0e+999", "E113"),
    ],
)
def test_a_number_in_an_ambiguous_form_is_refused_at_its_value(
    tmp_path: Path, value: str, code: str
) -> None:
    text, (line, column) = case(SEATS, SEATS.replace("3", value), value)
    problem = refused(tmp_path, text, code, line, column)
    assert len(problem.message) < 300  # a 5,000-digit number is shown shortened


@pytest.mark.parametrize("value", ["yes", "No", "on", "OFF"])
def test_a_yaml_11_boolean_is_refused_where_text_is_meant(tmp_path: Path, value: str) -> None:
    new = f"{ELIGIBLE}  municipalities: [Sorø, {value}]\n"
    text, (line, column) = case(ELIGIBLE, new, f" {value}]")
    refused(tmp_path, text, "E111", line, column + 1)


def test_a_yaml_11_boolean_is_refused_where_a_boolean_is_meant(tmp_path: Path) -> None:
    old = "    one_seat_per_member: true\n"
    text, (line, column) = case(old, old.replace("true", "yes"), "yes")
    refused(tmp_path, text, "E111", line, column)


@pytest.mark.parametrize("value", ["3", "+3", "12", "9" * 30])
def test_plain_decimal_numbers_load(value: str) -> None:
    statute = fr.loads(replace(minimal_text(), SEATS, SEATS.replace("3", value)))
    assert statute.body("bestyrelse").seats == int(value)


def test_quoted_values_are_text_and_load() -> None:
    text = replace(minimal_text(), ELIGIBLE, f'{ELIGIBLE}  municipalities: ["No", "010"]\n')
    text = replace(text, '  version: "0.1"\n', '  version: "1:30"\n')
    statute = fr.loads(text)
    assert statute.membership is not None
    assert statute.membership.municipalities == ("No", "010")
    assert statute.metadata.version == "1:30"


# --- 3. A body and a power never share an id; instance ids are unique -----------------


def test_a_power_with_a_bodys_id_is_e329_at_the_power(tmp_path: Path) -> None:
    text, (line, column) = case(KONTINGENT, KONTINGENT.replace("kontingent", "bestyrelse"), "b")
    body_line, _ = pos(text, "  - id: bestyrelse\n    name: Bestyrelsen")
    problem = refused(tmp_path, text, "E329", line, column)
    assert f"the body at line {body_line}" in problem.message


def test_a_power_with_an_instances_id_is_e329(tmp_path: Path) -> None:
    text, (line, column) = case(KONTINGENT, KONTINGENT.replace("kontingent", "udvalg-it"), "u")
    template_line, _ = pos(text, "  - id: udvalg\n")
    problem = refused(tmp_path, text, "E329", line, column)
    assert f"the body at line {template_line}" in problem.message


def test_two_templates_that_make_one_instance_id_are_e308(tmp_path: Path) -> None:
    # udvalg for the area tre-it and udvalg-tre for the area it are both udvalg-tre-it.
    area = '  - id: tre-it\n    name: Tre\n    provision: "§ 4, stk. 1"\n  - id: it\n'
    text = replace(minimal_text().replace("udvalg3", "udvalg-tre"), "  - id: it\n", area)
    line, column = pos(text, "  - id: udvalg-tre\n", "udvalg-tre")
    first, _ = pos(text, "  - id: udvalg\n")
    problem = refused(tmp_path, text, "E308", line, column)
    assert "'udvalg-tre-it'" in problem.message and f"(first at line {first})" in problem.message


# --- 4. Text no file could hold, depth ---------------------------------------------------


@pytest.mark.parametrize(
    ("escape", "code_point"),
    [("\\udc80", "DC80"), ("\\e[2J", "001B"), ("\\x00", "0000"), ("\\x9b", "009B")],
)
def test_an_escape_that_writes_a_character_no_file_may_hold_is_e103(
    tmp_path: Path, escape: str, code_point: str
) -> None:
    old = "  name: Vedtægter for Kommunefællesskabet\n"
    new = f'  name: "Vedtægter{escape}"\n'
    text, (line, column) = case(old, new, '"')
    problem = refused(tmp_path, text, "E103", line, column)
    assert f"U+{code_point}" in problem.message


def test_an_escape_in_a_key_is_e103_at_the_key(tmp_path: Path) -> None:
    text, (line, column) = case("  language: da\n", '  "lang\\x07": da\n', '"')
    refused(tmp_path, text, "E103", line, column)


def test_very_deep_flow_nesting_is_e110_not_a_recursion_error(tmp_path: Path) -> None:
    text, (line, _) = case(
        "  language: da\n", "  language: " + "[" * 100_000 + "]" * 100_000 + "\n", "["
    )
    problem = one_problem(write(tmp_path, text), "E110")
    assert problem.line == line


# --- 6. Names in one form ------------------------------------------------------------------


DECOMPOSED = "Soro\u0338"  # an o with a combining stroke: the letter ø all the same


@pytest.mark.parametrize(
    "second",
    ['"Sorø "', '" Sorø"', f'"{DECOMPOSED}"', '"Sorø\\t"', '"Sorø\\n"'],
    ids=["space-after", "space-before", "stroke", "tab", "newline"],
)
def test_one_municipality_written_two_ways_is_named_twice(tmp_path: Path, second: str) -> None:
    new = f"{ELIGIBLE}  municipalities: [Ringsted, Sorø, {second}]\n"
    text, (line, column) = case(ELIGIBLE, new, second)
    refused(tmp_path, text, "E315", line, column)


def test_a_decomposed_name_is_read_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "Århus")
    assert decomposed != "Århus"
    new = f'{ELIGIBLE}  municipalities: ["{decomposed}", Sorø]\n'
    statute = fr.loads(replace(minimal_text(), ELIGIBLE, new))
    assert statute.membership is not None
    assert statute.membership.municipalities == ("Århus", "Sorø")


@pytest.mark.parametrize(
    ("name", "code_point"),
    [
        ("Sor\\u200bø", "200B"),
        ("\\ufeffSorø", "FEFF"),
        ("Sor\\u00adø", "00AD"),
        ("Sorø\\u202e", "202E"),
        ("Sor\\u2028ø", "2028"),
    ],
)
def test_a_name_with_an_invisible_character_is_e330(
    tmp_path: Path, name: str, code_point: str
) -> None:
    new = f'{ELIGIBLE}  municipalities: [Ringsted, "{name}"]\n'
    text, (line, column) = case(ELIGIBLE, new, f'"{name}"')
    problem = refused(tmp_path, text, "E330", line, column)
    assert f"U+{code_point}" in problem.message
    assert problem.message.isprintable()


def test_names_are_normalised_in_rotations_and_weights(tmp_path: Path) -> None:
    members = f"{ELIGIBLE}  municipalities: [Sorø, Ringsted]\n"
    text = replace(minimal_text(), ELIGIBLE, members)
    text = replace(
        text,
        '    chair: {from: bestyrelse, provision: "§ 4, stk. 2"}\n',
        '    chair: {rotation: {order: ["Sorø ", " Ringsted"], from_year: 2016}}\n',
    )
    text = replace(
        text,
        "    tie_break: rejected\n",
        '    tie_break: rejected\n    weights: {by_member: {"Sorø\\t": 2}}\n',
    )
    statute = fr.loads(text)
    assert statute.body("udvalg3-it").chair is not None
    rule = next(r for r in statute.voting_rules if r.id == "to-tredjedele")
    assert rule.weights is not None and rule.weights.by_member == (("Sorø", 2),)


def test_a_member_unknown_to_a_rotation_gets_a_did_you_mean(tmp_path: Path) -> None:
    chair = '    chair: {from: bestyrelse, provision: "§ 4, stk. 2"}\n'
    new = "    chair: {rotation: {order: [Soroe, Ringsted], from_year: 2016}}\n"
    text = replace(minimal_text(), chair, new)
    text = replace(text, ELIGIBLE, f"{ELIGIBLE}  municipalities: [Sorø, Ringsted]\n")
    line, column = pos(text, new, "Soroe")
    problem = refused(tmp_path, text, "E318", line, column)
    assert problem.message.endswith("did you mean 'Sorø'?")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Sorø", "Sorø"),
        ("  Sorø \n", "Sorø"),
        (DECOMPOSED, "Sorø"),
        (unicodedata.normalize("NFD", "Århus"), "Århus"),
        ("Lolland\u00a0  Kommune", "Lolland Kommune"),
    ],
)
def test_normalise_name_gives_the_one_form(name: str, expected: str) -> None:
    assert normalise_name(name) == expected


@pytest.mark.parametrize("name", ["", "  ", "Sor\u200bø", "\ufeffSorø", "Sorø\x1b[2J", "\udc80"])
def test_normalise_name_refuses_with_a_library_error(name: str) -> None:
    with pytest.raises(InvalidName) as caught:
        normalise_name(name)
    assert isinstance(caught.value, ForeningsreglerError)
    assert isinstance(caught.value, ValueError)
    assert str(caught.value).isprintable()
