"""The command ``flows``: text in Danish and English, JSON valid against its
output schema, exit codes 0 and 2."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from click.testing import CliRunner, Result
from flows_helpers import scenario

import foreningsregler as fr
from foreningsregler.cli import cli

ROOT = Path(__file__).resolve().parent.parent
K14_FLOWS = str(ROOT / "examples" / "k14.flows.yaml")
K14 = str(ROOT / "examples" / "k14.scenario.yaml")


def run(*args: str, lang: str = "en") -> Result:
    return CliRunner(env={"FORENINGSREGLER_LANG": lang}).invoke(cli, ["flows", *args])


def test_one_run_prints_each_kind_its_failures_and_the_assumptions() -> None:
    result = run(K14_FLOWS, "--seed", "1")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Decision flows over 1 run(s):"
    kinds = [line.split(":")[0] for line in lines if line and not line.startswith(" ")]
    assert kinds[1:5] == [
        "fastsaet-kontingent",
        "godkend-vedtaegter",
        "udpeg-direktion",
        "vedtag-faser",
    ]
    assert "Assumptions (the sources do not settle these):" in lines
    failures = [line for line in lines if line.startswith("  ") and "[" in line]
    assert failures and all(line.rstrip().endswith("]") and "§" in line for line in failures)


def test_the_text_is_danish_by_request() -> None:
    result = run(K14_FLOWS, "--seed", "2", lang="da")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Beslutningsforløb over 1 kørsel(er):"
    assert "Antagelser (kilderne afgør ikke disse):" in lines
    assert any("foreslået" in line and "vedtaget" in line for line in lines)


def test_json_is_valid_against_its_output_schema_one_run_and_a_sweep() -> None:
    schema = fr.output_schema("flows")
    assert schema["$id"] == "urn:foreningsregler:output:flows:1" and schema["version"] == "1.0"
    for args in (("--seed", "1"), ("--runs", "3", "--workers", "1")):
        result = run(K14_FLOWS, *args, "--format", "json")
        assert result.exit_code == 0, result.output
        document = json.loads(result.stdout)
        jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(
            document
        )
        assert document["assumptions"]
    one = json.loads(run(K14_FLOWS, "--seed", "1", "--format", "json").stdout)
    failed = [p for p in one["proposals"] if p["outcome"] not in ("passed", "open")]
    assert all(p["provision"] and p["rule"] for p in failed)


def test_the_same_seed_prints_the_same() -> None:
    first, again = (run(K14_FLOWS, "--seed", "4", "--format", "json").stdout for _ in range(2))
    assert first == again


def test_a_scenario_without_flows_exits_2_with_why() -> None:
    result = run(K14)
    assert result.exit_code == 2
    assert "the scenario has no flows" in result.stderr


def test_bad_flows_exit_2_with_each_problem_and_its_place(tmp_path: Path) -> None:
    path = scenario(tmp_path, {"proposals": [{"kind": "vedtag-fase", "per_year": 1}]})
    result = run(str(path), "--format", "json")
    assert result.exit_code == 2
    [problem] = json.loads(result.stdout)["problems"]
    assert (problem["code"], problem["line"]) == ("E808", 15)
    assert "did you mean 'vedtag-faser'?" in problem["message"]


def test_a_missing_scenario_exits_2() -> None:
    assert run("nowhere.yaml").exit_code == 2


def test_problems_and_refusals_are_said_in_danish(tmp_path: Path) -> None:
    path = scenario(tmp_path, {"proposals": [{"kind": "vedtag-fase", "per_year": 1}]})
    result = run(str(path), lang="da")
    assert result.exit_code == 2
    assert (
        "E808 vedtag-fase er ikke en slags beslutning i vedtægten; mente du 'vedtag-faser'?"
        in result.stderr
    )
    without = run(K14, lang="da")
    assert "scenariet har ingen beslutningsforløb" in without.stderr
    one = json.loads(run(K14_FLOWS, "--seed", "1", "--format", "json", lang="da").stdout)
    assert one["assumptions"][-1].startswith("stifterne er medlemmer hele vejen")
    refused = [p for p in one["proposals"] if p["outcome"] == "voted-down"]
    assert refused and all("afstemningen" in p["message"] for p in refused)
