"""The command line in CI and editors (issue 14): bundled statutes by name, check's
kinds and formats (JSON, SARIF 2.1.0, GitHub), test's JSON and JUnit XML, the
statute as the first argument everywhere, and shell completion."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from click.shell_completion import ShellComplete
from click.testing import CliRunner, Result
from conftest import FIXTURES, minimal_text, pos, replace, write

import foreningsregler as fr
from foreningsregler.cli import cli

ROOT = Path(__file__).resolve().parent.parent
K14 = "digitaliseringsforeningen"
FOREST = FIXTURES / "forening.yaml"
SARIF_SCHEMA = json.loads((FIXTURES / "sarif" / "sarif-schema-2.1.0.json").read_text("utf-8"))
FOUNDING = """\
events:
  - {kind: sign-declaration, date: "2015-03-01", actor: Sorø}
  - {kind: approve-in-principle, date: "2015-06-01", actor: Sorø}
"""
REFUSED = """\
events:
  - {kind: sign-declaration, date: "2015-03-01", actor: Sorø}
  - {kind: withdraw, date: "2015-03-02", actor: Sorø}
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def bad_statute(tmp_path: Path) -> tuple[Path, str]:
    text = replace(minimal_text(), "      by: generalforsamling\n", "      by: repraesentantskab\n")
    return write(tmp_path, text, "bad.yaml"), text


# --- bundled statutes --------------------------------------------------------------------


def test_bundled_lists_the_statutes_of_vedtaegter() -> None:
    names = fr.bundled()
    expected = sorted(
        p.name.removesuffix(".yaml")
        for p in (ROOT / "vedtaegter").glob("*.yaml")
        if not p.name.endswith(".test.yaml")
    )
    assert list(names) == expected
    path = fr.bundled(K14)
    assert path.name == f"{K14}.yaml" and path.with_name(f"{K14}.test.yaml").is_file()
    assert fr.load(path).body("bestyrelse").seats == 3


@pytest.mark.parametrize("name", ["k14", "", "../vedtaegter/digitaliseringsforeningen"])
def test_an_unknown_bundled_name_lists_the_names_there_are(name: str) -> None:
    with pytest.raises(fr.BadArgument) as caught:
        fr.bundled(name)
    assert f"no bundled statute '{name}': the package has " in str(caught.value)
    assert K14 in str(caught.value) and "projektsamarbejde" in str(caught.value)


def test_bundled_refuses_a_name_that_is_no_text() -> None:
    with pytest.raises(fr.BadArgument, match="name: the name of a bundled statute"):
        fr.bundled(3)  # type: ignore[call-overload]


def test_every_command_takes_a_bundled_statute_by_name(tmp_path: Path) -> None:
    assert run("check", K14).exit_code == 0
    assert run("explain", K14, "bestyrelse").exit_code == 0
    assert run("who", K14, "vedtag-faser").exit_code == 0
    assert run("graph", K14).exit_code == 0
    assert run("diagram", K14, "membership").exit_code == 0
    assert run("show", K14, "§", "6").exit_code == 0
    assert run("compare", "projektsamarbejde", "faelles-kerne").exit_code == 0
    result = run("test", "faelles-kerne")
    assert result.exit_code == 0, result.output
    assert "faelles-kerne.test.yaml" in result.output


def test_a_path_that_exists_wins_over_a_bundled_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path(K14).write_text("format: 1\n", "utf-8")
    result = run("check", K14, "--format", "json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["files"][0]["path"] == K14


# --- check: kinds by content --------------------------------------------------------------


def kinds_in(tmp_path: Path) -> dict[str, Path]:
    """A statute, its test, an events file and a scenario, named so no name tells."""
    statute = write(tmp_path, FOREST.read_text("utf-8"), "forening.yaml")
    tests = (FIXTURES / "forening.test.yaml").read_text("utf-8").split("scenarios:")[0]
    test = write(tmp_path, "statute: forening.yaml\n" + tests, "a.yaml")
    events = write(tmp_path, FOUNDING, "b.yaml")
    scenario = (ROOT / "examples" / "k14.scenario.yaml").read_text("utf-8")
    scenario = scenario.replace("../vedtaegter/", str(ROOT / "vedtaegter") + "/")
    return {
        "statute": statute,
        "statute-test": test,
        "events": events,
        "scenario": write(tmp_path, scenario, "c.yaml"),
    }


def test_check_tells_the_kinds_apart_by_their_content(tmp_path: Path) -> None:
    files = kinds_in(tmp_path)
    result = run("check", "--format", "json", *map(str, files.values()))
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert {f["path"]: f["kind"] for f in document["files"]} == {
        str(path): kind for kind, path in files.items()
    }
    assert all(f["loaded"] for f in document["files"])
    text = run("check", *map(str, files.values()))
    assert text.exit_code == 0
    assert f"{files['events']}: events file: 2 events, valid in form" in text.stdout
    assert f"{files['statute-test']}: statute test: " in text.stdout
    assert f"{files['scenario']}: scenario of digitaliseringsforeningen.yaml" in text.stdout


def test_check_judges_events_against_the_statute_in_the_order_named(tmp_path: Path) -> None:
    first = write(tmp_path, FOUNDING, "1.yaml")
    result = run("check", "--statute", str(FOREST), str(first))
    assert result.exit_code == 0, result.output
    assert "2 events, each allowed after those before it" in result.stdout
    # After the first file, Sorø has approved in principle: withdrawing now is
    # no transition of the membership, while from an empty protocol it is too.
    later = write(tmp_path, "{kind: withdraw, date: '2015-07-01', actor: Sorø}\n", "2.yaml")
    result = run("check", "--statute", str(FOREST), "--format", "json", str(first), str(later))
    assert result.exit_code == 1
    (problem,) = json.loads(result.stdout)["findings"]
    assert (problem["code"], problem["file"], problem["line"]) == ("no-transition", str(later), 1)
    assert problem["message"].startswith("event 1 (withdraw on 2015-07-01 by Sorø) is refused")
    assert problem["provision"] is not None


def test_a_refused_event_is_a_finding_at_its_line(tmp_path: Path) -> None:
    events = write(tmp_path, REFUSED, "haendelser.yaml")
    result = run("check", "--statute", str(FOREST), str(events))
    assert result.exit_code == 1
    line, column = pos(REFUSED, "{kind: withdraw")
    assert f"{events}:{line}:{column}: no-transition event 2 (withdraw" in result.stdout


def test_an_events_file_of_the_wrong_form_exits_2(tmp_path: Path) -> None:
    events = write(tmp_path, "events:\n  - {kind: admit, date: igår, actor: Sorø}\n", "e.yaml")
    result = run("check", "--format", "json", str(events))
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert document["files"][0] == {
        "path": str(events),
        "kind": "events",
        "loaded": False,
        "summary": "1 problem(s): the file cannot be read",
    }
    assert [(f["code"], f["line"]) for f in document["findings"]] == [("E204", 2)]


def test_a_statute_test_that_names_no_statute_there_is_exits_2(tmp_path: Path) -> None:
    test = write(tmp_path, "format: 1\nstatute: mangler.yaml\nchecks: []\n", "t.yaml")
    result = run("check", str(test))
    assert result.exit_code == 2
    assert "E100" in result.stderr and "mangler.yaml" in result.stderr


def test_an_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = run("check", str(tmp_path))
    assert result.exit_code == 2
    assert "no *.yaml file in this directory" in result.stderr


# --- check: SARIF and GitHub --------------------------------------------------------------


def test_sarif_is_valid_sarif_2_1_0_with_every_finding_at_its_place(tmp_path: Path) -> None:
    path, text = bad_statute(tmp_path)
    good = write(tmp_path, minimal_text(), "good.yaml")
    result = run("check", "--format", "sarif", str(path), str(good))
    assert result.exit_code == 2
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    (sarif_run,) = log["runs"]
    assert sarif_run["tool"]["driver"]["name"] == "foreningsregler"
    error = next(r for r in sarif_run["results"] if r["ruleId"] == "E301")
    line, column = pos(text, "repraesentantskab")
    location = error["locations"][0]["physicalLocation"]
    assert location["region"] == {"startLine": line, "startColumn": column}
    assert location["artifactLocation"]["uri"] == path.as_uri()
    assert error["level"] == "error" and error["properties"] == {"provision": "§ 3, stk. 2"}
    rules = [rule["id"] for rule in sarif_run["tool"]["driver"]["rules"]]
    assert rules[error["ruleIndex"]] == "E301"
    assert {r["level"] for r in sarif_run["results"]} <= {"error", "warning", "note"}


def test_sarif_of_the_bundled_statutes_is_valid_and_relative_paths_stay_relative() -> None:
    result = CliRunner().invoke(cli, ["check", "--format", "sarif", "vedtaegter"])
    assert result.exit_code == 0, result.output
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    uris = {a["location"]["uri"] for a in log["runs"][0]["artifacts"]}
    assert "vedtaegter/digitaliseringsforeningen.yaml" in uris
    assert "vedtaegter/digitaliseringsforeningen.test.yaml" in uris


def test_github_writes_one_workflow_command_per_finding(tmp_path: Path) -> None:
    path, text = bad_statute(tmp_path)
    result = run("check", "--format", "github", str(path))
    assert result.exit_code == 2
    line, column = pos(text, "repraesentantskab")
    (command,) = result.stdout.splitlines()
    assert command.startswith(f"::error file={path},line={line},col={column},title=E301::")
    assert command.endswith("[§ 3, stk. 2]")


def test_github_escapes_what_would_end_a_property(tmp_path: Path) -> None:
    folder = tmp_path / "a,b:c"
    folder.mkdir()
    missing = folder / "x.yaml"
    result = run("check", "--format", "github", str(missing))
    assert result.exit_code == 2
    (command,) = result.stdout.splitlines()
    assert "a%2Cb%3Ac" in command and command.startswith("::error file=")
    assert "title=E100::" in command


def test_text_lines_of_findings_start_with_path_line_col(tmp_path: Path) -> None:
    path, text = bad_statute(tmp_path)
    result = run("check", str(path))
    line, column = pos(text, "repraesentantskab")
    assert f"{path}:{line}:{column}: E301 " in result.stderr


# --- test: JSON and JUnit -----------------------------------------------------------------


def failing_test(tmp_path: Path) -> Path:
    write(tmp_path, FOREST.read_text("utf-8"), "forening.yaml")
    tests = (FIXTURES / "forening.test.yaml").read_text("utf-8").split("scenarios:")[0]
    # One chain left out: the case fails, the statute grants more than it says.
    chain = "        - generalforsamling delegates to f3-social [§ 2, stk. 4]\n"
    return write(tmp_path, replace(tests, chain, ""), "forening.test.yaml")


def test_test_json_lists_every_case_with_its_line_and_failures(tmp_path: Path) -> None:
    path = failing_test(tmp_path)
    result = run("test", "--format", "json", str(path))
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    (one,) = document["files"]
    failed = [c for c in one["cases"] if not c["passed"]]
    assert len(failed) == 1 and failed[0]["failures"]
    assert (document["passed"], document["failed"]) == (len(one["cases"]) - 1, 1)
    jsonschema.Draft202012Validator(fr.output_schema("test")).validate(document)


def test_junit_is_xml_a_parser_reads_with_the_same_counts(tmp_path: Path) -> None:
    path = failing_test(tmp_path)
    result = run("test", "--format", "junit", str(path), str(tmp_path / "mangler.test.yaml"))
    assert result.exit_code == 2
    root = ET.fromstring(result.stdout)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [str(path), str(tmp_path / "mangler.test.yaml")]
    cases = suites[0].findall("testcase")
    assert int(suites[0].get("tests") or 0) == len(cases)
    failures = [c for c in cases if c.find("failure") is not None]
    assert len(failures) == 1 and suites[0].get("failures") == "1"
    assert failures[0].get("file") == str(path) and int(failures[0].get("line") or 0) > 1
    error = suites[1].find("testcase/error")
    assert error is not None and "E100" in (error.text or "")
    assert root.get("errors") == "1" and root.get("failures") == "1"


# --- the statute first, --statute hidden --------------------------------------------------


def test_record_and_status_take_the_statute_first(tmp_path: Path) -> None:
    events = write(tmp_path, FOUNDING, "stiftelse.yaml")
    ledger = tmp_path / "protokol.jsonl"
    result = run("record", str(FOREST), "--ledger", str(ledger), str(events), "--format", "json")
    assert result.exit_code == 0, result.output + result.stderr
    assert [e["kind"] for e in json.loads(result.stdout)["recorded"]] == [
        "sign-declaration",
        "approve-in-principle",
    ]
    status = run("status", str(FOREST), "--ledger", str(ledger), "--on", "2015-07-01")
    assert status.exit_code == 0, status.output
    hidden = run("status", "--statute", str(FOREST), "--ledger", str(ledger), "--on", "2015-07-01")
    assert hidden.stdout == status.stdout
    assert "--statute" not in run("status", "--help").stdout


def test_a_positional_statute_wins_over_the_environment(tmp_path: Path) -> None:
    events = write(tmp_path, FOUNDING, "stiftelse.yaml")
    ledger = tmp_path / "protokol.db"
    runner = CliRunner(env={"FORENINGSREGLER_STATUTE": str(ROOT / "vedtaegter" / f"{K14}.yaml")})
    result = runner.invoke(cli, ["record", str(FOREST), "--ledger", str(ledger), str(events)])
    assert result.exit_code == 0, result.output + result.stderr
    assert "recorded #2: approve-in-principle" in result.stdout


def test_record_without_a_statute_is_a_usage_error(tmp_path: Path) -> None:
    events = write(tmp_path, FOUNDING, "stiftelse.yaml")
    result = run("record", "--ledger", str(tmp_path / "p.db"), str(events))
    assert result.exit_code == 2
    assert "name the statute the protocol follows" in result.stderr
    assert not (tmp_path / "p.db").exists()


# --- python -m and completion -------------------------------------------------------------


def test_python_m_checks_a_bundled_statute_as_json() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "foreningsregler", "check", K14, "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT / "tests",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["files"][0]["kind"] == "statute"


def completions(args: list[str], incomplete: str) -> list[str]:
    complete = ShellComplete(cli, {}, "foreningsregler", "_FORENINGSREGLER_COMPLETE")
    return [item.value for item in complete.get_completions(args, incomplete)]


def test_completion_offers_the_bodies_and_powers_of_the_statute_named() -> None:
    statute = fr.load(fr.bundled(K14))
    bodies = completions(["explain", K14], "")
    assert bodies == [b.id for b in statute.bodies]
    assert completions(["explain", K14], "f3-") == [
        b.id for b in statute.bodies if b.id.startswith("f3-")
    ]
    powers = completions(["explain", K14, "bestyrelse"], "vedtag")
    assert powers == [p.id for p in statute.powers if p.id.startswith("vedtag")]
    assert completions(["who", str(fr.bundled(K14))], "")[:3] == [p.id for p in statute.powers][:3]
    assert completions(["diagram", K14], "mem") == ["membership"]


def test_completion_of_a_statute_offers_the_bundled_names_and_files() -> None:
    assert completions(["check"], "digi") == [K14, "digi"]


def test_completion_of_a_statute_that_cannot_be_loaded_offers_nothing(tmp_path: Path) -> None:
    assert completions(["explain", str(tmp_path / "mangler.yaml")], "") == []


def test_check_and_bundled_speak_danish_by_default(tmp_path: Path) -> None:
    events = write(tmp_path, FOUNDING, "b.yaml")
    result = CliRunner().invoke(cli, ["--lang", "da", "check", str(events)])
    assert result.exit_code == 0
    assert f"{events}: hændelsesfil: 2 hændelser, gyldige i formen" in result.stdout
    refused = write(tmp_path, REFUSED, "r.yaml")
    result = CliRunner().invoke(
        cli, ["check", "--lang", "da", "--statute", str(FOREST), str(refused)]
    )
    assert result.exit_code == 1
    assert "no-transition hændelse 2 (withdraw den 2015-03-02 af Sorø) afvises: " in result.stdout
    from foreningsregler.i18n import use_language

    with use_language("da"), pytest.raises(fr.BadArgument) as caught:
        fr.bundled("k14")
    assert str(caught.value).startswith("ingen medfølgende vedtægt 'k14': pakken har ")


def test_check_says_each_problem_of_a_file_once(tmp_path: Path) -> None:
    path = write(tmp_path, "format: 1\nfoo: bar\n", "x.yaml")
    findings = json.loads(run("check", "--format", "json", str(path)).stdout)["findings"]
    said = [(f["code"], f["message"], f["line"]) for f in findings]
    assert len(said) == len(set(said))
    assert ("E201", "unknown key 'foo' in the top level", 2) in said


def test_fr_bundled_stays_the_function_after_its_module_is_imported() -> None:
    """``bundled`` is both a module and the function it defines: whatever is
    imported first, ``fr.bundled`` must stay callable."""
    script = (
        "import foreningsregler.bundled, foreningsregler.cli\n"
        "import foreningsregler as fr\n"
        "print(fr.bundled()[0], callable(fr.bundled))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[1] == "True"


def test_sarif_of_a_refused_event_names_its_rule(tmp_path: Path) -> None:
    events = write(tmp_path, REFUSED, "haendelser.yaml")
    result = run("check", "--format", "sarif", "--statute", str(FOREST), str(events))
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    (found,) = log["runs"][0]["results"]
    assert (found["ruleId"], found["level"]) == ("no-transition", "error")
    line, column = pos(REFUSED, "{kind: withdraw")
    region = found["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": line, "startColumn": column}


@pytest.mark.parametrize(
    ("scenario", "says"),
    [
        ("k14.scenario.yaml", "valid (run it with 'simulate')"),
        ("k14.flows.yaml", "with decision flows: valid (run it with 'simulate' or 'flows')"),
    ],
)
def test_check_says_which_command_runs_a_scenario(scenario: str, says: str) -> None:
    result = run("check", str(ROOT / "examples" / scenario))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith(says)
