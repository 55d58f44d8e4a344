"""Calendar rules: the financial year, notice to the end of a period, notice
of meetings in weeks, and the deadline for proposals before a meeting."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import minimal_text, one_problem, pos, replace, write

import foreningsregler as fr
from foreningsregler.economy.events import Clerk
from foreningsregler.economy.stories import found
from foreningsregler.statute.calendar import (
    CALENDAR_YEAR,
    FinancialYear,
    PeriodEnd,
    add_months,
    notice_takes_effect,
    period_last_day,
)
from foreningsregler.statute.model import ProvisionRef

D = dt.date
ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml"
APRIL = FinancialYear(start_month=4)


# --- The arithmetic -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "months", "to", "year", "effect"),
    [
        (D(2016, 6, 30), 6, None, CALENDAR_YEAR, D(2016, 12, 30)),
        (D(2016, 8, 31), 6, None, CALENDAR_YEAR, D(2017, 2, 28)),  # a shorter month
        (D(2016, 6, 30), 6, PeriodEnd.FINANCIAL_YEAR, CALENDAR_YEAR, D(2017, 1, 1)),
        (D(2016, 7, 1), 6, PeriodEnd.FINANCIAL_YEAR, CALENDAR_YEAR, D(2017, 1, 1)),
        (D(2016, 7, 2), 6, PeriodEnd.FINANCIAL_YEAR, CALENDAR_YEAR, D(2018, 1, 1)),
        (D(2016, 9, 30), 6, PeriodEnd.FINANCIAL_YEAR, APRIL, D(2017, 4, 1)),
        (D(2016, 10, 2), 6, PeriodEnd.FINANCIAL_YEAR, APRIL, D(2018, 4, 1)),
        (D(2016, 2, 10), 3, PeriodEnd.QUARTER, CALENDAR_YEAR, D(2016, 7, 1)),
        (D(2016, 2, 10), 3, PeriodEnd.QUARTER, APRIL, D(2016, 7, 1)),
        (D(2016, 2, 10), 1, PeriodEnd.MONTH, CALENDAR_YEAR, D(2016, 4, 1)),
        (D(2016, 2, 1), 1, PeriodEnd.MONTH, CALENDAR_YEAR, D(2016, 3, 1)),
        (D(2016, 5, 5), 0, PeriodEnd.FINANCIAL_YEAR, CALENDAR_YEAR, D(2017, 1, 1)),
    ],
)
def test_notice_takes_effect_after_the_period_it_runs_to(
    given: dt.date, months: int, to: PeriodEnd | None, year: FinancialYear, effect: dt.date
) -> None:
    assert notice_takes_effect(given, months, to, year) == effect


def test_a_financial_year_from_april_and_its_quarters() -> None:
    assert APRIL.last_day(D(2017, 3, 31)) == D(2017, 3, 31)
    assert APRIL.last_day(D(2017, 4, 1)) == D(2018, 3, 31)
    assert period_last_day(D(2017, 5, 15), PeriodEnd.QUARTER, APRIL) == D(2017, 6, 30)
    assert period_last_day(D(2017, 2, 15), PeriodEnd.QUARTER, APRIL) == D(2017, 3, 31)
    assert add_months(D(2016, 1, 31), 1) == D(2016, 2, 29)


# --- Loading --------------------------------------------------------------------------

WITHDRAWAL = "  admission:\n    by: generalforsamling\n"
YEAR = 'financial_year: {start_month: 4, provision: "§ 5"}\n'


def with_withdrawal(extra: str) -> str:
    text = replace(
        minimal_text(),
        WITHDRAWAL,
        "  withdrawal: {earliest: phase_end, notice_months: 6, "
        + extra
        + 'provision: "§ 2"}\n'
        + WITHDRAWAL,
    )
    return text


def test_the_financial_year_and_notice_to_its_end_load(tmp_path: Path) -> None:
    text = YEAR + with_withdrawal("notice_to: financial_year, ")
    statute = fr.load(write(tmp_path, text))
    assert statute.financial_year == FinancialYear(start_month=4, provision=ProvisionRef(5))
    assert statute.year.start_month == 4
    assert statute.membership is not None and statute.membership.withdrawal is not None
    assert statute.membership.withdrawal.notice_to is PeriodEnd.FINANCIAL_YEAR


def test_without_a_financial_year_the_calendar_year_is_an_assumption(tmp_path: Path) -> None:
    statute = fr.load(write(tmp_path, with_withdrawal("notice_to: financial_year, ")))
    assert statute.year is CALENDAR_YEAR
    [finding] = [f for f in fr.check(statute) if "calendar year is used" in f.message]
    assert (finding.code, finding.provision) == ("I501", "§ 2")


def test_notice_to_an_unknown_period_is_e204(tmp_path: Path) -> None:
    text = with_withdrawal("notice_to: week, ")
    problem = one_problem(write(tmp_path, text), "E204")
    assert (problem.line, problem.column) == pos(text, "notice_to: week", "week")
    assert problem.provision == "§ 2"
    assert "financial_year" in problem.message


@pytest.mark.parametrize(
    ("year", "target"),
    [
        ('financial_year: {start_month: 13, provision: "§ 5"}\n', "13"),
        ('financial_year: {start_month: 4, start_day: 31, provision: "§ 5"}\n', "31"),
    ],
)
def test_a_financial_year_outside_the_calendar_is_e204(
    tmp_path: Path, year: str, target: str
) -> None:
    text = year + minimal_text()
    problem = one_problem(write(tmp_path, text), "E204")
    assert (problem.line, problem.column) == pos(text, year.strip(), target)
    assert problem.provision == "§ 5"


MEETINGS = '    meetings: {ordinary_per_year: 1, provision: "§ 3, stk. 1"}\n'


def test_meeting_notice_in_weeks_is_days(tmp_path: Path) -> None:
    text = replace(
        minimal_text(),
        MEETINGS,
        "    meetings: {ordinary_per_year: 1, ordinary_by_month: 5, proposals_before_days: 14,"
        ' notice: {weeks: 4, provision: "§ 3, stk. 1"}, provision: "§ 3, stk. 1"}\n',
    )
    body = fr.load(write(tmp_path, text)).body("generalforsamling")
    assert body.meetings is not None and body.meetings.notice is not None
    assert body.meetings.notice.days == 28
    assert (body.meetings.ordinary_by_month, body.meetings.proposals_before_days) == (5, 14)


def test_meeting_notice_in_both_days_and_weeks_is_refused(tmp_path: Path) -> None:
    text = replace(
        minimal_text(),
        MEETINGS,
        '    meetings: {ordinary_per_year: 1, notice: {days: 28, weeks: 4, provision: "§ 3"},'
        ' provision: "§ 3, stk. 1"}\n',
    )
    problem = one_problem(write(tmp_path, text), "E204")
    assert problem.provision == "§ 3"
    assert problem.line == pos(text, "notice: {days: 28")[0]


@pytest.mark.parametrize("bad", ["ordinary_by_month: 0", "proposals_before_days: 0"])
def test_meeting_calendar_values_out_of_range_are_e204(tmp_path: Path, bad: str) -> None:
    meetings = "    meetings: {ordinary_per_year: 1, " + bad + ', provision: "§ 3, stk. 1"}\n'
    text = replace(minimal_text(), MEETINGS, meetings)
    problem = one_problem(write(tmp_path, text), "E204")
    assert (problem.line, problem.column) == pos(text, bad, bad.split(": ")[1])
    assert problem.provision == "§ 3, stk. 1"


# --- In the protocol ------------------------------------------------------------------


def _bundled(replacements: list[tuple[str, str]]) -> fr.Statute:
    text = BUNDLED.read_text("utf-8")
    for old, new in replacements:
        text = replace(text, old, new)
    return fr.loads(text, name="digitaliseringsforeningen.yaml")


def _founded(statute: fr.Statute) -> fr.Association:
    association = fr.Association(statute)
    assert statute.membership is not None
    found(Clerk(association), statute.membership.municipalities, D(2015, 10, 1))
    return association


def test_notice_to_the_end_of_a_financial_year_is_counted_so() -> None:
    year = 'financial_year: {start_month: 4, provision: "§ 17, stk. 1"}\n'
    statute = _bundled(
        [
            ("    notice_months: 6\n", "    notice_months: 6\n    notice_to: financial_year\n"),
            ("membership:\n", year + "membership:\n"),
        ]
    )
    association = _founded(statute)
    association.record(fr.Event("give-notice", D(2016, 10, 2), "Sorø"))
    with pytest.raises(fr.RuleViolation) as caught:
        association.record(fr.Event("withdraw", D(2017, 4, 3), "Sorø"))
    assert caught.value.rule == "notice"
    assert caught.value.provision == ProvisionRef(14, 2)
    assert "it runs until 2018-04-01" in caught.value.message
    assert association.at(D(2018, 3, 31)).membership["Sorø"] == "notice-given"
    assert association.at(D(2018, 4, 1)).membership["Sorø"] == "withdrawn"


def test_a_meeting_called_in_weeks_needs_that_many_days() -> None:
    statute = _bundled([("        days: 28\n", "        weeks: 3\n")])
    association = _founded(statute)
    data = {"called_on": "2016-01-12", "called_by": "bestyrelse"}
    with pytest.raises(fr.RuleViolation) as caught:
        association.record(fr.Event("hold-meeting", D(2016, 2, 1), "generalforsamling", data))
    assert (caught.value.rule, caught.value.provision) == ("meeting-notice", ProvisionRef(5, 1))
    assert "21 days' notice is required" in caught.value.message
    data = {"called_on": "2016-01-11", "called_by": "bestyrelse"}
    association.record(fr.Event("hold-meeting", D(2016, 2, 1), "generalforsamling", data))


def test_a_proposal_must_reach_the_body_before_its_deadline() -> None:
    deadline = "      ordinary_per_year: 1\n      proposals_before_days: 14\n"
    statute = _bundled([("      ordinary_per_year: 1\n", deadline)])
    association = _founded(statute)
    record = association.record
    proposal = {"proposal": "p", "body": "generalforsamling", "power": "fastlaeg-aarsaktiviteter"}
    record(fr.Event("draft-proposal", D(2016, 1, 20), "generalforsamling", proposal))
    record(fr.Event("put-to-vote", D(2016, 1, 21), "generalforsamling", {"proposal": "p"}))
    called = {"called_on": "2016-01-04", "called_by": "bestyrelse"}
    record(fr.Event("hold-meeting", D(2016, 2, 1), "generalforsamling", called))
    vote = {"proposal": "p", "vote": {"present": 14, "yes": 14, "no": 0}}
    with pytest.raises(fr.RuleViolation) as caught:
        record(fr.Event("vote", D(2016, 2, 1), "generalforsamling", vote))
    assert (caught.value.rule, caught.value.provision) == ("proposal-deadline", ProvisionRef(4, 2))
    assert "due by 2016-01-18 (14 days before)" in caught.value.message
    record(fr.Event("hold-meeting", D(2016, 2, 3), "generalforsamling", {**called}))
    record(fr.Event("vote", D(2016, 2, 3), "generalforsamling", vote))
    assert association.at(D(2016, 2, 3)).decisions["p"].state == "adopted"
