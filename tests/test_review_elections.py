"""Review items 1 to 3 on the fixture statute: elections and vacancies are
decisions of the body that fills the seat; seats drawn from another body are
for the same member and end with that seat; staff sit for no member.

Each rule is refused with its rule and provision (and ``refused`` checks the
refusal changed nothing) beside the act that passes.
"""

from __future__ import annotations

import pytest
from test_procedure_support import (
    FIXTURE,
    FOUNDING,
    D,
    act,
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

GF_FLERTAL = fr.ProvisionRef(4, 2)
FLERTAL = fr.ProvisionRef(4, 1)
BESTYRELSE = fr.ProvisionRef(1, 2)  # the generalforsamling elects the bestyrelse
FAGUDVALG = fr.ProvisionRef(1, 4)  # f14 (each member's fagchef), f3 drawn from it
SEKRETARIAT = fr.ProvisionRef(1, 8)  # the direktion employs the staff
BOARD = {"body": "bestyrelse", "person": "KD Sorø", "municipality": "Sorø"}
KD = "kommunaldirektoer"


@pytest.fixture(scope="module")
def statute() -> Statute:
    return fixture_statute()


@pytest.fixture
def association(statute: Statute) -> Association:
    """Founded by three members at the meeting of 1 October 2015; no one elected."""
    return founded(statute)


# --- 1. An election is a decision of the electing body -----------------------------------


def test_an_election_by_one_of_three_members_is_not_quorate(association: Association) -> None:
    error = refused(
        association, "elect", FOUNDING, "generalforsamling", role=KD, vote=vote(1), **BOARD
    )
    assert (error.rule, error.provision) == ("not-quorate", GF_FLERTAL)
    assert error.message == (
        "generalforsamling was not quorate (1 present, 2 needed under gf-flertal); "
        "an inquorate meeting decides nothing"
    )
    assert "bestyrelse" not in association.at(FOUNDING).seats


def test_an_election_the_vote_does_not_carry_is_refused(association: Association) -> None:
    error = refused(
        association,
        "elect",
        FOUNDING,
        "generalforsamling",
        role=KD,
        vote=vote(3, yes=1, no=2),
        **BOARD,
    )
    assert (error.rule, error.provision) == ("vote-failed", GF_FLERTAL)
    assert error.message == "the vote did not pass: 1 of 3 for: no majority under gf-flertal"


def test_an_election_without_its_vote_or_meeting_is_refused(association: Association) -> None:
    no_vote = refused(association, "elect", FOUNDING, "generalforsamling", role=KD, **BOARD)
    assert (no_vote.rule, no_vote.provision) == ("no-vote", GF_FLERTAL)
    day = D(2015, 10, 2)
    no_meeting = refused(
        association, "elect", day, "generalforsamling", role=KD, vote=vote(3), **BOARD
    )
    assert (no_meeting.rule, no_meeting.provision) == ("no-meeting", fr.ProvisionRef(4, 3))


def test_an_election_the_vote_carries_fills_the_seat(association: Association) -> None:
    act(association, "elect", FOUNDING, "generalforsamling", role=KD, vote=vote(3, 2, 1), **BOARD)
    [seat] = association.at(FOUNDING).seats["bestyrelse"]
    assert (seat.person, seat.municipality, seat.role, seat.since) == (
        "KD Sorø",
        "Sorø",
        KD,
        FOUNDING,
    )


def test_a_seat_is_vacated_by_its_elector_not_by_an_outsider(association: Association) -> None:
    staffed(association)
    day = D(2016, 3, 1)
    seat = {"body": "bestyrelse", "person": "KD Sorø"}
    meeting(association, "bestyrelse", day)
    board = refused(association, "vacate", day, "bestyrelse", vote=vote(3), **seat)
    assert (board.rule, board.provision) == ("actor", BESTYRELSE)
    assert board.message == "bestyrelse is filled by generalforsamling, not bestyrelse"
    itself = refused(association, "vacate", day, "Sorø", **seat)
    assert (itself.rule, itself.provision) == ("actor", BESTYRELSE)
    assert itself.message == "bestyrelse is filled by generalforsamling, not Sorø"
    meeting(association, "generalforsamling", day)
    unvoted = refused(association, "vacate", day, "generalforsamling", **seat)
    assert (unvoted.rule, unvoted.provision) == ("no-vote", GF_FLERTAL)
    failed = refused(association, "vacate", day, "generalforsamling", vote=vote(3, 1, 2), **seat)
    assert (failed.rule, failed.provision) == ("vote-failed", GF_FLERTAL)
    act(association, "vacate", day, "generalforsamling", vote=vote(3), **seat)
    assert "KD Sorø" not in {s.person for s in association.at(day).seats["bestyrelse"]}
    # A seat that has ended cannot be vacated again.
    meeting(association, "generalforsamling", D(2016, 4, 1))
    gone = refused(association, "vacate", D(2016, 4, 1), "generalforsamling", vote=vote(3), **seat)
    assert (gone.rule, gone.provision) == ("no-seat", BESTYRELSE)


def test_a_member_vacates_the_seat_it_names_itself_without_a_vote(
    association: Association,
) -> None:
    staffed(association)
    day = D(2016, 3, 1)
    seat = {"body": "f14-it", "person": "FC it Sorø"}
    other = refused(association, "vacate", day, "Køge", **seat)
    assert (other.rule, other.provision) == ("actor", FAGUDVALG)
    assert other.message == "each member names its own seat in f14-it; Køge cannot act for Sorø's"
    act(association, "vacate", day, "Sorø", **seat)
    assert "FC it Sorø" not in {s.person for s in association.at(day).seats["f14-it"]}


def test_a_board_appointment_is_a_decision_of_the_board(association: Association) -> None:
    staffed(association)
    day = D(2016, 3, 1)
    facts = {"body": "direktion", "person": "DC Roskilde", "municipality": "Sorø"}
    meeting(association, "bestyrelse", day)
    act(association, "vacate", day, "bestyrelse", body="direktion", person="DC Sorø", vote=vote(3))
    inquorate = refused(
        association, "elect", day, "bestyrelse", role="digitaliseringschef", vote=vote(1), **facts
    )
    assert (inquorate.rule, inquorate.provision) == ("not-quorate", FLERTAL)
    act(association, "elect", day, "bestyrelse", role="digitaliseringschef", vote=vote(2), **facts)
    assert "DC Roskilde" in {s.person for s in association.at(day).seats["direktion"]}


@pytest.fixture(scope="module")
def with_terms() -> Statute:
    """The fixture with a two-year term for the bestyrelse."""
    old = '    filled_by: {method: election, by: generalforsamling, provision: "§ 1, stk. 2"}\n'
    source = FIXTURE.read_text("utf-8")
    assert source.count(old) == 1
    new = (
        "    filled_by: {method: election, by: generalforsamling, term_years: 2,"
        ' provision: "§ 1, stk. 2"}\n'
    )
    return fr.loads(source.replace(old, new), name="forening.yaml")


def test_re_electing_a_sitting_person_renews_the_seat(with_terms: Statute) -> None:
    association = founded(with_terms)
    elect(association, "generalforsamling", "bestyrelse", FOUNDING, "KD Sorø", "Sorø", KD)
    again = D(2016, 10, 1)
    meeting(association, "generalforsamling", again)
    # Another person for Sorø is still one seat too many for it.
    twice = refused(
        association,
        "elect",
        again,
        "generalforsamling",
        role=KD,
        vote=vote(3),
        **{**BOARD, "person": "KD Sorø 2"},
    )
    assert (twice.rule, twice.provision) == ("one-seat-per-member", BESTYRELSE)
    act(association, "elect", again, "generalforsamling", role=KD, vote=vote(3), **BOARD)
    [seat] = association.at(again).seats["bestyrelse"]
    assert (seat.since, seat.renewed) == (FOUNDING, again)
    # The first term would have ended on 2017-10-01; the renewed one runs to 2018-10-01.
    assert [s.person for s in association.at(D(2018, 9, 30)).seats["bestyrelse"]] == ["KD Sorø"]
    assert association.at(D(2018, 10, 1)).seats.get("bestyrelse", ()) == ()


# --- 2. A seat drawn from another body -------------------------------------------------------


@pytest.fixture
def fagudvalg(association: Association) -> Association:
    """Each member has named its fagchef in f14-it, which meets on 2 October 2015."""
    for m in ("Sorø", "Køge", "Næstved"):
        elect(association, m, "f14-it", D(2015, 10, 2), f"FC it {m}", m, "fagchef")
    meeting(association, "f14-it", D(2015, 10, 2))
    return association


def test_an_f3_seat_is_for_the_member_the_person_sits_for_in_f14(
    fagudvalg: Association,
) -> None:
    day = D(2015, 10, 2)
    facts = {"body": "f3-it", "person": "FC it Sorø", "role": "fagchef", "vote": vote(3)}
    other = refused(fagudvalg, "elect", day, "f14-it", municipality="Køge", **facts)
    assert (other.rule, other.provision) == ("not-drawn-from", FAGUDVALG)
    assert other.message == "FC it Sorø sits in f14-it for Sorø, not for Køge"
    outsider = refused(
        fagudvalg, "elect", day, "f14-it", **{**facts, "person": "Bo"}, municipality="Køge"
    )
    assert (outsider.rule, outsider.provision) == ("not-drawn-from", FAGUDVALG)
    assert outsider.message == "f3-it is drawn from f14-it; Bo does not sit there"
    act(fagudvalg, "elect", day, "f14-it", municipality="Sorø", **facts)
    [seat] = fagudvalg.at(day).seats["f3-it"]
    assert (seat.person, seat.municipality) == ("FC it Sorø", "Sorø")


def test_an_f3_seat_ends_with_the_f14_seat_it_is_drawn_from(fagudvalg: Association) -> None:
    day = D(2015, 10, 2)
    for m in ("Sorø", "Køge"):
        elect(fagudvalg, "f14-it", "f3-it", day, f"FC it {m}", m, "fagchef")
    act(fagudvalg, "vacate", D(2016, 2, 1), "Sorø", body="f14-it", person="FC it Sorø")
    assert [s.person for s in fagudvalg.at(D(2016, 1, 31)).seats["f3-it"]] == [
        "FC it Sorø",
        "FC it Køge",
    ]
    assert [s.person for s in fagudvalg.at(D(2016, 2, 1)).seats["f3-it"]] == ["FC it Køge"]
    # Ended with it: the f3 seat cannot be vacated any more.
    meeting(fagudvalg, "f14-it", D(2016, 2, 2))
    gone = refused(
        fagudvalg,
        "vacate",
        D(2016, 2, 2),
        "f14-it",
        body="f3-it",
        person="FC it Sorø",
        vote=vote(2),
    )
    assert (gone.rule, gone.provision) == ("no-seat", FAGUDVALG)


# --- 3. Staff sit for no member ----------------------------------------------------------------


def test_staff_are_employed_by_the_direktion_for_no_member(association: Association) -> None:
    staffed(association)
    day = D(2016, 3, 1)
    staff = {"body": "sekretariat", "person": "Ane Hansen", "role": "sekretariatsmedarbejder"}
    meeting(association, "bestyrelse", day)
    wrong = refused(association, "elect", day, "bestyrelse", vote=vote(3), **staff)
    assert (wrong.rule, wrong.provision) == ("actor", SEKRETARIAT)
    assert wrong.message == "sekretariat is filled by direktion, not bestyrelse"
    meeting(association, "direktion", day)
    unvoted = refused(association, "elect", day, "direktion", **staff)
    assert (unvoted.rule, unvoted.provision) == ("no-vote", FLERTAL)
    act(association, "elect", day, "direktion", vote=vote(3), **staff)
    [seat] = association.at(day).seats["sekretariat"]
    assert (seat.person, seat.municipality) == ("Ane Hansen", None)
    # Held for no member: it outlasts Sorø, which leaves (no phase joined).
    act(association, "give-notice", D(2016, 3, 2), "Sorø")
    later = D(2016, 10, 1)
    assert association.at(later).membership["Sorø"] == "withdrawn"
    assert [s.person for s in association.at(later).seats["sekretariat"]] == ["Ane Hansen"]


def test_a_member_body_seat_still_needs_its_municipality(association: Association) -> None:
    """Only staff and suppliers may be elected without one."""
    error = refused(
        association,
        "elect",
        FOUNDING,
        "generalforsamling",
        body="bestyrelse",
        person="KD Sorø",
        role=KD,
        vote=vote(3),
    )
    assert (error.rule, error.provision) == ("missing-data", None)
    assert error.message == "the event needs 'municipality' (text)"
