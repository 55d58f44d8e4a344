"""Review item 11 on the fixture statute: who calls a generalforsamling.

An ordinary generalforsamling is called 14 days ahead by the bestyrelse
(§ 4, stk. 4), in office on the day it called. An extraordinary one
(``extraordinary: true``) follows no ordinary notice: it is called by the
bestyrelse, in office, or demanded by at least a third of the members
(``demanded_by``, § 4, stk. 6); else ``extraordinary-meeting``.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_procedure_support import (
    FOUNDING,
    D,
    act,
    called,
    elect,
    fixture_statute,
    founded,
    refused,
    staffed,
)

import foreningsregler as fr
from foreningsregler.protocol.association import Association
from foreningsregler.statute.model import Statute

ALL = ("Køge", "Næstved", "Ringsted", "Roskilde", "Sorø")
EXTRAORDINARY = fr.ProvisionRef(4, 6)
BOARD_ELECTED = fr.ProvisionRef(1, 2)
DAY = D(2016, 3, 1)


@pytest.fixture(scope="module")
def statute() -> Statute:
    return fixture_statute()


@pytest.fixture
def five(statute: Statute) -> Association:
    """All five municipalities founded the association; no bestyrelse is elected."""
    return founded(statute, members=ALL)


# --- The caller of an ordinary meeting is in office ----------------------------------------


def test_a_board_not_in_office_cannot_call_a_generalforsamling(five: Association) -> None:
    error = refused(five, "hold-meeting", DAY, "generalforsamling", **called(DAY, days=29))
    assert (error.rule, error.provision) == ("not-in-office", BOARD_ELECTED)
    assert error.message == "no one has been elected to bestyrelse on 2016-02-01; it cannot act"


def test_the_board_calls_only_from_the_day_it_is_in_office(five: Association) -> None:
    elect(five, "generalforsamling", "bestyrelse", FOUNDING, "KD Sorø", "Sorø", "kommunaldirektoer")
    # Elected on the founding day: a call of the day before is none.
    later = D(2015, 10, 20)
    early = {"called_on": "2015-09-30", "called_by": "bestyrelse"}
    error = refused(five, "hold-meeting", later, "generalforsamling", **early)
    assert (error.rule, error.provision) == ("not-in-office", BOARD_ELECTED)
    act(
        five,
        "hold-meeting",
        later,
        "generalforsamling",
        called_on="2015-10-01",
        called_by="bestyrelse",
    )


# --- Extraordinary meetings ------------------------------------------------------------------


@pytest.mark.parametrize(
    "demanded",
    [["Sorø", "Køge"], ["Sorø", "Køge", "Ringsted"], list(ALL)],
    ids=["two-of-five", "three-of-five", "all"],
)
def test_a_third_of_the_members_may_demand_an_extraordinary_meeting(
    five: Association, demanded: list[str]
) -> None:
    """No bestyrelse to call it, and no notice: the members' demand is enough."""
    act(five, "hold-meeting", DAY, "generalforsamling", extraordinary=True, demanded_by=demanded)
    assert any(e.actor == "generalforsamling" and e.date == DAY for e in five.events)


@pytest.mark.parametrize(
    "demand",
    [
        {"demanded_by": ["Sorø"]},
        {"demanded_by": ["Sorø", "Sorø"]},  # one member, named twice
        {"demanded_by": ["Sorø", "Slagelse"]},  # no member of it
        {"demanded_by": []},
        {"demanded_by": "Sorø, Køge"},  # not a list
        {},
    ],
    ids=["one", "one-twice", "a-stranger", "none", "text", "no-demand"],
)
def test_too_few_members_cannot_demand_an_extraordinary_meeting(
    five: Association, demand: dict[str, Any]
) -> None:
    error = refused(five, "hold-meeting", DAY, "generalforsamling", extraordinary=True, **demand)
    assert (error.rule, error.provision) == ("extraordinary-meeting", EXTRAORDINARY)
    assert error.message == (
        "an extraordinary meeting of generalforsamling is called by bestyrelse, "
        "or demanded by 1/3 of the members (demanded_by)"
    )


def test_the_bestyrelse_calls_an_extraordinary_meeting_without_notice(
    statute: Statute,
) -> None:
    association = staffed(founded(statute))
    day = D(2015, 10, 5)  # four days after the bestyrelse was elected
    ordinary = refused(association, "hold-meeting", day, "generalforsamling", **called(day, days=4))
    assert (ordinary.rule, ordinary.provision) == ("meeting-notice", fr.ProvisionRef(4, 4))
    other = refused(
        association,
        "hold-meeting",
        day,
        "generalforsamling",
        extraordinary=True,
        called_by="direktion",
    )
    assert (other.rule, other.provision) == ("extraordinary-meeting", EXTRAORDINARY)
    act(
        association,
        "hold-meeting",
        day,
        "generalforsamling",
        extraordinary=True,
        called_by="bestyrelse",
    )


def test_a_bestyrelse_not_in_office_cannot_call_an_extraordinary_meeting(
    five: Association,
) -> None:
    error = refused(
        five, "hold-meeting", DAY, "generalforsamling", extraordinary=True, called_by="bestyrelse"
    )
    assert (error.rule, error.provision) == ("not-in-office", BOARD_ELECTED)


def test_a_body_without_extraordinary_meetings_has_none(statute: Statute) -> None:
    association = staffed(founded(statute))
    error = refused(association, "hold-meeting", DAY, "bestyrelse", extraordinary=True)
    assert (error.rule, error.provision) == ("extraordinary-meeting", BOARD_ELECTED)
    assert error.message == "the statute provides no extraordinary meetings of bestyrelse"
    act(association, "hold-meeting", DAY, "bestyrelse")
