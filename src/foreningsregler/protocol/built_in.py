"""The events every statute has, whatever its lifecycles: meetings, elections,
vacancies, the chair, the exercise of a power, and the recommendations,
proposals and consultations a later decision requires.

Each returns the effects it makes or raises the refusal; ``acts`` dispatches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ..i18n import N_, _, ngettext
from ..statute.model import (
    Body,
    FillMethod,
    LifecycleKind,
    Power,
    RequirementKind,
    Signers,
)
from ._shown import either, together
from .attorney import (
    GRANT_ATTORNEY,
    REVOKE_ATTORNEY,
    grant_attorney,
    revoke_attorney,
    signs_by_attorney,
)
from .by_authority import REQUEST_DISSOLUTION, request_dissolution
from .changes import AddPrior, AddSeat, Effect, HoldMeeting, Prior, RemoveSeat
from .composition import (
    alternate_seat,
    chair_choice,
    chair_of,
    check_observers,
    staggered_term,
    step_in,
)
from .core import EXTEND_CORE, extend_core
from .election_period import check_election_period
from .election_years import check_seat_year
from .facts import matter, text
from .fees import SET_FEE, set_fee
from .joint import check_chair_agrees
from .law_events import ADOPT, APPROVE, APPROVE_STATUTE, COUNCIL, LAW_EVENTS, NOTIFY, NOTIFY_STATUTE
from .ledger import Event
from .lifecycle import Meaning
from .meetings import PUBLISH_MINUTES, check_call, check_extraordinary, publish_minutes
from .members import ASSIGN_CATEGORY, assign_category
from .pool import pool_seat
from .procedure import (
    check_founded,
    check_in_office,
    check_power,
    decision,
    seated,
)
from .reading import ReplayView
from .setup import COORDINATOR, DISSOLVE, SET_UP, appoint_coordinator, dissolve_body, set_up_body
from .state import RuleViolation, Seat
from .two_meetings import FIRST_VOTE, first_vote

MEETING, ELECT, VACATE, EXERCISE = "hold-meeting", "elect", "vacate", "exercise"
CHAIR = "choose-chair"
SIGN = "sign"
#: Built-in events that record what a later decision requires of a body.
PRIOR_EVENTS = {
    "recommend": RequirementKind.RECOMMENDATION,
    "propose": RequirementKind.PROPOSAL,
    "consult": RequirementKind.CONSULTATION,
    "agree": RequirementKind.AGREEMENT,
}

Effects = tuple[Effect, ...]
#: The kinds as module names: Python 3.11 reads an enum's members through
#: EnumType's ``__getattr__`` hook, at three times a global's cost, and a
#: replay reads them for every event.
_MEMBERSHIP = LifecycleKind.MEMBERSHIP


def _known_body(replay: ReplayView, event: Event) -> Body:
    ref = text(event.data, "body") if "body" in event.data else event.actor
    body = replay.body(ref)
    if body is not None:
        return body
    instances = replay.rules.statute.instances(ref)
    if instances:
        ids = ", ".join(b.id for b in instances)
        message = _("{ref} is defined per area: name one of {ids}", ref=ref, ids=ids)
        raise RuleViolation("unknown-body", message, instances[0].provision)
    raise RuleViolation("unknown-body", _("the statute has no body '{body}'", body=ref), None)


def _meeting(replay: ReplayView, event: Event) -> Effects:
    body = _known_body(replay, event)
    if event.actor != body.id:
        message = _(
            "a meeting of {body} is recorded by {body}, not {actor}",
            body=body.id,
            actor=event.actor,
        )
        raise RuleViolation("actor", message, body.provision)
    check_in_office(replay, body, event.date)
    extraordinary = event.data.get("extraordinary") is True
    if extraordinary:
        check_extraordinary(replay, body, event)
    else:
        check_call(replay, body, event)
    chaired_by = _check_chaired(replay, body, event)
    check_observers(replay, body, event.data, event.date)
    return (HoldMeeting(body.id, chaired_by, extraordinary),)


def _check_chaired(replay: ReplayView, body: Body, event: Event) -> str | None:
    """Who leads the meeting (``chaired_by``): required where the body is chaired
    by a member of another body (``chair.from``), who must sit there that day;
    otherwise optional, and then one who sits in the body itself."""
    chair = body.chair
    person = event.data.get("chaired_by")
    if person is None and (chair is None or chair.from_body is None):
        return None
    source = chair.from_body if chair is not None and chair.from_body else body.id
    pool = replay.rules.statute.instances(source)
    if any(person == s.person for b in pool for s in seated(replay, b.id, event.date)):
        return str(person)
    message = _(
        "a meeting of {body} is chaired by a member of {source} (chaired_by)",
        body=body.id,
        source=source,
    )
    raise RuleViolation("no-chair", message, chair.provision if chair else body.provision)


def _choose_chair(replay: ReplayView, event: Event) -> Effects:
    """The body the statute names chooses who chairs a body (``body``, ``person``),
    or its vice-chair (``role: vice-chair``); a rotating chair follows its order."""
    body = _known_body(replay, event)
    chosen = chair_choice(replay, body, event.data, event.actor, event.date)[1]
    actor = replay.body(event.actor)
    assert actor is not None
    return (*decision(replay, actor, None, event, must_pass=True), chosen)


#: Bodies whose seats are held by the staff or a supplier, not for a member.
_NOT_FOR_A_MEMBER = frozenset({FillMethod.EMPLOYMENT, FillMethod.PROCUREMENT})


def _elect(replay: ReplayView, event: Event) -> Effects:
    """A seat filled: by the body that fills it (a decision of it), or by a member
    for its own seat; employees and suppliers hold no seat for a member."""
    body = _known_body(replay, event)
    _check_not_designated(body)
    person, role = text(event.data, "person"), event.data.get("role")
    fill, day = body.filled_by, event.date
    municipality = _seat_municipality(replay, body, event)
    _check_filler(replay, event, body, municipality)
    if body.eligible and role not in body.eligible:
        facts = {"body": body.id, "eligible": ", ".join(body.eligible), "person": person}
        message = (
            _("{body} seats {eligible}; {person} is {role}", role=role, **facts)
            if role
            else _("{body} seats {eligible}; {person} is of no named role", **facts)
        )
        raise RuleViolation("not-eligible", message, body.provision)
    check_seat_year(replay, body, day)
    seats = tuple(seated(replay, body.id, day))
    if event.data.get("pool") is True:
        return (pool_seat(replay, body, Seat(body.id, person, municipality, role, day), day),)
    holder = event.data.get("alternate_for")
    if holder is not None:
        alternate = Seat(body.id, person, municipality, role, day)
        return (alternate_seat(replay, body, alternate, text(event.data, "alternate_for"), day),)
    term = staggered_term(replay, body, person, event.data, day)
    check_election_period(body, day)
    held = next((s for s in seats if s.person == person), None)
    if held is not None and fill.term_years and held.municipality == municipality:
        # Re-election for a new term, from today: the seat is renewed, not added,
        # and keeps the day it began.
        renewed = Seat(body.id, person, municipality, role, held.since, day, term)
        return (RemoveSeat(body.id, person), AddSeat(renewed))
    _check_seats(body, person, municipality, seats, replay.roll(day).members)
    _check_drawn_from(replay, body, person, municipality, day)
    return (AddSeat(Seat(body.id, person, municipality, role, day, None, term)),)


def _check_not_designated(body: Body) -> None:
    """Who sits in a body the statute designates changes only with the statute."""
    if body.filled_by.method is FillMethod.DESIGNATION:
        message = _(
            "the statute names who sits in {body}; no event fills or empties its seats",
            body=body.id,
        )
        raise RuleViolation("designated", message, body.filled_by.provision or body.provision)


def _seat_municipality(replay: ReplayView, body: Body, event: Event) -> str | None:
    """The member a seat is held for: required, and a member, except for staff."""
    fill = body.filled_by
    if fill.method in _NOT_FOR_A_MEMBER and "municipality" not in event.data:
        return None
    municipality = text(event.data, "municipality")
    kind = _MEMBERSHIP
    if not replay.rules.has(kind, replay.state(kind, municipality, event.date), Meaning.MEMBER):
        cited = fill.provision or body.provision
        message = _("{municipality} is not a member", municipality=municipality)
        raise RuleViolation("not-a-member", message, cited)
    return municipality


def _check_drawn_from(
    replay: ReplayView, body: Body, person: str, municipality: str | None, day: dt.date
) -> None:
    """A body drawn from another seats only someone who sits there, for the same member."""
    source = body.drawn_from
    if source is None:
        return
    there = next((s for s in seated(replay, source, day) if s.person == person), None)
    if there is None:
        message = _(
            "{body} is drawn from {source}; {person} does not sit there",
            body=body.id,
            source=source,
            person=person,
        )
        raise RuleViolation("not-drawn-from", message, body.provision)
    if there.municipality != municipality:
        message = _(
            "{person} sits in {source} for {there}, not for {municipality}",
            person=person,
            source=source,
            there=there.municipality,
            municipality=municipality,
        )
        raise RuleViolation("not-drawn-from", message, body.provision)


def _check_filler(
    replay: ReplayView, event: Event, body: Body, municipality: str | None
) -> Effects:
    """Who fills or empties a seat: each member its own seat, else the body that
    fills it, in office, by its decision (meeting, quorum, a passing vote)."""
    fill = body.filled_by
    cited = fill.provision or body.provision
    if fill.method is FillMethod.MEMBERSHIP:
        if event.actor != municipality:
            message = _(
                "each member names its own seat in {body}; {actor} cannot act for {municipality}'s",
                body=body.id,
                actor=event.actor,
                municipality=municipality,
            )
            raise RuleViolation("actor", message, cited)
        return ()
    if event.actor not in {b.id for b in replay.rules.statute.instances(fill.by or "")}:
        message = _(
            "{body} is filled by {by}, not {actor}", body=body.id, by=fill.by, actor=event.actor
        )
        raise RuleViolation("actor", message, cited)
    elector = replay.body(event.actor)
    assert elector is not None
    return decision(replay, elector, None, event, must_pass=True)


def _check_seats(
    body: Body, person: str, municipality: str | None, seated: tuple[Seat, ...], members: int
) -> None:
    if person in {s.person for s in seated}:
        message = _("{person} already sits in {body}", person=person, body=body.id)
        raise RuleViolation("seat-taken", message, body.provision)
    limit = body.size if body.size is not None else members
    if not body.seats_open and len(seated) >= limit:
        if body.seats_min is not None:
            message = ngettext(
                "{body} has at most {count} seats, all filled",
                "{body} has at most {count} seats, all filled",
                limit,
                body=body.id,
            )
        else:
            message = ngettext(
                "{body} has {count} seats, all filled",
                "{body} has {count} seats, all filled",
                limit,
                body=body.id,
            )
        raise RuleViolation("body-full", message, body.provision)
    taken = {s.municipality for s in seated}
    # A body of a phase's participants has one seat for each of them.
    one_each = body.one_seat_per_member or body.of_participants
    if one_each and municipality is not None and municipality in taken:
        message = _(
            "{municipality} already has a seat in {body}", municipality=municipality, body=body.id
        )
        raise RuleViolation("one-seat-per-member", message, body.provision)


def _vacate(replay: ReplayView, event: Event) -> Effects:
    """A seat ends early: by whoever fills it, as it would fill it."""
    body = _known_body(replay, event)
    _check_not_designated(body)
    person, day = text(event.data, "person"), event.date
    seat = next((s for s in seated(replay, body.id, day) if s.person == person), None)
    alternate = next((s for s in replay.alternates(body.id, day) if s.person == person), None)
    if seat is None and alternate is None:
        message = _("{person} does not sit in {body}", person=person, body=body.id)
        raise RuleViolation("no-seat", message, body.provision)
    held = seat or alternate
    assert held is not None
    effects = _check_filler(replay, event, body, held.municipality)
    # A vacated seat passes to its alternate for the rest of the term.
    stepping_in = step_in(replay, body, seat, day) if seat is not None else ()
    return (*effects, RemoveSeat(body.id, person), *stepping_in)


def _exercise(replay: ReplayView, event: Event) -> Effects:
    power_id = text(event.data, "power")
    if power_id not in replay.rules.power_ids:
        message = _("the statute has no power '{power}'", power=power_id)
        raise RuleViolation("unknown-power", message, None)
    power = replay.rules.statute.power(power_id)
    carried = replay.rules.carried.get(power_id)
    if carried is not None:
        message = _(
            "{power} is exercised by the event '{trigger}', with its lifecycle's "
            "states and guards, not by exercise",
            power=power_id,
            trigger=carried.trigger,
        )
        raise RuleViolation("use-transition", message, carried.provision)
    proposal = event.data.get("proposal")
    if isinstance(proposal, str) and proposal in replay.decision_meta:
        message = _(
            "the proposal {proposal} is decided by its vote (the event 'vote'), not by exercise",
            proposal=proposal,
        )
        raise RuleViolation("use-vote", message, power.provision)
    check_power(replay, event, power)
    body = replay.body(event.actor)
    assert body is not None  # check_power refused an actor that is no body
    return decision(replay, body, power, event, must_pass=True)


#: A requirement a power asks of a body, as a refusal lists it.
_ASKED = {
    RequirementKind.RECOMMENDATION: N_("recommendation of {body}"),
    RequirementKind.PROPOSAL: N_("proposal of {body}"),
    RequirementKind.CONSULTATION: N_("consultation of {body}"),
    RequirementKind.AGREEMENT: N_("agreement of {body}"),
}
#: A power that asks no such requirement of the actor: it asks others, or nothing.
_ASKS_NO = {
    RequirementKind.RECOMMENDATION: (
        N_("{power} asks no recommendation of {actor} (it asks: {asked})"),
        N_("{power} asks no recommendation of {actor} (it asks: nothing)"),
    ),
    RequirementKind.PROPOSAL: (
        N_("{power} asks no proposal of {actor} (it asks: {asked})"),
        N_("{power} asks no proposal of {actor} (it asks: nothing)"),
    ),
    RequirementKind.CONSULTATION: (
        N_("{power} asks no consultation of {actor} (it asks: {asked})"),
        N_("{power} asks no consultation of {actor} (it asks: nothing)"),
    ),
    RequirementKind.AGREEMENT: (
        N_("{power} asks no agreement of {actor} (it asks: {asked})"),
        N_("{power} asks no agreement of {actor} (it asks: nothing)"),
    ),
}


def _prior(kind: RequirementKind) -> Callable[[ReplayView, Event], Effects]:
    """A body's recommendation, proposal or consultation on a later decision."""

    def record(replay: ReplayView, event: Event) -> Effects:
        power = _prior_power(replay, event)
        entitled = [
            r
            for r in power.requires
            if r.kind is kind
            and event.actor in {b.id for b in replay.rules.statute.instances(r.from_body)}
        ]
        if not entitled:
            asked = ", ".join(_(_ASKED[r.kind], body=r.from_body) for r in power.requires)
            facts = {"power": power.id, "actor": event.actor}
            plain, nothing = _ASKS_NO[kind]
            message = _(plain, asked=asked, **facts) if asked else _(nothing, **facts)
            raise RuleViolation("not-entitled", message, power.provision)
        requirement = entitled[0]
        check_founded(replay, event.date, requirement.provision)
        body = replay.body(event.actor)
        assert body is not None
        prior = Prior(kind, power.id, body.id, matter(event.data))
        if requirement.chair:  # the chair's own act, not the body's vote
            check_chair_agrees(replay, body, requirement, power.id, event)
            return (AddPrior(prior),)
        under = None
        if requirement.power is not None:
            under = replay.rules.statute.power(requirement.power)
            check_power(replay, event, under)
        effects = decision(replay, body, under, event, must_pass=True)
        return (*effects, AddPrior(prior))

    return record


def _prior_power(replay: ReplayView, event: Event) -> Power:
    """The power the recommendation is for: named (``power``), else the proposal's."""
    proposal = event.data.get("proposal")
    meta = replay.decision_meta.get(proposal) if isinstance(proposal, str) else None
    if isinstance(proposal, str) and meta is None:
        message = _("no proposal '{proposal}' has been drafted", proposal=proposal)
        raise RuleViolation("no-proposal", message, None)
    named = event.data.get("power")
    power_id = named if isinstance(named, str) else meta[1] if meta else text(event.data, "power")
    if power_id is None or power_id not in replay.rules.power_ids:
        message = _("the statute has no power '{power}'", power=power_id)
        raise RuleViolation("unknown-power", message, None)
    return replay.rules.statute.power(power_id)


def _sign(replay: ReplayView, event: Event) -> Effects:
    """The association is bound (a contract signed) by ``signers``, who must meet
    one alternative of the statute's signing rule on the day."""
    signing = replay.rules.statute.signing
    if not replay.rules.is_body(event.actor):
        message = _(
            "the association is bound through one of its bodies, not {actor}", actor=event.actor
        )
        raise RuleViolation("actor", message, signing.provision if signing else None)
    if signing is None:
        message = _("the statute has no signing rule (tegningsregel): no one can bind it")
        raise RuleViolation("no-signing-rule", message, None)
    check_founded(replay, event.date, signing.provision)
    raw = event.data.get("signers")
    if not isinstance(raw, list | tuple) or not raw or not all(isinstance(p, str) for p in raw):
        message = _("signers: the people who sign, a list of names")
        raise RuleViolation("bad-data", message, None)
    people = frozenset(map(str, raw))
    if not any(
        _meets(replay, alternative, people, event.date) for alternative in signing.alternatives
    ) and not signs_by_attorney(replay, event, people):
        message = _(
            "{people} cannot bind the association: it is bound by {rule}",
            people=", ".join(sorted(people)),
            rule=either(_show_alternative(a) for a in signing.alternatives),
        )
        raise RuleViolation("signing", message, signing.provision)
    return ()


def _meets(
    replay: ReplayView, alternative: tuple[Signers, ...], people: frozenset[str], day: dt.date
) -> bool:
    """Distinct people fill every slot of the alternative (a small search), and
    no one signs who fills none: a stranger's name on the contract binds no one."""
    slots: list[frozenset[str]] = []
    for signers in alternative:
        bodies = replay.rules.statute.instances(signers.body)
        sitting = frozenset(s.person for b in bodies for s in seated(replay, b.id, day))
        if signers.chair:
            chairs = {chair_of(replay, b, day) for b in bodies}
            slots.append(sitting & frozenset(c for c in chairs if c is not None))
        else:
            slots += [sitting] * signers.count
    if not people <= frozenset().union(*slots):
        return False
    return _assign(sorted(slots, key=len), people)


def _assign(slots: list[frozenset[str]], free: frozenset[str]) -> bool:
    if not slots:
        return True
    first, rest = slots[0], slots[1:]
    return any(_assign(rest, free - {person}) for person in first & free)


def _show_alternative(alternative: tuple[Signers, ...]) -> str:
    parts = [
        _("the chair of {body}", body=s.body)
        if s.chair
        else _("{count} of {body}", count=s.count, body=s.body)
        for s in alternative
    ]
    return "(" + together(parts) + ")"


BUILT_IN: dict[str, Callable[[ReplayView, Event], Effects]] = {
    MEETING: _meeting,
    ELECT: _elect,
    VACATE: _vacate,
    EXERCISE: _exercise,
    CHAIR: _choose_chair,
    SIGN: _sign,
    GRANT_ATTORNEY: grant_attorney,
    REVOKE_ATTORNEY: revoke_attorney,
    REQUEST_DISSOLUTION: request_dissolution,
    SET_UP: set_up_body,
    DISSOLVE: dissolve_body,
    COORDINATOR: appoint_coordinator,
    ASSIGN_CATEGORY: assign_category,
    SET_FEE: set_fee,
    EXTEND_CORE: extend_core,
    PUBLISH_MINUTES: publish_minutes,
    FIRST_VOTE: first_vote,
    **{name: _prior(kind) for name, kind in PRIOR_EVENTS.items()},
    ADOPT: LAW_EVENTS[ADOPT],
    COUNCIL: LAW_EVENTS[COUNCIL],
    APPROVE: LAW_EVENTS[APPROVE],
    APPROVE_STATUTE: LAW_EVENTS[APPROVE_STATUTE],
    NOTIFY: LAW_EVENTS[NOTIFY],
    NOTIFY_STATUTE: LAW_EVENTS[NOTIFY_STATUTE],
}
