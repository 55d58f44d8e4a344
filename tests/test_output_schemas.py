"""Every JSON the commands print is valid against its output schema (issue 14):
the commands are run for real and their output validated."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from conftest import FIXTURES, minimal_text, replace, write

import foreningsregler as fr
from foreningsregler.cli import cli
from foreningsregler.outputs import output_schemas

ROOT = Path(__file__).resolve().parent.parent
K14 = "digitaliseringsforeningen"
FOREST = str(FIXTURES / "forening.yaml")
FOUNDING = 'events:\n  - {kind: sign-declaration, date: "2015-03-01", actor: Sorø}\n'
SCENARIO = str(ROOT / "examples" / "k14.scenario.yaml")


def output(name: str, *args: str, codes: tuple[int, ...] = (0,)) -> object:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code in codes, result.output + result.stderr
    document = json.loads(result.stdout)
    jsonschema.Draft202012Validator(
        fr.output_schema(name), format_checker=jsonschema.FormatChecker()
    ).validate(document)
    return document


def test_every_output_schema_is_a_versioned_2020_12_schema() -> None:
    names = output_schemas()
    assert {"check", "problems", "answer", "answers", "graph", "status", "test"} <= set(names)
    for name in names:
        schema = fr.output_schema(name)
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == f"urn:foreningsregler:output:{name}:1"
        assert schema["version"].startswith("1.")
        assert schema["title"] and schema["description"]


def test_schema_list_names_the_inputs_and_the_outputs() -> None:
    result = CliRunner().invoke(cli, ["schema", "--list"])
    assert result.exit_code == 0
    listed = result.stdout.splitlines()
    assert listed[0] == "statute" and "output/check" in listed and "output/status" in listed
    shown = CliRunner().invoke(cli, ["schema", "output/check"])
    assert json.loads(shown.stdout) == fr.output_schema("check")
    unknown = CliRunner().invoke(cli, ["schema", "output/nope"])
    assert unknown.exit_code == 2 and "no schema 'output/nope'" in unknown.stderr


def test_an_unknown_output_schema_is_a_bad_argument() -> None:
    with pytest.raises(fr.BadArgument, match="no output schema 'nope': one of answer, answers"):
        fr.output_schema("nope")


def test_check_outputs(tmp_path: Path) -> None:
    output("check", "check", K14, "--format", "json")
    bad = write(
        tmp_path,
        replace(minimal_text(), "      by: generalforsamling\n", "      by: x\n"),
        "b.yaml",
    )
    output("check", "check", str(bad), "--format", "json", codes=(2,))


def test_a_statute_that_cannot_be_loaded_gives_the_problems_document(tmp_path: Path) -> None:
    document = output(
        "problems", "explain", str(tmp_path / "mangler.yaml"), "--format", "json", codes=(2,)
    )
    assert isinstance(document, dict) and document["problems"][0]["code"] == "E100"


def test_answers_outputs() -> None:
    facts = ["--phase", "fase-1", "--municipality", "Sorø", "--area", "it"]
    answer = ["explain", K14, "f3-it", "igangsaet-anskaffelse", *facts, "--format", "json"]
    output("answer", *answer)
    output("answers", "who", K14, "vedtag-faser", "--format", "json")
    output("answers", "explain", K14, "bestyrelse", "--format", "json")
    output("answers", "explain", K14, "--format", "json")


def test_graph_compare_and_lifecycle_outputs() -> None:
    output("graph", "graph", K14, "--format", "json")
    output("compare", "compare", "projektsamarbejde", "faelles-kerne", "--format", "json")
    lifecycle = output("lifecycle", "diagram", K14, "membership", "--format", "json")
    assert isinstance(lifecycle, dict) and lifecycle["kind"] == "membership"


def test_test_output() -> None:
    output("test", "test", "faelles-kerne", "--format", "json")


def test_protocol_outputs(tmp_path: Path) -> None:
    events = write(tmp_path, FOUNDING, "e.yaml")
    ledger = str(tmp_path / "protokol.jsonl")
    output("record", "record", FOREST, "--ledger", ledger, str(events), "--format", "json")
    refused = output(
        "record", "record", FOREST, "--ledger", ledger, str(events), "--format", "json", codes=(1,)
    )
    assert isinstance(refused, dict) and refused["refused"]["rule"]
    output("status", "status", FOREST, "--ledger", ledger, "--on", "2015-04-01", "--format", "json")
    output("verify", "verify", "--ledger", ledger, "--format", "json")


def test_simulation_outputs_and_the_breach_exit_code() -> None:
    run = output("simulation", "simulate", SCENARIO, "--format", "json", codes=(1,))
    assert isinstance(run, dict) and run["breaches"], "the K14 case breaks the rule against debt"
    output(
        "simulation",
        "simulate",
        SCENARIO,
        "--runs",
        "2",
        "--workers",
        "1",
        "--format",
        "json",
        codes=(0, 1),
    )


def test_an_output_schema_speaks_danish_by_default() -> None:
    danish = json.loads(CliRunner().invoke(cli, ["schema", "output/check", "--lang", "da"]).stdout)
    assert danish["description"].startswith("Hver kontrolleret fil, dens art")
    english = json.loads(CliRunner().invoke(cli, ["schema", "output/check", "--lang", "en"]).stdout)
    assert english == fr.output_schema("check")
