"""Effective states asked one by one, all at once, kept or worked out afresh: one answer.

``Replay.state`` works a state out only where a clock transition leaves it,
keeps it until the next change, and reads a member's joined phases by their
last end; ``Replay.states_of`` answers for every record of a kind at once.
Each is compared with the clock's rules written out plainly here, on
simulated K14 records (members that gave notice, declined phases, phases
running and ended), asked for any day in any order.
"""

from __future__ import annotations

import datetime as dt
import typing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import foreningsregler as fr
from foreningsregler.economy.simulation import load_scenario, simulate
from foreningsregler.protocol import records
from foreningsregler.protocol.changes import Change, Effect, SetState, Subject
from foreningsregler.protocol.lifecycle import Clock, Meaning
from foreningsregler.protocol.replay import Replay
from foreningsregler.statute.model import LifecycleKind

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "examples" / "k14.scenario.yaml"
DAYS = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2027, 12, 31))
KINDS = st.sampled_from(list(LifecycleKind))
SHARED = [HealthCheck.function_scoped_fixture]  # read only: states asked, nothing changed


@pytest.fixture(scope="module", params=[3, 11])
def replay(request: pytest.FixtureRequest) -> Replay:
    """The replay of one simulated K14 run (its seed the parameter)."""
    scenario = load_scenario(SCENARIO)
    statute = fr.load(scenario.statute)
    association = fr.Association(statute)
    for event in simulate(statute, scenario, request.param).events:
        association.record(event)
    found: Replay = association._replay
    return found


def by_the_rules(replay: Replay, kind: LifecycleKind, subject: Subject, day: dt.date) -> str | None:
    """The state on ``day`` as the clock's rules have it, worked out from nothing kept."""
    state = replay.stored[kind].get(subject)
    if state is None and kind is LifecycleKind.DELEGATION:
        state = replay.rules.delegation_start(subject)
    compiled = replay.rules.lifecycles.get(kind)
    if compiled is None or state is None:
        return state
    for _ in range(16):
        moved = next(
            (t.dest for when, t in compiled.clock_from(state) if comes(replay, when, subject, day)),
            None,
        )
        if moved is None:
            return state
        state = moved
    return state


def comes(replay: Replay, when: Clock, subject: Subject, day: dt.date) -> bool:
    if isinstance(subject, tuple):
        return False
    start, end = replay.periods.get(subject, (None, None, None))[1:]
    if when is Clock.PHASE_STARTED:
        return start is not None and start <= day
    if when is Clock.PHASE_ENDED:
        return end is not None and end < day
    if when is Clock.EXCLUSION_NOT_RATIFIED:
        return replay._unratified(subject, day)
    if when is Clock.NOTICE_AND_JOINED_PHASES_ENDED:
        notice = replay.since.get((LifecycleKind.MEMBERSHIP, subject))
        if notice is None or day < replay.rules.notice_due(notice):
            return False
    elif subject not in replay.declined:
        return False
    return not replay.joined_unended(subject, day)


def test_the_runs_reach_what_the_clock_moves(replay: Replay) -> None:
    """The records hold what the clock moves: members that declined a phase, a
    member's notice, phases with a period."""
    assert replay.declined
    assert replay.periods
    kind = LifecycleKind.MEMBERSHIP
    assert any(replay.rules.has(kind, s, Meaning.NOTICE) for s in replay.stored[kind].values())


@settings(max_examples=120, deadline=None, suppress_health_check=SHARED)
@given(asked=st.lists(st.tuples(KINDS, DAYS), min_size=1, max_size=12))
def test_states_of_is_state_asked_one_by_one(
    replay: Replay, asked: list[tuple[LifecycleKind, dt.date]]
) -> None:
    fresh = Replay.thawed(replay.rules, replay.frozen())  # nothing kept yet
    for kind, day in asked:
        at_once = replay.states_of(kind, day)
        one_by_one = {s: fresh.state(kind, s, day) for s in replay.stored[kind]}
        assert list(at_once.items()) == list(one_by_one.items())
        assert at_once == {s: by_the_rules(replay, kind, s, day) for s in replay.stored[kind]}


@settings(max_examples=120, deadline=None, suppress_health_check=SHARED)
@given(asked=st.lists(st.tuples(KINDS, DAYS), min_size=1, max_size=12))
def test_a_state_kept_is_the_state_of_its_day(
    replay: Replay, asked: list[tuple[LifecycleKind, dt.date]]
) -> None:
    """Asked in any order (what is kept for one day never answers for another),
    with delegations never stored too."""
    for kind, day in asked:
        subjects = [*replay.stored[kind], *replay.rules.delegations, "no-such-record"]
        for subject in subjects:
            assert replay.state(kind, subject, day) == by_the_rules(replay, kind, subject, day)


@settings(max_examples=60, deadline=None, suppress_health_check=SHARED)
@given(day=DAYS)
def test_the_last_end_joined_says_when_no_joined_phase_runs(replay: Replay, day: dt.date) -> None:
    for municipality in replay.participation_of:
        end = replay.joined_end(municipality)
        assert (end is None or end < day) == (not replay.joined_unended(municipality, day))


def test_the_roll_counts_the_states_of_the_day(replay: Replay) -> None:
    kind = LifecycleKind.MEMBERSHIP
    for year in range(2015, 2028):
        day = dt.date(year, 3, 1)
        states = [by_the_rules(replay, kind, m, day) for m in replay.stored[kind]]
        roll = replay.roll(day)
        assert roll.members == sum(replay.rules.has(kind, s, Meaning.MEMBER) for s in states)
        assert roll.on_record == sum(
            not replay.rules.has(kind, s, Meaning.WITHDRAWN) for s in states
        )


def test_every_effect_is_made_by_its_class() -> None:
    """``Records.make`` finds each kind of effect by its class: none is left out."""
    assert set(records._MAKERS) == set(typing.get_args(Effect))


def turning_days(replay: Replay) -> list[dt.date]:
    """The days on which the clock may move a record, and those either side."""
    kind = LifecycleKind.MEMBERSHIP
    days = {d for _, start, end in replay.periods.values() for d in (start, end) if d}
    days |= {replay.rules.notice_due(replay.since[(kind, m)]) for m in replay.stored[kind]}
    return sorted({d + dt.timedelta(days=k) for d in days for k in (-1, 0, 1)})


def test_the_states_on_the_days_the_clock_turns(replay: Replay) -> None:
    """Each day a phase starts or ends or a notice falls due, the day before and after."""
    days = turning_days(replay)
    assert len(days) > 20
    fresh = Replay.thawed(replay.rules, replay.frozen())
    for day in days:
        for kind in LifecycleKind:
            expected = {s: by_the_rules(replay, kind, s, day) for s in replay.stored[kind]}
            assert replay.states_of(kind, day) == expected
            assert {s: fresh.state(kind, s, day) for s in replay.stored[kind]} == expected
        roll = replay.roll(day)
        admitted = [replay.admitted.get(m) for m, s in expected_members(replay, day)]
        assert roll.founding == all(d == day for d in admitted)


def expected_members(replay: Replay, day: dt.date) -> list[tuple[Subject, str | None]]:
    kind = LifecycleKind.MEMBERSHIP
    return [
        (m, s)
        for m in replay.stored[kind]
        if replay.rules.has(kind, s := by_the_rules(replay, kind, m, day), Meaning.MEMBER)
    ]


def test_a_seats_term_kept_is_its_term(replay: Replay) -> None:
    """``Replay`` keeps each seat's term end (``Rules.term_end``): a seat runs
    before it exactly on the days ``Rules.in_term`` says, around its end too."""
    seats = [seat for held in replay.seats.values() for seat in held]
    assert seats
    for seat in seats:
        end = replay._term_end(seat)
        assert end == replay.rules.term_end(seat)
        edge = end or seat.since
        for day in (seat.since, edge - dt.timedelta(days=1), edge, edge + dt.timedelta(days=1)):
            assert replay.rules.in_term(seat, day) == (end is None or day < end)


def test_the_member_states_are_those_meaning_member(replay: Replay) -> None:
    kind = LifecycleKind.MEMBERSHIP
    states = {s.id for s in replay.rules.lifecycles[kind].lifecycle.states}
    assert replay.member_states == {s for s in states if replay.rules.has(kind, s, Meaning.MEMBER)}
    assert replay.member_states


def test_the_participation_shared_until_a_state_changes(replay: Replay) -> None:
    """``Replay.participation`` is the stored participation records, one mapping
    shared until the next change of a state, then a new one (the old unchanged)."""
    fresh = Replay.thawed(replay.rules, replay.frozen())
    kind = LifecycleKind.PARTICIPATION
    shared = fresh.participation()
    assert shared == {k: s for k, s in fresh.stored[kind].items() if isinstance(k, tuple)}
    assert fresh.participation() is shared
    assert fresh.snapshot(dt.date(2027, 1, 1)).participation == shared
    (municipality, phase), state = next(iter(shared.items()))
    other = next(s.id for s in fresh.rules.lifecycles[kind].lifecycle.states if s.id != state)
    day = max(fresh.last or dt.date(2027, 1, 1), dt.date(2027, 1, 1))
    fresh.apply(Change(day, (SetState(kind, (municipality, phase), other),)))
    assert fresh.participation()[municipality, phase] == other
    assert shared[municipality, phase] == state


@settings(max_examples=80, deadline=None, suppress_health_check=SHARED)
@given(days=st.lists(DAYS, min_size=1, max_size=8))
def test_an_answer_kept_for_any_day_is_the_answer_of_each_day(
    replay: Replay, days: list[dt.date]
) -> None:
    """Whether a member takes part in a phase and why a delegation is withheld
    are kept for every day while no clock moves the states they read
    (``Replay.steady``): asked for days in any order, each answer is the one
    the clock's rules give for its day."""
    phases = {phase for _member, phase in replay.participation()}
    for day in days:
        for municipality in replay.stored[LifecycleKind.MEMBERSHIP]:
            member = by_the_rules(replay, LifecycleKind.MEMBERSHIP, municipality, day)
            for phase in phases:
                joined = replay.stored[LifecycleKind.PARTICIPATION].get((municipality, phase))
                expected = replay.rules.has(
                    LifecycleKind.PARTICIPATION, joined, Meaning.JOINED
                ) and replay.rules.has(LifecycleKind.MEMBERSHIP, member, Meaning.MEMBER)
                assert replay.participates(str(municipality), phase, day) == expected
        for delegation, body in replay.rules.delegations:
            state = by_the_rules(replay, LifecycleKind.DELEGATION, (delegation, body), day)
            granted = replay.rules.has(LifecycleKind.DELEGATION, state, Meaning.GRANTED)
            assert (replay.withheld(delegation, body, day) is None) == granted


def test_a_steady_state_is_one_no_clock_moves(replay: Replay) -> None:
    """``steady`` holds exactly where a state's answer is its stored state on
    every day asked; a member that gave notice is not steady."""
    kind = LifecycleKind.MEMBERSHIP
    noticed = [
        m for m, s in replay.stored[kind].items() if replay.rules.has(kind, s, Meaning.NOTICE)
    ]
    assert noticed and not any(replay.steady(kind, m) for m in noticed)
    days = [dt.date(2015, 6, 1) + dt.timedelta(days=91 * i) for i in range(50)]
    for subject, stored in replay.stored[kind].items():
        if replay.steady(kind, subject):
            assert {by_the_rules(replay, kind, subject, day) for day in days} == {stored}
