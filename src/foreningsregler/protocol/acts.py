"""What each kind of event must satisfy, and the change it makes.

``judge`` reads a ``ReplayView`` and returns either the refusal
(``RuleViolation``) or the ``Change`` to apply; it never changes anything
itself, and the replay that applies the change is not imported here.
Every event's facts are checked against the statute first. A lifecycle
trigger is then checked for the state the record is in on the event's day,
the actor, the notice a withdrawal needs, the power it exercises (against
the competence graph), the deciding body's procedure (``procedure``) and the
transition's guards, in that order; the first that fails is the refusal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..i18n import _, ngettext
from ..statute.model import (
    Body,
    LifecycleKind,
    Power,
    ProvisionRef,
    Transition,
    VotingRule,
)
from . import quick
from ._shown import shown_day
from .built_in import BUILT_IN, PRIOR_EVENTS
from .by_authority import authority_triggers, by_authority, check_authority_transition
from .changes import (
    Change,
    DraftDecision,
    Effect,
    Matter,
    Period,
    SetPeriod,
    SetState,
    Subject,
)
from .core import phase_terms
from .facts import municipality_of, text, unknown
from .guards import GUARDS, GUARDS_BY_NAME, VOTE_GUARDS
from .law_events import LAW_EVENTS
from .law_state import check_transition, law_actors
from .ledger import Event
from .lifecycle import Compiled, Guard, Meaning
from .members import check_admission
from .memberx import admission_terms, check_partner, check_registration, registers_withdrawal
from .participants import check_participant_seat
from .procedure import check_interim, check_power, decision
from .reading import ReplayView
from .rules import Rules
from .setup import check_set_up
from .state import RuleViolation

#: Every built-in event kind.
BUILT_IN_KINDS = frozenset(BUILT_IN)
#: The actor of a delegation lifecycle's transition that means the delegating body.
DELEGATOR = "delegator"

Effects = tuple[Effect, ...]
#: The kinds as module names: Python 3.11 reads an enum's members through
#: EnumType's ``__getattr__`` hook, at three times a global's cost.
_ASSOCIATION, _DECISION = LifecycleKind.ASSOCIATION, LifecycleKind.DECISION
_DELEGATION, _MEMBERSHIP = LifecycleKind.DELEGATION, LifecycleKind.MEMBERSHIP
_PARTICIPATION, _PHASE = LifecycleKind.PARTICIPATION, LifecycleKind.PHASE


def judge(replay: ReplayView, event: Event) -> Change | RuleViolation:
    """The change ``event`` makes, or the refusal; ``replay`` is only read."""
    try:
        return Change(event.date, _effects(replay, event))
    except RuleViolation as refusal:
        return refusal


def _effects(replay: ReplayView, event: Event) -> Effects:
    if replay.last is not None and event.date < replay.last:
        message = _(
            "the protocol is at {last}; an event dated {date} cannot come after it",
            last=shown_day(replay.last),
            date=shown_day(event.date),
        )
        raise RuleViolation("out-of-order", message, None)
    if event.kind == quick.EXERCISE:
        return _exercised(replay, event)
    return _judged(replay, event)


def _exercised(replay: ReplayView, event: Event) -> Effects:
    """An act under a power: the quick way where it accepts (``quick``), else
    the full judge, whose acceptance of an act changing nothing serves the
    quick way for the rest of the day."""
    fast = quick.accepted(replay, event)
    if fast and not quick.VERIFY:
        return ()
    try:
        effects = _judged(replay, event)
    except RuleViolation as refusal:
        if fast:
            wrong = f"the quick way accepted what the full judge refuses: {refusal}"
            raise AssertionError(wrong) from refusal
        raise
    if fast and effects:
        raise AssertionError(f"the quick way made no change where the full judge makes {effects}")
    if not effects:
        quick.note_day(replay, event)
    return effects


def _judged(replay: ReplayView, event: Event) -> Effects:
    ended = ("ended", event.date)
    if ended not in replay.memo:
        _check_ended(replay, event)
        replay.memo[ended] = True
    _check_facts(replay, event)
    spends = check_set_up(replay, event)  # a set-up body exists, within its limits
    acting = replay.body(event.actor)
    if acting is not None and acting.interim:  # an interim body ends with the founding
        check_interim(replay, acting, event.date)
    check_participant_seat(replay, event)  # a seat among a phase's participants
    if event.kind in BUILT_IN:
        return BUILT_IN[event.kind](replay, event) + spends
    compiled = replay.rules.by_trigger.get(event.kind)
    if compiled is None:
        known = ", ".join(sorted(set(replay.rules.by_trigger) | BUILT_IN_KINDS))
        message = _(
            "the statute knows no event '{kind}' (it knows: {known})", kind=event.kind, known=known
        )
        raise RuleViolation("unknown-event", message, None)
    return _transition(replay, compiled, event) + spends


def _check_ended(replay: ReplayView, event: Event) -> None:
    """Once the association's record is in a final state (dissolved), nothing more
    can be recorded."""
    rules, kind = replay.rules, _ASSOCIATION
    state = replay.state(kind, "association", event.date)
    written = rules.states.get((kind, state)) if state is not None else None
    if written is not None and written.final:
        since = replay.since.get((kind, "association"))
        message = _(
            "the association is {name} ({state}) since {since}",
            name=written.name.lower(),
            state=state,
            since=shown_day(since),
        )
        raise RuleViolation("association-ended", message, written.provision)


#: Facts that name something, and so must be non-empty text.
_NAMES = ("municipality", "area", "body", "power", "phase", "proposal", "delegation", "person")
_NAMED = frozenset(_NAMES)
_NOTHING: frozenset[LifecycleKind] = frozenset()


def _check_facts(replay: ReplayView, event: Event) -> None:
    """Names in the event's facts must be ones the statute, or the protocol, knows."""
    rules, data = replay.rules, event.data
    if _misnamed(data):
        for key in _NAMES:  # the first in this order is the refusal
            value = data.get(key)
            if key in data and (not isinstance(value, str) or not value):
                message = _("'{key}' names something: non-empty text", key=key)
                raise RuleViolation("bad-data", message, None)
    check_partner(replay, event)  # before the names: a partner is named, but not as a member
    acting = (event.kind, event.actor)  # the statute's alone: kept with its rules
    if acting not in rules.actors_known:
        _check_actor(replay, event)
        rules.know(acting)
    _check_records(replay, event)
    named = rules.municipalities
    cited = rules.statute.membership.provision if rules.statute.membership else None
    municipality = data.get("municipality")
    if named and isinstance(municipality, str) and municipality not in named:
        unknown("municipality", municipality, named, cited)
    area = data.get("area")
    if area is not None and area not in rules.area_ids:
        first = rules.statute.areas[0].provision if rules.statute.areas else None
        unknown("area", str(area), rules.area_ids, first)
    body = data.get("body")
    if body is not None and not rules.statute.instances(str(body)):
        unknown("body", str(body), rules.body_ids, None)
    power = data.get("power")
    if power is not None and power not in rules.power_ids:
        unknown("power", str(power), rules.power_ids, None)


def _misnamed(data: Mapping[str, Any]) -> bool:
    """Whether a fact that names something is not plain non-empty text (a
    subclass of str too: the careful check above decides)."""
    for key, value in data.items():
        if key in _NAMED and (value.__class__ is not str or not value):
            return True
    return False


def _check_records(replay: ReplayView, event: Event) -> None:
    """A phase, proposal or delegation named must be on record, except by the
    act that starts its record (proposing a phase, drafting a proposal)."""
    rules, data, stored = replay.rules, event.data, replay.stored
    creates = rules.creates.get(event.kind, _NOTHING)
    # Recommendations, proposals and consultations come before the act that
    # starts a record, so they may name a phase not yet on record.
    before = event.kind in PRIOR_EVENTS
    phase = data.get("phase")
    known = stored[_PHASE]
    if phase is not None and not before and _PHASE not in creates and phase not in known:
        cited = _cited(rules, _PHASE)
        unknown("phase", str(phase), set(map(str, known)), cited, _("the protocol"))
    proposal = data.get("proposal")
    drafting = _DECISION in creates
    if proposal is not None and not drafting and proposal not in replay.decision_meta:
        cited = _cited(rules, _DECISION)
        unknown("proposal", str(proposal), set(replay.decision_meta), cited, _("the protocol"))
    delegation = data.get("delegation")
    keys = rules.delegation_keys
    if delegation is not None and delegation not in keys:
        unknown("delegation", str(delegation), keys, _cited(rules, _DELEGATION))


def _cited(rules: Rules, kind: LifecycleKind) -> ProvisionRef | None:
    """Where the statute sets up the records of ``kind``: its lifecycle's provision."""
    compiled = rules.lifecycles.get(kind)
    return compiled.lifecycle.provision if compiled is not None else None


def _check_actor(replay: ReplayView, event: Event) -> None:
    """The actor is a body, or a municipality the statute names (where it names them)."""
    rules, actor = replay.rules, event.actor
    by_law = event.kind in LAW_EVENTS or event.kind in authority_triggers(rules.statute)
    if rules.is_body(actor) or (by_law and actor in law_actors()):
        return
    instances = rules.statute.instances(actor)
    if instances:
        ids = ", ".join(b.id for b in instances)
        message = _("{actor} is defined per area: the actor is one of {ids}", actor=actor, ids=ids)
        raise RuleViolation("unknown-body", message, instances[0].provision)
    named = rules.municipalities
    if named and actor not in named:
        cited = rules.statute.membership.provision if rules.statute.membership else None
        unknown("municipality", actor, named | rules.body_ids, cited)


def _subject(replay: ReplayView, kind: LifecycleKind, event: Event) -> Subject:
    if kind is _MEMBERSHIP:
        return municipality_of(event.data, event.actor)
    if kind is _PARTICIPATION:
        return (municipality_of(event.data, event.actor), text(event.data, "phase"))
    if kind is _PHASE:
        return text(event.data, "phase")
    if kind is _DECISION:
        return text(event.data, "proposal")
    if kind is _DELEGATION:
        return _delegation_subject(replay, event)
    return "association"


def _delegation_subject(replay: ReplayView, event: Event) -> tuple[str, str]:
    """(delegation key, receiving body): ``to`` may be left out where there is one."""
    key = text(event.data, "delegation")
    records = [s for s in replay.rules.delegations if s[0] == key]
    if not records:
        unknown("delegation", key, {s[0] for s in replay.rules.delegations}, None)
    to = event.data.get("to")
    if to is None and len(records) == 1:
        return records[0]
    bodies = [s[1] for s in records]
    if to not in bodies:
        message = _(
            "name the body the delegation {key} goes to: to: one of {bodies}",
            key=key,
            bodies=", ".join(bodies),
        )
        raise RuleViolation("missing-data", message, replay.rules.delegations[records[0]].provision)
    return (key, str(to))


def _show(subject: Subject) -> str:
    if isinstance(subject, tuple):
        return _("{municipality} in {phase}", municipality=subject[0], phase=subject[1])
    return str(subject)


# --- Lifecycle transitions --------------------------------------------------------


def _transition(replay: ReplayView, compiled: Compiled, event: Event) -> Effects:
    kind = compiled.kind
    subject = _subject(replay, kind, event)
    current = replay.state(kind, subject, event.date) or compiled.lifecycle.initial
    candidates = compiled.candidates(current, event.kind)
    if not candidates:
        cited = next(
            (t.provision for t in compiled.lifecycle.transitions if t.trigger == event.kind), None
        )
        possible = ", ".join(compiled.machine.triggers(current))
        facts = {"kind": event.kind, "subject": _show(subject), "state": current}
        message = (
            _(
                "'{kind}' is not possible for {subject} in the state '{state}' "
                "(possible: {possible})",
                possible=possible,
                **facts,
            )
            if possible
            else _(
                "'{kind}' is not possible for {subject} in the state '{state}' (possible: none)",
                **facts,
            )
        )
        raise RuleViolation("no-transition", message, cited, current)
    refusals = []
    for transition in candidates:
        try:
            extra = _allowed(replay, compiled, transition, subject, event)
        except RuleViolation as refusal:
            refusals.append(refusal.at(current))
            continue
        return _move(replay, kind, subject, transition, event) + extra
    raise refusals[0]


def _move(
    replay: ReplayView,
    kind: LifecycleKind,
    subject: Subject,
    transition: Transition,
    event: Event,
) -> Effects:
    effects: list[Effect] = []
    period = _period(event) if kind is _PHASE else None
    if period is not None:
        effects.append(SetPeriod(str(subject), period))
    if kind is _DECISION and str(subject) not in replay.decision_meta:
        effects.append(DraftDecision(str(subject), _decision_meta(replay, event)))
    effects.append(SetState(kind, subject, transition.dest, transition.provision))
    return tuple(effects)


def _period(event: Event) -> Period | None:
    data = event.data
    if not any(k in data for k in ("name", "start", "end")):
        return None
    try:
        start = dt.date.fromisoformat(data["start"]) if "start" in data else None
        end = dt.date.fromisoformat(data["end"]) if "end" in data else None
    except (TypeError, ValueError):
        message = _("start and end must be dates (YYYY-MM-DD)")
        raise RuleViolation("bad-data", message, None) from None
    if start and end and end < start:
        message = _(
            "the phase ends ({end}) before it starts ({start})",
            end=shown_day(end),
            start=shown_day(start),
        )
        raise RuleViolation("bad-data", message, None)
    return (data.get("name"), start, end)


def _decision_meta(replay: ReplayView, event: Event) -> tuple[str, str | None, str | None]:
    body = text(event.data, "body")
    if replay.body(body) is None:
        raise RuleViolation("unknown-body", _("the statute has no body '{body}'", body=body), None)
    power = event.data.get("power")
    carried = replay.rules.carried.get(str(power)) if power is not None else None
    if carried is not None:
        message = _(
            "{power} is exercised by the event '{trigger}', with its lifecycle's "
            "states and guards, not by a proposal's vote",
            power=power,
            trigger=carried.trigger,
        )
        raise RuleViolation("use-transition", message, carried.provision)
    if power is not None and not replay.rules.authority.chains(body, str(power)):
        message = _(
            "no provision gives {body} the power {power}; it cannot decide on it",
            body=body,
            power=power,
        )
        raise RuleViolation("power:no-chain", message, replay.rules.statute.power(power).provision)
    return (body, power, event.data.get("phase"))


def _allowed(
    replay: ReplayView,
    compiled: Compiled,
    transition: Transition,
    subject: Subject,
    event: Event,
) -> Effects:
    """Raise the first rule ``transition`` breaks; the priors it records."""
    cited = transition.provision
    actor = _actor(replay, transition, subject)
    check_registration(replay, compiled, transition, event)  # the statute's clause first
    if by_authority(transition):  # § 60, stk. 2: the supervisory authority's own act
        check_authority_transition(replay, event)
        actor = None
    if actor == "member" and event.actor != municipality_of(event.data, event.actor):
        who = municipality_of(event.data, event.actor)
        message = _(
            "only {who} itself may '{kind}', not {actor}",
            who=who,
            kind=event.kind,
            actor=event.actor,
        )
        raise RuleViolation("actor", message, cited)
    if actor not in (None, "member") and event.actor not in {
        b.id for b in replay.rules.statute.instances(actor)
    }:
        message = _(
            "'{kind}' is for {body}, not {actor}", kind=event.kind, body=actor, actor=event.actor
        )
        raise RuleViolation("actor", message, cited)
    if actor == "member" or registers_withdrawal(replay, compiled, transition):
        _check_notice(replay, compiled, transition, subject, event)
    check_admission(replay, compiled.kind, transition, subject, event)
    power = replay.rules.statute.power(transition.power) if transition.power else None
    if power is not None and actor != "member":
        # The act that proposes a phase names a phase not yet on record.
        new = compiled.kind is _PHASE and event.kind in replay.rules.creating[compiled.kind]
        facts = {k: v for k, v in event.data.items() if k != "phase"} if new else None
        check_power(replay, event, power, facts)
    _check_period(replay, compiled, transition, subject, event)
    extra = _procedure(replay, compiled, transition, subject, event, power)
    for guard in transition.guards:
        check = GUARDS_BY_NAME.get(guard) or GUARDS[Guard(guard)]  # the schema knows them
        refusal = check(replay, event, subject, cited)
        if refusal is not None:
            raise refusal
    check_transition(replay, compiled, transition, subject, event)
    terms = admission_terms(replay, compiled, transition, subject, event)
    return (*extra, *terms, *phase_terms(replay, compiled, transition, subject, event))


def _actor(replay: ReplayView, transition: Transition, subject: Subject) -> str | None:
    if transition.actor == DELEGATOR and isinstance(subject, tuple):
        delegation = replay.rules.delegations.get(subject)
        return delegation.from_body if delegation is not None else None
    return transition.actor


def _procedure(
    replay: ReplayView,
    compiled: Compiled,
    transition: Transition,
    subject: Subject,
    event: Event,
    power: Power | None,
) -> Effects:
    """The deciding body's procedure: in office, meeting, vote, the priors it needs.

    The matter is the record's own (its phase, proposal, municipality or
    delegation). A proposal rejected by its vote needs no priors: they are the
    conditions of adopting it.
    """
    judged_by_guard = bool(VOTE_GUARDS & set(transition.guards))
    if compiled.kind is _DECISION and judged_by_guard:
        body, power = _proposal_body(replay, subject, event)
    elif transition.actor not in (None, "member"):
        body = replay.body(event.actor)
    else:
        return ()
    if body is None:
        return ()
    adopts = not judged_by_guard or Guard.VOTE_PASSES.value in transition.guards
    about = _record_matter(compiled.kind, subject)
    rule = _exclusion_rule(replay, compiled, transition, body)
    return decision(
        replay,
        body,
        power,
        event,
        must_pass=not judged_by_guard,
        priors=adopts,
        about=about,
        rule=rule,
    )


def _exclusion_rule(
    replay: ReplayView, compiled: Compiled, transition: Transition, body: Body
) -> VotingRule | None:
    """The vote an exclusion needs (``membership.exclusion.voting``): it governs
    the excluding body's transition of a member into a withdrawn state."""
    membership = replay.rules.statute.membership
    exclusion = membership.exclusion if membership is not None else None
    if exclusion is None or exclusion.voting is None or compiled.kind is not _MEMBERSHIP:
        return None
    excluding = replay.rules.has(compiled.kind, transition.dest, Meaning.WITHDRAWN)
    if not excluding or body.id not in {b.id for b in replay.rules.statute.instances(exclusion.by)}:
        return None
    return replay.rules.statute.voting_rule(exclusion.voting)


def _record_matter(kind: LifecycleKind, subject: Subject) -> Matter:
    """What an act on a record is about: the record itself."""
    if kind is _DELEGATION and isinstance(subject, tuple):
        return ("delegation", subject[0])
    if isinstance(subject, tuple):
        return ("municipality", subject[0])
    key = {
        _MEMBERSHIP: "municipality",
        _PHASE: "phase",
        _DECISION: "proposal",
    }.get(kind)
    return (key, subject) if key is not None else None


def _check_period(
    replay: ReplayView,
    compiled: Compiled,
    transition: Transition,
    subject: Subject,
    event: Event,
) -> None:
    """A phase is adopted with its period: the clock runs it between its dates."""
    rules, kind = replay.rules, compiled.kind
    if kind is not _PHASE or not rules.has(kind, transition.dest, Meaning.ADOPTED):
        return
    period = _period(event) or replay.periods.get(str(subject))
    clock = next((t for t in compiled.lifecycle.transitions if t.when is not None), None)
    if period is not None and period[2] is not None and period[2] < event.date:
        message = _(
            "the phase {phase} ended on {end}, before it is adopted on {date}",
            phase=subject,
            end=shown_day(period[2]),
            date=shown_day(event.date),
        )
        raise RuleViolation("phase-period", message, (clock.provision if clock else None))
    if period is not None and period[1] is not None and period[2] is not None:
        return
    clock = next((t for t in compiled.lifecycle.transitions if t.when is not None), None)
    cited = (clock.provision if clock else None) or transition.provision
    message = _(
        "the phase {phase} is adopted with its start and end (start, end); none is given",
        phase=subject,
    )
    raise RuleViolation("phase-period", message, cited)


def _proposal_body(
    replay: ReplayView, subject: Subject, event: Event
) -> tuple[Body | None, Power | None]:
    meta = replay.decision_meta.get(str(subject))
    if meta is None:
        return None, None
    if event.actor != meta[0]:
        message = _(
            "the proposal {proposal} is decided by {body}, not {actor}",
            proposal=subject,
            body=meta[0],
            actor=event.actor,
        )
        raise RuleViolation("actor", message, None)
    power_id = meta[1]
    power = replay.rules.statute.power(power_id) if power_id in replay.rules.power_ids else None
    if power is not None:
        facts = {**event.data, "phase": meta[2] or event.data.get("phase")}
        check_power(replay, event, power, facts)
    return replay.body(meta[0]), power


def _check_notice(
    replay: ReplayView,
    compiled: Compiled,
    transition: Transition,
    subject: Subject,
    event: Event,
) -> None:
    """A member's withdrawal takes effect only after the notice the statute requires."""
    rules, kind = replay.rules, compiled.kind
    months = rules.notice_months
    if kind is not _MEMBERSHIP or not months:
        return
    if not rules.has(kind, transition.dest, Meaning.WITHDRAWN):
        return
    state = replay.state(kind, subject, event.date)
    since = replay.since.get((kind, subject))
    if rules.has(kind, state, Meaning.NOTICE) and since is not None:
        due = rules.notice_due(since)
        if event.date >= due:
            return
        message = _(
            "{member} gave notice on {since}; it runs until {due}, not {date}",
            member=subject,
            since=shown_day(since),
            due=shown_day(due),
            date=shown_day(event.date),
        )
    else:
        message = ngettext(
            "{member} must give {count} month's notice before withdrawing; none is given",
            "{member} must give {count} months' notice before withdrawing; none is given",
            months,
            member=subject,
        )
    raise RuleViolation("notice", message, rules.withdrawal_provision)
