"""The quick way of judging a power exercised again on one day (protocol/quick.py).

- it accepts an act only where the full judge accepts it, with the same
  change (nothing): checked here case by case, by a property over facts
  drawn from known and unknown names, votes and extra facts, and, through
  FORENINGSREGLER_VERIFY_QUICK, for every act the whole suite records;
- an act it does not accept goes to the full judge, whose refusal is the
  one it always gave (code, provision);
- a protocol replays to the same states with and without it;
- where the statute alone asks more (a recommendation first, an amount
  limit on every chain, a body set up by decision or acting in the
  interim), it makes no plan.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_procedure_support import (
    ANSKAF,
    FIXTURE,
    MEMBERS,
    D,
    fixture_statute,
    meeting,
    procure,
    with_phase_1,
)

import foreningsregler as fr
from foreningsregler.protocol import acts, facts, quick
from foreningsregler.protocol.association import Association
from foreningsregler.protocol.changes import Change
from foreningsregler.protocol.ledger import Event, MemoryLedger
from foreningsregler.protocol.rules import Rules
from foreningsregler.protocol.state import RuleViolation
from foreningsregler.statute.model import ProvisionRef, Statute

DAY = D(2016, 3, 1)


@pytest.fixture(scope="module")
def statute() -> Statute:
    return fixture_statute()


def first_act(statute: Statute) -> Association:
    """Phase 1 running, f3-it met on DAY and started one procurement (judged in full)."""
    association = with_phase_1(statute, MemoryLedger())
    meeting(association, "f3-it", DAY)
    procure(association, DAY)
    return association


@pytest.fixture
def association(statute: Statute) -> Association:
    return first_act(statute)


def exercise(**data: Any) -> Event:
    facts = {"power": ANSKAF, "phase": "fase-1", "area": "it", "vote": VOTE, **data}
    return Event("exercise", DAY, "f3-it", {k: v for k, v in facts.items() if v is not None})


VOTE = {"present": 3, "yes": 3, "no": 0}


def quickly(association: Association, event: Event) -> bool:
    return quick.accepted(association._replay, event)


def full(association: Association, event: Event) -> Change | RuleViolation:
    try:
        return Change(event.date, acts._judged(association._replay, event))
    except RuleViolation as refusal:
        return refusal


def test_the_suite_checks_every_quick_verdict() -> None:
    assert quick.VERIFY  # tests/conftest.py sets FORENINGSREGLER_VERIFY_QUICK


def test_the_same_act_for_another_member_is_accepted_the_quick_way(
    association: Association,
) -> None:
    event = exercise(municipality="Næstved")
    assert quickly(association, event)
    assert full(association, event) == Change(DAY, ())
    before = association.at(DAY)
    association.record(event)
    assert association.at(DAY) == before  # an act under a power changes no state


def test_nothing_is_accepted_quickly_before_the_full_judge_accepted_the_day(
    statute: Statute,
) -> None:
    association = with_phase_1(statute, MemoryLedger())
    meeting(association, "f3-it", DAY)
    assert not quickly(association, exercise(municipality="Sorø"))


def test_a_change_ends_the_quick_way_until_the_full_judge_accepts_again(
    association: Association,
) -> None:
    event = exercise(municipality="Køge")
    assert quickly(association, event)
    meeting(association, "f14-it", DAY)  # any change: the memo is forgotten
    assert not quickly(association, event)
    association.record(event)  # judged in full, and accepted
    assert quickly(association, exercise(municipality="Næstved"))


VOTES_RULE = ProvisionRef(4, 1)  # udvalgsflertal


@pytest.mark.parametrize(
    ("facts", "rule", "provision"),
    [
        # Ringsted is named by the statute but not a member, so not a participant.
        ({"municipality": "Ringsted"}, "power:not-participating", ProvisionRef(2, 4)),
        ({"municipality": "Hillerød"}, "unknown-municipality", ProvisionRef(3)),
        ({"municipality": ""}, "bad-data", None),
        ({"municipality": "Sorø", "phase": "fase-9"}, "unknown-phase", ProvisionRef(2)),
        ({"municipality": "Sorø", "area": "velfaerd"}, "unknown-area", ProvisionRef(1, 4)),
        ({"municipality": "Sorø", "area": "social"}, "power:other-area", ProvisionRef(2, 4)),
        ({"municipality": "Sorø", "vote": {**VOTE, "yes": True}}, "bad-vote", VOTES_RULE),
        ({"municipality": "Sorø", "vote": {**VOTE, "yes": 1, "no": 2}}, "vote-failed", VOTES_RULE),
        ({"municipality": "Sorø", "vote": None}, "no-vote", VOTES_RULE),
        ({"municipality": "Sorø", "proposal": "p-1"}, "unknown-proposal", ProvisionRef(4)),
        ({"municipality": "Sorø", "written": "yes"}, "bad-data", ProvisionRef(1, 4)),
    ],
)
def test_what_the_quick_way_does_not_accept_is_refused_as_always(
    association: Association, facts: dict[str, Any], rule: str, provision: ProvisionRef | None
) -> None:
    event = exercise(**facts)
    assert not quickly(association, event)
    refusal = full(association, event)
    assert isinstance(refusal, RuleViolation), refusal
    assert (refusal.rule, refusal.provision) == (rule, provision), refusal
    with pytest.raises(RuleViolation) as caught:
        association.record(event)
    assert (caught.value.rule, caught.value.message) == (refusal.rule, refusal.message)


def test_an_act_of_another_day_or_body_is_judged_in_full(association: Association) -> None:
    facts = exercise(municipality="Køge").data
    later = Event("exercise", DAY + dt.timedelta(days=1), "f3-it", facts)
    assert not quickly(association, later)
    refusal = full(association, later)
    assert isinstance(refusal, RuleViolation) and refusal.rule == "no-meeting"


#: Ways to make the accepted act another: each fact swapped for a known or an
#: unknown name, another vote or none, an extra fact; a draw takes a few.
CHANGES: list[dict[str, Any]] = [
    *({"municipality": m} for m in ("Næstved", "Køge", "Ringsted", "Hillerød", "", 7)),
    {"municipality": None},
    *({"phase": p} for p in ("fase-9", "", None)),
    *({"area": a} for a in ("social", "velfaerd", None)),
    *(
        {"vote": v}
        for v in (
            {"present": 3, "yes": 2, "no": 1},
            {"present": 3, "yes": 1, "no": 2},
            {"present": 3, "yes": 3.0, "no": 0},
            {"present": 3, "yes": True, "no": 0},
            {"yes": 3, "no": 0, "present": 3},
            None,
        )
    ),
    {"written": False},
    {"written": True},
    {"amount_kr": 10},
    {"x": 1},
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=st.lists(st.sampled_from(CHANGES), max_size=3))
def test_the_quick_way_accepts_only_what_the_full_judge_accepts(
    statute: Statute, changes: list[dict[str, Any]]
) -> None:
    association = _shared(statute)
    facts: dict[str, Any] = {"municipality": "Sorø"}
    for change in changes:
        facts.update(change)
    event = exercise(**facts)
    verdict = full(association, event)
    if quickly(association, event):
        assert verdict == Change(DAY, ()), verdict
        _ACCEPTED.append(event)
    else:
        _REFUSED.append(verdict)


_ASSOCIATIONS: dict[int, Association] = {}
_ACCEPTED: list[Event] = []
_REFUSED: list[Change | RuleViolation] = []


def _shared(statute: Statute) -> Association:
    """One association for the property's examples (nothing is recorded in it)."""
    if id(statute) not in _ASSOCIATIONS:
        _ASSOCIATIONS[id(statute)] = first_act(statute)
    return _ASSOCIATIONS[id(statute)]


def test_the_property_saw_acts_accepted_the_quick_way() -> None:
    # Runs after the property (file order): it must not hold only vacuously.
    assert len(_ACCEPTED) >= 5
    assert sum(isinstance(verdict, RuleViolation) for verdict in _REFUSED) >= 5


def test_a_protocol_replays_to_the_same_states_without_the_quick_way(
    association: Association, monkeypatch: pytest.MonkeyPatch
) -> None:
    for day in (DAY, DAY + dt.timedelta(days=7)):
        meeting(association, "f3-it", day)
        for municipality in MEMBERS:
            procure(association, day, municipality=municipality)
    ledger, rules = association.ledger, Rules.of(association.statute)
    # As a replay runs outside the tests: quick verdicts taken, not checked.
    monkeypatch.setattr(quick, "VERIFY", False)
    taken: list[Event] = []
    accepted = quick.accepted

    def spied(replay: object, event: Event) -> bool:
        found = accepted(replay, event)  # type: ignore[arg-type]
        if found:
            taken.append(event)
        return found

    monkeypatch.setattr(quick, "accepted", spied)
    quick_replay = Association(association.statute, ledger, rules=rules)
    # The first day's acts all follow the fixture's first one; the second day's
    # first act (after its meeting, a change) is judged in full.
    assert len(taken) == len(MEMBERS) + len(MEMBERS) - 1
    monkeypatch.setattr(quick, "accepted", lambda *_: False)
    full_replay = Association(association.statute, ledger, rules=Rules.of(association.statute))
    for day in (DAY, DAY + dt.timedelta(days=7), DAY + dt.timedelta(days=30)):
        assert quick_replay.at(day) == full_replay.at(day)
    assert quick_replay.events == full_replay.events


def test_no_plan_where_the_statute_asks_more(statute: Statute) -> None:
    rules = Rules.of(statute)
    assert quick.plan_of(rules, "f3-it", ANSKAF) is not None
    # A power that needs a recommendation first reads the matter's priors.
    assert quick.plan_of(rules, "generalforsamling", "vedtag-faser") is None
    # Not a power, not a body, not a name.
    assert quick.plan_of(rules, "f3-it", "ingen-magt") is None
    assert quick.plan_of(rules, "Sorø", ANSKAF) is None
    assert quick.plan_of(rules, "f3-it", 7) is None


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ({"present": 3, "yes": 1}, {"present": 3, "yes": True}),  # True == 1
        ({"present": 3, "no": 0}, {"present": 3, "no": False}),  # False == 0
        ({"present": 3, "chair_absent": True}, {"present": 3, "chair_absent": 1}),
    ],
)
def test_a_vote_key_tells_counts_of_another_type_apart(
    one: dict[str, Any], other: dict[str, Any]
) -> None:
    """The key of a decision judged once per day holds each count's type where
    another value equals it: a vote of ``True`` is refused, one of 1 is not."""
    first, second = facts.counts_key({"vote": one}), facts.counts_key({"vote": other})
    assert first is not None and second is not None
    assert first != second
    assert facts.counts_key({"vote": dict(one)}) == first  # the same vote, the same key


@pytest.mark.parametrize(
    "data",
    [
        {"vote": {"present": 3, "yes": 3.0}},  # 3.0 == 3, and no count
        {"vote": {"yes": ["Greve"], "no": []}},  # a named vote reads its names
        {"vote": [3, 3, 0]},
        {"vote": {"present": 3}, "written": 1.0},
    ],
)
def test_a_vote_that_is_not_plain_has_no_key(data: dict[str, Any]) -> None:
    assert facts.counts_key(data) is None


def test_a_vote_read_before_is_not_taken_for_one_of_another_type() -> None:
    """Votes are read once and kept by their counts with their types: a vote
    of ``True`` after one of 1 is still refused, with the rule's provision."""
    cited = ProvisionRef(8, 2)
    read = facts.read_vote({"vote": {"present": 3, "yes": 1, "no": 0}}, cited)
    assert (read.present, read.yes, read.no) == (3, 1, 0)
    with pytest.raises(RuleViolation) as refused:
        facts.read_vote({"vote": {"present": 3, "yes": True, "no": 0}}, cited)
    assert (refused.value.rule, refused.value.provision) == ("bad-vote", cited)
    again = facts.read_vote({"vote": {"present": 3, "yes": 1, "no": 0}}, cited)
    assert again == read


TWO_CHAINS = """  - id: anskaffelser-til-f3-vedtagne
    power: igangsaet-anskaffelse
    from: generalforsamling
    to: f3
    scope: [adopted_phases, own_area]
    provision: "§ 2, stk. 5"
"""
BEFORE_START = D(2015, 12, 1)  # fase-1 adopted on 3 November, running from 2016


@pytest.fixture(scope="module")
def two_chains(tmp_path_factory: pytest.TempPathFactory) -> Statute:
    """The fixture with a second chain of the F3s' power: adopted phases of
    its own area, with no test of running or of the municipality."""
    text = FIXTURE.read_text("utf-8")
    anchor = "voting_rules:\n"
    assert text.count(anchor) == 1
    path = tmp_path_factory.mktemp("two-chains") / "forening.yaml"
    path.write_text(text.replace(anchor, TWO_CHAINS + anchor), "utf-8")
    return fr.load(path)


def test_a_day_granted_by_one_of_two_chains_is_quick_for_its_own_facts_only(
    two_chains: Statute,
) -> None:
    """Before fase-1 runs, only the second chain grants the act (the first
    asks a running phase): the quick way accepts a repeat for another
    participant (its own facts pass every chain's tests), and leaves to the
    full judge one whose municipality fails a test of the other chain."""
    association = with_phase_1(two_chains, MemoryLedger())
    meeting(association, "f3-it", BEFORE_START)
    procure(association, BEFORE_START)  # judged in full: the second chain grants it
    again = Event("exercise", BEFORE_START, "f3-it", exercise(municipality="Køge").data)
    assert quickly(association, again)
    association.record(again)  # and checked against the full judge (FORENINGSREGLER_VERIFY_QUICK)
    outside = Event("exercise", BEFORE_START, "f3-it", exercise(municipality="Ringsted").data)
    assert not quickly(association, outside)  # not a participant: the first chain's test
    association.record(outside)  # the second chain grants it all the same
