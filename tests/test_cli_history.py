"""The command line with a statute's history where a statute goes (issue 11,
item 2): ``check`` reads a history file as its own kind, ``check --statute``,
``record`` and ``status`` judge each event under the version governing its day."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner, Result

import foreningsregler as fr
from foreningsregler.cli import cli

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "tests" / "fixtures" / "history"
HISTORY = str(FOLDER / "digitaliseringsforeningen.history.yaml")
EVENTS = str(FOLDER / "amendment.events.yaml")
V1 = str(FOLDER / "digitaliseringsforeningen-v1.yaml")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def _valid(name: str, document: object) -> None:
    jsonschema.Draft202012Validator(
        fr.output_schema(name), format_checker=jsonschema.FormatChecker()
    ).validate(document)


def test_check_reads_a_history_as_its_own_kind() -> None:
    result = run("check", "--format", "json", HISTORY)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    _valid("check", document)
    [checked] = document["files"]
    assert (checked["kind"], checked["loaded"]) == ("history", True)
    assert checked["summary"].startswith("statute history: 3 versions")


def test_check_refuses_a_history_naming_a_missing_statute(tmp_path: Path) -> None:
    path = tmp_path / "h.history.yaml"
    path.write_text('format: 1\nversions:\n  - statute: missing.yaml\n    in_force: "2016-01-01"\n')
    result = run("check", "--format", "json", str(path))
    assert result.exit_code == 2
    [finding] = json.loads(result.stdout)["findings"]
    assert (finding["code"], finding["line"], finding["column"]) == ("E902", 3, 14)
    assert finding["message"] == "the statute file missing.yaml does not exist"


def test_events_are_judged_under_the_history_and_refused_under_its_first_version() -> None:
    lawful = run("check", "--statute", HISTORY, EVENTS)
    assert lawful.exit_code == 0, lawful.output
    assert "31 events, each allowed after those before it" in lawful.stdout
    refused = run("check", "--format", "json", "--statute", V1, EVENTS)
    assert refused.exit_code == 1
    [finding] = json.loads(refused.stdout)["findings"]
    assert (finding["code"], finding["provision"], finding["line"]) == (
        "power:no-chain",
        "§ 4, stk. 2",
        40,
    )


def test_record_and_status_follow_the_versions(tmp_path: Path) -> None:
    ledger = str(tmp_path / "protokol.db")
    recorded = run("record", HISTORY, "--ledger", ledger, EVENTS)
    assert recorded.exit_code == 0, recorded.output + recorded.stderr
    before = run("status", HISTORY, "--ledger", ledger, "--on", "2016-06-30")
    assert before.exit_code == 0, before.output
    assert before.stdout.splitlines()[1] == (
        "Statute: version 1 of 3 (digitaliseringsforeningen-v1.yaml)"
    )
    after = run("status", HISTORY, "--ledger", ledger, "--on", "2016-07-01", "--format", "json")
    document = json.loads(after.stdout)
    _valid("status", document)
    assert document["statute_version"] == {
        "number": 2,
        "file": "digitaliseringsforeningen-v2.yaml",
        "in_force": "2016-07-01",
    }


def test_status_under_a_plain_statute_names_no_version(tmp_path: Path) -> None:
    ledger = str(tmp_path / "protokol.db")
    founding = str(ROOT / "examples" / "events.yaml")
    assert run("record", V1, "--ledger", ledger, founding).exit_code == 0
    shown = run("status", V1, "--ledger", ledger, "--on", "2016-01-01", "--format", "json")
    assert shown.exit_code == 0, shown.output
    assert "statute_version" not in json.loads(shown.stdout)


@pytest.mark.parametrize("command", ["record", "status"])
def test_a_broken_history_exits_2_with_its_problem(tmp_path: Path, command: str) -> None:
    path = tmp_path / "h.history.yaml"
    path.write_text("format: 1\nversions: []\n")
    ledger = str(tmp_path / "p.db")
    args = [EVENTS] if command == "record" else ["--on", "2016-01-01"]
    result = run(command, str(path), "--ledger", ledger, *args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output + result.stderr
    assert f"{path}:2:11: E" in result.stderr
