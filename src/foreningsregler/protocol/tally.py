"""Counting a vote as its rule says: by heads, or naming who voted how (needed
for weights by member kind and for unanimity among a phase's participants),
and the confirmation a rule of two consecutive meetings asks.

A named vote (``vote: {yes: [...], no: [...], abstain: [...]}``) names members
in a body of all members and persons in a body of seats; only those who can
vote that day may be named (an observer never can; an alternate only in place
of a seat holder who is not named). Quorum is always counted by heads; the
majority by the rule's weights.
"""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Mapping
from typing import Any, cast

import attrs

from ..i18n import _
from ..statute.composition import DEFAULT_KIND
from ..statute.model import Body, LifecycleKind, Power, ProvisionRef, VoteBase, VotingRule
from ._shown import shown_day
from .changes import Matter, Pending
from .facts import read_vote
from .lifecycle import Meaning
from .participants import body_phase, check_outside, decision_phase
from .participants import participants as phase_participants
from .reading import ReplayView
from .state import RuleViolation
from .voting import Vote

_NAMED = ("yes", "no", "abstain")
#: A vote as events hold it (tested first: no ABC check), and lists of names.
_MAPPINGS = frozenset({types.MappingProxyType, dict})
_LISTS = (list, tuple)
_EXTRA = frozenset({"present", "chair", "chair_absent"})
#: How a vote names who voted how.
_NAMED_FORM = "vote: {yes: [...], no: [...], abstain: [...]}"


@attrs.frozen
class Counted:
    """A vote counted: by heads (quorum, what can be true of the meeting), as
    the rule weighs it, and the bases of seats and participants it weighs."""

    heads: Vote
    weighed: Vote
    seats: int
    participants: int | None = None


def _names_voters(raw: object) -> bool:
    """Whether a vote names who voted how (lists of names), not counts."""
    if type(raw) not in _MAPPINGS and not isinstance(raw, Mapping):
        return False
    get = cast("Mapping[str, Any]", raw).get
    return any(isinstance(get(k), _LISTS) for k in _NAMED)


def count(
    view: ReplayView,
    body: Body,
    rule: VotingRule,
    facts: Mapping[str, Any],
    day: dt.date,
    seats: int,
    about: Matter = None,
) -> Counted:
    """The vote the event records, counted under ``rule`` in ``body`` on ``day``."""
    raw = facts.get("vote")
    named = _names_voters(raw)
    needs_names = rule.weights is not None or rule.base is VoteBase.PARTICIPANTS
    if not named:
        if needs_names and raw is not None:
            if rule.weights:
                message = _(
                    "{rule} weighs each member's vote: the vote names the members: {form}",
                    rule=rule.id,
                    form=_NAMED_FORM,
                )
            else:
                message = _(
                    "{rule} counts among a phase's participants: the vote names the members: "
                    "{form}",
                    rule=rule.id,
                    form=_NAMED_FORM,
                )
            raise RuleViolation("named-vote", message, rule.provision)
        vote = read_vote(facts, rule.provision)
        return Counted(vote, vote, seats)
    assert isinstance(raw, Mapping)
    return _named(view, body, rule, raw, facts, (day, seats), about)


def _named(
    view: ReplayView,
    body: Body,
    rule: VotingRule,
    raw: Mapping[str, Any],
    facts: Mapping[str, Any],
    when: tuple[dt.date, int],
    about: Matter,
) -> Counted:
    """A named vote on the day, in a body of ``seats`` (as the quorum counts them)."""
    (day, seats), cited = when, rule.provision
    extra = sorted(set(map(str, raw)) - _EXTRA - set(_NAMED))
    if extra:
        raise RuleViolation("bad-vote", _("a vote has no '{key}'", key=extra[0]), cited)
    lists = {k: raw.get(k, []) for k in _NAMED}
    if not all(
        isinstance(v, _LISTS) and all(isinstance(n, str) and n for n in v) for v in lists.values()
    ):
        raise RuleViolation("bad-vote", _("yes, no and abstain are lists of names"), cited)
    names = [n for k in _NAMED for n in lists[k]]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        message = _("{name} is named twice in the vote", name=twice[0])
        raise RuleViolation("bad-vote", message, cited)
    voters = _voters(view, body, day, set(names))
    for name in names:
        if name not in voters:
            message = _(
                "{name} has no vote in {body} on {day} (observers never vote)",
                name=name,
                body=body.id,
                day=shown_day(day),
            )
            raise RuleViolation("not-a-voter", message, cited)
    participants: set[str] | None = None
    own = body_phase(view, body, facts, day, about)
    among = set(phase_participants(view, own, day)) if own is not None else None
    if own is not None and among is not None:
        check_outside(body, frozenset(among), {n: voters[n] for n in names}, own)
    if rule.base is VoteBase.PARTICIPANTS:
        participants = among if among is not None else _participants(view, rule, facts, day, about)
        outside = sorted(n for n in names if voters[n] not in participants)
        if outside:
            message = _(
                "{member} has not joined the phase; only its participants vote under {rule}",
                member=outside[0],
                rule=rule.id,
            )
            raise RuleViolation("not-a-participant", message, cited)
    present = raw.get("present", len(names))
    if isinstance(present, bool) or not isinstance(present, int) or present < len(names):
        message = _("present is a whole number, at least the {count} named", count=len(names))
        raise RuleViolation("bad-vote", message, cited)
    chair = raw.get("chair")
    if chair not in (None, "yes", "no"):
        raise RuleViolation("bad-vote", _("the chair's vote is 'yes' or 'no'"), cited)
    absent = raw.get("chair_absent", False) is True
    sizes = {k: len(v) for k, v in lists.items()}
    heads = Vote(present, sizes["yes"], sizes["no"], sizes["abstain"], chair, absent)
    weigh = _weigher(view, rule)
    weights = {k: sum(weigh(voters[n]) for n in v) for k, v in lists.items()}
    weighed = Vote(
        sum(weights.values()), weights["yes"], weights["no"], weights["abstain"], chair, absent
    )
    base = sum(weigh(m) for m in participants) if participants is not None else None
    if rule.weights is not None:
        # Every seat's member weighs in a majority of all seats.
        everyone = among if among is not None else _all_voting_members(view, body, day)
        seats = sum(weigh(m) for m in everyone)
    return Counted(heads, weighed, seats, base)


def _voters(view: ReplayView, body: Body, day: dt.date, named: set[str]) -> dict[str, str]:
    """Who may be named in a vote of ``body`` on ``day``, each with the member it
    votes for: the members, in a body of all members; else the seat holders,
    and an alternate whose seat holder is not named."""
    if body.size is None:
        return {m: m for m in _all_voting_members(view, body, day)}
    found = {s.person: s.municipality or s.person for s in view.seated(body.id, day)}
    for alternate in view.alternates(body.id, day):
        if alternate.alternate_for not in named:
            found[alternate.person] = alternate.municipality or alternate.person
    return found


def _all_voting_members(view: ReplayView, body: Body, day: dt.date) -> list[str]:
    """The members a vote of ``body`` could count: all members (the founders on
    the founding day) in a body of all members, else those a seat is held for."""
    if body.size is not None:
        return [s.municipality or s.person for s in view.seated(body.id, day)]
    kind, rules = LifecycleKind.MEMBERSHIP, view.rules
    founding = view.roll(day).founding
    found = []
    for record in view.stored[kind]:
        state = view.state(kind, record, day)
        if rules.has(kind, state, Meaning.MEMBER) or (
            founding and not rules.has(kind, state, Meaning.WITHDRAWN)
        ):
            found.append(str(record))
    return found


def _weigher(view: ReplayView, rule: VotingRule) -> Any:
    """A member's votes under the rule: its kind's weight, else one."""
    weights = rule.weights
    if weights is None:
        return lambda member: 1
    kinds = member_kinds(view)
    return lambda member: weights.of(kinds.get(member, DEFAULT_KIND), member)


def member_kinds(view: ReplayView) -> dict[str, str]:
    """Each member's kind as the statute lists it, by id and by name; a
    municipality named without a kind is a kommune."""
    membership = view.rules.statute.membership
    if membership is None:
        return {}
    kinds: dict[str, str] = {}
    for member in membership.roster:
        kinds[member.name] = kinds[member.id] = member.kind.value
    return kinds


def _participants(
    view: ReplayView, rule: VotingRule, facts: Mapping[str, Any], day: dt.date, about: Matter
) -> set[str]:
    """The members that have joined the phase the decision concerns: the event's
    ``phase``, its proposal's phase, or the phase the act is about."""
    phase = decision_phase(view, facts, about)
    if phase is None:
        message = _(
            "{rule} counts among a phase's participants: name the phase (phase)", rule=rule.id
        )
        raise RuleViolation("participants-phase", message, rule.provision)
    return set(phase_participants(view, phase, day))


# --- Two consecutive meetings -------------------------------------------------------------


def pending_of(body: Body, power: Power | None, about: Matter, day: dt.date) -> Pending:
    return Pending(body.id, power.id if power is not None else None, about, day)


def check_confirmed(
    view: ReplayView,
    body: Body,
    rule: VotingRule,
    day: dt.date,
    power: Power | None,
    about: Matter,
) -> None:
    """A decision under a rule of two consecutive meetings takes effect only at
    a meeting (not in writing) whose vote follows a first passing vote
    (``first-vote``) on the same matter at the body's previous meeting; where
    the rule says so, one of the two meetings was ordinary."""
    two = rule.consecutive_meetings
    if two is None:
        return
    cited: ProvisionRef | None = two.provision or rule.provision
    if (body.id, day) not in view.meetings:
        message = _(
            "{rule} decides at two consecutive meetings of {body}, not in writing",
            rule=rule.id,
            body=body.id,
        )
        raise RuleViolation("two-meetings", message, cited)
    before = [d for b, d in view.meetings if b == body.id and d < day]
    previous = max(before) if before else None
    first = pending_of(body, power, about, previous) if previous else None
    if first is None or first not in view.pending:
        earlier = sorted(
            p.day
            for p in view.pending
            if attrs.evolve(p, day=day) == pending_of(body, power, about, day)
        )
        facts = {"rule": rule.id, "body": body.id}
        if earlier:
            message = _(
                "{rule} needs the decision passed at two consecutive meetings of {body}; "
                "the first vote (on {first}) was not at {body}'s previous meeting ({previous})",
                first=shown_day(earlier[-1]),
                previous=shown_day(previous),
                **facts,
            )
        else:
            message = _(
                "{rule} needs the decision passed at two consecutive meetings of {body}; "
                "no first passing vote (first-vote) is recorded at its previous meeting",
                **facts,
            )
        raise RuleViolation("two-meetings", message, cited)
    assert previous is not None
    if two.one_ordinary and {(body.id, previous), (body.id, day)} <= set(view.extraordinary):
        message = _(
            "{rule}: one of the two meetings of {body} must be ordinary; both were extraordinary",
            rule=rule.id,
            body=body.id,
        )
        raise RuleViolation("two-meetings", message, cited)
