"""Review items 4 and 6 on the fixture statute: who chairs, and the board
constituted before operation.

- An F3 is chaired by a member of the direktion (§ 1, stk. 6): its meetings
  need ``chaired_by``, someone sitting in the direktion that day.
- A casting vote counts only from who chairs: the chair the bestyrelse chose
  (§ 1, stk. 7), still sitting; where a body chooses none (the direktion, the
  F3s), the one who led the meeting.
- ``start-operation`` needs the guard ``constituted``: every seat of the
  bestyrelse filled and its chair chosen and sitting (§ 5, stk. 2).
"""

from __future__ import annotations

import pytest
from test_procedure_support import (
    FOUNDING,
    D,
    act,
    choose_chair,
    decide,
    elect,
    fixture_statute,
    founded,
    meeting,
    refused,
    staffed,
    vote,
)

import foreningsregler as fr
from foreningsregler.protocol.association import Association
from foreningsregler.statute.model import Statute

F3_CHAIR = fr.ProvisionRef(1, 6)
BOARD_CHAIR = fr.ProvisionRef(1, 7)
FLERTAL = fr.ProvisionRef(4, 1)
OPERATION = fr.ProvisionRef(5, 2)
TIE = vote(2, yes=1, no=1, chair="yes")
FEE = {"power": "fastsaet-kontingent"}  # the board's recommendation: a decision of it
DAY = D(2016, 3, 1)


@pytest.fixture(scope="module")
def statute() -> Statute:
    return fixture_statute()


@pytest.fixture
def association(statute: Statute) -> Association:
    """Every body in office; the bestyrelse chose KD Køge its chair on 2 October 2015."""
    return staffed(founded(statute))


# --- 4. An F3 meets chaired by a member of the direktion ------------------------------------


@pytest.mark.parametrize(
    "chair",
    [None, "FC it Sorø", "KD Sorø", "DC Roskilde"],
    ids=["no-chair", "f3-member", "board-member", "no-one"],
)
def test_an_f3_meeting_needs_a_chair_from_the_direktion(
    association: Association, chair: str | None
) -> None:
    data = {} if chair is None else {"chaired_by": chair}
    error = refused(association, "hold-meeting", DAY, "f3-it", **data)
    assert (error.rule, error.provision) == ("no-chair", F3_CHAIR)
    assert error.message == "a meeting of f3-it is chaired by a member of direktion (chaired_by)"


def test_an_f3_meeting_chaired_by_a_member_of_the_direktion_is_held(
    association: Association,
) -> None:
    act(association, "hold-meeting", DAY, "f3-it", chaired_by="DC Sorø")
    assert any(e.kind == "hold-meeting" and e.actor == "f3-it" for e in association.events)


def test_a_direktion_member_whose_seat_ended_cannot_chair_an_f3(
    association: Association,
) -> None:
    decide(association, "bestyrelse", DAY, "vacate", body="direktion", person="DC Sorø")
    error = refused(association, "hold-meeting", DAY, "f3-it", chaired_by="DC Sorø")
    assert (error.rule, error.provision) == ("no-chair", F3_CHAIR)
    act(association, "hold-meeting", DAY, "f3-it", chaired_by="DC Køge")


# --- 4. A casting vote only from who chairs ---------------------------------------------------


def test_the_chosen_chair_casts_the_deciding_vote(association: Association) -> None:
    meeting(association, "bestyrelse", DAY)
    act(association, "recommend", DAY, "bestyrelse", vote=TIE, **FEE)
    decision = next(e for e in association.events if e.kind == "recommend")
    assert decision.data["vote"]["chair"] == "yes"


def test_a_chair_whose_seat_ended_casts_no_deciding_vote(association: Association) -> None:
    """The generalforsamling vacates KD Køge's seat: the bestyrelse's tie is not
    broken by a chair who no longer sits."""
    decide(association, "generalforsamling", DAY, "vacate", body="bestyrelse", person="KD Køge")
    meeting(association, "bestyrelse", DAY)
    error = refused(association, "recommend", DAY, "bestyrelse", vote=TIE, **FEE)
    assert (error.rule, error.provision) == ("no-chair", BOARD_CHAIR)
    assert error.message == "a casting vote needs the chair of bestyrelse; KD Køge no longer sits"
    # A vote with a majority needs no chair; a new chair breaks the next tie.
    act(association, "recommend", DAY, "bestyrelse", vote=vote(2), **FEE)
    choose_chair(association, "bestyrelse", DAY, "KD Næstved")
    act(association, "recommend", DAY, "bestyrelse", vote=TIE, **FEE)


def test_a_board_that_chose_no_chair_has_no_deciding_vote(statute: Statute) -> None:
    association = founded(statute)
    for m in ("Sorø", "Køge"):
        elect(
            association,
            "generalforsamling",
            "bestyrelse",
            FOUNDING,
            f"KD {m}",
            m,
            "kommunaldirektoer",
        )
    # The chair is chosen by the bestyrelse itself, not by its elector.
    by_other = refused(
        association,
        "choose-chair",
        FOUNDING,
        "generalforsamling",
        body="bestyrelse",
        person="KD Sorø",
        vote=vote(3),
    )
    assert (by_other.rule, by_other.provision) == ("actor", BOARD_CHAIR)
    day = D(2015, 10, 2)
    meeting(association, "bestyrelse", day)
    error = refused(association, "recommend", day, "bestyrelse", vote=TIE, **FEE)
    assert (error.rule, error.provision) == ("no-chair", BOARD_CHAIR)
    assert (
        error.message
        == "a casting vote needs the chair of bestyrelse; no chair of bestyrelse is chosen"
    )
    not_sitting = refused(
        association,
        "choose-chair",
        day,
        "bestyrelse",
        body="bestyrelse",
        person="KD Næstved",
        vote=vote(2),
    )
    assert (not_sitting.rule, not_sitting.provision) == ("not-eligible", BOARD_CHAIR)
    choose_chair(association, "bestyrelse", day, "KD Sorø")
    act(association, "recommend", day, "bestyrelse", vote=TIE, **FEE)


def test_where_no_chair_is_chosen_the_meeting_leader_casts_it(association: Association) -> None:
    """The direktion chooses no chair: its tie is broken by who led the meeting,
    recorded on it (chaired_by), citing its voting rule."""
    phase = {"phase": "fase-1", "start": "2016-06-01", "end": "2016-12-31"}
    meeting(association, "direktion", DAY)
    error = refused(association, "propose-phase", DAY, "direktion", vote=TIE, **phase)
    assert (error.rule, error.provision) == ("no-chair", FLERTAL)
    assert error.message == (
        "a casting vote needs the chair of direktion; "
        "the meeting records no one who led it (chaired_by)"
    )
    later = D(2016, 3, 2)
    outsider = refused(association, "hold-meeting", later, "direktion", chaired_by="KD Sorø")
    assert (outsider.rule, outsider.provision) == ("no-chair", fr.ProvisionRef(1, 3))
    act(association, "hold-meeting", later, "direktion", chaired_by="DC Sorø")
    act(association, "propose-phase", later, "direktion", vote=TIE, **phase)
    assert association.at(later).phases["fase-1"].state == "proposed"


# --- 6. Operation starts once the board has constituted itself -------------------------------


def test_operation_needs_every_board_seat_filled_and_a_chair(statute: Statute) -> None:
    association = founded(statute)
    for m in ("Sorø", "Køge"):
        elect(
            association,
            "generalforsamling",
            "bestyrelse",
            FOUNDING,
            f"KD {m}",
            m,
            "kommunaldirektoer",
        )
    day = D(2015, 10, 2)
    meeting(association, "bestyrelse", day)
    empty = refused(association, "start-operation", day, "bestyrelse", vote=vote(2))
    assert (empty.rule, empty.provision) == ("guard:constituted", OPERATION)
    assert empty.message == (
        "bestyrelse has not constituted itself: 2 of 3 seats are filled; "
        "it has chosen no chair who sits"
    )
    assert empty.state == "founded"
    elect(
        association,
        "generalforsamling",
        "bestyrelse",
        day,
        "KD Næstved",
        "Næstved",
        "kommunaldirektoer",
    )
    unchaired = refused(association, "start-operation", day, "bestyrelse", vote=vote(3))
    assert (unchaired.rule, unchaired.provision) == ("guard:constituted", OPERATION)
    assert (
        unchaired.message
        == "bestyrelse has not constituted itself: it has chosen no chair who sits"
    )
    choose_chair(association, "bestyrelse", day, "KD Sorø")
    act(association, "start-operation", day, "bestyrelse", vote=vote(3))
    assert association.at(day).association == "operating"


def test_operation_does_not_start_with_a_chair_who_left(association: Association) -> None:
    """staffed: three seats and KD Køge in the chair, until the generalforsamling
    vacates that seat (and fills it again with someone else)."""
    decide(association, "generalforsamling", DAY, "vacate", body="bestyrelse", person="KD Køge")
    elect(
        association,
        "generalforsamling",
        "bestyrelse",
        DAY,
        "KD Køge 2",
        "Køge",
        "kommunaldirektoer",
    )
    meeting(association, "bestyrelse", DAY)
    error = refused(association, "start-operation", DAY, "bestyrelse", vote=vote(3))
    assert (error.rule, error.provision) == ("guard:constituted", OPERATION)
    assert error.message == "bestyrelse has not constituted itself: it has chosen no chair who sits"
    choose_chair(association, "bestyrelse", DAY, "KD Køge 2")
    act(association, "start-operation", DAY, "bestyrelse", vote=vote(3))
    assert association.at(DAY).association == "operating"
