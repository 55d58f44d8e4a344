"""How a body decides: in office, at a meeting, by a vote that meets its rule,
after the recommendations, proposals and consultations the power requires.

A body with more than one seat and a voting rule decides collegially: every
act of it (a transition it performs, a power it exercises, a recommendation
it makes) needs its meeting on the day (or the written procedure its statute
allows), a quorum, and a vote that passes. An inquorate meeting decides
nothing: the act is refused, it is not a rejection. A power's ``requires``
are checked on every exercise of it, whatever event carries it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, cast

import attrs

from ..authority.answers import UnknownName
from ..i18n import N_, _
from ..statute.model import (
    Body,
    FillMethod,
    LifecycleKind,
    Power,
    ProvisionRef,
    RequirementKind,
    VotingRule,
)
from ._shown import shown_day
from .amounts import check_amount
from .changes import AddPrior, Effect, Matter, Prior, UsePrior
from .composition import check_alternates_present, check_casting_vote, short_of_office
from .facts import counts_key, matter, show_matter
from .law_state import LAW_EVENT_KINDS, check_in_force
from .ledger import Event
from .participants import body_participants
from .reading import ReplayView
from .state import RuleViolation, Seat
from .tally import check_confirmed, count
from .voting import Outcome, outcome

Effects = tuple[Effect, ...]

#: Bodies whose seats someone else fills: empty until that happens.
FILLED_BY_OTHERS = frozenset(
    {FillMethod.ELECTION, FillMethod.APPOINTMENT, FillMethod.EMPLOYMENT, FillMethod.PROCUREMENT}
)
#: The refusal of a decision made without the prior its power requires, by kind.
_NO_PRIOR = {
    RequirementKind.RECOMMENDATION: N_(
        "{power} needs the recommendation of {body} on {matter} first; none is recorded"
    ),
    RequirementKind.PROPOSAL: N_(
        "{power} needs the proposal of {body} on {matter} first; none is recorded"
    ),
    RequirementKind.CONSULTATION: N_(
        "{power} needs the consultation of {body} on {matter} first; none is recorded"
    ),
    RequirementKind.AGREEMENT: N_(
        "{power} needs the agreement of {body} on {matter} first; none is recorded"
    ),
}


def voting_rule(view: ReplayView, body: Body, power: Power | None) -> VotingRule | None:
    """The rule a decision of ``body`` under ``power`` follows; None if it acts alone."""
    return view.rules.deciding_rule(body, power)


def seated(view: ReplayView, body: str, day: dt.date) -> tuple[Seat, ...]:
    """The seats of ``body`` held for members on ``day``."""
    return view.seated(body, day)


def check_in_office(view: ReplayView, body: Body, day: dt.date) -> None:
    """A body someone else fills cannot act before a seat of it is filled (with
    a range of seats, its least number)."""
    cited = body.filled_by.provision or body.provision
    if body.filled_by.method in FILLED_BY_OTHERS and not seated(view, body.id, day):
        raise RuleViolation("not-in-office", _no_one_filled(body, day), cited)
    short = short_of_office(view, body, day)
    if short is not None:
        raise RuleViolation("not-in-office", _("{why}; it cannot act", why=short), cited)


def _no_one_filled(body: Body, day: dt.date) -> str:
    facts = {"body": body.id, "day": shown_day(day)}
    if body.filled_by.method is FillMethod.ELECTION:
        return _("no one has been elected to {body} on {day}; it cannot act", **facts)
    return _("no one has been appointed to {body} on {day}; it cannot act", **facts)


def check_meeting(view: ReplayView, body: Body, day: dt.date, written: object) -> None:
    """A collegial body decides at its meeting that day, or in writing where allowed."""
    meetings = body.meetings
    if written is not None and not isinstance(written, bool):
        cited = (meetings.provision if meetings else None) or body.provision
        message = _("'written' is true or false, not {value}", value=repr(written))
        raise RuleViolation("bad-data", message, cited)
    if (body.id, day) in view.meetings:
        return
    if meetings is not None and meetings.written_procedure and written is True:
        return
    facts = {"body": body.id, "day": shown_day(day)}
    if meetings and meetings.written_procedure:
        message = _(
            "{body} decides at a meeting or in writing (written: true); "
            "no meeting of {body} is recorded on {day}",
            **facts,
        )
    else:
        message = _(
            "{body} decides at a meeting; no meeting of {body} is recorded on {day}", **facts
        )
    raise RuleViolation(
        "no-meeting", message, (meetings.provision if meetings else None) or body.provision
    )


def attendance(view: ReplayView, body: Body, day: dt.date) -> tuple[int, int]:
    """(seats the quorum counts, people who can be present) of ``body`` on ``day``.

    A body of all members counts the members; until a member of an earlier
    day exists (the founding), the municipalities on record (the founders)
    make up the meeting. An assumption: the sources do not say how a founding
    meeting is constituted.
    """
    key = ("attendance", body.id, day)
    found = view.memo.get(key)
    if found is None:
        found = view.memo[key] = _attendance(view, body, day)
    return cast("tuple[int, int]", found)


def _attendance(view: ReplayView, body: Body, day: dt.date) -> tuple[int, int]:
    if body.size is not None:
        filled = len(seated(view, body.id, day))
        if body.seats_min is not None:
            # A range of seats: the body has the seats that are filled (an assumption).
            return filled, filled
        in_office = filled if body.filled_by.method in FILLED_BY_OTHERS else body.size
        return body.size, in_office
    seats = view.roll(day).seats
    return seats, seats


def has_members(view: ReplayView, day: dt.date) -> bool:
    """Whether the association has any member on ``day`` (it is founded)."""
    return view.roll(day).members > 0


def decide(
    view: ReplayView,
    body: Body,
    rule: VotingRule,
    facts: Mapping[str, Any],
    day: dt.date,
    *,
    must_pass: bool,
    power: Power | None = None,
    about: Matter = None,
    confirming: bool = True,
) -> Outcome:
    """Check the meeting, quorum and vote of a decision; its outcome. A passing
    vote under a rule of two consecutive meetings must confirm a first vote
    (unless it is the first, ``confirming=False``).

    A decision that reads of its event only the vote's counts and ``written``
    (see ``_counts_read``) is judged once per state, day and counts: the same
    vote at the same meeting passes (or is refused) alike for each act."""
    counts = _counts_read(view, body, rule, facts)  # read once: the memo's key and the tally's
    key = None
    if counts is not None:
        power_id = power.id if power is not None else None
        asked = (day, power_id, about, must_pass, confirming)
        key = ("decided", body.id, id(rule), *asked, counts)
        found = view.memo.get(key)
        if type(found) is tuple and found[0] is rule:  # the same rule, not only its id
            return cast(Outcome, found[1])
    result = _decide(view, body, rule, facts, day, must_pass, power, about, confirming, counts)
    if key is not None:
        view.memo[key] = (rule, result)
    return result


def _counts_read(
    view: ReplayView, body: Body, rule: VotingRule, facts: Mapping[str, Any]
) -> tuple[object, ...] | None:
    """The vote's counts and ``written`` as a key (``facts.counts_key``) where
    that is all a decision reads of its event: not a named vote, nor a body
    of a phase's participants, nor a rule of two meetings (these read the
    matter and the names); None for any other."""
    if facts.get("vote") is None or not view.rules.reads_counts_only(body, rule):
        return None
    return counts_key(facts)


def _decide(
    view: ReplayView,
    body: Body,
    rule: VotingRule,
    facts: Mapping[str, Any],
    day: dt.date,
    must_pass: bool,
    power: Power | None,
    about: Matter,
    confirming: bool,
    counts: tuple[object, ...] | None,
) -> Outcome:
    check_meeting(view, body, day, facts.get("written"))
    two = rule.consecutive_meetings
    if two is not None and facts.get("written") is True:
        message = _(
            "{rule} decides at two consecutive meetings of {body}, not in writing",
            rule=rule.id,
            body=body.id,
        )
        raise RuleViolation("two-meetings", message, two.provision or rule.provision)
    seats, can_attend = attendance(view, body, day)
    among = body_participants(view, body, facts, day, about)
    if among is not None:  # a body of a phase's participants: they alone sit
        seats = can_attend = len(among)
    result = _tallied(view, body, rule, facts, day, (seats, can_attend), about, counts)
    if must_pass and not result.passed:
        message = _(
            "the vote did not pass: {reason} under {rule}", reason=result.reason, rule=rule.id
        )
        raise RuleViolation("vote-failed", message, rule.provision)
    if confirming and result.passed:
        check_confirmed(view, body, rule, day, power, about)
    return result


def _tallied(
    view: ReplayView,
    body: Body,
    rule: VotingRule,
    facts: Mapping[str, Any],
    day: dt.date,
    seated: tuple[int, int],
    about: Matter,
    counts: tuple[object, ...] | None,
) -> Outcome:
    """The vote counted and weighed under ``rule``, with ``seated``: (seats
    the quorum counts, people who can be present). A vote read of its counts
    alone (``counts``, its key from ``decide``; None for one that reads more),
    with no alternate and no chair's vote (whose checks read the day), is
    pure arithmetic: its outcome is kept by rule, seats and counts."""
    seats, can_attend = seated
    key = None if counts is None else (id(rule), seated, counts)
    if key is not None:
        found = _TALLIED.get(key)
        if found is not None and found[0] is rule:  # the same rule, not only its id
            return found[1]
    counted = count(view, body, rule, facts, day, seats, about)
    vote = counted.heads
    problems = vote.problems(can_attend)
    if problems:
        raise RuleViolation("bad-vote", "; ".join(problems), rule.provision)
    check_alternates_present(view, body, day, vote.alternates, rule.provision)
    if rule.quorum is not None and vote.present < rule.quorum.required(seats):
        needed = rule.quorum.required(seats)
        message = _(
            "{body} was not quorate ({present} present, {needed} needed "
            "under {rule}); an inquorate meeting decides nothing",
            body=body.id,
            present=vote.present,
            needed=needed,
            rule=rule.id,
        )
        raise RuleViolation("not-quorate", message, rule.provision)
    if vote.chair is not None:
        check_casting_vote(view, body, rule, day, vote.chair_absent)
    # The quorum is counted by heads (above); the majority as the rule weighs it.
    weighed = rule if rule.weights is None else attrs.evolve(rule, quorum=None)
    result = outcome(weighed, counted.seats, counted.weighed, counted.participants)
    pure = not vote.alternates and vote.chair is None  # no check that read the day
    if key is not None and pure and len(_TALLIED) < _TALLIED_KEPT:
        _TALLIED[key] = (rule, result)
    return result


#: Outcomes of votes read of their counts alone (``_tallied``), with their rule.
_TALLIED: dict[tuple[object, ...], tuple[VotingRule, Outcome]] = {}
_TALLIED_KEPT = 4096


def check_priors(
    view: ReplayView, power: Power, actor: Body, found: Matter
) -> tuple[UsePrior, ...]:
    """Every recommendation, proposal and consultation ``power`` requires was made
    earlier, on the same matter, by the body the statute names; the priors the
    decision uses up.

    A per-area body named in ``requires`` means the acting body's own area's
    instance where it has one, else any area's instance.
    """
    statute = view.rules.statute
    used: list[UsePrior] = []
    for requirement in power.requires:
        candidates = [b.id for b in statute.instances(requirement.from_body)]
        own_area = [b.id for b in statute.instances(requirement.from_body) if b.area == actor.area]
        if actor.area is not None and own_area:
            candidates = own_area
        wanted = (Prior(requirement.kind, power.id, b, found) for b in candidates)
        made = next((p for p in wanted if p in view.priors), None)
        if made is None:
            message = _(
                _NO_PRIOR[requirement.kind],
                power=power.id,
                body=requirement.from_body,
                matter=show_matter(found),
            )
            raise RuleViolation(
                f"requires-{requirement.kind.value}", message, requirement.provision
            )
        used.append(UsePrior(made))
    return tuple(used)


def priors_made(view: ReplayView, power: str, actor: str, found: Matter) -> tuple[AddPrior, ...]:
    """The recommendations an act under ``power`` makes: each requirement that
    names ``power`` as the way ``actor``'s body makes it."""
    if power not in view.rules.made_under:
        return ()  # most powers make no prior
    return tuple(
        AddPrior(Prior(requirement.kind, needing, actor, found))
        for needing, requirement in view.rules.made_under.get(power, ())
        if actor in {b.id for b in view.rules.statute.instances(requirement.from_body)}
    )


def decision(
    view: ReplayView,
    body: Body,
    power: Power | None,
    event: Event,
    *,
    must_pass: bool,
    priors: bool = True,
    about: Matter | None = None,
    rule: VotingRule | None = None,
) -> Effects:
    """The procedure of ``body``'s act under ``power``: in office, and where it
    decides by vote (``rule``, else the power's or the body's), meeting, quorum
    and a passing vote; then (``priors``) the
    priors the power requires on the matter (``about``, else the event's facts),
    which the act uses up. The priors it uses and the ones it makes, as effects.
    No body decides under a statute not yet in force (``law_state``), except
    the acts that bring it into force."""
    day = event.date
    if event.kind not in LAW_EVENT_KINDS and ("in-force", day) not in view.memo:
        check_in_force(view, day)
        view.memo[("in-force", day)] = True
    in_office = ("in-office", body.id, day)
    if in_office not in view.memo:
        check_in_office(view, body, day)
        view.memo[in_office] = True
    rule = rule or voting_rule(view, body, power)
    found = about if about is not None else matter(event.data)
    if rule is not None and must_pass:
        decide(view, body, rule, event.data, event.date, must_pass=True, power=power, about=found)
    if power is None:
        return ()
    used = check_priors(view, power, body, found) if priors and power.requires else ()
    made = priors_made(view, power.id, body.id, found)
    return (*used, *made) if used and made else used or made


def check_power(
    view: ReplayView, event: Event, power: Power, facts: Mapping[str, Any] | None = None
) -> None:
    """The event's actor may exercise ``power`` on the event's day and facts
    (``facts``, where they differ from the event's own data)."""
    authority = view.rules.authority
    if not view.rules.is_body(event.actor):
        message = _("{actor} is not a body of the association", actor=event.actor)
        raise RuleViolation("actor", message, power.provision)
    acting = view.body(event.actor)
    if acting is not None and acting.interim:
        check_interim(view, acting, event.date)
    elif ("founded", event.date) not in view.memo:
        check_founded(view, event.date, power.provision)
        view.memo[("founded", event.date)] = True
    data = event.data if facts is None else facts
    phase, municipality = data.get("phase"), data.get("municipality")
    area, person = data.get("area"), data.get("person")
    try:
        answer = authority.check(
            event.actor,
            power.id,
            phase=phase if type(phase) is str else _opt_text(phase),
            municipality=municipality if type(municipality) is str else _opt_text(municipality),
            on=event.date,
            state=view.view(event.date),
            area=area if type(area) is str else _opt_text(area),
            person=person if type(person) is str else _opt_text(person),
        )
    except UnknownName as error:
        raise RuleViolation(f"unknown-{error.kind}", str(error), power.provision) from None
    if not answer.allowed:
        denial = answer.denials[0]
        raise RuleViolation(f"power:{denial.reason.value}", denial.message, denial.provision)
    check_amount(event, answer)


def _association_state(view: ReplayView, day: dt.date) -> str | None:
    """The association's state on ``day``, or None where no state means ``founded``."""
    compiled = view.rules.lifecycles.get(_ASSOCIATION)
    if compiled is None or not view.rules.founded_states:
        return None
    return view.state(_ASSOCIATION, "association", day) or compiled.lifecycle.initial


#: Read on every act (Python 3.11 reads an enum's members through EnumType's
#: ``__getattr__`` hook, at three times a global's cost).
_ASSOCIATION = LifecycleKind.ASSOCIATION


def check_interim(view: ReplayView, body: Body, day: dt.date) -> None:
    """An interim body acts only until the association is founded."""
    state = _association_state(view, day)
    if state is not None and state in view.rules.founded_states:
        message = _(
            "{body} served until the founding; the association is {state} on {day}",
            body=body.id,
            state=state,
            day=shown_day(day),
        )
        raise RuleViolation("interim-ended", message, body.provision)


def check_founded(view: ReplayView, day: dt.date, cited: ProvisionRef | None) -> None:
    """Powers are exercised only while the association exists: founded, where its
    lifecycle has a state that means ``founded``, and under a statute in force
    (``law_state``: approved where the law asks it)."""
    check_in_force(view, day)
    rules = view.rules
    state = _association_state(view, day)
    if state is None or state in rules.founded_states:
        return
    first = rules.states[(LifecycleKind.ASSOCIATION, sorted(rules.founded_states)[0])]
    message = _(
        "the association is not founded on {day} (state: {state}); no power is held yet",
        day=shown_day(day),
        state=state,
    )
    raise RuleViolation("not-founded", message, first.provision or cited)


def _opt_text(value: object) -> str | None:
    return value if isinstance(value, str) else None if value is None else str(value)
