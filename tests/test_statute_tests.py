"""Statute test files: the runner, `foreningsregler test` and the pytest plugin."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest
from click.testing import CliRunner
from test_authority import STATUTE

from foreningsregler.cli import cli
from foreningsregler.testing.statute_tests import load_suite, run_suite, statute_test_file

PASSING = dedent(
    """\
    format: 1
    states:
      fase-1:
        adopted: [fase-1]
        running: [fase-1]
        # fase-2 is on record (an empty list of participants), not adopted
        participants: {fase-1: [Sorø], fase-2: []}
    checks:
      - name: udvalget for IT må igangsætte anskaffelser for Sorø i fase 1
        body: udvalg-it
        power: anskaf
        phase: fase-1
        municipality: Sorø
        area: it
        state: fase-1
        allowed: true
        chains:
          - - gf holds anskaf [§ 2, stk. 2]
            - gf delegates to udvalg-it [§ 2, stk. 2]
        conditions: [adopted_phases, running_phases, participating_municipalities, own_area]
      - body: udvalg-it
        power: anskaf
        phase: fase-2
        municipality: Sorø
        area: it
        state: fase-1
        allowed: false
        denials: [phase-not-adopted]
      - body: bestyrelse
        power: vedtag-fase
        allowed: false
        denials: [no-chain]
    list_bodies:
      - power: drift
        bodies: [gf, bestyrelse, direktion]
    list_powers:
      - body: udvalg-social
        powers: [anskaf]
    """
)


@pytest.fixture
def statute_dir(tmp_path: Path) -> Path:
    (tmp_path / "test.yaml").write_text(STATUTE, encoding="utf-8")
    (tmp_path / "test.test.yaml").write_text(PASSING, encoding="utf-8")
    return tmp_path


def break_case(statute_dir: Path, old: str, new: str) -> None:
    path = statute_dir / "test.test.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_test_file_sits_beside_the_statute() -> None:
    assert statute_test_file(Path("v/a.yaml")) == Path("v/a.test.yaml")
    assert statute_test_file(Path("v/a.test.yaml")) == Path("v/a.test.yaml")


def test_every_case_passes(statute_dir: Path) -> None:
    suite = load_suite(statute_dir / "test.test.yaml")
    results = run_suite(suite)
    assert [r.case.kind for r in results] == ["checks"] * 3 + ["list_bodies", "list_powers"]
    assert [r.case.line for r in results] == [9, 21, 29, 34, 37]
    assert all(r.passed for r in results), [r.failures for r in results]


def test_an_unlisted_chain_fails_the_case(statute_dir: Path) -> None:
    break_case(statute_dir, "gf holds anskaf [§ 2, stk. 2]", "gf holds anskaf [§ 2, stk. 1]")
    [first, *_] = run_suite(load_suite(statute_dir / "test.test.yaml"))
    delegation = "gf delegates to udvalg-it [§ 2, stk. 2]"
    assert first.failures == (
        f"unexpected chain: gf holds anskaf [§ 2, stk. 2] -> {delegation}",
        f"missing chain: gf holds anskaf [§ 2, stk. 1] -> {delegation}",
    )


def test_a_wrong_verdict_names_the_denial(statute_dir: Path) -> None:
    break_case(statute_dir, "phase: fase-2", "phase: fase-1")
    second = run_suite(load_suite(statute_dir / "test.test.yaml"))[1]
    assert second.failures == ("expected refused, got allowed", "missing denial: phase-not-adopted")


def test_list_cases_report_extra_and_missing(statute_dir: Path) -> None:
    break_case(statute_dir, "bodies: [gf, bestyrelse, direktion]", "bodies: [gf, sekretariat]")
    result = run_suite(load_suite(statute_dir / "test.test.yaml"))[3]
    assert result.failures == (
        "unexpected body: bestyrelse",
        "unexpected body: direktion",
        "missing body: sekretariat",
    )


def test_unknown_names_fail_the_case_not_the_run(statute_dir: Path) -> None:
    break_case(statute_dir, "body: bestyrelse", "body: bestyrelsen")
    result = run_suite(load_suite(statute_dir / "test.test.yaml"))[2]
    assert result.failures == ("unknown body 'bestyrelsen'; did you mean 'bestyrelse'?",)


@pytest.mark.parametrize(
    ("old", "new", "failure"),
    [
        ("area: it", "area: oekonomi", "unknown area 'oekonomi'"),
        (
            "body: udvalg-it\n    power: anskaf\n    phase: fase-1",
            "body: udvalg\n    power: anskaf\n    phase: fase-1",
            "unknown body 'udvalg'; udvalg is defined per area: "
            "name one of udvalg-it, udvalg-social",
        ),
        # fase-2 is on record (its empty list of participants): the nearest match.
        ("phase: fase-2", "phase: fase-3", "unknown phase 'fase-3'; did you mean 'fase-2'?"),
    ],
)
def test_unknown_facts_of_a_check_fail_it_with_the_error(
    statute_dir: Path, old: str, new: str, failure: str
) -> None:
    """A check cannot expect an error: an unknown fact fails the case with its message."""
    break_case(statute_dir, old, new)
    failures = [r.failures for r in run_suite(load_suite(statute_dir / "test.test.yaml"))]
    assert (failure,) in failures


def test_cli_prints_each_case_and_the_closing_line(statute_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["test", str(statute_dir / "test.yaml")])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "5 passed, 0 failed"
    assert "  PASS line 9: udvalget for IT må igangsætte anskaffelser for Sorø i fase 1" in (
        result.output
    )


def test_cli_exits_1_on_a_failed_case(statute_dir: Path) -> None:
    break_case(statute_dir, "allowed: true", "allowed: false\n    denials: [no-chain]")
    result = CliRunner().invoke(cli, ["test", str(statute_dir)])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "4 passed, 1 failed"
    assert "  FAIL line 9:" in result.output


def test_cli_exits_2_on_a_malformed_test_file(statute_dir: Path) -> None:
    break_case(statute_dir, "list_powers:", "list_powerz:")
    result = CliRunner().invoke(cli, ["test", str(statute_dir / "test.test.yaml")])
    assert result.exit_code == 2
    assert f"{statute_dir / 'test.test.yaml'}:36:1: E201 unknown key 'list_powerz'" in (
        result.stderr
    )
    assert result.stdout.splitlines()[-1] == "0 passed, 0 failed"


def test_pytest_plugin_collects_one_item_per_case(
    statute_dir: Path, pytester: pytest.Pytester
) -> None:
    for name in ("test.yaml", "test.test.yaml"):
        (pytester.path / name).write_text((statute_dir / name).read_text("utf-8"), "utf-8")
    break_case(pytester.path, "powers: [anskaf]", "powers: [anskaf, drift]")
    result = pytester.runpytest("-q")  # the plugin comes in by its pytest11 entry point
    result.assert_outcomes(passed=4, failed=1)
    result.stdout.fnmatch_lines(
        ["*test.test.yaml:37: powers of udvalg-social", "missing power: drift"]
    )


FORENING = Path(__file__).parent / "fixtures" / "forening.yaml"


def scenario_results(tmp_path: Path, old: str, new: str) -> tuple[str, ...]:
    """The failures of the fixture's scenario after one change to its expectations."""
    (tmp_path / "forening.yaml").write_text(FORENING.read_text("utf-8"), "utf-8")
    tests = FORENING.with_name("forening.test.yaml").read_text("utf-8")
    assert old in tests
    (tmp_path / "forening.test.yaml").write_text(tests.replace(old, new, 1), "utf-8")
    [scenario] = [
        r
        for r in run_suite(load_suite(tmp_path / "forening.test.yaml"))
        if r.case.kind == "scenarios"
    ]
    return scenario.failures


def test_a_scenario_stops_at_a_wrong_refusal(tmp_path: Path) -> None:
    failures = scenario_results(
        tmp_path, '\n          provision: "§ 3, stk. 2"', '\n          provision: "§ 3, stk. 3"'
    )
    assert failures == (
        "step 40 (udtræden midt i fasen afvises): refusal cites § 3, stk. 2, expected § 3, stk. 3",
    )


def test_a_scenario_reports_a_wrong_state(tmp_path: Path) -> None:
    failures = scenario_results(tmp_path, "members: [Sorø]\n", "members: [Sorø, Køge]\n")
    assert failures == ("step 42: on 2018-01-01: missing member: Køge",)


def test_a_scenario_reports_an_unexpected_refusal(tmp_path: Path) -> None:
    failures = scenario_results(
        tmp_path, 'date: "2016-09-03", actor: Køge', 'date: "2016-09-03", actor: Roskilde'
    )
    assert len(failures) == 1
    assert failures[0].startswith("step 39: give-notice by Roskilde was refused: ")
    assert failures[0].endswith("(rule no-transition)")
