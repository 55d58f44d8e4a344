"""A seat with a term ends when the term does; re-election renews it.

§ 6, stk. 2 of the bundled statute: the board is elected for two years.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import foreningsregler as fr
from foreningsregler.economy.events import Clerk
from foreningsregler.economy.stories import found
from foreningsregler.statute.model import ProvisionRef

STATUTE = Path(__file__).resolve().parent.parent / "vedtaegter" / "digitaliseringsforeningen.yaml"
FOUNDED = dt.date(2015, 10, 1)
D = dt.date


@pytest.fixture
def association() -> fr.Association:
    statute = fr.load(STATUTE)
    association = fr.Association(statute)
    assert statute.membership is not None
    found(Clerk(association), statute.membership.municipalities, FOUNDED)
    return association


def board(association: fr.Association, day: dt.date) -> list[str]:
    return [s.person for s in association.at(day).seats.get("bestyrelse", ())]


def test_the_board_sits_until_its_term_ends(association: fr.Association) -> None:
    elected = board(association, FOUNDED)
    assert len(elected) == 3
    assert board(association, D(2017, 9, 30)) == elected
    assert board(association, D(2017, 10, 1)) == []  # two years after the election


def test_a_board_out_of_office_cannot_meet(association: fr.Association) -> None:
    with pytest.raises(fr.RuleViolation) as caught:
        association.record(fr.Event("hold-meeting", D(2017, 10, 2), "bestyrelse"))
    assert caught.value.rule == "not-in-office"
    assert caught.value.provision == ProvisionRef(6, 2)
    assert "2017-10-02" in caught.value.message


def test_re_election_renews_the_seat_from_its_day(association: fr.Association) -> None:
    person = board(association, FOUNDED)[0]
    seat = next(s for s in association.at(FOUNDED).seats["bestyrelse"] if s.person == person)
    day = D(2017, 9, 15)
    association.record(
        fr.Event(
            "hold-meeting",
            day,
            "generalforsamling",
            {"called_on": "2017-08-15", "called_by": "bestyrelse"},
        )
    )
    election = {
        "body": "bestyrelse",
        "person": person,
        "municipality": seat.municipality,
        "role": seat.role,
    }
    with pytest.raises(fr.RuleViolation) as caught:  # an election is the assembly's decision
        association.record(fr.Event("elect", day, "generalforsamling", election))
    assert (caught.value.rule, caught.value.provision) == ("no-vote", ProvisionRef(5, 3))
    vote = {"present": 14, "yes": 14, "no": 0}
    association.record(fr.Event("elect", day, "generalforsamling", {**election, "vote": vote}))
    assert board(association, D(2017, 10, 2)) == [person]
    [renewed] = association.at(D(2017, 10, 2)).seats["bestyrelse"]
    assert (renewed.since, renewed.renewed) == (FOUNDED, day)  # the seat keeps its start
    assert board(association, D(2019, 9, 15)) == []
