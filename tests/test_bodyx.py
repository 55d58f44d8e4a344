"""Bodies, officers and meetings (issue 10, round 2, bodyx): seats with a
minimum only, the meeting window and notices in months, extraordinary
meetings, proposals sent out before a meeting -- each lawful act beside its
refusal (rule and provision), and each malformed key with its code and line.

Variants of ``fixtures/sammensat.yaml`` are made by replacing one line.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from test_sammensat_support import FIXTURE, MEMBERS, D, P, act, person, refused, vote

import foreningsregler as fr
from foreningsregler.protocol.association import Association, RuleViolation
from foreningsregler.statute.model import Duration, ElectionYears, Statute
from foreningsregler.statute.problems import StatuteError

TEXT = FIXTURE.read_text(encoding="utf-8")
BOARD_LINE = "    seats: {min: 3, max: 5}\n    one_seat_per_member: true\n"
FOUNDING = D(2016, 3, 1)


def variant(old: str, new: str) -> Statute:
    assert TEXT.count(old) == 1, old
    return fr.loads(TEXT.replace(old, new), name="variant.yaml")


def bad(old: str, new: str) -> StatuteError:
    with pytest.raises(StatuteError) as caught:
        variant(old, new)
    return caught.value


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def founded(statute: Statute, day: dt.date = FOUNDING) -> Association:
    association = Association(statute)
    for m in MEMBERS:
        act(association, "apply", day - dt.timedelta(days=30), m)
    everyone = vote(len(MEMBERS))
    act(association, "hold-meeting", day, "generalforsamling")
    act(association, "hold-founding-assembly", day, "generalforsamling", vote=everyone)
    for m in MEMBERS:
        act(association, "admit", day, "generalforsamling", municipality=m, vote=everyone)
    return association


def elect(association: Association, day: dt.date, name: str, member: str, **more: Any) -> None:
    present = len(association.at(day).members)
    act(
        association,
        "elect",
        day,
        "generalforsamling",
        body="bestyrelse",
        person=name,
        municipality=member,
        vote=vote(present),
        **more,
    )


# --- Seats with a minimum only ------------------------------------------------------------------

OPEN = variant(BOARD_LINE, "    seats: {min: 3}\n")
BOARD_FILL = P(1, 2)


def test_a_minimum_only_loads_with_no_most() -> None:
    board = OPEN.body("bestyrelse")
    assert (board.seats, board.seats_min, board.seats_open) == (3, 3, True)
    closed = fr.load(FIXTURE).body("bestyrelse")
    assert (closed.seats, closed.seats_min, closed.seats_open) == (5, 3, False)


def test_a_board_with_no_most_takes_every_seat_it_is_elected_to() -> None:
    association = founded(OPEN)
    for n, member in enumerate(MEMBERS * 2):
        # Two from each member: seven and more seats are never refused as full.
        elect(association, FOUNDING, f"{person(member)} {n}", member, term_years=1 + n % 2)
    assert len(association.at(FOUNDING).seats["bestyrelse"]) == 10


def test_a_board_below_its_minimum_is_not_in_office_and_a_range_still_has_a_most() -> None:
    association = founded(OPEN)
    elect(association, FOUNDING, person("Køge"), "Køge")
    elect(association, FOUNDING, person("Sorø"), "Sorø")
    day = D(2016, 4, 1)
    error = refused(association, "hold-meeting", day, "bestyrelse")
    assert (error.rule, error.provision) == ("not-in-office", BOARD_FILL)
    assert (
        error.message == "bestyrelse has 2 of at least 3 seats filled on 2016-04-01; it cannot act"
    )
    elect(association, FOUNDING, person("Næstved"), "Næstved", term_years=1)
    act(association, "hold-meeting", day, "bestyrelse")
    # The fixture's closed range {min: 3, max: 5} refuses a sixth seat beside it.
    closed = founded(variant(BOARD_LINE, "    seats: {min: 3, max: 5}\n"))
    for n, member in enumerate(MEMBERS):
        elect(closed, FOUNDING, f"{person(member)} {n}", member, term_years=1 + n % 2)
    error = refused(
        closed,
        "elect",
        FOUNDING,
        "generalforsamling",
        body="bestyrelse",
        person="X",
        municipality="Køge",
        term_years=2,
        vote=vote(5),
    )
    assert (error.rule, error.provision) == ("body-full", BOARD_FILL)


def test_staggered_terms_with_no_most_count_the_seats_there_will_be() -> None:
    association = founded(OPEN)
    elect(association, FOUNDING, person("Køge"), "Køge")
    elect(association, FOUNDING, person("Sorø"), "Sorø")
    # A third two-year seat: three of three would end in 2018, half (rounded up) is two.
    error = refused(
        association,
        "elect",
        FOUNDING,
        "generalforsamling",
        body="bestyrelse",
        person=person("Næstved"),
        municipality="Næstved",
        vote=vote(5),
    )
    assert (error.rule, error.provision) == ("staggered", BOARD_FILL)
    assert "staggered terms elect at most 2 of 3 a year" in error.message
    elect(association, FOUNDING, person("Næstved"), "Næstved", term_years=1)
    elect(association, FOUNDING, person("Ringsted"), "Ringsted", term_years=1)
    # The fifth seat makes the share three of five: a third seat may end in 2018.
    elect(association, FOUNDING, person("Roskilde"), "Roskilde")
    assert len(association.at(FOUNDING).seats["bestyrelse"]) == 5


def test_a_maximum_without_a_minimum_is_e203_at_the_seats() -> None:
    error = bad(BOARD_LINE, "    seats: {max: 5}\n")
    [found] = [p for p in error.problems if p.code == "E203"]
    assert found.line == line_of(TEXT, "seats: {min: 3, max: 5}")
    assert "missing key 'min'" in found.message


# --- Meetings: window, notice in months, proposals sent out, minutes, extraordinary -----------

GF_MEETINGS = """    meetings:
      ordinary_per_year: 1
      provision: "§ 2, stk. 1"
      extraordinary: {called_by: [bestyrelse], members_fraction: "1/3", provision: "§ 2, stk. 1"}
"""
NEW_MEETINGS = """    meetings:
      ordinary_per_year: 1
      ordinary_from_month: 4
      ordinary_by_month: 5
      proposals_sent_days: 8
      minutes_within_days: 14
      notice: {months: 1, called_by: bestyrelse, provision: "§ 1, stk. 1"}
      provision: "§ 2, stk. 1"
      extraordinary:
        called_by: [bestyrelse]
        members_fraction: "1/3"
        notice: {days: 14}
        held_within: {weeks: 4}
        members_may_demand: [bestyrelse]
        provision: "§ 3, stk. 3"
"""
MEETINGS = P(2, 1)
NOTICE = P(1, 1)
EXTRA = P(3, 3)
MEETINGX_TEXT = TEXT.replace(GF_MEETINGS, NEW_MEETINGS)
MEETINGX = variant(GF_MEETINGS, NEW_MEETINGS)
AGM = D(2017, 4, 20)
LAWFUL_CALL = {
    "called_on": "2017-03-20",
    "called_by": "bestyrelse",
    "proposals_sent_on": "2017-04-12",
}


@pytest.fixture
def with_board() -> Association:
    """Founded on 1 March 2016 with a board of three in office."""
    association = founded(MEETINGX)
    for member in ("Køge", "Sorø", "Næstved"):
        elect(association, FOUNDING, person(member), member)
    return association


def gf_meeting(association: Association, day: dt.date, **data: Any) -> RuleViolation:
    return refused(association, "hold-meeting", day, "generalforsamling", **data)


def test_the_meeting_keys_load_as_stated() -> None:
    meetings = MEETINGX.body("generalforsamling").meetings
    assert meetings is not None and meetings.notice is not None
    assert (meetings.ordinary_from_month, meetings.ordinary_by_month) == (4, 5)
    assert (meetings.proposals_sent_days, meetings.minutes_within_days) == (8, 14)
    assert (meetings.notice.days, meetings.notice.months) == (0, 1)
    extra = meetings.extraordinary
    assert extra is not None
    assert (extra.notice, extra.held_within) == (Duration(days=14), Duration(days=28))
    assert extra.members_may_demand == ("bestyrelse",)


@pytest.mark.parametrize(
    ("meeting", "latest"),
    [
        (D(2017, 4, 20), D(2017, 3, 20)),
        (D(2017, 4, 30), D(2017, 3, 31)),  # the month's last day: a call on 31 March
        (D(2017, 2, 28), D(2017, 1, 31)),
        (D(2017, 3, 1), D(2017, 2, 1)),
    ],
)
def test_a_month_of_notice_counts_calendar_months(meeting: dt.date, latest: dt.date) -> None:
    assert Duration(months=1).before(meeting) == latest
    assert Duration(months=1).after(latest) <= meeting
    assert Duration(months=1).after(latest + dt.timedelta(days=1)) > meeting


def test_the_ordinary_meeting_is_held_in_its_window(with_board: Association) -> None:
    june = D(2017, 6, 1)
    error = gf_meeting(
        with_board,
        june,
        called_on="2017-05-01",
        called_by="bestyrelse",
        proposals_sent_on="2017-05-20",
    )
    assert (error.rule, error.provision) == ("meeting-window", MEETINGS)
    assert error.message == (
        "the ordinary meeting of generalforsamling is held from April to the end of May; "
        "2017-06-01 is outside (an extraordinary meeting: extraordinary: true)"
    )
    act(with_board, "hold-meeting", AGM, "generalforsamling", **LAWFUL_CALL)
    # In June only an extraordinary meeting, with its own 14 days' notice.
    act(
        with_board,
        "hold-meeting",
        june,
        "generalforsamling",
        extraordinary=True,
        called_by="bestyrelse",
        called_on="2017-05-18",
        proposals_sent_on="2017-05-20",
    )


def test_a_month_of_notice_is_refused_a_day_short(with_board: Association) -> None:
    error = gf_meeting(with_board, AGM, **{**LAWFUL_CALL, "called_on": "2017-03-21"})
    assert (error.rule, error.provision) == ("meeting-notice", NOTICE)
    assert error.message == (
        "generalforsamling was called on 2017-03-21, 30 days before; 1 month's notice is required"
    )
    error = gf_meeting(with_board, D(2017, 4, 30), **{**LAWFUL_CALL, "called_on": "2017-04-01"})
    assert (error.rule, error.provision) == ("meeting-notice", NOTICE)
    act(
        with_board,
        "hold-meeting",
        D(2017, 4, 30),
        "generalforsamling",
        **{**LAWFUL_CALL, "called_on": "2017-03-31"},
    )


def test_proposals_are_sent_out_eight_days_before(with_board: Association) -> None:
    missing = {k: v for k, v in LAWFUL_CALL.items() if k != "proposals_sent_on"}
    error = gf_meeting(with_board, AGM, **missing)
    assert (error.rule, error.provision) == ("proposals-sent", MEETINGS)
    assert error.message == (
        "a meeting of generalforsamling needs the day: proposals_sent_on (YYYY-MM-DD)"
    )
    error = gf_meeting(with_board, AGM, **{**LAWFUL_CALL, "proposals_sent_on": "2017-04-13"})
    assert (error.rule, error.provision) == ("proposals-sent", MEETINGS)
    assert error.message == (
        "the proposals for the meeting of generalforsamling on 2017-04-20 were sent out on "
        "2017-04-13; they are sent out by 2017-04-12 (8 days before)"
    )
    act(with_board, "hold-meeting", AGM, "generalforsamling", **LAWFUL_CALL)


DEMAND = {
    "extraordinary": True,
    "demanded_by": ["Køge", "Sorø"],
    "demanded_for": "bestyrelse",
    "demanded_on": "2017-08-01",
    "called_on": "2017-08-10",
    "proposals_sent_on": "2017-08-15",
}
EXTRA_DAY = D(2017, 8, 28)


def test_members_demand_an_extraordinary_meeting_for_a_new_board(with_board: Association) -> None:
    error = gf_meeting(with_board, EXTRA_DAY, **{**DEMAND, "demanded_for": "styregruppe"})
    assert (error.rule, error.provision) == ("extraordinary-demand", EXTRA)
    assert error.message == (
        "the members may demand an extraordinary meeting of generalforsamling only to elect "
        "bestyrelse anew (demanded_for), not styregruppe"
    )
    without = {k: v for k, v in DEMAND.items() if k != "demanded_on"}
    error = gf_meeting(with_board, EXTRA_DAY, **without)
    assert (error.rule, error.provision) == ("extraordinary-demand", EXTRA)
    error = gf_meeting(with_board, EXTRA_DAY, **{**DEMAND, "demanded_on": "2017-08-29"})
    assert (error.rule, error.provision) == ("extraordinary-demand", EXTRA)
    error = gf_meeting(with_board, EXTRA_DAY, **{**DEMAND, "demanded_by": ["Køge"]})
    assert (error.rule, error.provision) == ("extraordinary-meeting", EXTRA)
    act(with_board, "hold-meeting", EXTRA_DAY, "generalforsamling", **DEMAND)


def test_an_extraordinary_meeting_has_its_own_notice(with_board: Association) -> None:
    error = gf_meeting(with_board, EXTRA_DAY, **{**DEMAND, "called_on": "2017-08-15"})
    assert (error.rule, error.provision) == ("meeting-notice", EXTRA)
    assert error.message == (
        "the extraordinary meeting of generalforsamling was called on 2017-08-15, "
        "13 days before; 14 days notice is required"
    )
    # Held later than four weeks after the demand: recorded, not refused (a duty, I502).
    late = D(2017, 10, 2)
    act(
        with_board,
        "hold-meeting",
        late,
        "generalforsamling",
        **{**DEMAND, "called_on": "2017-09-01", "proposals_sent_on": "2017-09-20"},
    )


def test_minutes_are_published_for_a_meeting_held(with_board: Association) -> None:
    act(with_board, "hold-meeting", AGM, "generalforsamling", **LAWFUL_CALL)
    error = refused(
        with_board, "publish-minutes", D(2017, 5, 1), "generalforsamling", meeting="2017-04-21"
    )
    assert (error.rule, error.provision) == ("minutes", MEETINGS)
    assert error.message == (
        "no meeting of generalforsamling was held on 2017-04-21 before 2017-05-01"
    )
    error = refused(
        with_board,
        "publish-minutes",
        D(2017, 5, 1),
        "styregruppe",
        body="generalforsamling",
        meeting="2017-04-20",
    )
    assert (error.rule, error.provision) == ("actor", MEETINGS)
    act(
        with_board,
        "publish-minutes",
        D(2017, 5, 1),
        "bestyrelse",
        body="generalforsamling",
        meeting="2017-04-20",
    )
    # Later than 14 days: recorded, not refused (a duty the linter lists).
    act(with_board, "publish-minutes", D(2017, 6, 1), "generalforsamling", meeting="2017-04-20")
    assert [e.kind for e in with_board.events][-2:] == ["publish-minutes", "publish-minutes"]


def test_the_duties_are_listed_and_the_statute_checks_clean() -> None:
    findings = fr.check(MEETINGX)
    duties = {f.message: (f.line, f.provision) for f in findings if f.code == "I502"}
    minutes = (
        "the minutes of generalforsamling are published within 14 days of the meeting: "
        "a duty the protocol records (publish-minutes) but cannot refuse"
    )
    demanded = (
        "a demanded extraordinary meeting of generalforsamling is held within 28 days of the "
        "demand: a duty the protocol records (demanded_on) but cannot refuse"
    )
    assert duties[minutes] == (line_of(MEETINGX_TEXT, "ordinary_per_year: 1"), "§ 2, stk. 1")
    extra_line = line_of(MEETINGX_TEXT, "        called_by: [bestyrelse]")
    assert duties[demanded] == (extra_line, "§ 3, stk. 3")
    assert not [f for f in findings if f.code in {"W445", "W446"} or f.severity.value == "error"]


def test_proposals_sent_before_they_are_due_is_w445() -> None:
    text = MEETINGX_TEXT.replace(
        "      proposals_sent_days: 8\n",
        "      proposals_sent_days: 8\n      proposals_before_days: 5\n",
    )
    [found] = [f for f in fr.check(fr.loads(text)) if f.code == "W445"]
    assert (found.line, found.provision) == (line_of(text, "ordinary_per_year: 1"), "§ 2, stk. 1")
    assert found.message == (
        "generalforsamling's proposals are sent out 8 days before a meeting but need reach it "
        "only 5 days before: a proposal on time may come too late to be sent out"
    )


def test_a_deadline_after_a_demand_no_member_can_make_is_w446() -> None:
    text = MEETINGX_TEXT.replace('        members_fraction: "1/3"\n', "").replace(
        "        members_may_demand: [bestyrelse]\n", ""
    )
    [found] = [f for f in fr.check(fr.loads(text)) if f.code == "W446"]
    assert (found.line, found.provision) == (
        line_of(text, "        called_by: [bestyrelse]"),
        "§ 3, stk. 3",
    )


@pytest.mark.parametrize(
    ("old", "new", "code", "at"),
    [
        (
            "      ordinary_from_month: 4\n",
            "      ordinary_from_month: 6\n",
            "E327",
            "ordinary_from_month: 6",
        ),
        (
            "        held_within: {weeks: 4}\n",
            "        held_within: {days: 10}\n",
            "E328",
            "held_within: {days: 10}",
        ),
        (
            "        notice: {days: 14}\n",
            "        notice: {months: 1}\n",
            "E328",
            "held_within: {weeks: 4}",
        ),
        ("      ordinary_by_month: 5\n", "", "E203", "ordinary_per_year: 1"),
        (
            "members_may_demand: [bestyrelse]",
            "members_may_demand: [bestyrelsen]",
            "E301",
            "members_may_demand: [bestyrelsen]",
        ),
        ('        members_fraction: "1/3"\n', "", "E203", "        called_by: [bestyrelse]"),
        (
            "notice: {months: 1, called_by",
            "notice: {months: 1, days: 3, called_by",
            "E204",
            "notice: {months: 1, days: 3",
        ),
        (
            "        notice: {days: 14}\n",
            "        notice: {hours: 14}\n",
            "E201",
            "notice: {hours: 14}",
        ),
    ],
    ids=[
        "window-upside-down",
        "deadline-within-notice",
        "month-within-four-weeks",
        "window-without-end",
        "unknown-demand",
        "demand-without-share",
        "two-units",
        "unknown-unit",
    ],
)
def test_malformed_meeting_keys_are_refused(old: str, new: str, code: str, at: str) -> None:
    assert MEETINGX_TEXT.count(old) == 1, old
    text = MEETINGX_TEXT.replace(old, new)
    with pytest.raises(StatuteError) as caught:
        fr.loads(text)
    found = [p for p in caught.value.problems if p.code == code]
    assert found, [str(p) for p in caught.value.problems]
    assert found[0].line == line_of(text, at)


def test_e327_and_e328_say_why_and_cite_the_meetings() -> None:
    upside = MEETINGX_TEXT.replace("ordinary_from_month: 4", "ordinary_from_month: 6")
    with pytest.raises(StatuteError) as caught:
        fr.loads(upside)
    [problem] = caught.value.problems
    assert (problem.code, problem.provision) == ("E327", "§ 2, stk. 1")
    assert problem.message == (
        "the ordinary meeting of 'generalforsamling' is held from month 6 to month 5: "
        "the window closes before it opens"
    )
    soon = MEETINGX_TEXT.replace("held_within: {weeks: 4}", "held_within: {days: 10}")
    with pytest.raises(StatuteError) as caught:
        fr.loads(soon)
    [problem] = caught.value.problems
    assert (problem.code, problem.provision) == ("E328", "§ 3, stk. 3")
    assert problem.message == (
        "an extraordinary meeting of 'generalforsamling' must be held within 10 days of the "
        "demand, but is called with 14 days' notice"
    )


# --- Officers and the chair's term -------------------------------------------------------------

CHAIR_LINE = '    chair: {chosen_by: generalforsamling, provision: "§ 1, stk. 3"}\n'
OFFICERS = (
    '    chair: {chosen_by: generalforsamling, term_years: 1, provision: "§ 1, stk. 3"}\n'
    "    officers:\n"
    "      - {id: kasserer, name: Kasserer, chosen_by: bestyrelse, term_years: 2,"
    ' provision: "§ 1, stk. 3"}\n'
    '      - {id: sekretaer, name: Sekretær, provision: "§ 1, stk. 3"}\n'
)
SIGNING_LINE = "    - [{body: styregruppe, chair: true}, {body: bestyrelse}]\n"
OFFICERS_TEXT = TEXT.replace(CHAIR_LINE, OFFICERS).replace(
    SIGNING_LINE, "    - [{body: bestyrelse, chair: true}, {body: bestyrelse}]\n"
)
OFFICERSX = fr.loads(OFFICERS_TEXT, name="officers.yaml")
CHAIRS = P(1, 3)
TIE = vote(4, yes=2, no=2, chair="yes")
RECOMMEND = {"power": "indstil"}


@pytest.fixture
def board() -> Association:
    """A board of four from the founding (two for two years, two for one)."""
    association = founded(OFFICERSX)
    for n, member in enumerate(("Køge", "Sorø", "Næstved", "Ringsted")):
        elect(association, FOUNDING, person(member), member, term_years=2 - n % 2)
    return association


def choose(association: Association, day: dt.date, actor: str, who: str, **more: Any) -> None:
    present = 4 if actor == "bestyrelse" else 5
    if actor == "bestyrelse":
        meet_once(association, "bestyrelse", day)
    act(
        association,
        "choose-chair",
        day,
        actor,
        body="bestyrelse",
        person=who,
        vote=vote(present),
        **more,
    )


def meet_once(association: Association, body: str, day: dt.date) -> None:
    if not any(
        e.kind == "hold-meeting" and e.actor == body and e.date == day for e in association.events
    ):
        act(association, "hold-meeting", day, body)


def test_officers_load_with_their_chooser_and_term() -> None:
    board = OFFICERSX.body("bestyrelse")
    kasserer, sekretaer = board.officers
    assert (kasserer.id, kasserer.chosen_by, kasserer.term_years) == ("kasserer", "bestyrelse", 2)
    assert (sekretaer.chosen_by, sekretaer.term_years, str(sekretaer.provision)) == (
        None,
        None,
        "§ 1, stk. 3",
    )
    assert board.chair is not None and board.chair.term_years == 1


def test_the_board_chooses_its_treasurer_from_its_members(board: Association) -> None:
    day = D(2016, 4, 1)
    error = refused(
        board,
        "choose-chair",
        FOUNDING,
        "generalforsamling",
        body="bestyrelse",
        person=person("Køge"),
        role="kasserer",
        vote=vote(5),
    )
    assert (error.rule, error.provision) == ("actor", CHAIRS)
    assert error.message == (
        "the kasserer of bestyrelse is chosen by bestyrelse, not generalforsamling"
    )
    meet_once(board, "bestyrelse", day)
    error = refused(
        board,
        "choose-chair",
        day,
        "bestyrelse",
        body="bestyrelse",
        person="KD Roskilde",
        role="kasserer",
        vote=vote(4),
    )
    assert (error.rule, error.provision) == ("not-eligible", CHAIRS)
    error = refused(
        board,
        "choose-chair",
        day,
        "bestyrelse",
        body="bestyrelse",
        person=person("Køge"),
        role="revisor",
        vote=vote(4),
    )
    assert (error.rule, error.provision) == ("bad-data", CHAIRS)
    assert error.message == ("role: 'chair', 'vice-chair', 'kasserer', 'sekretaer', not 'revisor'")
    choose(board, day, "bestyrelse", person("Køge"), role="kasserer")
    choose(board, day, "bestyrelse", person("Sorø"), role="sekretaer")
    assert board.at(day).officers["bestyrelse"] == {
        "kasserer": person("Køge"),
        "sekretaer": person("Sorø"),
    }
    # The treasurer's two-year term runs out on 1 April 2018; the secretary has none.
    later = board.at(D(2018, 4, 1)).officers.get("bestyrelse", {})
    assert "kasserer" not in later


def test_a_chair_whose_term_ran_out_has_no_casting_vote(board: Association) -> None:
    choose(board, FOUNDING, "generalforsamling", person("Køge"))
    within = D(2017, 2, 28)
    meet_once(board, "bestyrelse", within)
    act(board, "exercise", within, "bestyrelse", vote=TIE, **RECOMMEND)
    # The one-year seats are renewed, so the board stays in office; the chair's term is not.
    renewal = D(2017, 2, 28)
    act(board, "hold-meeting", renewal, "generalforsamling")
    for member in ("Sorø", "Ringsted"):
        elect(board, renewal, person(member), member)
    ended = D(2017, 3, 1)
    meet_once(board, "bestyrelse", ended)
    error = refused(board, "exercise", ended, "bestyrelse", vote=TIE, **RECOMMEND)
    assert (error.rule, error.provision) == ("no-chair", CHAIRS)
    assert error.message == (
        "a casting vote needs the chair of bestyrelse; no chair of bestyrelse is chosen; "
        "the chair's term of 1 year(s) from 2016-03-01 ended 2017-03-01"
    )
    assert "chair" not in board.at(ended).officers.get("bestyrelse", {})
    # Chosen again, the chair breaks the tie.
    act(board, "hold-meeting", ended, "generalforsamling")
    choose(board, ended, "generalforsamling", person("Køge"))
    act(board, "exercise", ended, "bestyrelse", vote=TIE, **RECOMMEND)
    assert board.at(ended).officers["bestyrelse"]["chair"] == person("Køge")


def test_a_chair_whose_term_ran_out_cannot_sign_as_chair(board: Association) -> None:
    choose(board, FOUNDING, "generalforsamling", person("Køge"))
    signers = [person("Køge"), person("Sorø")]
    act(board, "sign", D(2016, 6, 1), "bestyrelse", signers=signers)
    error = refused(board, "sign", D(2017, 3, 1), "bestyrelse", signers=signers)
    assert (error.rule, error.provision) == ("signing", P(1, 7))


def test_officers_and_terms_are_linted() -> None:
    assert not [f for f in fr.check(OFFICERSX) if f.code in {"E670", "W447"}]
    clash = OFFICERS_TEXT.replace("{id: sekretaer,", "{id: vice-chair,")
    [found] = [f for f in fr.check(fr.loads(clash)) if f.code == "E670"]
    assert (found.line, found.provision) == (line_of(clash, "{id: vice-chair,"), "§ 1, stk. 3")
    assert found.message == (
        "bestyrelse names an officer 'vice-chair', the chair's or vice-chair's role: "
        "choose-chair cannot tell"
    )
    twice = OFFICERS_TEXT.replace("{id: sekretaer,", "{id: kasserer,")
    [found] = [f for f in fr.check(fr.loads(twice)) if f.code == "E670"]
    assert found.line == line_of(twice, "{id: kasserer, name: Sekretær")
    assert (
        found.message == "bestyrelse names an officer 'kasserer', twice: choose-chair cannot tell"
    )
    long = OFFICERS_TEXT.replace("term_years: 2,\n", "term_years: 3,\n").replace(
        "chosen_by: bestyrelse, term_years: 2,", "chosen_by: bestyrelse, term_years: 3,"
    )
    [found] = [f for f in fr.check(fr.loads(long)) if f.code == "W447"]
    assert (found.line, found.provision) == (line_of(long, "{id: kasserer,"), "§ 1, stk. 3")
    assert found.message == (
        "the kasserer of bestyrelse is chosen for 3 years from seats held for 2: "
        "the role outlives the seat (it ends with the seat)"
    )


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ("chosen_by: bestyrelse, term_years: 2,", "chosen_by: bestyrelsen, term_years: 2,", "E301"),
        ("generalforsamling, term_years: 1,", "generalforsamling, term_years: 0,", "E204"),
        ("{id: sekretaer, name: Sekretær,", "{id: sekretaer,", "E203"),
        ("{id: sekretaer, name: Sekretær,", "{id: sekretaer, name: Sekretær, votes: 2,", "E201"),
    ],
    ids=["unknown-chooser", "chair-term-zero", "officer-without-name", "unknown-key"],
)
def test_malformed_officer_keys_are_refused(old: str, new: str, code: str) -> None:
    assert OFFICERS_TEXT.count(old) == 1, old
    text = OFFICERS_TEXT.replace(old, new)
    with pytest.raises(StatuteError) as caught:
        fr.loads(text)
    found = [p for p in caught.value.problems if p.code == code]
    assert found, [str(p) for p in caught.value.problems]
    assert found[0].line == line_of(text, new)


# --- Staggered election years ----------------------------------------------------------------

YEARS_TEXT = OFFICERS_TEXT.replace(
    "generalforsamling, term_years: 1, provision",
    "generalforsamling, term_years: 2, elected_in: odd, provision",
).replace("chosen_by: bestyrelse, term_years: 2,", "chosen_by: bestyrelse, elected_in: even,")
YEARSX = fr.loads(YEARS_TEXT, name="years.yaml")


@pytest.fixture
def odd_board() -> Association:
    association = founded(YEARSX)
    for n, member in enumerate(("Køge", "Sorø", "Næstved", "Ringsted")):
        elect(association, FOUNDING, person(member), member, term_years=2 - n % 2)
    return association


def test_election_years_load() -> None:
    board = YEARSX.body("bestyrelse")
    assert board.chair is not None and board.chair.elected_in is ElectionYears.ODD
    assert board.officers[0].elected_in is ElectionYears.EVEN
    assert ElectionYears.ODD.allows(2017) and not ElectionYears.ODD.allows(2018)


def test_the_chair_is_chosen_in_odd_years_only(odd_board: Association) -> None:
    # The first choice may fall in 2016, an even year (the founding).
    choose(odd_board, FOUNDING, "generalforsamling", person("Køge"))
    day = D(2016, 9, 1)
    act(odd_board, "hold-meeting", day, "generalforsamling")
    error = refused(
        odd_board,
        "choose-chair",
        day,
        "generalforsamling",
        body="bestyrelse",
        person=person("Sorø"),
        vote=vote(5),
    )
    assert (error.rule, error.provision) == ("election-year", CHAIRS)
    assert error.message == ("the chair of bestyrelse: elected in odd years only; 2016 is not one")
    odd = D(2017, 2, 1)
    act(odd_board, "hold-meeting", odd, "generalforsamling")
    choose(odd_board, odd, "generalforsamling", person("Sorø"))
    assert odd_board.at(odd).officers["bestyrelse"]["chair"] == person("Sorø")


def test_the_treasurer_is_chosen_in_even_years_only(odd_board: Association) -> None:
    choose(odd_board, D(2016, 4, 1), "bestyrelse", person("Køge"), role="kasserer")
    day = D(2017, 2, 1)
    meet_once(odd_board, "bestyrelse", day)
    error = refused(
        odd_board,
        "choose-chair",
        day,
        "bestyrelse",
        body="bestyrelse",
        person=person("Sorø"),
        role="kasserer",
        vote=vote(4),
    )
    assert (error.rule, error.provision) == ("election-year", CHAIRS)
    assert (
        error.message == "the kasserer of bestyrelse: elected in even years only; 2017 is not one"
    )


def test_seats_elected_in_odd_years_only() -> None:
    text = TEXT.replace(
        "term_years: 2, staggered: true, provision", "term_years: 2, elected_in: odd, provision"
    )
    association = founded(fr.loads(text))
    for member in ("Køge", "Sorø", "Næstved"):
        elect(association, FOUNDING, person(member), member)  # the first election: 2016
    day = D(2016, 9, 1)
    act(association, "hold-meeting", day, "generalforsamling")
    error = refused(
        association,
        "elect",
        day,
        "generalforsamling",
        body="bestyrelse",
        person=person("Ringsted"),
        municipality="Ringsted",
        vote=vote(5),
    )
    assert (error.rule, error.provision) == ("election-year", BOARD_FILL)
    assert error.message == "the seats of bestyrelse: elected in odd years only; 2016 is not one"
    odd = D(2017, 2, 1)
    act(association, "hold-meeting", odd, "generalforsamling")
    elect(association, odd, person("Ringsted"), "Ringsted")
    [found] = [
        f
        for f in fr.check(
            fr.loads(
                text.replace("term_years: 2, elected_in: odd", "term_years: 1, elected_in: odd")
            )
        )
        if f.code == "W448"
    ]
    assert found.message == (
        "the seats of bestyrelse: elected in odd years for 1 year(s), so the next election "
        "falls in a year it is refused"
    )
    assert (found.line, found.provision) == (line_of(text, "elected_in: odd"), "§ 1, stk. 2")


def test_an_unknown_parity_is_refused() -> None:
    text = YEARS_TEXT.replace("elected_in: odd", "elected_in: ulige")
    with pytest.raises(StatuteError) as caught:
        fr.loads(text)
    [problem] = caught.value.problems
    assert (problem.code, problem.line) == ("E204", line_of(text, "elected_in: ulige"))


# --- Exclusion ratified at the next general assembly -------------------------------------------

EXCLUSION_TEXT = (
    TEXT.replace(
        "  municipalities: [Køge, Næstved, Ringsted, Roskilde, Sorø]\n",
        "  municipalities: [Køge, Næstved, Ringsted, Roskilde, Sorø]\n"
        "  exclusion: {by: bestyrelse, ratified_by: generalforsamling,"
        ' provision: "§ 3, stk. 1"}\n',
    )
    .replace(
        "  - {id: vedtag-faser,",
        "  - {id: ekskluder, name: Ekskludere et medlem, holder: bestyrelse,"
        ' provision: "§ 3, stk. 1"}\n'
        "  - {id: godkend-eksklusion, name: Godkende en eksklusion, holder: generalforsamling,"
        ' provision: "§ 3, stk. 1"}\n'
        "  - {id: vedtag-faser,",
    )
    .replace(
        "      - {id: member, name: Medlem, final: true, means: [member],"
        ' provision: "§ 3, stk. 1"}\n',
        '      - {id: member, name: Medlem, means: [member], provision: "§ 3, stk. 1"}\n'
        "      - {id: excluded, name: Ekskluderet med forbehold, means: [withdrawn],"
        ' provision: "§ 3, stk. 1"}\n'
        "      - {id: ratified, name: Eksklusion godkendt, final: true, means: [withdrawn],"
        ' provision: "§ 3, stk. 1"}\n',
    )
    .replace(
        "      - {trigger: admit, source: applied,",
        "      - {trigger: exclude, source: member, dest: excluded, actor: bestyrelse,"
        ' power: ekskluder, provision: "§ 3, stk. 1"}\n'
        "      - {trigger: ratify-exclusion, source: excluded, dest: ratified,"
        " actor: generalforsamling, power: godkend-eksklusion, guards: [at_general_assembly],"
        ' provision: "§ 3, stk. 1"}\n'
        "      - {when: exclusion_not_ratified, source: excluded, dest: member,"
        ' provision: "§ 3, stk. 1"}\n'
        "      - {trigger: admit, source: applied,",
    )
)
EXCLUSIONX = fr.loads(EXCLUSION_TEXT, name="exclusion.yaml")
EXCLUDED_ON = D(2016, 9, 1)


@pytest.fixture
def excluded() -> Association:
    """Sorø excluded by a board of four on 1 September 2016, provisionally."""
    association = founded(EXCLUSIONX)
    for n, member in enumerate(("Køge", "Næstved", "Ringsted", "Roskilde")):
        elect(association, FOUNDING, person(member), member, term_years=2 - n % 2)
    meet_once(association, "bestyrelse", EXCLUDED_ON)
    act(association, "exclude", EXCLUDED_ON, "bestyrelse", municipality="Sorø", vote=vote(4))
    return association


def test_an_exclusion_is_provisional_until_ratified(excluded: Association) -> None:
    assert excluded.at(EXCLUDED_ON).membership["Sorø"] == "excluded"
    assert "Sorø" not in excluded.at(EXCLUDED_ON).members
    gf = D(2017, 3, 1)
    act(excluded, "hold-meeting", gf, "generalforsamling")
    act(excluded, "ratify-exclusion", gf, "generalforsamling", municipality="Sorø", vote=vote(4))
    assert excluded.at(D(2017, 3, 2)).membership["Sorø"] == "ratified"


def test_an_exclusion_the_next_assembly_does_not_ratify_lapses(excluded: Association) -> None:
    gf = D(2017, 3, 1)
    act(excluded, "hold-meeting", gf, "generalforsamling")
    # Still provisional on the day of the meeting; a member again from the next day.
    assert excluded.at(gf).membership["Sorø"] == "excluded"
    assert excluded.at(D(2017, 3, 2)).membership["Sorø"] == "member"
    assert "Sorø" in excluded.at(D(2017, 3, 2)).members
    # A later assembly cannot ratify it: the exclusion has lapsed.
    later = D(2017, 9, 1)
    act(excluded, "hold-meeting", later, "generalforsamling")
    error = refused(
        excluded, "ratify-exclusion", later, "generalforsamling", municipality="Sorø", vote=vote(5)
    )
    assert (error.rule, error.provision) == ("no-transition", P(3, 1))
    assert error.message == (
        "'ratify-exclusion' is not possible for Sorø in the state 'member' (possible: exclude)"
    )


def test_ratification_linted() -> None:
    assert not [f for f in fr.check(EXCLUSIONX) if f.code in {"W449", "E671"}]
    never = EXCLUSION_TEXT.replace(
        "      - {when: exclusion_not_ratified, source: excluded, dest: member,"
        ' provision: "§ 3, stk. 1"}\n',
        "",
    )
    [found] = [f for f in fr.check(fr.loads(never)) if f.code == "W449"]
    assert (found.line, found.provision) == (
        line_of(never, "exclusion: {by: bestyrelse"),
        "§ 3, stk. 1",
    )
    assert found.message == (
        "the exclusion is ratified by generalforsamling's next meeting, but no transition of "
        "the membership lifecycle lapses it (exclusion_not_ratified): an unratified exclusion "
        "stands"
    )
    nobody = EXCLUSION_TEXT.replace(" ratified_by: generalforsamling,", "")
    [found] = [f for f in fr.check(fr.loads(nobody)) if f.code == "E671"]
    assert (found.line, found.provision) == (
        line_of(nobody, "{when: exclusion_not_ratified"),
        "§ 3, stk. 1",
    )


def test_a_ratifier_the_statute_lacks_is_e301() -> None:
    text = EXCLUSION_TEXT.replace("ratified_by: generalforsamling,", "ratified_by: gf,")
    with pytest.raises(StatuteError) as caught:
        fr.loads(text)
    [problem] = caught.value.problems
    assert (problem.code, problem.line) == ("E301", line_of(text, "ratified_by: gf"))


# --- A pool of alternates ----------------------------------------------------------------------

ALTERNATES_LINE = '    alternates: {per_seat: 1, provision: "§ 1, stk. 4"}\n'
POOL_TEXT = TEXT.replace(BOARD_LINE, "    seats: {min: 3, max: 5}\n").replace(
    ALTERNATES_LINE, '    alternates: {pool: 2, any_member: true, provision: "§ 1, stk. 4"}\n'
)
POOLX = fr.loads(POOL_TEXT, name="pool.yaml")
SAME_MEMBER = fr.loads(POOL_TEXT.replace(" any_member: true,", ""), name="pool.yaml")
ALTERNATES = P(1, 4)


def pooled(statute: Statute) -> Association:
    """A board of three (Køge, Sorø, Næstved) and a pool: Roskilde's, then Køge's alternate."""
    association = founded(statute)
    for n, member in enumerate(("Køge", "Sorø", "Næstved")):
        elect(association, FOUNDING, person(member), member, term_years=2 - n % 2)
    elect(association, FOUNDING, "Supp Roskilde", "Roskilde", pool=True)
    elect(association, FOUNDING, "Supp Køge", "Køge", pool=True)
    return association


def vacate(association: Association, day: dt.date, who: str) -> None:
    act(association, "hold-meeting", day, "generalforsamling")
    act(
        association, "vacate", day, "generalforsamling", body="bestyrelse", person=who, vote=vote(5)
    )


def test_a_pool_is_elected_as_a_list_up_to_its_size() -> None:
    alternates = POOLX.body("bestyrelse").alternates
    assert alternates is not None
    assert (alternates.per_seat, alternates.pool, alternates.any_member) == (0, 2, True)
    assert alternates.provision == ALTERNATES
    association = pooled(POOLX)
    pool = association.at(FOUNDING).alternates["bestyrelse"]
    assert [(s.person, s.alternate_for) for s in pool] == [
        ("Supp Roskilde", "pool"),
        ("Supp Køge", "pool"),
    ]
    error = refused(
        association,
        "elect",
        FOUNDING,
        "generalforsamling",
        body="bestyrelse",
        person="Supp Ringsted",
        municipality="Ringsted",
        pool=True,
        vote=vote(5),
    )
    assert (error.rule, error.provision) == ("alternates-full", ALTERNATES)
    assert error.message == "the pool of alternates of bestyrelse holds 2, all elected"
    error = refused(
        association,
        "elect",
        FOUNDING,
        "generalforsamling",
        body="bestyrelse",
        person="Supp Sorø",
        municipality="Sorø",
        alternate_for=person("Sorø"),
        vote=vote(5),
    )
    assert (error.rule, error.provision) == ("alternates-full", ALTERNATES)


def test_a_statute_without_a_pool_refuses_one() -> None:
    association = founded(fr.load(FIXTURE))
    elect(association, FOUNDING, person("Køge"), "Køge")
    error = refused(
        association,
        "elect",
        FOUNDING,
        "generalforsamling",
        body="bestyrelse",
        person="Supp Køge",
        municipality="Køge",
        pool=True,
        vote=vote(5),
    )
    assert (error.rule, error.provision) == ("no-alternates", ALTERNATES)


def test_the_first_in_the_pool_takes_a_vacant_seat_from_any_member() -> None:
    association = pooled(POOLX)
    vacate(association, D(2016, 9, 1), person("Sorø"))
    seats = {s.person: s.municipality for s in association.at(D(2016, 9, 1)).seats["bestyrelse"]}
    assert seats == {
        person("Køge"): "Køge",
        "Supp Roskilde": "Roskilde",
        person("Næstved"): "Næstved",
    }
    assert [s.person for s in association.at(D(2016, 9, 1)).alternates["bestyrelse"]] == [
        "Supp Køge"
    ]


def test_without_any_member_only_the_same_members_alternate_steps_in() -> None:
    association = pooled(SAME_MEMBER)
    vacate(association, D(2016, 9, 1), person("Sorø"))  # no Sorø alternate in the pool
    assert len(association.at(D(2016, 9, 1)).seats["bestyrelse"]) == 2
    vacate(association, D(2016, 10, 1), person("Køge"))
    seats = {s.person for s in association.at(D(2016, 10, 1)).seats.get("bestyrelse", ())}
    assert seats == {"Supp Køge", person("Næstved")}


def test_pool_alternates_stand_in_at_a_meeting() -> None:
    association = pooled(POOLX)
    day = D(2016, 9, 1)
    meet_once(association, "bestyrelse", day)
    act(
        association,
        "exercise",
        day,
        "bestyrelse",
        power="indstil",
        vote={"present": 3, "yes": 3, "no": 0, "alternates": 1},
    )
    error = refused(
        association,
        "exercise",
        day,
        "bestyrelse",
        power="indstil",
        vote={"present": 3, "yes": 3, "no": 0, "alternates": 3},
    )
    assert (error.rule, error.provision) == ("bad-vote", P(2, 2))
    assert error.message == "3 alternates present, but bestyrelse has 2 on 2016-09-01"


def test_any_member_without_a_pool_is_e203() -> None:
    text = TEXT.replace(
        ALTERNATES_LINE,
        '    alternates: {per_seat: 1, any_member: true, provision: "§ 1, stk. 4"}\n',
    )
    with pytest.raises(StatuteError) as caught:
        fr.loads(text)
    [problem] = caught.value.problems
    assert (problem.code, problem.line) == ("E203", line_of(text, "any_member: true"))


def test_the_simulators_call_facts_pass_the_protocol(with_board: Association) -> None:
    from foreningsregler.protocol.meetings import demand, lawful_call

    gf = MEETINGX.body("generalforsamling")
    assert gf.meetings is not None and gf.meetings.extraordinary is not None
    assert lawful_call(gf, AGM) == LAWFUL_CALL
    act(with_board, "hold-meeting", AGM, "generalforsamling", **lawful_call(gf, AGM))
    facts = {
        "extraordinary": True,
        "demanded_by": ["Køge", "Sorø"],
        **lawful_call(gf, EXTRA_DAY, extraordinary=True),
        **demand(gf.meetings.extraordinary, EXTRA_DAY),
    }
    assert facts["called_on"] == "2017-08-14"
    act(with_board, "hold-meeting", EXTRA_DAY, "generalforsamling", **facts)
