"""The protocol replayed through the statute: acts, refusals, the clock."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

import foreningsregler as fr
from foreningsregler.protocol.association import Association, RuleViolation
from foreningsregler.protocol.ledger import Event, JsonlLedger, MemoryLedger, SqliteLedger
from foreningsregler.statute.model import ProvisionRef, Statute

FIXTURE = Path(__file__).parent / "fixtures" / "forening.yaml"
D = dt.date
MEMBERS = ("Sorø", "Næstved", "Køge")


@pytest.fixture(scope="module")
def statute() -> Statute:
    return fr.load(FIXTURE)


def act(association: Association, kind: str, day: dt.date, actor: str, **data: Any) -> None:
    association.record(Event(kind, day, actor, data))


def refused(
    association: Association, kind: str, day: dt.date, actor: str, **data: Any
) -> RuleViolation:
    before = association.events
    with pytest.raises(RuleViolation) as caught:
        act(association, kind, day, actor, **data)
    assert association.events == before  # a refused event changes nothing
    return caught.value


def founded(statute: Statute, ledger: Any = None) -> Association:
    """Three members admitted at the founding generalforsamling of 1 October 2015."""
    association = Association(statute, ledger)
    for m in MEMBERS:
        act(association, "sign-declaration", D(2015, 3, 1), m)
    for m in MEMBERS:
        act(association, "approve-in-principle", D(2015, 6, 1), m)
    act(association, "hold-meeting", D(2015, 10, 1), "generalforsamling")
    for m in MEMBERS:
        act(association, "admit", D(2015, 10, 1), "generalforsamling", municipality=m)
    return association


def adopt_phase(association: Association, phase: str, day: dt.date, start: str, end: str) -> None:
    """Proposed on ``day``, recommended the next day, adopted at a meeting the day after."""
    act(association, "propose-phase", day, "direktion", phase=phase, start=start, end=end)
    act(association, "recommend-phase", day + dt.timedelta(days=1), "bestyrelse", phase=phase)
    meeting = day + dt.timedelta(days=2)
    act(association, "hold-meeting", meeting, "generalforsamling")
    act(association, "adopt-phase", meeting, "generalforsamling", phase=phase)


def with_phase_1(statute: Statute, ledger: Any = None) -> Association:
    """Phase 1 (2016-2017) proposed, recommended, adopted; all three join."""
    association = founded(statute, ledger)
    adopt_phase(association, "fase-1", D(2015, 11, 1), "2016-01-01", "2017-12-31")
    for m in MEMBERS:
        act(association, "join-phase", D(2015, 11, 3), m, phase="fase-1")
    return association


def test_membership_runs_through_its_lifecycle(statute: Statute) -> None:
    association = founded(statute)
    assert association.at(D(2015, 9, 30)).membership == dict.fromkeys(MEMBERS, "approved")
    assert association.at(D(2015, 10, 1)).members == set(MEMBERS)


def test_admission_needs_a_meeting_of_the_generalforsamling(statute: Statute) -> None:
    association = Association(statute)
    act(association, "sign-declaration", D(2015, 3, 1), "Sorø")
    act(association, "approve-in-principle", D(2015, 6, 1), "Sorø")
    error = refused(association, "admit", D(2015, 10, 1), "generalforsamling", municipality="Sorø")
    assert error.rule == "guard:at_general_assembly"
    assert error.provision == ProvisionRef(3, 1)
    assert error.state == "approved"


def test_a_phase_is_adopted_only_on_the_boards_recommendation(statute: Statute) -> None:
    association = founded(statute)
    act(
        association,
        "propose-phase",
        D(2015, 11, 1),
        "direktion",
        phase="fase-1",
        start="2016-01-01",
        end="2017-12-31",
    )
    act(association, "hold-meeting", D(2015, 11, 2), "generalforsamling")
    error = refused(association, "adopt-phase", D(2015, 11, 2), "generalforsamling", phase="fase-1")
    assert (error.rule, error.provision, error.state) == (
        "no-transition",
        ProvisionRef(2, 3),
        "proposed",
    )
    wrong = refused(association, "recommend-phase", D(2015, 11, 2), "direktion", phase="fase-1")
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
    act(
        association,
        "exercise",
        D(2016, 9, 1),
        "f3-it",
        power="igangsaet-anskaffelse",
        phase="fase-1",
        municipality="Sorø",
    )
    other = refused(
        association,
        "exercise",
        D(2016, 9, 1),
        "f3-it",
        power="igangsaet-anskaffelse",
        phase="fase-2",
        municipality="Sorø",
    )
    assert (other.rule, other.provision) == ("power:phase-not-adopted", ProvisionRef(2, 4))
    outsider = refused(
        association,
        "exercise",
        D(2016, 9, 1),
        "f3-it",
        power="igangsaet-anskaffelse",
        phase="fase-1",
        municipality="Roskilde",
    )
    assert outsider.rule == "power:not-participating"
    board = refused(
        association,
        "exercise",
        D(2016, 9, 1),
        "bestyrelse",
        power="igangsaet-anskaffelse",
        phase="fase-1",
        municipality="Sorø",
    )
    assert board.rule == "power:no-chain"


def test_withdrawal_mid_phase_is_refused_and_notice_takes_effect_at_phase_end(
    statute: Statute,
) -> None:
    association = with_phase_1(statute)
    error = refused(association, "withdraw", D(2016, 9, 2), "Køge")
    assert error.rule == "guard:no_joined_phase_unended"
    assert error.provision == ProvisionRef(3, 2)
    assert "ends on 2017-12-31" in error.message
    act(association, "give-notice", D(2016, 9, 3), "Køge")
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
    association = founded(statute)
    adopt_phase(association, "fase-1", D(2015, 11, 1), "2016-01-01", "2017-12-31")
    error = refused(association, "join-phase", D(2015, 11, 4), "Sorø", phase="fase-1")
    assert (error.rule, error.provision) == ("guard:at_general_assembly", ProvisionRef(2, 5))
    proxy = refused(
        association, "join-phase", D(2015, 11, 3), "Køge", phase="fase-1", municipality="Sorø"
    )
    assert proxy.rule == "actor"


def test_elections_follow_eligibility_and_seat_rules(statute: Statute) -> None:
    association = founded(statute)
    act(
        association,
        "elect",
        D(2015, 10, 1),
        "Sorø",
        body="f14-it",
        person="Anne",
        municipality="Sorø",
        role="fagchef",
    )
    act(
        association,
        "elect",
        D(2015, 10, 1),
        "f14-it",
        body="f3-it",
        person="Anne",
        municipality="Sorø",
        role="fagchef",
    )
    not_drawn = refused(
        association,
        "elect",
        D(2015, 10, 1),
        "f14-it",
        body="f3-it",
        person="Bo",
        municipality="Køge",
        role="fagchef",
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
    )
    assert wrong_role.rule == "not-eligible"
    act(
        association,
        "elect",
        D(2015, 10, 1),
        "generalforsamling",
        body="bestyrelse",
        person="Bo",
        municipality="Køge",
        role="kommunaldirektoer",
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
    )
    assert twice.rule == "one-seat-per-member"
    seats = association.at(D(2016, 1, 1)).seats
    assert [(s.person, s.municipality) for s in seats["f3-it"]] == [("Anne", "Sorø")]


@pytest.mark.parametrize(
    ("vote", "state"),
    [
        ({"present": 3, "yes": 2, "no": 1}, "passed"),
        ({"present": 3, "yes": 1, "no": 2}, "failed"),
        ({"present": 2, "yes": 1, "no": 1, "chair": "yes"}, "passed"),
        ({"present": 2, "yes": 1, "no": 1}, "failed"),
        ({"present": 1, "yes": 1, "no": 0}, "failed"),  # no quorum: 2 of 3 needed
    ],
)
def test_a_vote_passes_only_under_the_bodys_rule(
    statute: Statute, vote: dict[str, Any], state: str
) -> None:
    association = founded(statute)
    act(
        association, "draft-proposal", D(2016, 1, 1), "bestyrelse", proposal="p1", body="bestyrelse"
    )
    act(association, "put-to-vote", D(2016, 1, 2), "bestyrelse", proposal="p1")
    act(association, "vote", D(2016, 1, 2), "bestyrelse", proposal="p1", **vote)
    assert association.at(D(2016, 1, 3)).decisions["p1"].state == state


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
    again = Association(statute, make())
    for day in (D(2015, 10, 1), D(2016, 9, 3), D(2018, 1, 1)):
        assert again.at(day) == first.at(day)
    assert again.events == first.events
