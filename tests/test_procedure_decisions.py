"""A collegial body decides in office, at its meeting, by a quorate vote that passes.

Rules 1 to 3 of issue 9 on the fixture statute: ``not-in-office``,
``no-meeting`` (and the written procedure of the direktion), ``no-vote``,
``bad-vote``, ``not-quorate``, ``vote-failed``, the decision lifecycle's
vote, elections by a collegial body, and the notice of a generalforsamling.
Every refusal is checked for its rule and provision, and for changing
nothing (``refused``); every rule also has its passing case.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from test_procedure_support import (
    ANSKAF,
    FOUNDING,
    D,
    act,
    applied,
    called,
    decide,
    elect,
    fixture_statute,
    founded,
    meeting,
    refused,
    staffed,
    vote,
)

from foreningsregler.protocol import procedure
from foreningsregler.protocol.association import Association
from foreningsregler.protocol.facts import counts_key
from foreningsregler.protocol.state import RuleViolation
from foreningsregler.statute.model import ProvisionRef, Statute

FLERTAL = ProvisionRef(4, 1)  # bestyrelse, direktion, f3
GF_FLERTAL = ProvisionRef(4, 2)
GF_MEETINGS = ProvisionRef(4, 3)
GF_NOTICE = ProvisionRef(4, 4)
BOARD_DAY, PROPOSAL_DAY = D(2016, 1, 5), D(2016, 1, 2)
PHASE = {"phase": "fase-1", "start": "2016-01-01", "end": "2017-12-31"}


@pytest.fixture(scope="module")
def statute() -> Statute:
    return fixture_statute()


@pytest.fixture
def staffed_association(statute: Statute) -> Association:
    return staffed(founded(statute))


def _board_meets(association: Association, day: dt.date = BOARD_DAY) -> dt.date:
    meeting(association, "bestyrelse", day)
    return day


# --- 1. In office -------------------------------------------------------------------


def test_a_board_no_one_has_been_elected_to_cannot_even_meet(statute: Statute) -> None:
    association = founded(statute)
    error = refused(association, "hold-meeting", FOUNDING, "bestyrelse")
    assert (error.rule, error.provision) == ("not-in-office", ProvisionRef(1, 2))
    assert error.message == "no one has been elected to bestyrelse on 2015-10-01; it cannot act"
    elect(
        association,
        "generalforsamling",
        "bestyrelse",
        FOUNDING,
        "KD Sorø",
        "Sorø",
        "kommunaldirektoer",
    )
    act(association, "hold-meeting", FOUNDING, "bestyrelse")


def test_an_appointed_body_cannot_act_before_its_appointment(statute: Statute) -> None:
    """Not even in writing: the written procedure does not put a body in office."""
    association = founded(statute)
    day = D(2015, 11, 1)
    error = refused(
        association, "propose-phase", day, "direktion", written=True, vote=vote(3), **PHASE
    )
    assert (error.rule, error.provision) == ("not-in-office", ProvisionRef(1, 3))
    assert "no one has been appointed to direktion on 2015-11-01" in error.message
    staffed(association, D(2015, 10, 20))
    act(association, "propose-phase", day, "direktion", written=True, vote=vote(3), **PHASE)
    assert association.at(day).phases["fase-1"].state == "proposed"


def test_a_body_whose_members_have_all_left_is_out_of_office(statute: Statute) -> None:
    """A seat counts while its municipality is a member."""
    association = founded(statute, members=("Sorø", "Køge"))
    elect(
        association,
        "generalforsamling",
        "bestyrelse",
        FOUNDING,
        "KD Sorø",
        "Sorø",
        "kommunaldirektoer",
    )
    act(association, "give-notice", D(2015, 10, 2), "Sorø")
    act(association, "hold-meeting", D(2016, 4, 1), "bestyrelse")
    # Sorø joined no phase: its notice of 2015-10-02 runs out on 2016-04-02.
    assert association.at(D(2016, 4, 2)).membership["Sorø"] == "withdrawn"
    error = refused(association, "hold-meeting", D(2016, 4, 2), "bestyrelse")
    assert (error.rule, error.provision) == ("not-in-office", ProvisionRef(1, 2))


# --- 1. The meeting ---------------------------------------------------------------


def test_a_board_decides_only_at_its_meeting_that_day(staffed_association: Association) -> None:
    association = staffed_association
    decide(association, "direktion", D(2015, 11, 1), "propose-phase", **PHASE)
    meeting(association, "bestyrelse", D(2015, 11, 1))  # the day before
    meeting(association, "direktion", D(2015, 11, 2))  # another body
    error = refused(
        association, "recommend-phase", D(2015, 11, 2), "bestyrelse", phase="fase-1", vote=vote(3)
    )
    assert (error.rule, error.provision) == ("no-meeting", ProvisionRef(1, 2))
    assert error.message == (
        "bestyrelse decides at a meeting; no meeting of bestyrelse is recorded on 2015-11-02"
    )
    assert error.state == "proposed"
    meeting(association, "bestyrelse", D(2015, 11, 2))
    act(association, "recommend-phase", D(2015, 11, 2), "bestyrelse", phase="fase-1", vote=vote(3))
    assert association.at(D(2015, 11, 2)).phases["fase-1"].state == "recommended"


def test_the_generalforsamling_decides_at_its_meeting(staffed_association: Association) -> None:
    """Its own procurement (it holds igangsaet-anskaffelse): vedtag-faser, the
    power this test used, is exercised only by adopt-phase now (use-transition)."""
    association = staffed_association
    error = refused(
        association,
        "exercise",
        D(2016, 2, 1),
        "generalforsamling",
        power=ANSKAF,
        vote=vote(3),
    )
    assert (error.rule, error.provision) == ("no-meeting", GF_MEETINGS)
    assert "no meeting of generalforsamling is recorded on 2016-02-01" in error.message


def test_the_direktion_may_decide_in_writing(staffed_association: Association) -> None:
    association = staffed_association
    day = D(2015, 11, 1)
    error = refused(association, "propose-phase", day, "direktion", vote=vote(3), **PHASE)
    assert (error.rule, error.provision) == ("no-meeting", ProvisionRef(1, 5))
    assert error.message == (
        "direktion decides at a meeting or in writing (written: true); "
        "no meeting of direktion is recorded on 2015-11-01"
    )
    not_true = refused(
        association, "propose-phase", day, "direktion", written="true", vote=vote(3), **PHASE
    )
    assert (not_true.rule, not_true.provision) == ("bad-data", ProvisionRef(1, 5))
    assert not_true.message == "'written' is true or false, not 'true'"
    act(association, "propose-phase", day, "direktion", written=True, vote=vote(3), **PHASE)
    assert association.at(day).phases["fase-1"].state == "proposed"


def test_the_written_procedure_is_refused_where_the_statute_has_none(
    staffed_association: Association,
) -> None:
    association = staffed_association
    decide(association, "direktion", D(2015, 11, 1), "propose-phase", **PHASE)
    error = refused(
        association,
        "recommend-phase",
        D(2015, 11, 2),
        "bestyrelse",
        phase="fase-1",
        written=True,
        vote=vote(3),
    )
    assert (error.rule, error.provision) == ("no-meeting", ProvisionRef(1, 2))
    assert "in writing" not in error.message
    # Nor may the generalforsamling elect in writing.
    by_letter = refused(
        association,
        "elect",
        D(2015, 11, 2),
        "generalforsamling",
        body="bestyrelse",
        person="KD Roskilde",
        municipality="Sorø",
        role="kommunaldirektoer",
        written=True,
    )
    assert (by_letter.rule, by_letter.provision) == ("no-meeting", GF_MEETINGS)


def test_an_individual_power_needs_no_meeting_and_no_vote(
    staffed_association: Association,
) -> None:
    """meld-behov is ``individual``: f14-it's fagchef acts alone for Sorø."""
    association = staffed_association
    act(
        association,
        "exercise",
        D(2016, 2, 1),
        "f14-it",
        power="meld-behov",
        municipality="Sorø",
        person="FC it Sorø",
    )


# --- 1. The vote --------------------------------------------------------------------


def test_a_decision_without_its_vote_is_refused(staffed_association: Association) -> None:
    association = staffed_association
    meeting(association, "direktion", D(2015, 11, 1))
    error = refused(association, "propose-phase", D(2015, 11, 1), "direktion", **PHASE)
    assert (error.rule, error.provision) == ("no-vote", FLERTAL)
    assert "vote: {present, yes, no, abstain}" in error.message
    # The vote of the old shape (top-level counts) is no vote.
    flat = refused(
        association,
        "propose-phase",
        D(2015, 11, 1),
        "direktion",
        present=3,
        yes=3,
        no=0,
        **PHASE,
    )
    assert (flat.rule, flat.provision) == ("no-vote", FLERTAL)


@pytest.mark.parametrize(
    ("cast", "message"),
    [
        ({"present": 3, "yes": 2.9, "no": 0}, "'yes' is a whole number, not 2.9"),
        ({"present": 3, "yes": True, "no": 0}, "'yes' is a whole number, not True"),
        ({"present": "3", "yes": 3, "no": 0}, "'present' is a whole number, not '3'"),
        ({"present": 3, "yes": 3, "no": -1}, "'no' cannot be negative"),
        ({"present": 3, "yes": 3, "no": 0, "abstain": 1.0}, "'abstain' is a whole number"),
        ({"present": 2, "yes": 2, "no": 1}, "3 votes but 2 present"),
        ({"present": 3, "yes": 2, "no": 1, "abstain": 1}, "4 votes but 3 present"),
        ({"present": 4, "yes": 4, "no": 0}, "4 present but the body has 3 seats"),
        ({"present": 3, "no": 0}, "the vote needs 'yes' (a whole number)"),
        ({"present": 3, "yes": 3, "no": 0, "maybe": 1}, "a vote has no 'maybe'"),
        (
            {"present": 3, "yes": 3, "no": 0, "chair": "perhaps"},
            "the chair's vote is 'yes' or 'no'",
        ),
        ([3, 3, 0], "vote is a mapping of present, yes, no, abstain"),
    ],
)
def test_a_vote_that_cannot_be_true_is_refused(
    staffed_association: Association, cast: Any, message: str
) -> None:
    association = staffed_association
    meeting(association, "direktion", D(2015, 11, 1))
    error = refused(association, "propose-phase", D(2015, 11, 1), "direktion", vote=cast, **PHASE)
    assert (error.rule, error.provision) == ("bad-vote", FLERTAL)
    assert message in error.message


def test_present_counts_only_the_seats_filled(statute: Statute) -> None:
    """Two of the bestyrelse's three seats are filled: three cannot be present."""
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
    day = _board_meets(association)
    # The board's recommendation of the fee is a decision of it (indstil-faser, the
    # power this test used, is recommend-phase's now, and "x" no phase on record).
    error = refused(
        association, "recommend", day, "bestyrelse", power="fastsaet-kontingent", vote=vote(3)
    )
    assert (error.rule, error.provision) == ("bad-vote", FLERTAL)
    assert "3 present but the body has 2 seats" in error.message
    act(association, "recommend", day, "bestyrelse", power="fastsaet-kontingent", vote=vote(2))


def test_the_founding_assembly_is_the_founders(statute: Statute) -> None:
    """Before the first admission the three founders make up the assembly: the
    one that founds the association (§ 5, stk. 1), then admits its members."""
    association = applied(statute)
    act(association, "hold-meeting", FOUNDING, "generalforsamling")
    too_many = refused(
        association, "hold-founding-assembly", FOUNDING, "generalforsamling", vote=vote(4)
    )
    assert (too_many.rule, too_many.provision) == ("bad-vote", GF_FLERTAL)
    assert "4 present but the body has 3 seats" in too_many.message
    too_few = refused(
        association, "hold-founding-assembly", FOUNDING, "generalforsamling", vote=vote(1)
    )
    assert (too_few.rule, too_few.provision) == ("not-quorate", GF_FLERTAL)
    act(association, "hold-founding-assembly", FOUNDING, "generalforsamling", vote=vote(2))
    assert association.at(FOUNDING).association == "founded"
    four = refused(
        association, "admit", FOUNDING, "generalforsamling", municipality="Sorø", vote=vote(4)
    )
    assert (four.rule, four.provision) == ("bad-vote", GF_FLERTAL)
    assert "4 present but the body has 3 seats" in four.message
    one = refused(
        association, "admit", FOUNDING, "generalforsamling", municipality="Sorø", vote=vote(1)
    )
    assert (one.rule, one.provision) == ("not-quorate", GF_FLERTAL)
    assert "1 present, 2 needed under gf-flertal" in one.message
    act(association, "admit", FOUNDING, "generalforsamling", municipality="Sorø", vote=vote(2))
    assert association.at(FOUNDING).members == {"Sorø"}
    # All day long the founders make up the founding meeting, not the one member.
    act(association, "admit", FOUNDING, "generalforsamling", municipality="Køge", vote=vote(3))
    assert association.at(FOUNDING).members == {"Sorø", "Køge"}
    # The next time, the members: Næstved, approved but not admitted, is not counted.
    later = D(2016, 3, 1)
    meeting(association, "generalforsamling", later)
    three = refused(
        association, "admit", later, "generalforsamling", municipality="Næstved", vote=vote(3)
    )
    assert (three.rule, three.provision) == ("bad-vote", GF_FLERTAL)
    assert "3 present but the body has 2 seats" in three.message
    act(association, "admit", later, "generalforsamling", municipality="Næstved", vote=vote(2))


def test_only_members_attend_the_generalforsamling_once_founded(
    staffed_association: Association,
) -> None:
    """An applicant that has signed is no member: it is not counted present,
    not even at the meeting that admits it."""
    association = staffed_association
    act(association, "sign-declaration", D(2016, 1, 4), "Roskilde")
    act(association, "approve-in-principle", D(2016, 1, 5), "Roskilde")
    day = D(2016, 3, 1)
    meeting(association, "generalforsamling", day)
    error = refused(
        association, "admit", day, "generalforsamling", municipality="Roskilde", vote=vote(4)
    )
    assert (error.rule, error.provision) == ("bad-vote", GF_FLERTAL)
    assert "4 present but the body has 3 seats" in error.message
    act(association, "admit", day, "generalforsamling", municipality="Roskilde", vote=vote(3))


def test_an_inquorate_meeting_decides_nothing(staffed_association: Association) -> None:
    association = staffed_association
    decide(association, "direktion", D(2015, 11, 1), "propose-phase", **PHASE)
    day = _board_meets(association, D(2015, 11, 2))
    before = association.events
    error = refused(association, "recommend-phase", day, "bestyrelse", phase="fase-1", vote=vote(1))
    assert (error.rule, error.provision) == ("not-quorate", FLERTAL)
    assert error.message == (
        "bestyrelse was not quorate (1 present, 2 needed under flertal); "
        "an inquorate meeting decides nothing"
    )
    assert association.events == before
    assert association.at(day).phases["fase-1"].state == "proposed"
    act(association, "recommend-phase", day, "bestyrelse", phase="fase-1", vote=vote(2))
    assert association.at(day).phases["fase-1"].state == "recommended"


def test_the_generalforsamlings_quorum_is_half_the_members(
    staffed_association: Association,
) -> None:
    association = staffed_association
    day = D(2016, 3, 1)
    meeting(association, "generalforsamling", day)
    error = refused(association, "exercise", day, "generalforsamling", power=ANSKAF, vote=vote(1))
    assert (error.rule, error.provision) == ("not-quorate", GF_FLERTAL)
    assert "1 present, 2 needed under gf-flertal" in error.message


@pytest.mark.parametrize(
    ("cast", "reason"),
    [
        (vote(3, yes=1, no=2), "1 of 3 for: no majority under flertal"),
        (vote(2, yes=1, no=1), "1 of 2 for: no majority under flertal"),
        (vote(2, yes=1, no=1, chair="no"), "the chair's casting vote was no"),
        (vote(3, yes=0, no=0, abstain=3), "0 of 0 for: no majority"),
    ],
)
def test_a_vote_that_does_not_pass_is_refused(
    staffed_association: Association, cast: dict[str, Any], reason: str
) -> None:
    """The direktion chooses no chair: a casting vote is its meeting leader's, who
    is recorded on the meeting (chaired_by, since the second review)."""
    association = staffed_association
    act(association, "hold-meeting", D(2015, 11, 1), "direktion", chaired_by="DC Køge")
    error = refused(association, "propose-phase", D(2015, 11, 1), "direktion", vote=cast, **PHASE)
    assert (error.rule, error.provision) == ("vote-failed", FLERTAL)
    assert error.message.startswith("the vote did not pass: ")
    assert reason in error.message


@pytest.mark.parametrize(
    "cast", [vote(3), vote(3, yes=2, no=1), vote(2), vote(3, yes=1, no=0, abstain=2)]
)
def test_a_quorate_vote_that_passes_decides(
    staffed_association: Association, cast: dict[str, Any]
) -> None:
    association = staffed_association
    meeting(association, "direktion", D(2015, 11, 1))
    act(association, "propose-phase", D(2015, 11, 1), "direktion", vote=cast, **PHASE)
    assert association.at(D(2015, 11, 1)).phases["fase-1"].state == "proposed"


def test_the_generalforsamling_rejects_a_tie(staffed_association: Association) -> None:
    """gf-flertal has no casting vote: a tie is no majority."""
    association = staffed_association
    day = D(2016, 3, 1)
    meeting(association, "generalforsamling", day)
    error = refused(
        association,
        "exercise",
        day,
        "generalforsamling",
        power=ANSKAF,
        vote=vote(2, yes=1, no=1),
    )
    assert (error.rule, error.provision) == ("vote-failed", GF_FLERTAL)
    act(association, "exercise", day, "generalforsamling", power=ANSKAF, vote=vote(3, 2, 1))


# --- 1. The decision lifecycle's vote ------------------------------------------------


def _proposal(association: Association, day: dt.date = PROPOSAL_DAY) -> dt.date:
    act(association, "draft-proposal", day, "bestyrelse", proposal="p1", body="bestyrelse")
    act(association, "put-to-vote", day, "bestyrelse", proposal="p1")
    return day


def test_the_vote_on_a_proposal_is_refused_when_inquorate_not_rejected(
    staffed_association: Association,
) -> None:
    association = staffed_association
    day = _board_meets(association, _proposal(association))
    error = refused(association, "vote", day, "bestyrelse", proposal="p1", vote=vote(1))
    assert (error.rule, error.provision) == ("not-quorate", FLERTAL)
    assert error.state == "put-to-vote"
    assert association.at(day).decisions["p1"].state == "put-to-vote"


def test_a_failing_vote_on_a_proposal_rejects_it(staffed_association: Association) -> None:
    association = staffed_association
    day = _board_meets(association, _proposal(association))
    act(association, "vote", day, "bestyrelse", proposal="p1", vote=vote(3, yes=1, no=2))
    assert association.at(day).decisions["p1"].state == "failed"


def test_the_vote_on_a_proposal_follows_the_procedure(staffed_association: Association) -> None:
    association = staffed_association
    day = _proposal(association)
    no_meeting = refused(association, "vote", day, "bestyrelse", proposal="p1", vote=vote(3))
    assert (no_meeting.rule, no_meeting.provision) == ("no-meeting", ProvisionRef(1, 2))
    _board_meets(association, day)
    flat = refused(association, "vote", day, "bestyrelse", proposal="p1", present=3, yes=3, no=0)
    assert (flat.rule, flat.provision) == ("no-vote", FLERTAL)
    bad = refused(association, "vote", day, "bestyrelse", proposal="p1", vote=vote(3, yes=2.5))
    assert (bad.rule, bad.provision) == ("bad-vote", FLERTAL)
    other = refused(association, "vote", day, "direktion", proposal="p1", vote=vote(3))
    assert other.rule == "actor"
    assert "the proposal p1 is decided by bestyrelse, not direktion" in other.message
    act(association, "vote", day, "bestyrelse", proposal="p1", vote=vote(3))
    assert association.at(day).decisions["p1"].state == "passed"


# --- 2. Elections by a collegial body ----------------------------------------------


def test_the_generalforsamling_elects_at_its_meeting(statute: Statute) -> None:
    association = founded(statute)
    day = D(2016, 1, 20)
    args = {"body": "bestyrelse", "person": "KD Sorø", "municipality": "Sorø"}
    error = refused(
        association, "elect", day, "generalforsamling", role="kommunaldirektoer", **args
    )
    assert (error.rule, error.provision) == ("no-meeting", GF_MEETINGS)
    meeting(association, "generalforsamling", day)
    # An election is a decision: it needs its vote (elections needed none before).
    no_vote = refused(
        association, "elect", day, "generalforsamling", role="kommunaldirektoer", **args
    )
    assert (no_vote.rule, no_vote.provision) == ("no-vote", GF_FLERTAL)
    act(
        association,
        "elect",
        day,
        "generalforsamling",
        role="kommunaldirektoer",
        vote=vote(3),
        **args,
    )
    assert [s.person for s in association.at(day).seats["bestyrelse"]] == ["KD Sorø"]


def test_the_board_appoints_the_direktion_in_office_and_at_its_meeting(
    statute: Statute,
) -> None:
    association = founded(statute)
    args = {"body": "direktion", "person": "DC Sorø", "municipality": "Sorø"}
    early = refused(
        association,
        "elect",
        FOUNDING,
        "bestyrelse",
        role="digitaliseringschef",
        vote=vote(1),
        **args,
    )
    assert (early.rule, early.provision) == ("not-in-office", ProvisionRef(1, 2))
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
    no_meeting = refused(
        association, "elect", day, "bestyrelse", role="digitaliseringschef", vote=vote(2), **args
    )
    assert (no_meeting.rule, no_meeting.provision) == ("no-meeting", ProvisionRef(1, 2))
    meeting(association, "bestyrelse", day)
    # The appointment is a decision: 1 present is no quorum of flertal (2).
    inquorate = refused(
        association, "elect", day, "bestyrelse", role="digitaliseringschef", vote=vote(1), **args
    )
    assert (inquorate.rule, inquorate.provision) == ("not-quorate", FLERTAL)
    assert "1 present, 2 needed under flertal" in inquorate.message
    act(association, "elect", day, "bestyrelse", role="digitaliseringschef", vote=vote(2), **args)
    assert [s.person for s in association.at(day).seats["direktion"]] == ["DC Sorø"]


def test_an_f14_elects_its_f3_at_its_meeting(statute: Statute) -> None:
    association = founded(statute)
    day = D(2015, 10, 2)
    elect(association, "Sorø", "f14-it", day, "FC it Sorø", "Sorø", "fagchef")  # no meeting
    args = {"body": "f3-it", "person": "FC it Sorø", "municipality": "Sorø", "role": "fagchef"}
    error = refused(association, "elect", day, "f14-it", vote=vote(3), **args)
    assert (error.rule, error.provision) == ("no-meeting", ProvisionRef(1, 4))
    social = refused(association, "elect", day, "f14-social", vote=vote(3), **args)
    assert (social.rule, social.provision) == ("actor", ProvisionRef(1, 4))
    meeting(association, "f14-it", day)
    no_vote = refused(association, "elect", day, "f14-it", **args)
    assert (no_vote.rule, no_vote.provision) == ("no-vote", ProvisionRef(4, 5))
    act(association, "elect", day, "f14-it", vote=vote(3), **args)


# --- 3. The notice of a generalforsamling ---------------------------------------------


def test_the_founding_meeting_needs_no_call(statute: Statute) -> None:
    association = founded(statute)
    first = next(e for e in association.events if e.kind == "hold-meeting")
    assert (first.date, dict(first.data)) == (FOUNDING, {})


@pytest.mark.parametrize(
    ("call", "message"),
    [
        ({}, "a meeting of generalforsamling needs the day it was called: called_on (YYYY-MM-DD)"),
        ({"called_by": "bestyrelse"}, "needs the day it was called"),
        ({"called_on": "two weeks ago", "called_by": "bestyrelse"}, "needs the day it was called"),
        (called(D(2016, 3, 1), days=13), "called on 2016-02-17, 13 days before; 14 days'"),
        (called(D(2016, 3, 1), days=0), "0 days before; 14 days' notice is required"),
        (called(D(2016, 3, 1), by="direktion"), "is called by bestyrelse (called_by)"),
        ({"called_on": "2016-02-01"}, "a meeting of generalforsamling is called by bestyrelse"),
    ],
)
def test_a_generalforsamling_is_called_in_time_by_the_board(
    staffed_association: Association, call: dict[str, str], message: str
) -> None:
    association = staffed_association
    error = refused(association, "hold-meeting", D(2016, 3, 1), "generalforsamling", **call)
    assert (error.rule, error.provision) == ("meeting-notice", GF_NOTICE)
    assert message in error.message


@pytest.mark.parametrize("days", [14, 15, 60])
def test_a_generalforsamling_called_in_time_meets(
    staffed_association: Association, days: int
) -> None:
    association = staffed_association
    day = D(2016, 3, 1)
    act(association, "hold-meeting", day, "generalforsamling", **called(day, days=days))
    act(association, "exercise", day, "generalforsamling", power=ANSKAF, vote=vote(3))


def test_other_bodies_meet_without_a_call(staffed_association: Association) -> None:
    """An F3 names its chair from the direktion (§ 1, stk. 6), but no call either."""
    for body in ("bestyrelse", "direktion", "f14-it"):
        act(staffed_association, "hold-meeting", D(2016, 3, 1), body)
    act(staffed_association, "hold-meeting", D(2016, 3, 1), "f3-it", chaired_by="DC Køge")


def test_a_vote_kept_by_its_counts_is_counted_again_for_other_seats(
    staffed_association: Association,
) -> None:
    """A vote read of its counts alone is kept by its rule, seats and counts
    (procedure._tallied): the same counts in a body of other seats meet the
    quorum or the seats anew, and a refusal is never kept."""
    replay = staffed_association._replay
    body = replay.body("generalforsamling")
    rule = replay.rules.statute.voting_rule("gf-flertal")
    assert body is not None and rule.quorum is not None and rule.quorum.fraction == 1 / 2
    facts = {"vote": {"present": 2, "yes": 2, "no": 0}}

    def tallied(data: dict[str, Any], seated: tuple[int, int]) -> Any:
        counts = counts_key(data)  # the vote's key, as ``decide`` gives it
        return procedure._tallied(replay, body, rule, data, BOARD_DAY, seated, None, counts)

    passed = tallied(facts, (3, 3))
    assert passed.passed
    for seated, refusal in (((5, 5), "not-quorate"), ((1, 1), "bad-vote"), ((5, 5), "not-quorate")):
        with pytest.raises(RuleViolation) as refused_here:
            tallied(facts, seated)
        assert (refused_here.value.rule, refused_here.value.provision) == (refusal, GF_FLERTAL)
    assert tallied(facts, (3, 3)) is passed
    failed = tallied({"vote": {"present": 3, "yes": 1, "no": 2}}, (3, 3))
    assert not failed.passed  # an outcome that does not pass is arithmetic too
