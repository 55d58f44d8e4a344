"""Acts are pure: they read a replay and return a refusal or a change, as values.

The replay applies a change; judging an event never changes anything.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import foreningsregler as fr
from foreningsregler.protocol.acts import judge
from foreningsregler.protocol.changes import AddSeat, Change, HoldMeeting, RemoveSeat, SetState
from foreningsregler.protocol.ledger import Event
from foreningsregler.protocol.replay import Replay
from foreningsregler.protocol.rules import Rules
from foreningsregler.protocol.state import RuleViolation, Seat
from foreningsregler.statute.model import LifecycleKind, ProvisionRef

FIXTURE = Path(__file__).parent / "fixtures" / "forening.yaml"
D = dt.date


@pytest.fixture(scope="module")
def rules() -> Rules:
    return Rules.of(fr.load(FIXTURE))


def _accepted(replay: Replay, event: Event) -> Change:
    outcome = judge(replay, event)
    assert isinstance(outcome, Change), outcome
    return outcome


def test_a_trigger_gives_the_new_state_and_changes_nothing(rules: Rules) -> None:
    replay = Replay(rules)
    before = replay.snapshot(D(2015, 3, 1))
    change = _accepted(replay, Event("sign-declaration", D(2015, 3, 1), "Sorø"))
    assert change == Change(
        D(2015, 3, 1),
        (SetState(LifecycleKind.MEMBERSHIP, "Sorø", "intent-declared", ProvisionRef(3, 1)),),
    )
    assert replay.snapshot(D(2015, 3, 1)) == before
    assert replay.last is None
    replay.apply(change)
    assert replay.snapshot(D(2015, 3, 1)).membership == {"Sorø": "intent-declared"}
    assert replay.last == D(2015, 3, 1)


def test_a_refusal_is_returned_not_raised(rules: Rules) -> None:
    refusal = judge(Replay(rules), Event("withdraw", D(2015, 3, 2), "Sorø"))
    assert isinstance(refusal, RuleViolation)
    assert refusal.rule == "no-transition"
    assert refusal.provision is not None


def test_an_event_before_the_last_is_refused_out_of_order(rules: Rules) -> None:
    replay = Replay(rules)
    replay.apply(_accepted(replay, Event("sign-declaration", D(2015, 3, 5), "Sorø")))
    refusal = judge(replay, Event("sign-declaration", D(2015, 3, 4), "Køge"))
    assert isinstance(refusal, RuleViolation)
    assert (refusal.rule, refusal.provision) == ("out-of-order", None)


def test_an_unknown_event_kind_is_refused(rules: Rules) -> None:
    refusal = judge(Replay(rules), Event("dissolve-everything", D(2015, 3, 1), "Sorø"))
    assert isinstance(refusal, RuleViolation)
    assert refusal.rule == "unknown-event"


def test_built_in_events_give_meeting_and_seat_changes(rules: Rules) -> None:
    replay = Replay(rules)
    meeting = _accepted(replay, Event("hold-meeting", D(2015, 10, 1), "generalforsamling"))
    assert meeting.effects == (HoldMeeting("generalforsamling"),)
    replay.apply(meeting)
    assert ("generalforsamling", D(2015, 10, 1)) in replay.meetings
    # Sorø a member, by a change applied by hand (acts are tested here, not lifecycles).
    member = SetState(LifecycleKind.MEMBERSHIP, "Sorø", "member", ProvisionRef(3, 1))
    replay.apply(Change(D(2015, 10, 1), (member,)))
    seat = Seat("bestyrelse", "Anna", "Sorø", None, D(2015, 10, 1))
    replay.apply(Change(D(2015, 10, 1), (AddSeat(seat),)))
    # The seat ends by a decision of its elector, at its meeting, by a vote.
    data = {"body": "bestyrelse", "person": "Anna"}
    unvoted = judge(replay, Event("vacate", D(2015, 10, 1), "generalforsamling", data))
    assert isinstance(unvoted, RuleViolation)
    assert (unvoted.rule, unvoted.provision) == ("no-vote", ProvisionRef(4, 2))
    cast = {"present": 1, "yes": 1, "no": 0}
    vacate = _accepted(
        replay, Event("vacate", D(2015, 10, 1), "generalforsamling", {**data, "vote": cast})
    )
    assert vacate.effects == (RemoveSeat("bestyrelse", "Anna"),)
    replay.apply(vacate)
    assert replay.seats["bestyrelse"] == []


def test_vacating_a_seat_nobody_holds_cites_the_body(rules: Rules) -> None:
    refusal = judge(
        Replay(rules),
        Event(
            "vacate", D(2015, 10, 2), "generalforsamling", {"body": "bestyrelse", "person": "Ib"}
        ),
    )
    assert isinstance(refusal, RuleViolation)
    assert refusal.rule == "no-seat"
    assert refusal.provision == rules.statute.body("bestyrelse").provision
    assert isinstance(refusal.provision, ProvisionRef)


def test_an_event_can_be_made_from_a_recorded_events_data() -> None:
    """Regression: the frozen data of a recorded event (a nested vote) is thawed again."""
    recorded = Event("vote", D(2016, 1, 2), "bestyrelse", {"vote": {"present": 3, "yes": 3}})
    again = Event(recorded.kind, recorded.date, recorded.actor, {**recorded.data, "phase": None})
    assert again.data["vote"] == {"present": 3, "yes": 3}


def test_an_event_with_nested_data_pickles_and_stays_read_only() -> None:
    import pickle

    recorded = Event("vote", D(2016, 1, 2), "bestyrelse", {"vote": {"present": 3}, "l": [1]})
    again = pickle.loads(pickle.dumps(recorded))
    assert again == recorded
    assert again.canonical() == recorded.canonical()
    with pytest.raises(TypeError):
        again.data["vote"]["present"] = 4  # type: ignore[index]
