"""The protocol replayed through the statute: acts, refusals, the clock."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_procedure_support import (
    ANSKAF,
    FOUNDING,
    MEMBERS,
    D,
    act,
    adopt_phase,
    applied,
    decide,
    elect,
    fixture_statute,
    founded,
    meeting,
    procure,
    refused,
    staffed,
    vote,
    with_phase_1,
)

from foreningsregler.protocol import JsonlLedger, MemoryLedger, SqliteLedger
from foreningsregler.protocol.association import Association
from foreningsregler.statute.model import ProvisionRef, Statute


@pytest.fixture(scope="module")
def statute() -> Statute:
    return fixture_statute()


def test_membership_runs_through_its_lifecycle(statute: Statute) -> None:
    association = founded(statute)
    assert association.at(D(2015, 9, 30)).membership == dict.fromkeys(MEMBERS, "approved")
    assert association.at(D(2015, 10, 1)).members == set(MEMBERS)


def test_admission_needs_a_meeting_of_the_generalforsamling(statute: Statute) -> None:
    association = applied(statute, members=("Sorø",))
    # optag-medlem is a power: not before the association is founded (§ 5, stk. 1).
    early = refused(
        association, "admit", FOUNDING, "generalforsamling", municipality="Sorø", vote=vote(1)
    )
    assert (early.rule, early.provision, early.state) == (
        "not-founded",
        ProvisionRef(5, 1),
        "approved",
    )
    decide(association, "generalforsamling", FOUNDING, "hold-founding-assembly")
    # Admission is a decision of the generalforsamling: without its meeting
    # the procedure refuses it before the guard at_general_assembly is asked.
    day = D(2015, 10, 2)
    error = refused(
        association, "admit", day, "generalforsamling", municipality="Sorø", vote=vote(1)
    )
    assert error.rule == "no-meeting"
    assert error.provision == ProvisionRef(4, 3)
    assert error.state == "approved"
    assert "no meeting of generalforsamling is recorded on 2015-10-02" in error.message
    meeting(association, "generalforsamling", day)
    act(association, "admit", day, "generalforsamling", municipality="Sorø", vote=vote(1))
    assert association.at(day).members == {"Sorø"}


def test_a_phase_is_adopted_only_on_the_boards_recommendation(statute: Statute) -> None:
    association = staffed(founded(statute))
    decide(
        association,
        "direktion",
        D(2015, 11, 1),
        "propose-phase",
        phase="fase-1",
        start="2016-01-01",
        end="2017-12-31",
    )
    meeting(association, "generalforsamling", D(2015, 11, 2))
    error = refused(
        association,
        "adopt-phase",
        D(2015, 11, 2),
        "generalforsamling",
        phase="fase-1",
        vote=vote(3),
    )
    assert (error.rule, error.provision, error.state) == (
        "no-transition",
        ProvisionRef(2, 3),
        "proposed",
    )
    meeting(association, "direktion", D(2015, 11, 2))
    wrong = refused(
        association, "recommend-phase", D(2015, 11, 2), "direktion", phase="fase-1", vote=vote(3)
    )
    assert (wrong.rule, wrong.provision) == ("actor", ProvisionRef(2, 2))


def test_phase_status_follows_the_clock(statute: Statute) -> None:
    association = with_phase_1(statute)
    states = [
        association.at(day).phases["fase-1"].state
        for day in (D(2015, 12, 31), D(2016, 1, 1), D(2017, 12, 31), D(2018, 1, 1))
    ]
    assert states == ["adopted", "running", "running", "ended"]
    assert association.at(D(2016, 5, 1)).participants("fase-1") == set(MEMBERS)


def test_f3_acts_only_within_an_adopted_running_phase_for_participants(
    statute: Statute,
) -> None:
    association = with_phase_1(statute)
    # fase-2 is on record (proposed) but not adopted.
    decide(
        association,
        "direktion",
        D(2016, 8, 1),
        "propose-phase",
        phase="fase-2",
        start="2018-01-01",
        end="2019-12-31",
    )
    procure(association, D(2016, 9, 1))
    other = refused(
        association,
        "exercise",
        D(2016, 9, 1),
        "f3-it",
        power=ANSKAF,
        phase="fase-2",
        municipality="Sorø",
        area="it",
        vote=vote(3),
    )
    assert (other.rule, other.provision) == ("power:phase-not-adopted", ProvisionRef(2, 4))
    outsider = refused(
        association,
        "exercise",
        D(2016, 9, 1),
        "f3-it",
        power=ANSKAF,
        phase="fase-1",
        municipality="Roskilde",
        area="it",
        vote=vote(3),
    )
    assert outsider.rule == "power:not-participating"
    assert outsider.provision == ProvisionRef(2, 4)
    board = refused(
        association,
        "exercise",
        D(2016, 9, 1),
        "bestyrelse",
        power=ANSKAF,
        phase="fase-1",
        municipality="Sorø",
        area="it",
        vote=vote(3),
    )
    assert board.rule == "power:no-chain"
    assert board.provision == ProvisionRef(2, 4)


def test_withdrawal_mid_phase_is_refused_and_notice_takes_effect_at_phase_end(
    statute: Statute,
) -> None:
    association = with_phase_1(statute)
    unnoticed = refused(association, "withdraw", D(2016, 9, 2), "Køge")
    assert (unnoticed.rule, unnoticed.provision) == ("notice", ProvisionRef(3, 2))
    act(association, "give-notice", D(2016, 9, 3), "Køge")
    # Six months' notice has run, but Køge has joined fase-1, which runs on.
    error = refused(association, "withdraw", D(2017, 3, 3), "Køge")
    assert error.rule == "guard:no_joined_phase_unended"
    assert error.provision == ProvisionRef(3, 2)
    assert "ends on 2017-12-31" in error.message
    assert "Køge" in association.at(D(2017, 12, 31)).members
    assert association.at(D(2018, 1, 1)).members == {"Sorø", "Næstved"}
    assert association.at(D(2018, 1, 1)).membership["Køge"] == "withdrawn"


def test_declining_the_next_phase_means_leaving_when_the_current_one_ends(
    statute: Statute,
) -> None:
    association = with_phase_1(statute)
    adopt_phase(association, "fase-2", D(2017, 6, 1), "2018-01-01", "2019-12-31")
    act(association, "decline-phase", D(2017, 6, 3), "Næstved", phase="fase-2")
    assert "Næstved" in association.at(D(2017, 12, 31)).members
    assert "Næstved" not in association.at(D(2018, 1, 1)).members


def test_joining_happens_only_at_the_generalforsamling(statute: Statute) -> None:
    association = staffed(founded(statute))
    adopt_phase(association, "fase-1", D(2015, 11, 1), "2016-01-01", "2017-12-31")
    error = refused(association, "join-phase", D(2015, 11, 4), "Sorø", phase="fase-1")
    assert (error.rule, error.provision) == ("guard:at_general_assembly", ProvisionRef(2, 5))
    proxy = refused(
        association, "join-phase", D(2015, 11, 3), "Køge", phase="fase-1", municipality="Sorø"
    )
    assert proxy.rule == "actor"


def test_elections_follow_eligibility_and_seat_rules(statute: Statute) -> None:
    association = founded(statute)
    elect(association, "Sorø", "f14-it", D(2015, 10, 1), "Anne", "Sorø", "fagchef")
    elect(association, "f14-it", "f3-it", D(2015, 10, 1), "Anne", "Sorø", "fagchef")
    not_drawn = refused(
        association,
        "elect",
        D(2015, 10, 1),
        "f14-it",
        body="f3-it",
        person="Bo",
        municipality="Køge",
        role="fagchef",
        vote=vote(3),
    )
    assert (not_drawn.rule, not_drawn.provision) == ("not-drawn-from", ProvisionRef(1, 4))
    wrong_role = refused(
        association,
        "elect",
        D(2015, 10, 1),
        "generalforsamling",
        body="bestyrelse",
        person="Bo",
        municipality="Køge",
        role="fagchef",
        vote=vote(3),
    )
    assert wrong_role.rule == "not-eligible"
    elect(
        association,
        "generalforsamling",
        "bestyrelse",
        D(2015, 10, 1),
        "Bo",
        "Køge",
        "kommunaldirektoer",
    )
    twice = refused(
        association,
        "elect",
        D(2015, 10, 1),
        "generalforsamling",
        body="bestyrelse",
        person="Bodil",
        municipality="Køge",
        role="kommunaldirektoer",
        vote=vote(3),
    )
    assert twice.rule == "one-seat-per-member"
    seats = association.at(D(2016, 1, 1)).seats
    assert [(s.person, s.municipality) for s in seats["f3-it"]] == [("Anne", "Sorø")]


def _put_to_vote(statute: Statute) -> Association:
    """A proposal of the bestyrelse (in office) put to the vote at its meeting of 2 January 2016."""
    association = staffed(founded(statute))
    act(
        association, "draft-proposal", D(2016, 1, 1), "bestyrelse", proposal="p1", body="bestyrelse"
    )
    act(association, "put-to-vote", D(2016, 1, 2), "bestyrelse", proposal="p1")
    meeting(association, "bestyrelse", D(2016, 1, 2))
    return association


@pytest.mark.parametrize(
    ("cast", "state"),
    [
        ({"present": 3, "yes": 2, "no": 1}, "passed"),
        ({"present": 3, "yes": 1, "no": 2}, "failed"),
        ({"present": 2, "yes": 1, "no": 1, "chair": "yes"}, "passed"),
        ({"present": 2, "yes": 1, "no": 1}, "failed"),
    ],
)
def test_a_vote_passes_only_under_the_bodys_rule(
    statute: Statute, cast: dict[str, Any], state: str
) -> None:
    association = _put_to_vote(statute)
    act(association, "vote", D(2016, 1, 2), "bestyrelse", proposal="p1", vote=cast)
    assert association.at(D(2016, 1, 3)).decisions["p1"].state == state


def test_an_inquorate_vote_decides_nothing(statute: Statute) -> None:
    """No quorum (2 of 3 needed): the vote is refused, not a rejection."""
    association = _put_to_vote(statute)
    error = refused(association, "vote", D(2016, 1, 2), "bestyrelse", proposal="p1", vote=vote(1))
    assert (error.rule, error.provision) == ("not-quorate", ProvisionRef(4, 1))
    assert "1 present, 2 needed under flertal" in error.message
    assert association.at(D(2016, 1, 3)).decisions["p1"].state == "put-to-vote"


def test_unknown_events_and_out_of_order_dates_are_refused(statute: Statute) -> None:
    association = founded(statute)
    assert refused(association, "dance", D(2016, 1, 1), "Sorø").rule == "unknown-event"
    late = refused(association, "give-notice", D(2015, 1, 1), "Sorø")
    assert late.rule == "out-of-order"


@pytest.mark.parametrize("store", ["memory", "jsonl", "sqlite"])
def test_replaying_a_store_gives_the_same_state(
    statute: Statute, tmp_path: Path, store: str
) -> None:
    def make() -> Any:
        if store == "jsonl":
            return JsonlLedger(tmp_path / "protokol.jsonl")
        if store == "sqlite":
            return SqliteLedger(tmp_path / "protokol.db")
        return memory

    memory = MemoryLedger()
    first = with_phase_1(statute, make())
    act(first, "give-notice", D(2016, 9, 3), "Køge")
    procure(first, D(2016, 9, 4))
    again = Association(statute, make())
    for day in (D(2015, 10, 1), D(2016, 9, 3), D(2018, 1, 1)):
        assert again.at(day) == first.at(day)
    assert again.events == first.events
