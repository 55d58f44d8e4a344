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
from foreningsregler.protocol.association import Association
from foreningsregler.statute.model import Statute
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


def test_a_maximum_without_a_minimum_is_e202_at_the_seats() -> None:
    error = bad(BOARD_LINE, "    seats: {max: 5}\n")
    found = [p for p in error.problems if p.code == "E202"]
    assert found and found[0].line == line_of(TEXT, "seats: {min: 3, max: 5}")
