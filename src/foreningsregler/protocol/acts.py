"""What each kind of event must satisfy, and the change it makes.

``judge`` reads a ``ReplayView`` and returns either the refusal
(``RuleViolation``) or the ``Change`` to apply; it never changes anything
itself, and the replay that applies the change is not imported here.
Lifecycle triggers are checked for the state the record is in on the event's
day, the actor, the power it exercises (against the competence graph) and the
transition's guards, in that order; the first that fails is the refusal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from ..statute.model import Body, FillMethod, LifecycleKind, ProvisionRef, Transition
from .changes import (
    AddSeat,
    Change,
    DraftDecision,
    Effect,
    HoldMeeting,
    Period,
    RemoveSeat,
    SetPeriod,
    SetState,
    Subject,
)
from .ledger import Event
from .lifecycle import Compiled, Guard, Meaning
from .reading import ReplayView
from .state import RuleViolation, Seat
from .voting import Vote, outcome

MEETING, ELECT, VACATE, EXERCISE = "hold-meeting", "elect", "vacate", "exercise"
BUILT_IN = frozenset({MEETING, ELECT, VACATE, EXERCISE})

Effects = tuple[Effect, ...]
_KINDS = LifecycleKind


def judge(replay: ReplayView, event: Event) -> Change | RuleViolation:
    """The change ``event`` makes, or the refusal; ``replay`` is only read."""
    try:
        return Change(event.date, _effects(replay, event))
    except RuleViolation as refusal:
        return refusal


def _effects(replay: ReplayView, event: Event) -> Effects:
    if replay.last is not None and event.date < replay.last:
        raise RuleViolation(
            "out-of-order",
            f"the protocol is at {replay.last}; an event dated {event.date} cannot come after it",
            None,
        )
    if event.kind in _BUILT_IN:
        return _BUILT_IN[event.kind](replay, event)
    compiled = replay.rules.by_trigger.get(event.kind)
    if compiled is None:
        known = ", ".join(sorted(set(replay.rules.by_trigger) | BUILT_IN))
        raise RuleViolation(
            "unknown-event", f"the statute knows no event '{event.kind}' (it knows: {known})", None
        )
    return _transition(replay, compiled, event)


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise RuleViolation("missing-data", f"the event needs '{key}' (text)", None)
    return value


def _municipality(event: Event) -> str:
    value = event.data.get("municipality", event.actor)
    return value if isinstance(value, str) else _text(event.data, "municipality")


def _subject(kind: LifecycleKind, event: Event) -> Subject:
    if kind is _KINDS.MEMBERSHIP:
        return _municipality(event)
    if kind is _KINDS.PARTICIPATION:
        return (_municipality(event), _text(event.data, "phase"))
    if kind is _KINDS.PHASE:
        return _text(event.data, "phase")
    if kind is _KINDS.DECISION:
        return _text(event.data, "proposal")
    return "association"


def _show(subject: Subject) -> str:
    return " in ".join(subject) if isinstance(subject, tuple) else str(subject)


# --- Lifecycle transitions --------------------------------------------------------


def _transition(replay: ReplayView, compiled: Compiled, event: Event) -> Effects:
    kind = compiled.kind
    subject = _subject(kind, event)
    current = replay.state(kind, subject, event.date) or compiled.lifecycle.initial
    candidates = compiled.candidates(current, event.kind)
    if not candidates:
        cited = next(
            (t.provision for t in compiled.lifecycle.transitions if t.trigger == event.kind), None
        )
        possible = ", ".join(compiled.machine.triggers(current)) or "none"
        raise RuleViolation(
            "no-transition",
            f"'{event.kind}' is not possible for "
            f"{_show(subject)} in the state '{current}' (possible: {possible})",
            cited,
            current,
        )
    refusals = []
    for transition in candidates:
        refusal = _blocked(replay, compiled, transition, subject, event, current)
        if refusal is None:
            return _move(replay, kind, subject, transition, event)
        refusals.append(refusal)
    raise refusals[0]


def _move(
    replay: ReplayView, kind: LifecycleKind, subject: Subject, transition: Transition, event: Event
) -> Effects:
    effects: list[Effect] = []
    period = _period(event) if kind is _KINDS.PHASE else None
    if period is not None:
        effects.append(SetPeriod(str(subject), period))
    if kind is _KINDS.DECISION and str(subject) not in replay.decision_meta:
        effects.append(DraftDecision(str(subject), _decision_meta(replay, event)))
    effects.append(SetState(kind, subject, transition.dest))
    return tuple(effects)


def _period(event: Event) -> Period | None:
    data = event.data
    if not any(k in data for k in ("name", "start", "end")):
        return None
    try:
        start = dt.date.fromisoformat(data["start"]) if "start" in data else None
        end = dt.date.fromisoformat(data["end"]) if "end" in data else None
    except (TypeError, ValueError):
        raise RuleViolation("bad-data", "start and end must be dates (YYYY-MM-DD)", None) from None
    if start and end and end < start:
        raise RuleViolation("bad-data", f"the phase ends ({end}) before it starts ({start})", None)
    return (data.get("name"), start, end)


def _decision_meta(replay: ReplayView, event: Event) -> tuple[str, str | None, str | None]:
    body = _text(event.data, "body")
    if replay.body(body) is None:
        raise RuleViolation("unknown-body", f"the statute has no body '{body}'", None)
    return (body, event.data.get("power"), event.data.get("phase"))


def _blocked(
    replay: ReplayView,
    compiled: Compiled,
    transition: Transition,
    subject: Subject,
    event: Event,
    current: str,
) -> RuleViolation | None:
    cited = transition.provision
    actor = transition.actor
    if actor == "member" and event.actor != _municipality(event):
        return RuleViolation(
            "actor",
            f"only {_municipality(event)} itself may '{event.kind}', not {event.actor}",
            cited,
            current,
        )
    if actor not in (None, "member") and event.actor not in {
        b.id for b in replay.rules.statute.instances(actor)
    }:
        return RuleViolation(
            "actor", f"'{event.kind}' is for {actor}, not {event.actor}", cited, current
        )
    if transition.power is not None and actor != "member":
        refusal = _power(replay, event, transition.power, current)
        if refusal is not None:
            return refusal
    for guard in transition.guards:
        refusal = _GUARDS[Guard(guard)](replay, event, subject, cited)
        if refusal is not None:
            return RuleViolation(refusal.rule, refusal.message, refusal.provision, current)
    return None


def _power(replay: ReplayView, event: Event, power: str, current: str = "") -> RuleViolation | None:
    authority = replay.rules.authority
    if event.actor not in replay.rules.body_ids:
        return RuleViolation(
            "actor",
            f"{event.actor} is not a body of the association",
            replay.rules.statute.power(power).provision,
            current,
        )
    data = event.data
    answer = authority.check(
        event.actor,
        power,
        phase=data.get("phase"),
        municipality=data.get("municipality"),
        on=event.date,
        state=replay.view(event.date),
        area=data.get("area"),
    )
    if answer.allowed:
        return None
    denial = answer.denials[0]
    return RuleViolation(f"power:{denial.reason.value}", denial.message, denial.provision, current)


# --- Guards -----------------------------------------------------------------------

GuardCheck = Callable[["ReplayView", Event, "Subject", ProvisionRef | None], RuleViolation | None]


def _at_general_assembly(
    replay: ReplayView, event: Event, _: Subject, cited: ProvisionRef | None
) -> RuleViolation | None:
    assembly = replay.rules.assembly
    if assembly is not None and (assembly.id, event.date) in replay.meetings:
        return None
    name = assembly.name if assembly else "the general assembly"
    return RuleViolation(
        f"guard:{Guard.AT_GENERAL_ASSEMBLY}",
        f"'{event.kind}' must be declared at a meeting of {name}; none is recorded on {event.date}",
        cited,
    )


def _is_member(
    replay: ReplayView, event: Event, _: Subject, cited: ProvisionRef | None
) -> RuleViolation | None:
    municipality = _municipality(event)
    state = replay.state(_KINDS.MEMBERSHIP, municipality, event.date)
    if replay.rules.has(_KINDS.MEMBERSHIP, state, Meaning.MEMBER):
        return None
    return RuleViolation(
        f"guard:{Guard.IS_MEMBER}",
        f"{municipality} is not a member (membership: {state or 'none'})",
        cited,
    )


def _phase_open(
    replay: ReplayView, event: Event, _: Subject, cited: ProvisionRef | None
) -> RuleViolation | None:
    phase = _text(event.data, "phase")
    state = replay.state(_KINDS.PHASE, phase, event.date)
    rules = replay.rules
    if rules.has(_KINDS.PHASE, state, Meaning.ADOPTED) and not rules.has(
        _KINDS.PHASE, state, Meaning.ENDED
    ):
        return None
    return RuleViolation(
        f"guard:{Guard.PHASE_OPEN_FOR_JOINING}",
        f"the phase {phase} is not open for joining (state: {state or 'not proposed'})",
        cited,
    )


def _no_joined_phase_unended(
    replay: ReplayView, event: Event, _: Subject, cited: ProvisionRef | None
) -> RuleViolation | None:
    municipality = _municipality(event)
    for phase, end in replay.joined_unended(municipality, event.date):
        until = f"ends on {end}" if end else "has no end date"
        return RuleViolation(
            f"guard:{Guard.NO_JOINED_PHASE_UNENDED}",
            f"{municipality} has joined the phase {phase}, which {until}; "
            "withdrawal is possible only when the phase has ended",
            cited,
        )
    return None


def _vote(
    replay: ReplayView, event: Event, subject: Subject, cited: ProvisionRef | None
) -> tuple[bool, str] | RuleViolation:
    meta = replay.decision_meta.get(str(subject))
    if meta is None:
        return RuleViolation("no-proposal", f"no proposal '{subject}' has been drafted", cited)
    body = replay.body(meta[0])
    rules = replay.rules
    power = (
        rules.statute.power(meta[1]) if meta[1] in {p.id for p in rules.statute.powers} else None
    )
    rule_id = (power.voting if power and power.voting else None) or (body.voting if body else None)
    if body is None or rule_id is None:
        return RuleViolation("no-voting-rule", f"the statute gives {meta[0]} no voting rule", cited)
    seats = body.size or len(replay.snapshot(event.date).members)
    vote = _read_vote(event.data)
    problems = vote.problems(seats)
    if problems:
        return RuleViolation("bad-vote", "; ".join(problems), cited)
    rule = rules.statute.voting_rule(rule_id)
    result = outcome(rule, seats, vote)
    return result.passed, f"{result.reason} under {rule.id} [{rule.provision}]"


def _read_vote(data: Mapping[str, Any]) -> Vote:
    try:
        counts = {k: int(data.get(k, 0)) for k in ("present", "yes", "no", "abstain")}
    except (TypeError, ValueError):
        raise RuleViolation("bad-vote", "present, yes, no and abstain are counts", None) from None
    chair = data.get("chair")
    if chair not in (None, "yes", "no"):
        raise RuleViolation("bad-vote", "the chair's vote is 'yes' or 'no'", None)
    return Vote(counts["present"], counts["yes"], counts["no"], counts["abstain"], chair)


def _vote_guard(wanted: bool, guard: Guard) -> GuardCheck:
    def check(
        replay: ReplayView, event: Event, subject: Subject, cited: ProvisionRef | None
    ) -> RuleViolation | None:
        result = _vote(replay, event, subject, cited)
        if isinstance(result, RuleViolation):
            return result
        passed, reason = result
        verdict = "passed" if passed else "did not pass"
        return (
            None
            if passed is wanted
            else RuleViolation(f"guard:{guard}", f"the vote {verdict}: {reason}", cited)
        )

    return check


def _all_declarations_signed(
    replay: ReplayView, event: Event, _: Subject, cited: ProvisionRef | None
) -> RuleViolation | None:
    """Every participant has signed: those the event names, or else all on record."""
    initial = replay.rules.initial(_KINDS.MEMBERSHIP)
    records = replay.stored[_KINDS.MEMBERSHIP]
    named = event.data.get("participants")
    if isinstance(named, list | tuple):
        participants = [str(m) for m in named]
    else:
        participants = list(map(str, records))
    waiting = sorted(m for m in participants if records.get(m, initial) == initial)
    if participants and not waiting:
        return None
    who = ", ".join(waiting) if waiting else "no municipality has signed"
    return RuleViolation(
        f"guard:{Guard.ALL_DECLARATIONS_SIGNED}",
        f"not every participant has accepted the basis: {who}",
        cited,
    )


_GUARDS: dict[Guard, GuardCheck] = {
    Guard.AT_GENERAL_ASSEMBLY: _at_general_assembly,
    Guard.IS_MEMBER: _is_member,
    Guard.PHASE_OPEN_FOR_JOINING: _phase_open,
    Guard.NO_JOINED_PHASE_UNENDED: _no_joined_phase_unended,
    Guard.VOTE_PASSES: _vote_guard(True, Guard.VOTE_PASSES),
    Guard.VOTE_FAILS: _vote_guard(False, Guard.VOTE_FAILS),
    Guard.ALL_DECLARATIONS_SIGNED: _all_declarations_signed,
}


# --- Built-in events ----------------------------------------------------------------


def _known_body(replay: ReplayView, event: Event) -> Body:
    ref = _text(event.data, "body") if "body" in event.data else event.actor
    body = replay.body(ref)
    if body is None:
        raise RuleViolation("unknown-body", f"the statute has no body '{ref}'", None)
    return body


def _meeting(replay: ReplayView, event: Event) -> Effects:
    body = _known_body(replay, event)
    if event.actor != body.id:
        raise RuleViolation(
            "actor",
            f"a meeting of {body.id} is recorded by {body.id}, not {event.actor}",
            body.provision,
        )
    return (HoldMeeting(body.id),)


def _elect(replay: ReplayView, event: Event) -> Effects:
    body = _known_body(replay, event)
    person, municipality = _text(event.data, "person"), _text(event.data, "municipality")
    role = event.data.get("role")
    fill = body.filled_by
    cited = fill.provision or body.provision
    _check_elector(event, body, municipality, cited)
    state = replay.snapshot(event.date)
    if municipality not in state.members:
        raise RuleViolation("not-a-member", f"{municipality} is not a member", cited)
    if body.eligible and role not in body.eligible:
        raise RuleViolation(
            "not-eligible",
            f"{body.id} seats {', '.join(body.eligible)}; {person} is {role or 'of no named role'}",
            body.provision,
        )
    seated = state.seats.get(body.id, ())
    _check_seats(body, person, municipality, seated, len(state.members))
    if body.drawn_from and person not in {s.person for s in state.seats.get(body.drawn_from, ())}:
        raise RuleViolation(
            "not-drawn-from",
            f"{body.id} is drawn from {body.drawn_from}; {person} does not sit there",
            body.provision,
        )
    return (AddSeat(Seat(body.id, person, municipality, role, event.date)),)


def _check_elector(event: Event, body: Body, municipality: str, cited: ProvisionRef | None) -> None:
    if body.filled_by.method is FillMethod.MEMBERSHIP:
        if event.actor != municipality:
            raise RuleViolation(
                "actor",
                f"each member names its own seat in {body.id}; "
                f"{event.actor} cannot name {municipality}'s",
                cited,
            )
    elif event.actor != body.filled_by.by:
        raise RuleViolation(
            "actor", f"{body.id} is filled by {body.filled_by.by}, not {event.actor}", cited
        )


def _check_seats(
    body: Body, person: str, municipality: str, seated: tuple[Seat, ...], members: int
) -> None:
    if person in {s.person for s in seated}:
        raise RuleViolation("seat-taken", f"{person} already sits in {body.id}", body.provision)
    if body.one_seat_per_member and municipality in {s.municipality for s in seated}:
        raise RuleViolation(
            "one-seat-per-member", f"{municipality} already has a seat in {body.id}", body.provision
        )
    limit = body.size if body.size is not None else members
    if len(seated) >= limit:
        raise RuleViolation("body-full", f"{body.id} has {limit} seats, all filled", body.provision)


def _vacate(replay: ReplayView, event: Event) -> Effects:
    body = _known_body(replay, event)
    person = _text(event.data, "person")
    if person not in {s.person for s in replay.seats.get(body.id, ())}:
        raise RuleViolation("no-seat", f"{person} does not sit in {body.id}", body.provision)
    return (RemoveSeat(body.id, person),)


def _exercise(replay: ReplayView, event: Event) -> Effects:
    power = _text(event.data, "power")
    if power not in replay.rules.power_ids:
        raise RuleViolation("unknown-power", f"the statute has no power '{power}'", None)
    refusal = _power(replay, event, power)
    if refusal is not None:
        raise refusal
    return ()


_BUILT_IN: dict[str, Callable[[ReplayView, Event], Effects]] = {
    MEETING: _meeting,
    ELECT: _elect,
    VACATE: _vacate,
    EXERCISE: _exercise,
}
