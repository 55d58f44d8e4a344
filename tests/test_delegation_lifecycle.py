"""Delegation as a lifecycle, and everything an F3's procurement needs.

Rules 8 and 9 of issue 9 on the fixture statute: the generalforsamling's
delegation ``anskaffelser-til-f3`` of igangsaet-anskaffelse (§ 2, stk. 4) is
a record per receiving body in the lifecycle ``delegering`` (§ 2, stk. 9):
granted by the statute, then suspended, granted again and revoked by
decisions of the generalforsamling. The competence index answers on each
day with the protocol's state (``association.at(day)``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from test_procedure_support import (
    ANSKAF,
    DELEGATION,
    FIXTURE,
    D,
    act,
    decide,
    fixture_statute,
    founded,
    meeting,
    procure,
    refused,
    staffed,
    vote,
    with_phase_1,
)

import foreningsregler as fr
from foreningsregler.authority.answers import Condition, Reason, StaticState, Withheld
from foreningsregler.protocol.association import Association
from foreningsregler.statute.model import ProvisionRef, Statute

LIFECYCLE = ProvisionRef(2, 9)  # the transitions of delegering
DELEGATED = ProvisionRef(2, 4)  # the delegation itself
FACTS = {"phase": "fase-1", "municipality": "Sorø", "area": "it"}
SUSPENDED, GRANTED, REVOKED = D(2016, 3, 1), D(2016, 4, 1), D(2016, 5, 2)


@pytest.fixture(scope="module")
def statute() -> Statute:
    return fixture_statute()


def _gf(association: Association, trigger: str, day: dt.date, **data: Any) -> None:
    decide(association, "generalforsamling", day, trigger, delegation=DELEGATION, **data)


def _answer(association: Association, day: dt.date, body: str = "f3-it") -> fr.Answer:
    facts = {**FACTS, "area": body.removeprefix("f3-")}
    return association.authority.check(body, ANSKAF, on=day, state=association.at(day), **facts)


@pytest.fixture(scope="module")
def lifecycle(statute: Statute) -> Association:
    """Granted by the statute; suspended, granted again, revoked for f3-it."""
    association = with_phase_1(statute)
    procure(association, D(2016, 2, 1))
    _gf(association, "suspend-delegation", SUSPENDED, to="f3-it")
    _gf(association, "grant-delegation", GRANTED, to="f3-it")
    procure(association, D(2016, 4, 2))
    _gf(association, "revoke-delegation", REVOKED, to="f3-it")
    return association


def test_a_statute_granted_delegation_starts_granted(statute: Statute) -> None:
    state = founded(statute).at(D(2015, 10, 1))
    assert state.delegations == {(DELEGATION, "f3-it"): "givet", (DELEGATION, "f3-social"): "givet"}
    assert state.withheld_delegations == {}


@pytest.mark.parametrize(
    ("day", "state", "denied"),
    [
        (D(2016, 2, 29), "givet", None),
        (
            SUSPENDED,
            "suspenderet",
            "the delegation anskaffelser-til-f3 to f3-it is suspenderet since 2016-03-01",
        ),
        (D(2016, 3, 31), "suspenderet", "is suspenderet since 2016-03-01"),
        (GRANTED, "givet", None),
        (D(2016, 5, 1), "givet", None),
        (
            REVOKED,
            "tilbagekaldt",
            "the delegation anskaffelser-til-f3 to f3-it is tilbagekaldt since 2016-05-02",
        ),
        (D(2017, 6, 1), "tilbagekaldt", "is tilbagekaldt since 2016-05-02"),
    ],
)
def test_the_authority_answers_by_the_delegations_state_on_each_day(
    lifecycle: Association, day: dt.date, state: str, denied: str | None
) -> None:
    assert lifecycle.at(day).delegations[(DELEGATION, "f3-it")] == state
    answer = _answer(lifecycle, day)
    assert answer.evaluated
    if denied is None:
        assert answer.allowed
        assert answer.denials == ()
        return
    assert not answer.allowed
    [denial] = answer.denials
    assert (denial.reason, denial.provision) == (Reason.DELEGATION_WITHHELD, LIFECYCLE)
    assert denial.reason.value == "delegation-withheld"
    assert denied in denial.message


def test_each_receiving_body_has_its_own_record(lifecycle: Association) -> None:
    state = lifecycle.at(D(2017, 6, 1))
    assert state.delegations[(DELEGATION, "f3-social")] == "givet"
    assert set(state.withheld_delegations) == {(DELEGATION, "f3-it")}
    withheld = state.withheld_delegations[(DELEGATION, "f3-it")]
    assert withheld == Withheld("tilbagekaldt", REVOKED, LIFECYCLE)
    assert _answer(lifecycle, D(2017, 6, 1), "f3-social").allowed


def test_an_exercise_under_a_withheld_delegation_is_refused(statute: Statute) -> None:
    association = with_phase_1(statute)
    _gf(association, "suspend-delegation", SUSPENDED, to="f3-it")
    meeting(association, "f3-it", D(2016, 3, 2))
    error = refused(
        association, "exercise", D(2016, 3, 2), "f3-it", power=ANSKAF, vote=vote(3), **FACTS
    )
    assert (error.rule, error.provision) == ("power:delegation-withheld", LIFECYCLE)
    assert error.message == (
        "the delegation anskaffelser-til-f3 to f3-it is suspenderet since 2016-03-01"
    )
    _gf(association, "grant-delegation", GRANTED, to="f3-it")
    procure(association, GRANTED)
    _gf(association, "revoke-delegation", REVOKED, to="f3-it")
    meeting(association, "f3-it", D(2016, 5, 3))
    revoked = refused(
        association, "exercise", D(2016, 5, 3), "f3-it", power=ANSKAF, vote=vote(3), **FACTS
    )
    assert (revoked.rule, revoked.provision) == ("power:delegation-withheld", LIFECYCLE)
    assert "tilbagekaldt since 2016-05-02" in revoked.message


def test_a_revoked_delegation_is_final(lifecycle: Association) -> None:
    error = refused(
        lifecycle,
        "grant-delegation",
        D(2017, 6, 1),
        "generalforsamling",
        delegation=DELEGATION,
        to="f3-it",
        vote=vote(3),
    )
    assert (error.rule, error.provision, error.state) == (
        "no-transition",
        LIFECYCLE,
        "tilbagekaldt",
    )
    assert "(possible: none)" in error.message


def test_a_granted_delegation_cannot_be_granted_again(statute: Statute) -> None:
    association = staffed(founded(statute))
    meeting(association, "generalforsamling", D(2016, 3, 1))
    error = refused(
        association,
        "grant-delegation",
        D(2016, 3, 1),
        "generalforsamling",
        delegation=DELEGATION,
        to="f3-it",
        vote=vote(3),
    )
    assert (error.rule, error.provision, error.state) == ("no-transition", LIFECYCLE, "givet")


def test_only_the_delegating_body_changes_a_delegation(statute: Statute) -> None:
    association = staffed(founded(statute))
    meeting(association, "bestyrelse", D(2016, 3, 1))
    error = refused(
        association,
        "suspend-delegation",
        D(2016, 3, 1),
        "bestyrelse",
        delegation=DELEGATION,
        to="f3-it",
        vote=vote(3),
    )
    assert (error.rule, error.provision) == ("actor", LIFECYCLE)
    assert error.message == "'suspend-delegation' is for generalforsamling, not bestyrelse"


def test_changing_a_delegation_is_a_decision_of_the_generalforsamling(statute: Statute) -> None:
    association = staffed(founded(statute))
    day = D(2016, 3, 1)
    args = {"delegation": DELEGATION, "to": "f3-it"}
    no_meeting = refused(
        association, "suspend-delegation", day, "generalforsamling", vote=vote(3), **args
    )
    assert (no_meeting.rule, no_meeting.provision) == ("no-meeting", ProvisionRef(4, 3))
    meeting(association, "generalforsamling", day)
    no_vote = refused(association, "suspend-delegation", day, "generalforsamling", **args)
    assert (no_vote.rule, no_vote.provision) == ("no-vote", ProvisionRef(4, 2))
    inquorate = refused(
        association, "suspend-delegation", day, "generalforsamling", vote=vote(1), **args
    )
    assert (inquorate.rule, inquorate.provision) == ("not-quorate", ProvisionRef(4, 2))
    failed = refused(
        association, "suspend-delegation", day, "generalforsamling", vote=vote(3, 1, 2), **args
    )
    assert (failed.rule, failed.provision) == ("vote-failed", ProvisionRef(4, 2))
    act(association, "suspend-delegation", day, "generalforsamling", vote=vote(3), **args)
    assert association.at(day).delegations[(DELEGATION, "f3-it")] == "suspenderet"


@pytest.mark.parametrize("to", [None, "f3-sociale", "f3"])
def test_the_receiving_body_must_be_named(statute: Statute, to: str | None) -> None:
    association = staffed(founded(statute))
    meeting(association, "generalforsamling", D(2016, 3, 1))
    named = {} if to is None else {"to": to}
    error = refused(
        association,
        "suspend-delegation",
        D(2016, 3, 1),
        "generalforsamling",
        delegation=DELEGATION,
        vote=vote(3),
        **named,
    )
    assert (error.rule, error.provision) == ("missing-data", DELEGATED)
    assert error.message == (
        "name the body the delegation anskaffelser-til-f3 goes to: to: one of f3-it, f3-social"
    )


def test_an_unknown_delegation_is_refused(statute: Statute) -> None:
    association = staffed(founded(statute))
    meeting(association, "generalforsamling", D(2016, 3, 1))
    error = refused(
        association,
        "suspend-delegation",
        D(2016, 3, 1),
        "generalforsamling",
        delegation="anskaffelser-til-f4",
        to="f3-it",
        vote=vote(3),
    )
    # The delegation lifecycle is cited (there was no provision before the review).
    assert (error.rule, error.provision) == ("unknown-delegation", LIFECYCLE)
    assert error.message == (
        "the statute knows no delegation 'anskaffelser-til-f4'; did you mean 'anskaffelser-til-f3'?"
    )


# --- Without a state ---------------------------------------------------------------------


def test_without_a_state_the_grant_is_a_condition(statute: Statute) -> None:
    answer = fr.Authority(statute).check("f3-it", ANSKAF)
    assert answer.allowed
    assert not answer.evaluated
    grant = Condition(None, "f3-it", DELEGATED, DELEGATION)
    assert answer.conditions[0] == grant
    assert str(grant) == (
        "only while the delegation anskaffelser-til-f3 to f3-it is granted [§ 2, stk. 4]"
    )
    assert [c.scope.value for c in answer.conditions[1:] if c.scope is not None] == [
        "adopted_phases",
        "own_area",
        "participating_municipalities",
        "running_phases",
    ]
    assert answer.to_json()["conditions"][0]["delegation"] == DELEGATION
    # The generalforsamling holds the power: no delegation conditions its own acts.
    assert all(
        c.delegation is None
        for c in fr.Authority(statute).check("generalforsamling", ANSKAF).conditions
    )


def test_a_state_given_by_hand_may_withhold_the_delegation(statute: Statute) -> None:
    withheld = Withheld("suspenderet", D(2016, 3, 1), LIFECYCLE)
    state = StaticState(
        adopted=frozenset({"fase-1"}),
        running=frozenset({"fase-1"}),
        participants={"fase-1": frozenset({"Sorø"})},
        withheld_delegations={(DELEGATION, "f3-it"): withheld},
    )
    authority = fr.Authority(statute)
    denied = authority.check("f3-it", ANSKAF, state=state, **FACTS)
    assert [d.reason for d in denied.denials] == [Reason.DELEGATION_WITHHELD]
    assert authority.check("f3-social", ANSKAF, state=state, **{**FACTS, "area": "social"}).allowed


# --- A delegation granted by decision -------------------------------------------------------


@pytest.fixture(scope="module")
def by_decision() -> Statute:
    text = FIXTURE.read_text("utf-8")
    old = "  - id: anskaffelser-til-f3\n"
    assert text.count(old) == 1
    return fr.loads(text.replace(old, old + "    granted: decision\n"), name="forening.yaml")


def test_a_delegation_granted_by_decision_starts_not_granted(by_decision: Statute) -> None:
    association = with_phase_1(by_decision)
    assert association.at(D(2016, 1, 4)).delegations[(DELEGATION, "f3-it")] == "foreslaaet"
    meeting(association, "f3-it", D(2016, 1, 4))
    error = refused(
        association, "exercise", D(2016, 1, 4), "f3-it", power=ANSKAF, vote=vote(3), **FACTS
    )
    assert (error.rule, error.provision) == ("power:delegation-withheld", DELEGATED)
    assert error.message == "the delegation anskaffelser-til-f3 to f3-it is foreslaaet"
    _gf(association, "grant-delegation", D(2016, 2, 1), to="f3-it")
    procure(association, D(2016, 2, 2))


# --- 9. Everything an F3's procurement needs --------------------------------------------------


@pytest.fixture
def running(statute: Statute) -> Association:
    return with_phase_1(statute)


def test_an_f3_procures_at_its_meeting_by_vote(running: Association) -> None:
    day = D(2016, 9, 1)
    no_meeting = refused(running, "exercise", day, "f3-it", power=ANSKAF, vote=vote(3), **FACTS)
    assert (no_meeting.rule, no_meeting.provision) == ("no-meeting", ProvisionRef(1, 4))
    meeting(running, "f3-it", day)
    no_vote = refused(running, "exercise", day, "f3-it", power=ANSKAF, **FACTS)
    assert (no_vote.rule, no_vote.provision) == ("no-vote", ProvisionRef(4, 1))
    inquorate = refused(running, "exercise", day, "f3-it", power=ANSKAF, vote=vote(1), **FACTS)
    assert (inquorate.rule, inquorate.provision) == ("not-quorate", ProvisionRef(4, 1))
    failed = refused(running, "exercise", day, "f3-it", power=ANSKAF, vote=vote(3, 1, 2), **FACTS)
    assert (failed.rule, failed.provision) == ("vote-failed", ProvisionRef(4, 1))
    act(running, "exercise", day, "f3-it", power=ANSKAF, vote=vote(3, 2, 1), **FACTS)


def test_an_f3_no_one_has_been_elected_to_cannot_procure(running: Association) -> None:
    day = D(2016, 9, 1)
    social = {**FACTS, "area": "social"}
    assert _answer(running, day, "f3-social").allowed  # the competence is there
    meeting_refused = refused(running, "hold-meeting", day, "f3-social")
    assert (meeting_refused.rule, meeting_refused.provision) == (
        "not-in-office",
        ProvisionRef(1, 4),
    )
    error = refused(
        running, "exercise", day, "f3-social", power=ANSKAF, written=True, vote=vote(3), **social
    )
    assert (error.rule, error.provision) == ("not-in-office", ProvisionRef(1, 4))
    assert error.message == "no one has been elected to f3-social on 2016-09-01; it cannot act"


def test_an_f3_procures_only_when_every_condition_holds(running: Association) -> None:
    """One refusal per condition, then the same act with all of them."""
    day = D(2016, 9, 1)
    meeting(running, "f3-it", day)
    cases = [
        ({"area": None}, "power:area-required"),
        ({"phase": None}, "power:phase-required"),
        ({"municipality": None}, "power:municipality-required"),
        ({"area": "social"}, "power:other-area"),
        ({"municipality": "Roskilde"}, "power:not-participating"),
    ]
    for change, rule in cases:
        facts = {k: v for k, v in {**FACTS, **change}.items() if v is not None}
        error = refused(running, "exercise", day, "f3-it", power=ANSKAF, vote=vote(3), **facts)
        assert (error.rule, error.provision) == (rule, DELEGATED)
    procure(running, day)
