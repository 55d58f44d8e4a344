"""Hostile and careless files besides statutes (issue 12): special files, events
files and scenarios, each refused with its code at its place, by the API and by
the command line (exit code 2, ``path:line:col: CODE message``, no traceback)."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import pos, write

import foreningsregler as fr
from foreningsregler.cli import cli
from foreningsregler.economy.simulation import load_scenario
from foreningsregler.protocol import event_files
from foreningsregler.protocol.event_files import read_events
from foreningsregler.protocol.ledger import BadEvent
from foreningsregler.statute.problems import Finding

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "forening.yaml"
STATUTE = ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml"

SCENARIO = f"""\
format: 1
statute: {STATUTE}
founding: "2015-10-01"
years: 10
municipalities:
  - {{name: Sorø, joins: 0.9}}
  - {{name: Ringsted}}
phases:
  - {{id: fase-1, start: "2016-01-01", end: "2017-12-31", budget: {{tkr: 100}}}}
"""
EVENT = """\
events:
  - {kind: sign-declaration, date: "2015-03-01", actor: Sorø}
"""


def run(*args: str) -> Result:
    result = CliRunner(env={"FORENINGSREGLER_STATUTE": str(FIXTURE)}).invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result


def exits_2_with(result: Result, line: str) -> None:
    assert result.exit_code == 2, result.output
    assert line in result.stderr, result.stderr


def at(problems: tuple[Finding, ...], code: str, line: int, column: int) -> Finding:
    found = [p for p in problems if (p.code, p.line, p.column) == (code, line, column)]
    assert found, "\n".join(str(p) for p in problems)
    return found[0]


def scenario_refused(tmp_path: Path, text: str, code: str, line: int, column: int) -> Finding:
    path = write(tmp_path, text, "scenarie.yaml")
    with pytest.raises(fr.StatuteError) as caught:
        load_scenario(path)
    problem = at(caught.value.problems, code, line, column)
    exits_2_with(run("simulate", str(path)), f"{path}:{line}:{column}: {code} ")
    return problem


def events_refused(tmp_path: Path, text: str, code: str, line: int, column: int) -> Finding:
    path = write(tmp_path, text, "haendelser.yaml")
    with pytest.raises(fr.StatuteError) as caught:
        read_events(path)
    problem = at(caught.value.problems, code, line, column)
    result = run("record", "--ledger", str(tmp_path / "protokol.db"), str(path))
    exits_2_with(result, f"{path}:{line}:{column}: {code} ")
    return problem


def scenario(old: str, new: str, target: str) -> tuple[str, int, int]:
    assert SCENARIO.count(old) == 1, old
    text = SCENARIO.replace(old, new)
    return (text, *pos(text, new, target))


# --- 5. Special files are refused without reading them ------------------------------------


@pytest.fixture
def special(request: pytest.FixtureRequest) -> Iterator[tuple[Path, str]]:
    """A special file of each kind, in a short directory (a socket's path is short)."""
    folder = Path(tempfile.mkdtemp(prefix="fr"))
    kind = request.param
    listener: socket.socket | None = None
    try:
        if kind == "fifo":
            path = folder / "fifo"
            os.mkfifo(path)
            yield path, "a named pipe (FIFO)"
        elif kind == "socket":
            path = folder / "sock"
            listener = socket.socket(socket.AF_UNIX)
            listener.bind(str(path))
            yield path, "a socket"
        elif kind == "directory":
            yield folder, "a directory"
        else:
            yield Path("/dev/zero"), "a character device"
    finally:
        if listener is not None:
            listener.close()
        shutil.rmtree(folder)


KINDS = ["fifo", "socket", "directory", "dev-zero"]


@pytest.mark.parametrize("special", KINDS, indirect=True)
def test_a_special_file_is_no_statute(special: tuple[Path, str]) -> None:
    path, kind = special
    with pytest.raises(fr.StatuteError) as caught:
        fr.load(path)
    [problem] = caught.value.problems
    assert (problem.code, problem.line) == ("E100", None)
    assert problem.message == f"cannot read the file: it is {kind}, not a regular file"
    if kind != "a directory":  # a directory given to check is read for its statutes
        exits_2_with(run("check", str(path)), f"{path}: E100 cannot read the file: it is {kind}")


@pytest.mark.parametrize("special", KINDS, indirect=True)
def test_a_special_file_is_no_events_file(special: tuple[Path, str], tmp_path: Path) -> None:
    path, kind = special
    with pytest.raises(fr.StatuteError) as caught:
        read_events(path)
    assert [p.code for p in caught.value.problems] == ["E100"]
    result = run("record", "--ledger", str(tmp_path / "protokol.db"), str(path))
    exits_2_with(result, f"{path}: E100 cannot read the file: it is {kind}")


@pytest.mark.parametrize("special", KINDS, indirect=True)
def test_a_special_file_is_no_scenario(special: tuple[Path, str]) -> None:
    path, kind = special
    with pytest.raises(fr.StatuteError) as caught:
        load_scenario(path)
    assert [p.code for p in caught.value.problems] == ["E100"]
    exits_2_with(run("simulate", str(path)), f"{path}: E100 cannot read the file: it is {kind}")


@pytest.mark.parametrize("special", KINDS, indirect=True)
def test_a_special_file_is_no_scenarios_statute(special: tuple[Path, str], tmp_path: Path) -> None:
    path, kind = special
    text = SCENARIO.replace(str(STATUTE), str(path))
    scenario_path = write(tmp_path, text, "scenarie.yaml")
    assert load_scenario(scenario_path).statute == path  # not compared: simulate says why
    result = run("simulate", str(scenario_path))
    exits_2_with(result, f"{path}: E100 cannot read the file: it is {kind}")


def test_a_path_with_a_nul_character_is_e100_not_a_value_error() -> None:
    with pytest.raises(fr.StatuteError) as caught:
        fr.load("vedtaegter\x00.yaml")
    [problem] = caught.value.problems
    assert str(problem) == "'vedtaegter\\x00.yaml': E100 cannot read the file: embedded null byte"


def test_a_huge_file_is_refused_by_its_size_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "stor.yaml"
    with path.open("wb") as handle:
        handle.truncate(4 << 30)  # 4 GiB, sparse: reading it would take minutes
    with pytest.raises(fr.StatuteError) as caught:
        fr.load(path)
    [problem] = caught.value.problems
    assert (problem.code, problem.line, problem.column) == ("E101", 1, 1)
    exits_2_with(run("check", str(path)), f"{path}:1:1: E101 ")


# --- Events files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "target", "code"),
    [
        ("kind: sign-declaration", 'kind: "sign-declaration\\n"', '"', "E204"),
        ("actor: Sorø}", "actor: Sorø, data: {amount_kr: .nan}}", ".nan", "E112"),
        ("actor: Sorø}", "actor: Sorø, data: {amount_kr: 010}}", "010", "E111"),
        ("actor: Sorø}", f"actor: Sorø, data: {{amount_kr: {'9' * 5000}}}}}", "999", "E113"),
        ("actor: Sorø}", "actor: No}", "No", "E111"),
        ("actor: Sorø}", 'actor: "Sor\\udc80"}', '"', "E103"),
        ("actor: Sorø}", "actor: Sorø, data: " + "[" * 5000 + "]" * 5000 + "}", "[", "E110"),
    ],
    ids=["kind-newline", "nan", "octal", "huge", "boolean", "surrogate", "deep"],
)
def test_a_hostile_events_file_is_refused_at_its_value(
    tmp_path: Path, old: str, new: str, target: str, code: str
) -> None:
    text = EVENT.replace(old, new)
    line, column = pos(text, new, target)
    if code == "E110":
        column += 50 - 3  # the list at depth 51: the top, the events and the event hold 3
    events_refused(tmp_path, text, code, line, column)


def test_an_event_the_protocol_cannot_hold_is_a_finding_at_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever an Event refuses (BadEvent) is reported at the event, not raised."""

    def refuse(item: object) -> object:
        raise BadEvent("an event's date is a day (YYYY-MM-DD), not 'x'")

    monkeypatch.setattr(event_files, "_event", refuse)
    text = EVENT + "  - {kind: sign-declaration, date: '2015-03-02', actor: Ringsted}\n"
    path = write(tmp_path, text, "haendelser.yaml")
    with pytest.raises(fr.StatuteError) as caught:
        read_events(path)
    assert [(p.code, p.line, p.column) for p in caught.value.problems] == [
        ("E204", 2, 5),
        ("E204", 3, 5),
    ]


# --- 7. Scenarios ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "target", "code"),
    [
        ("joins: 0.9", "joins: .nan", ".nan", "E112"),
        ("{name: Ringsted}", "{name: Ringsted, gives_notice: .inf}", ".inf", "E112"),
        ('founding: "2015-10-01"', 'founding: "0001-10-01"', '"', "E804"),
        ('founding: "2015-10-01"', 'founding: "9950-10-01"', '"', "E804"),
        ("years: 10", 'years: 10\npopulation: {on: "1066-01-01", source: x}', '"1066', "E804"),
        ("{name: Ringsted}", "{name: Ringsted, population: 0}", "0", "E204"),
        ("{name: Ringsted}", "{name: Ringsted, population: 010}", "010", "E111"),
        ("{name: Ringsted}", '{name: "Ring\\u200bsted"}', '"', "E330"),
        ("{name: Ringsted}", '{name: "Sorø "}', '"', "E803"),
        ("{name: Ringsted}", '{name: "Soro\u0338"}', '"', "E803"),
        ("{name: Ringsted}", "{name: Holbek}", "Holbek", "E801"),
        ("{name: Ringsted}", "{name: Stevns}", "Stevns", "E805"),
        ("id: fase-1", 'id: "fase-1\\n"', '"', "E204"),
    ],
    ids=[
        "nan-joins",
        "inf-notice",
        "year-1",
        "year-9950",
        "population-on",
        "population-0",
        "octal",
        "zero-width",
        "space",
        "stroke",
        "did-you-mean",
        "not-a-member",
        "id-newline",
    ],
)
def test_a_hostile_scenario_is_refused_at_its_value(
    tmp_path: Path, old: str, new: str, target: str, code: str
) -> None:
    text, line, column = scenario(old, new, target)
    scenario_refused(tmp_path, text, code, line, column)


def test_an_unknown_municipality_is_told_the_nearest_names(tmp_path: Path) -> None:
    text, line, column = scenario("{name: Ringsted}", "{name: Holbek}", "Holbek")
    problem = scenario_refused(tmp_path, text, "E801", line, column)
    assert problem.message.endswith("did you mean 'Holbæk'?")
    text, line, column = scenario("{name: Ringsted}", "{name: Holbek, population: 9}", "Holbek")
    problem = scenario_refused(tmp_path, text, "E805", line, column)
    assert problem.message == "Holbek is not a member the statute names; did you mean 'Holbæk'?"


def test_all_populations_zero_is_a_finding_for_each(tmp_path: Path) -> None:
    text = SCENARIO.replace("{name: Sorø,", "{name: Sorø, population: 0,")
    text = text.replace("{name: Ringsted}", "{name: Ringsted, population: 0}")
    path = write(tmp_path, text, "scenarie.yaml")
    with pytest.raises(fr.StatuteError) as caught:
        load_scenario(path)
    assert [(p.code, p.line) for p in caught.value.problems] == [("E204", 6), ("E204", 7)]


def test_names_in_a_scenario_are_read_in_their_one_form(tmp_path: Path) -> None:
    text = SCENARIO.replace("{name: Ringsted}", '{name: " Ringsted\\t"}')
    loaded = load_scenario(write(tmp_path, text, "scenarie.yaml"))
    assert [m.name for m in loaded.municipalities] == ["Sorø", "Ringsted"]
    assert loaded.municipalities[1].population > 0


def test_a_scenario_whose_years_run_past_the_calendar_is_e804(tmp_path: Path) -> None:
    text = SCENARIO.replace('founding: "2015-10-01"', 'founding: "2195-10-01"')
    with pytest.raises(fr.StatuteError) as caught:
        load_scenario(write(tmp_path, text, "late.scenario.yaml"))
    found = [p for p in caught.value.problems if p.code == "E804"]
    assert [p.message for p in found] == [
        "the date 2205-12-31 is not within the years 1901 to 2199"
    ]
