"""The edges: empty directories, the sweep's limits, the calendar's ends, and
output JSON cannot carry. Each ends in a clear refusal, never a crash (issue 12).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml
from click.testing import CliRunner, Result
from conftest import FIXTURES, minimal_text, write

import foreningsregler as fr
from foreningsregler.cli import cli
from foreningsregler.cli.common import to_json
from foreningsregler.economy import EconomyError, load_scenario, simulate, sweep
from foreningsregler.economy.simulation import JOB_RUNS, MAX_RUNS, MAX_WORKERS, Municipality
from foreningsregler.statute.calendar import (
    CALENDAR_YEAR,
    Duration,
    FinancialYear,
    PeriodEnd,
    add_months,
    notice_takes_effect,
    period_last_day,
)
from foreningsregler.testing import statute_tests

ROOT = Path(__file__).resolve().parent.parent
K14 = ROOT / "examples" / "k14.scenario.yaml"
SCENARIO = load_scenario(K14)
STATUTE = fr.load(SCENARIO.statute)
D = dt.date


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


# --- Empty directories ------------------------------------------------------------------------


def test_check_on_an_empty_directory_is_a_usage_error(tmp_path: Path) -> None:
    result = run("check", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.endswith(f"Error: {tmp_path}: no *.yaml file in this directory\n")


def test_check_validates_a_directory_of_statute_tests_only(tmp_path: Path) -> None:
    """Issue 14: check reads statute tests as statute tests (it left them out before);
    one whose statute is missing cannot be read (exit 2)."""
    write(tmp_path, "format: 1\n", "forening.test.yaml")
    (tmp_path / "notes.txt").write_text("no statute", "utf-8")
    result = run("check", str(tmp_path), str(FIXTURES / "minimal.yaml"))
    assert result.exit_code == 2
    assert f"{tmp_path}/forening.yaml: E100 " in result.stderr
    assert f"{tmp_path}/forening.test.yaml: 1 problem(s): the file cannot be read" in result.stderr


def test_test_on_an_empty_directory_is_a_usage_error(tmp_path: Path) -> None:
    result = run("test", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.endswith(
        f"Error: {tmp_path}: no statute test (*.test.yaml) in this directory\n"
    )
    assert "passed" not in result.output


def test_test_on_a_directory_without_test_files_is_a_usage_error(tmp_path: Path) -> None:
    write(tmp_path, minimal_text())
    result = run("test", str(tmp_path))
    assert result.exit_code == 2
    assert f"Error: {tmp_path}: no statute test (*.test.yaml) in this directory" in result.stderr


def test_a_directory_with_statutes_and_tests_still_runs() -> None:
    assert run("check", str(ROOT / "vedtaegter")).exit_code == 0


# --- The sweep's limits -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--runs", "100000000", "'--runs': 100000000 is not in the range 1<=x<=100000."),
        ("--runs", "0", "'--runs': 0 is not in the range 1<=x<=100000."),
        ("--workers", "150", "'--workers': 150 is not in the range 1<=x<=64."),
        ("--workers", "0", "'--workers': 0 is not in the range 1<=x<=64."),
    ],
)
def test_simulate_refuses_runs_and_workers_beyond_the_limits(
    option: str, value: str, message: str
) -> None:
    result = run("simulate", str(K14), option, value)
    assert result.exit_code == 2
    assert f"Error: Invalid value for {message}" in result.stderr
    assert result.stdout == ""


def test_the_limits_are_in_the_help() -> None:
    assert (MAX_RUNS, MAX_WORKERS) == (100_000, 64)
    text = " ".join(run("simulate", "--help").output.split())
    assert "more than one is a sweep (at most 100,000)" in text
    assert "default: one per core; at most 64" in text


class Recording(Executor):
    """An executor that keeps the jobs it is given and runs none of them."""

    def __init__(self) -> None:
        self.jobs: list[Any] = []

    def map(  # type: ignore[override]
        self, fn: Callable[..., Any], *iterables: Iterable[Any], **_: Any
    ) -> Iterator[Any]:
        self.jobs = list(iterables[0])
        return iter([] for _ in self.jobs)


def test_a_large_sweep_builds_one_small_job_per_chunk_not_per_run() -> None:
    recording = Recording()
    sweep(STATUTE, SCENARIO, MAX_RUNS, 7, recording, chunks=16)
    assert len(recording.jobs) == 16
    spans = [(start, stop) for *_, start, stop in recording.jobs]
    assert spans[0] == (0, 6250) and spans[-1] == (93750, MAX_RUNS)
    # The statute and scenario pickled once for all jobs, the seed, start and stop.
    assert all(len(job) == 4 for job in recording.jobs)
    assert len({id(job[0]) for job in recording.jobs}) == 1
    sweep(STATUTE, SCENARIO, MAX_RUNS, 7, recording)  # by default, jobs of JOB_RUNS runs
    assert len(recording.jobs) == MAX_RUNS // JOB_RUNS
    sweep(STATUTE, SCENARIO, 20, 7, recording)  # a small sweep: 16 jobs still
    assert [stop - start for *_, start, stop in recording.jobs] == [2] * 10


# --- Scenarios the simulation cannot run ------------------------------------------------------


@pytest.mark.parametrize(
    ("founding", "years", "last"),
    [(D(9990, 10, 1), 20, 10010), (D(1, 10, 1), 3, 4), (D(2190, 10, 1), 10, 2200)],
)
def test_a_scenario_beyond_the_calendar_is_refused(
    founding: dt.date, years: int, last: int
) -> None:
    scenario = attrs.evolve(SCENARIO, founding=founding, years=years, phases=())
    with pytest.raises(EconomyError) as caught:
        simulate(STATUTE, scenario, 1)
    assert str(caught.value) == (
        f"the scenario runs from {founding} to the end of {last}; "
        "a simulation stays within the years 1901 to 2199 of the calendar"
    )


def test_a_scenario_at_the_protocol_s_last_years_runs() -> None:
    # The last years an event may carry (1900-2199, ledger.LATEST), not the calendar's.
    scenario = attrs.evolve(SCENARIO, founding=D(2195, 10, 1), years=3, phases=())
    result = simulate(STATUTE, scenario, 1)
    assert [y.year for y in result.years] == [2196, 2197, 2198]


def without_inhabitants() -> tuple[Municipality, ...]:
    return tuple(attrs.evolve(m, population=0) for m in SCENARIO.municipalities)


def test_members_without_inhabitants_pay_no_fee() -> None:
    scenario = attrs.evolve(SCENARIO, municipalities=without_inhabitants(), phases=())
    result = simulate(STATUTE, scenario, 1)
    assert all(amount == 0 for y in result.years for amount in y.payments.values())


def test_a_phase_budget_among_no_inhabitants_is_refused() -> None:
    scenario = attrs.evolve(SCENARIO, municipalities=without_inhabitants())
    with pytest.raises(EconomyError, match="the budget of fase-1 is split by population, and"):
        simulate(STATUTE, scenario, 1)


def huge_budget(tmp_path: Path) -> Path:
    text = K14.read_text("utf-8").replace("../vedtaegter", str(ROOT / "vedtaegter"))
    text = text.replace("budget: {tkr: 15502}", "budget: {tkr: " + "9" * 4299 + "}")
    return write(tmp_path, text, "scenarie.yaml")


def test_an_amount_too_long_to_write_exits_2_with_a_message(tmp_path: Path) -> None:
    path = huge_budget(tmp_path)
    result = run("simulate", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"foreningsregler: {path}: an amount of more than 4300 digits cannot be written\n"
    )


def test_json_output_of_a_number_too_long_exits_2_with_a_message(tmp_path: Path) -> None:
    result = run("simulate", str(huge_budget(tmp_path)), "--format", "json")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "foreningsregler: the output holds a value JSON cannot carry (NaN or infinity, "
        "a number too long to write, or nesting too deep): Exceeds the limit (4300 digits)"
    )
    assert result.stdout == ""


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_json_output_never_holds_nan_or_infinity(
    value: float, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        to_json({"covered": value})
    assert caught.value.code == 2
    err = capsys.readouterr().err
    # Python words its own reason (3.11: "... not JSON compliant: nan").
    assert err.startswith(
        "foreningsregler: the output holds a value JSON cannot carry (NaN or infinity, "
        "a number too long to write, or nesting too deep): Out of range float values"
    )


# --- The calendar's ends ----------------------------------------------------------------------

JULY = FinancialYear(start_month=7)


@pytest.mark.parametrize(
    ("compute", "expected"),
    [
        (lambda: add_months(D(1, 1, 15), -1), dt.date.min),
        (lambda: add_months(D(9999, 12, 15), 1), dt.date.max),
        (lambda: JULY.start_on_or_before(D(1, 3, 1)), dt.date.min),
        (lambda: JULY.last_day(D(1, 3, 1)), D(1, 6, 30)),
        (lambda: JULY.last_day(D(9999, 8, 1)), dt.date.max),
        (lambda: period_last_day(dt.date.max, PeriodEnd.QUARTER, CALENDAR_YEAR), dt.date.max),
        (lambda: period_last_day(D(9999, 12, 5), PeriodEnd.MONTH, CALENDAR_YEAR), dt.date.max),
        (lambda: period_last_day(D(9999, 11, 5), PeriodEnd.QUARTER, CALENDAR_YEAR), dt.date.max),
        (lambda: period_last_day(D(1, 2, 5), PeriodEnd.QUARTER, JULY), D(1, 3, 31)),
        (
            lambda: notice_takes_effect(D(9999, 12, 20), 6, PeriodEnd.QUARTER, CALENDAR_YEAR),
            dt.date.max,
        ),
        (
            lambda: notice_takes_effect(dt.date.min, 0, PeriodEnd.FINANCIAL_YEAR, CALENDAR_YEAR),
            D(2, 1, 1),
        ),
        (lambda: Duration(days=30).after(D(9999, 12, 20)), dt.date.max),
        (lambda: Duration(months=1, days=2).after(D(9999, 12, 20)), dt.date.max),
        (lambda: Duration(days=30).before(D(1, 1, 15)), dt.date.min),
        (lambda: Duration(months=1).before(D(1, 1, 15)), dt.date.min),
        (lambda: Duration(months=6).before(dt.date.max), D(9999, 6, 30)),
    ],
    ids=lambda v: "" if callable(v) else str(v),
)
def test_date_arithmetic_at_the_calendar_s_ends_neither_raises_nor_hangs(
    compute: Callable[[], dt.date], expected: dt.date
) -> None:
    assert compute() == expected


def test_a_fee_for_a_year_beyond_the_calendar_is_refused() -> None:
    """set-fee's year 99999 raised ValueError out of record and test."""
    bundled = ROOT / "vedtaegter" / "open-data-dk"
    statute = fr.load(bundled.with_suffix(".yaml"))
    suite = yaml.safe_load(bundled.with_suffix(".test.yaml").read_text("utf-8"))
    steps = next(
        [s["record"] for s in sc["steps"] if "record" in s]
        for sc in suite["scenarios"]
        if any(s.get("record", {}).get("kind") == "set-fee" for s in sc["steps"])
    )
    association = fr.Association(statute)
    for step in steps:
        event = fr.Event(
            step["kind"], D.fromisoformat(step["date"]), step["actor"], step.get("data") or {}
        )
        if step["kind"] == "set-fee":
            with pytest.raises(fr.RuleViolation) as caught:
                association.check(attrs.evolve(event, data={**event.data, "year": 99999}))
            assert caught.value.rule == "bad-data"
            assert caught.value.message == (
                "'year' is a year of the calendar, at most 9999, not 99999"
            )
            return
        with contextlib.suppress(fr.RuleViolation):  # the story goes on
            association.record(event)
    raise AssertionError("no set-fee in the scenario")


FOUNDING = """\
events:
  - {kind: sign-declaration, date: "2015-03-01", actor: Sorø}
  - {kind: approve-in-principle, date: "2015-06-01", actor: Sorø}
  - {kind: hold-meeting, date: "2015-10-01", actor: generalforsamling}
  - {kind: hold-founding-assembly, date: "2015-10-01", actor: generalforsamling,
     data: {vote: {present: 1, yes: 1, no: 0}}}
  - {kind: admit, date: "2015-10-01", actor: generalforsamling,
     data: {municipality: Sorø, vote: {present: 1, yes: 1, no: 0}}}
  - {kind: give-notice, date: "2016-01-10", actor: Sorø}
"""


@pytest.mark.parametrize("on", ["9999-12-31", "0001-01-01"])
def test_questions_on_the_calendar_s_first_and_last_days_are_answered(
    tmp_path: Path, on: str
) -> None:
    statute = str(FIXTURES / "forening.yaml")
    events = write(tmp_path, FOUNDING, "stiftelse.yaml")
    ledger = str(tmp_path / "protokol.db")
    assert run("record", "--statute", statute, "--ledger", ledger, str(events)).exit_code == 0
    asked = ("--ledger", ledger, "--on", on)
    who = run("who", statute, "optag-medlem", *asked)
    assert who.exit_code == 0, who.output + who.stderr
    explain = run("explain", statute, "generalforsamling", "optag-medlem", *asked)
    assert explain.exit_code in (0, 1), explain.output + explain.stderr
    assert "may exercise optag-medlem" in explain.output


# --- A statute test the library refuses -------------------------------------------------------


def test_a_step_the_protocol_cannot_hold_fails_its_case(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An event the protocol refuses to hold (BadEvent, e.g. a date out of its
    range) fails the case at its step; it does not end the run with exit 3."""

    def refused(*args: Any, **kwargs: Any) -> fr.Event:
        raise fr.BadEvent("an event's date is within 1900 to 2199, not 2250-01-01")

    monkeypatch.setattr(statute_tests, "Event", refused)
    write(tmp_path, (FIXTURES / "forening.yaml").read_text("utf-8"), "forening.yaml")
    tests = (FIXTURES / "forening.test.yaml").read_text("utf-8").split("scenarios:")[0]
    tests += "scenarios:\n  - name: langt ude\n    steps:\n"
    tests += '      - record: {kind: sign-declaration, date: "2250-01-01", actor: Sorø}\n'
    result = run("test", str(write(tmp_path, tests, "forening.test.yaml")))
    assert result.exit_code == 1, result.output
    assert (
        "      step 1: an event's date is within 1900 to 2199, not 2250-01-01"
        in result.output.splitlines()
    )
    assert result.output.endswith("1 passed, 1 failed\n")
