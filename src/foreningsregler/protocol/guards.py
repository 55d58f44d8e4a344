"""The closed registry of guards a statute's transitions may name.

Each guard reads the replay and the event and returns a refusal or None;
none changes anything. ``acts`` calls them in the order the statute lists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ..i18n import _, ngettext
from ..statute.model import Body, LifecycleKind, ProvisionRef
from ._shown import shown_day
from .changes import Subject
from .composition import chosen_chair
from .facts import municipality_of, text
from .ledger import Event
from .lifecycle import Guard, Meaning
from .procedure import decide, voting_rule
from .reading import ReplayView
from .state import RuleViolation

GuardCheck = Callable[[ReplayView, Event, Subject, ProvisionRef | None], RuleViolation | None]
#: The kinds as module names: Python 3.11 reads an enum's members through
#: EnumType's ``__getattr__`` hook, at three times a global's cost, and a
#: replay reads them for every event.
_MEMBERSHIP, _PHASE = (
    LifecycleKind.MEMBERSHIP,
    LifecycleKind.PHASE,
)


def _at_general_assembly(
    replay: ReplayView, event: Event, __: Subject, cited: ProvisionRef | None
) -> RuleViolation | None:
    assembly = replay.rules.assembly
    if assembly is not None and (assembly.id, event.date) in replay.meetings:
        return None
    facts = {"kind": event.kind, "day": shown_day(event.date)}
    message = (
        _(
            "'{kind}' must be declared at a meeting of {name}; none is recorded on {day}",
            name=assembly.name,
            **facts,
        )
        if assembly
        else _(
            "'{kind}' must be declared at a meeting of the general assembly; "
            "none is recorded on {day}",
            **facts,
        )
    )
    return RuleViolation(f"guard:{Guard.AT_GENERAL_ASSEMBLY}", message, cited)


def _is_member(
    replay: ReplayView, event: Event, __: Subject, cited: ProvisionRef | None
) -> RuleViolation | None:
    municipality = municipality_of(event.data, event.actor)
    state = replay.state(_MEMBERSHIP, municipality, event.date)
    if replay.rules.has(_MEMBERSHIP, state, Meaning.MEMBER):
        return None
    message = (
        _(
            "{municipality} is not a member (membership: {state})",
            municipality=municipality,
            state=state,
        )
        if state
        else _("{municipality} is not a member (membership: none)", municipality=municipality)
    )
    return RuleViolation(f"guard:{Guard.IS_MEMBER}", message, cited)


def _phase_open(
    replay: ReplayView, event: Event, __: Subject, cited: ProvisionRef | None
) -> RuleViolation | None:
    phase = text(event.data, "phase")
    state = replay.state(_PHASE, phase, event.date)
    rules = replay.rules
    if rules.has(_PHASE, state, Meaning.ADOPTED) and not rules.has(_PHASE, state, Meaning.ENDED):
        return None
    message = (
        _("the phase {phase} is not open for joining (state: {state})", phase=phase, state=state)
        if state
        else _("the phase {phase} is not open for joining (state: not proposed)", phase=phase)
    )
    return RuleViolation(f"guard:{Guard.PHASE_OPEN_FOR_JOINING}", message, cited)


def _no_joined_phase_unended(
    replay: ReplayView, event: Event, __: Subject, cited: ProvisionRef | None
) -> RuleViolation | None:
    municipality = municipality_of(event.data, event.actor)
    for phase, end in replay.joined_unended(municipality, event.date):
        facts = {"municipality": municipality, "phase": phase}
        message = (
            _(
                "{municipality} has joined the phase {phase}, which ends on {end}; "
                "withdrawal is possible only when the phase has ended",
                end=shown_day(end),
                **facts,
            )
            if end
            else _(
                "{municipality} has joined the phase {phase}, which has no end date; "
                "withdrawal is possible only when the phase has ended",
                **facts,
            )
        )
        return RuleViolation(f"guard:{Guard.NO_JOINED_PHASE_UNENDED}", message, cited)
    return None


def _vote(
    replay: ReplayView, event: Event, subject: Subject, cited: ProvisionRef | None
) -> tuple[bool, str] | RuleViolation:
    """The vote on a proposal, by its body's procedure (meeting, quorum, counts)."""
    meta = replay.decision_meta.get(str(subject))
    if meta is None:
        message = _("no proposal '{proposal}' has been drafted", proposal=subject)
        return RuleViolation("no-proposal", message, cited)
    rules = replay.rules
    body = replay.body(meta[0])
    power = rules.statute.power(meta[1]) if meta[1] in rules.power_ids else None
    rule = voting_rule(replay, body, power) if body is not None else None
    if body is None or rule is None:
        message = _("the statute gives {body} no voting rule", body=meta[0])
        return RuleViolation("no-voting-rule", message, cited)
    late = _late_proposal(replay, body, str(subject), event.date)
    if late is not None:
        return late
    try:
        about = ("proposal", str(subject))
        result = decide(
            replay, body, rule, event.data, event.date, must_pass=False, power=power, about=about
        )
    except RuleViolation as refusal:
        return refusal
    reason = _(
        "{reason} under {rule} [{provision}]",
        reason=result.reason,
        rule=rule.id,
        provision=rule.provision,
    )
    return result.passed, reason


def _late_proposal(
    replay: ReplayView, body: Body, proposal: str, day: dt.date
) -> RuleViolation | None:
    """A proposal decided at a meeting reached the body the days before it the
    statute asks (``meetings.proposals_before_days``)."""
    meetings = body.meetings
    days = meetings.proposals_before_days if meetings else None
    drafted = replay.drafted.get(proposal)
    if meetings is None or days is None or drafted is None or (day - drafted).days >= days:
        return None
    due = day - dt.timedelta(days=min(days, (day - dt.date.min).days))
    message = ngettext(
        "the proposal {proposal} reached {body} on {drafted}; proposals for the meeting "
        "on {day} are due by {due} ({count} day before)",
        "the proposal {proposal} reached {body} on {drafted}; proposals for the meeting "
        "on {day} are due by {due} ({count} days before)",
        days,
        proposal=proposal,
        body=body.id,
        drafted=shown_day(drafted),
        day=shown_day(day),
        due=shown_day(due),
    )
    return RuleViolation("proposal-deadline", message, meetings.provision)


def _vote_guard(wanted: bool, guard: Guard) -> GuardCheck:
    def check(
        replay: ReplayView, event: Event, subject: Subject, cited: ProvisionRef | None
    ) -> RuleViolation | None:
        result = _vote(replay, event, subject, cited)
        if isinstance(result, RuleViolation):
            return result
        passed, reason = result
        if passed is wanted:
            return None
        message = (
            _("the vote passed: {reason}", reason=reason)
            if passed
            else _("the vote did not pass: {reason}", reason=reason)
        )
        return RuleViolation(f"guard:{guard}", message, cited)

    return check


def _all_declarations_signed(
    replay: ReplayView, event: Event, __: Subject, cited: ProvisionRef | None
) -> RuleViolation | None:
    """Every participant has signed: those the event names, or else all on record."""
    initial = replay.rules.initial(_MEMBERSHIP)
    records = replay.stored[_MEMBERSHIP]
    named = event.data.get("participants")
    if isinstance(named, list | tuple):
        participants = [str(m) for m in named]
    else:
        participants = list(map(str, records))
    waiting = sorted(m for m in participants if records.get(m, initial) == initial)
    if participants and not waiting:
        return None
    message = (
        _("not every participant has accepted the basis: {who}", who=", ".join(waiting))
        if waiting
        else _("not every participant has accepted the basis: no municipality has signed")
    )
    return RuleViolation(f"guard:{Guard.ALL_DECLARATIONS_SIGNED}", message, cited)


def _constituted(
    replay: ReplayView, event: Event, __: Subject, cited: ProvisionRef | None
) -> RuleViolation | None:
    """The acting body has constituted itself: every seat filled, and the chair it
    chooses itself chosen and sitting."""
    body = replay.body(event.actor)
    if body is None:
        message = _("{actor} is no body", actor=event.actor)
        return RuleViolation(f"guard:{Guard.CONSTITUTED}", message, cited)
    seats = replay.seated(body.id, event.date)
    missing = []
    least = body.seats_min or body.size  # a range of seats: its least number
    if least is not None and len(seats) < least:
        missing.append(_("{filled} of {least} seats are filled", filled=len(seats), least=least))
    chooses = body.chair is not None and body.chair.chosen_by == body.id
    if chooses and chosen_chair(replay, body, event.date) not in {s.person for s in seats}:
        missing.append(_("it has chosen no chair who sits"))
    if not missing:
        return None
    message = _(
        "{body} has not constituted itself: {missing}", body=body.id, missing="; ".join(missing)
    )
    return RuleViolation(f"guard:{Guard.CONSTITUTED}", message, cited)


GUARDS: dict[Guard, GuardCheck] = {
    Guard.AT_GENERAL_ASSEMBLY: _at_general_assembly,
    Guard.IS_MEMBER: _is_member,
    Guard.PHASE_OPEN_FOR_JOINING: _phase_open,
    Guard.NO_JOINED_PHASE_UNENDED: _no_joined_phase_unended,
    Guard.VOTE_PASSES: _vote_guard(True, Guard.VOTE_PASSES),
    Guard.VOTE_FAILS: _vote_guard(False, Guard.VOTE_FAILS),
    Guard.ALL_DECLARATIONS_SIGNED: _all_declarations_signed,
    Guard.CONSTITUTED: _constituted,
}

#: The checks by a guard's name as the statute writes it (``Guard(name)``
#: costs a call of EnumType's, every transition judged).
GUARDS_BY_NAME: dict[str, GuardCheck] = {guard.value: check for guard, check in GUARDS.items()}

#: Guards that judge a vote themselves: the act is not refused when it fails.
VOTE_GUARDS = frozenset({Guard.VOTE_PASSES.value, Guard.VOTE_FAILS.value})
