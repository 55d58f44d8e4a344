"""Property tests: random protocols never break the statute's invariants.

Events are drawn from the fixture statute's whole vocabulary with plausible
and implausible actors and data, on non-decreasing dates, so that some are
accepted and many refused. After every attempt:

- a refused event changed nothing (the record and the state on its day);
- nobody has left during a phase they joined;
- replaying the accepted events gives the same state;
- every accepted exercise of a power had a valid chain on its day.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import foreningsregler as fr
from foreningsregler.protocol.association import Association, RuleViolation
from foreningsregler.protocol.ledger import Event, MemoryLedger
from foreningsregler.statute.model import Statute

STATUTE: Statute = fr.load(Path(__file__).parent / "fixtures" / "forening.yaml")
MUNICIPALITIES = ["Sorø", "Køge", "Næstved"]
PHASES = ["fase-1", "fase-2"]
BODIES = ["generalforsamling", "bestyrelse", "direktion", "f3-it", "f14-it"]
PERIODS = {"fase-1": ("2016-01-01", "2016-12-31"), "fase-2": ("2017-01-01", "2017-12-31")}


def _event(kind: str, actor: str, municipality: str, phase: str, extra: dict[str, Any]) -> Any:
    data: dict[str, Any] = {"municipality": municipality, "phase": phase, **extra}
    if kind == "propose-phase":
        data["start"], data["end"] = PERIODS[phase]
    return kind, actor, data


member_acts = st.builds(
    lambda kind, m, phase: _event(kind, m, m, phase, {}),
    st.sampled_from(
        [
            "sign-declaration",
            "approve-in-principle",
            "give-notice",
            "withdraw",
            "join-phase",
            "decline-phase",
        ]
    ),
    st.sampled_from(MUNICIPALITIES),
    st.sampled_from(PHASES),
)
body_acts = st.builds(
    lambda kind, actor, m, phase: _event(kind, actor, m, phase, {}),
    st.sampled_from(
        ["admit", "propose-phase", "recommend-phase", "adopt-phase", "reject-phase", "hold-meeting"]
    ),
    st.sampled_from(BODIES),
    st.sampled_from(MUNICIPALITIES),
    st.sampled_from(PHASES),
)
exercises = st.builds(
    lambda actor, m, phase: _event("exercise", actor, m, phase, {"power": "igangsaet-anskaffelse"}),
    st.sampled_from(BODIES),
    st.sampled_from([*MUNICIPALITIES, "Roskilde"]),
    st.sampled_from(PHASES),
)
acts = st.one_of(member_acts, body_acts, exercises)
gaps = st.one_of(st.just(0), st.integers(min_value=0, max_value=200))
tails = st.lists(st.tuples(acts, gaps), min_size=1, max_size=40)


def _founding(founders: list[str], joiners: list[str]) -> list[tuple[Any, int]]:
    """A plausible start, so the random tail reaches members in a running phase."""
    steps: list[tuple[Any, int]] = []
    for kind in ("sign-declaration", "approve-in-principle"):
        steps += [(_event(kind, m, m, "fase-1", {}), 0) for m in founders]
    steps.append((("hold-meeting", "generalforsamling", {}), 100))
    steps += [(_event("admit", "generalforsamling", m, "fase-1", {}), 0) for m in founders]
    steps.append((_event("propose-phase", "direktion", founders[0], "fase-1", {}), 10))
    steps.append((_event("recommend-phase", "bestyrelse", founders[0], "fase-1", {}), 1))
    steps.append((("hold-meeting", "generalforsamling", {}), 1))
    steps.append((_event("adopt-phase", "generalforsamling", founders[0], "fase-1", {}), 0))
    steps += [(_event("join-phase", m, m, "fase-1", {}), 0) for m in joiners]
    return steps


protocols = st.builds(
    lambda founders, joiners, tail: [
        *_founding(founders, [j for j in joiners if j in founders]),
        *tail,
    ],
    st.lists(st.sampled_from(MUNICIPALITIES), min_size=1, max_size=3, unique=True),
    st.lists(st.sampled_from(MUNICIPALITIES), max_size=3, unique=True),
    tails,
)


def _events(protocol: list[tuple[Any, int]]) -> list[Event]:
    day = dt.date(2015, 3, 1)
    events = []
    for (kind, actor, data), gap in protocol:
        day += dt.timedelta(days=gap)
        if kind == "hold-meeting":
            data = {}
        events.append(Event(kind, day, actor, data))
    return events


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(protocols)
def test_random_protocols_keep_the_invariants(protocol: list[tuple[Any, int]]) -> None:
    association = Association(STATUTE)
    for event in _events(protocol):
        before_events, before_state = association.events, association.at(event.date)
        try:
            association.record(event)
        except RuleViolation as refusal:
            assert refusal.rule
            assert association.events == before_events
            assert association.at(event.date) == before_state
        _nobody_left_mid_phase(association, event.date)
    _replay_is_identical(association)
    _every_exercise_had_a_chain(association)


def _nobody_left_mid_phase(association: Association, day: dt.date) -> None:
    state = association.at(day)
    for municipality, membership in state.membership.items():
        if membership != "withdrawn":
            continue
        for (m, phase), joined in state.participation.items():
            if m == municipality and joined == "joined":
                end = state.phases[phase].end
                assert end is not None and end < day, (municipality, phase, end, day)


def _replay_is_identical(association: Association) -> None:
    events = association.events
    again = Association(STATUTE, MemoryLedger(events))
    for day in [*sorted({e.date for e in events})[-3:], dt.date(2030, 1, 1)]:
        assert again.at(day) == association.at(day)


def _every_exercise_had_a_chain(association: Association) -> None:
    replay = Association(STATUTE)
    for event in association.events:
        if event.kind == "exercise":
            state = replay.at(event.date)
            answer = replay.authority.check(
                event.actor,
                event.data["power"],
                phase=event.data["phase"],
                municipality=event.data["municipality"],
                on=event.date,
                state=state,
            )
            assert answer.allowed and answer.chains, answer.denials
        replay.record(event)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(MUNICIPALITIES), min_size=1, max_size=3, unique=True))
def test_a_full_story_is_accepted_for_any_founders(founders: list[str]) -> None:
    """The happy path always works, so the random test does reach deep states."""
    association = Association(STATUTE)
    for kind, day in (
        ("sign-declaration", dt.date(2015, 3, 1)),
        ("approve-in-principle", dt.date(2015, 6, 1)),
    ):
        for m in founders:
            association.record(Event(kind, day, m))
    association.record(Event("hold-meeting", dt.date(2015, 10, 1), "generalforsamling"))
    for m in founders:
        association.record(
            Event("admit", dt.date(2015, 10, 1), "generalforsamling", {"municipality": m})
        )
    assert association.at(dt.date(2015, 10, 1)).members == set(founders)
