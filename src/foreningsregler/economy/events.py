"""Lawful events for simulations and benchmarks: a clerk who keeps the minutes.

A generated protocol must pass the same rules as a real one, so every act is recorded the way
the statute wants it, read from the ``Statute``: a body decides at its meeting, in office and
by a vote under its voting rule; a meeting with a notice rule is called in time by a body in
office that calls it (an extraordinary one, held to fill the seats of a body that has lost its
quorum, is called by a body the statute lets call it, or demanded by the members); a body
chaired by a member of another body meets with that chair; what a power requires (a
recommendation, a proposal, a consultation) is made first by the body it names, on the matter
of the act, and the act uses it up; a body that someone else fills is elected or appointed by
that body's decision at its meeting before it acts (staff and suppliers for no member; a seat
drawn from another body for the member the person sits there for), chooses its chair where the
statute gives it one, is complete before an act that needs it constituted, and has its seats
renewed when their term runs out. The clerk records through an ``Association``; an act the
statute still refuses is kept in ``refusals`` (or raised, when the clerk is strict).

The clerk's choices, not the statute's: everyone who may attend a meeting does, and votes for;
a requirement any area's committee may meet is met by the first area's; seats and chairs go to
the members least likely to leave (not under notice, never having declined a phase), then by
rank (the simulation's population), then by name; a person is named by role, municipality and
area; bodies other than the general assembly meet when they act, not on a calendar of ordinary
meetings.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from ..protocol.association import Association
from ..protocol.built_in import CHAIR, ELECT, EXERCISE, MEETING, PRIOR_EVENTS, VACATE
from ..protocol.changes import Matter
from ..protocol.facts import matter as matter_of
from ..protocol.ledger import Event
from ..protocol.lifecycle import Guard, Meaning
from ..protocol.meetings import demand, lawful_call
from ..protocol.procedure import FILLED_BY_OTHERS
from ..protocol.rules import Rules
from ..protocol.state import RuleViolation, State
from ..statute.calendar import add_months
from ..statute.model import (
    Body,
    BodyKind,
    FillMethod,
    LifecycleKind,
    Power,
    Requirement,
    RequirementKind,
    Statute,
    Transition,
)
from . import roster
from .roster import (
    DELEGATOR,
    MEMBER,
    STAFF,
    Held,
    Triggers,
    kept_in_office,
    person_name,
    seat_role,
    term_end,
)

#: The built-in event that makes each kind of prior.
PRIOR_EVENT = {kind: name for name, kind in PRIOR_EVENTS.items()}

Made = tuple[RequirementKind, str, str, Matter]


class Clerk:
    """Records lawful events through ``association``, one act at a time, in order.

    ``rank`` orders candidates for a seat (higher first, e.g. the population);
    ``keep`` names bodies (or per-area templates) to keep in office besides
    those the statute's lifecycles need. Acts must come in date order.
    """

    def __init__(
        self,
        association: Association,
        rules: Rules | None = None,
        *,
        rank: Mapping[str, int] | None = None,
        keep: Iterable[str] = (),
        strict: bool = False,
    ) -> None:
        self.association = association
        self.statute: Statute = association.statute
        self.rules = rules if rules is not None else Rules.of(self.statute)
        self.rank = dict(rank or {})
        self.strict = strict
        self.refusals: list[tuple[Event, RuleViolation]] = []
        self.assembly = next((b for b in self.statute.bodies if b.kind is BodyKind.ASSEMBLY), None)
        triggers = Triggers.of(self.statute, self.rules)
        self._transitions, self._kinds = triggers.transitions, triggers.kinds
        #: Triggers that may change the members or their records (and so the state),
        #: those that may change who is on record at all (and so who may attend),
        #: and those that make a municipality a member.
        self._changing, self._roll, self._admits = triggers.changing, triggers.roll, triggers.admits
        self._kept = kept_in_office(self.statute, self._transitions.values(), keep)
        self._met: set[tuple[str, dt.date]] = set()
        self._made: set[Made] = set()
        self._states: dict[dt.date, State] = {}
        self._on_roll: dict[dt.date, int] = {}
        self._first_admitted: dt.date | None = None  # the founding: the first admission
        #: body -> person -> (municipality, since): every seat the clerk has filled.
        self._seats: dict[str, dict[str, Held]] = {}
        #: (body, day) -> the seats held (``_seated``), until a seat or a member changes.
        self._held: dict[tuple[str, dt.date], dict[str, Held]] = {}
        self._ensuring: set[str] = set()
        self._chairs: dict[str, str] = {}  # body -> the person chosen to chair it

    def fork(self, association: Association) -> Clerk:
        """This clerk so far, going on through ``association`` (the same record)."""
        twin = copy.copy(self)
        twin.association, twin.refusals = association, list(self.refusals)
        for name in ("_met", "_made", "_ensuring", "_states", "_on_roll", "_chairs", "_held"):
            setattr(twin, name, copy.copy(getattr(self, name)))
        twin._seats = {body: dict(seats) for body, seats in self._seats.items()}
        return twin

    # -- recording --

    def knows(self, trigger: str) -> bool:
        return trigger in self._transitions

    def record(self, event: Event) -> bool:
        """Record ``event``; False (and the refusal kept) if the statute refuses it."""
        try:
            self.association.record(event)
        except RuleViolation as refusal:
            if self.strict:
                raise
            self.refusals.append((event, refusal))
            return False
        if event.kind in self._changing:
            self._states.clear()
            self._held.clear()
            if event.kind in self._admits and self._first_admitted is None:
                self._first_admitted = event.date
            if event.kind in self._roll:
                self._on_roll.clear()
        elif event.kind == ELECT:
            self._held.clear()
            seats = self._seats.setdefault(str(event.data["body"]), {})
            municipality = event.data.get("municipality")
            seats[str(event.data["person"])] = (
                None if municipality is None else str(municipality),
                event.date,
            )
        elif event.kind == VACATE:
            self._held.clear()
            self._seats.get(str(event.data["body"]), {}).pop(str(event.data["person"]), None)
        return True

    def state(self, day: dt.date) -> State:
        """The association on ``day`` (never before the last recorded day): its
        members and their records, kept until an event changes them. The seats
        the clerk keeps itself: it fills every one."""
        found = self._states.get(day)
        if found is None:
            found = self._states[day] = self.association.at(day)
        return found

    # -- acts --

    def act(self, trigger: str, day: dt.date, actor: str | None = None, **facts: Any) -> bool:
        """A lifecycle's trigger with what it needs: the priors its power requires
        (on the record it changes), the deciding body's meeting and vote, the body
        constituted where a guard asks it, the general assembly it is declared at."""
        transition = self._transitions.get(trigger)
        if transition is None:  # let the protocol refuse it with its own words
            who = actor or str(facts.get("municipality") or self.statute.metadata.id)
            return self.record(Event(trigger, day, who, facts))
        who = self._actor(transition, actor, facts)
        body = self._body(who) if transition.actor not in (None, MEMBER) else None
        power = self.statute.power(transition.power) if transition.power else None
        about = self._record_matter(trigger, who, facts)
        data = dict(facts)
        if body is not None:
            if power is not None:
                self._prepare(power, body, day, about)
            if Guard.CONSTITUTED.value in transition.guards:
                self.ensure(body.id, day, full=True)
            data.update(self._procedure(body, power, day))
        if Guard.AT_GENERAL_ASSEMBLY.value in transition.guards and self.assembly is not None:
            self.meet(self.assembly.id, day)
        done = self.record(Event(trigger, day, who, data))
        if done and power is not None and body is not None:
            self._decided(power, body, about)
        return done

    def exercise(self, body_id: str, power_id: str, day: dt.date, **facts: Any) -> bool:
        """``body_id`` uses a power: its priors, meeting and vote, and its own area."""
        body, power = self.statute.body(body_id), self.statute.power(power_id)
        data: dict[str, Any] = {"power": power_id, **facts}
        if body.area is not None:
            data.setdefault("area", body.area)
        about = matter_of(data)
        self._prepare(power, body, day, about)
        data.update(self._procedure(body, power, day))
        done = self.record(Event(EXERCISE, day, body_id, data))
        if done:
            self._decided(power, body, about)
        return done

    def prepare(self, trigger: str, day: dt.date, actor: str | None = None, **facts: Any) -> None:
        """Make, on ``day``, the recommendations, proposals and consultations that
        ``trigger``'s power needs first (the act itself comes later)."""
        transition = self._transitions[trigger]
        if transition.power is None:
            return
        who = self._actor(transition, actor, facts)
        body = self._body(who)
        if body is not None:
            power = self.statute.power(transition.power)
            self._prepare(power, body, day, self._record_matter(trigger, who, facts))

    def met(self, body_id: str, day: dt.date) -> bool:
        """Whether ``body_id`` has met on ``day`` (``meet`` holds a meeting once a day)."""
        return (body_id, day) in self._met

    def meet(self, body_id: str, day: dt.date, *, extraordinary: bool = False) -> bool:
        """A meeting of ``body_id`` on ``day`` (once), called in time where the
        statute asks for notice, chaired by a member of the body the statute
        names; at it, the body chooses its chair if it chooses its own and has
        none, and fills the seats it fills. False if the body is not in office."""
        if (body_id, day) in self._met:
            return True
        body = self.statute.body(body_id)
        self.ensure(body_id, day)
        if not self._in_office(body, day):  # nothing it could do; its act says why
            return False
        data = self._call(body, day, extraordinary)
        chair = body.chair
        if chair is not None and chair.from_body is not None:
            data.update(self._chaired(body, day))
        if not self.record(Event(MEETING, day, body_id, data)):
            return False
        self._met.add((body_id, day))
        self._constitute(body, day)
        self.fill_by(body_id, day)
        return True

    def _call(self, body: Body, day: dt.date, extraordinary: bool) -> dict[str, Any]:
        """How the meeting was called: the statute's notice, by the body that calls
        it; an extraordinary one by a body in office that may call it, or else on
        the demand of every member."""
        meetings = body.meetings
        notice = meetings.notice if meetings else None
        extra = meetings.extraordinary if meetings and extraordinary else None
        members = self.state(day).members
        if extra is not None and members:
            caller = next((b for b in extra.called_by if self.calls(b, day)), None)
            call = {"extraordinary": True, **lawful_call(body, day, extraordinary=True)}
            if caller is not None:
                return {**call, "called_by": caller}
            if extra.members_fraction is not None:
                return {**call, "demanded_by": sorted(members), **demand(extra, day)}
        return dict(lawful_call(body, day)) if notice is not None and members else {}

    def calls(self, ref: str, day: dt.date) -> bool:
        """The body ``ref`` names is in office on ``day`` to call a meeting."""
        found = self.statute.instances(ref)
        return len(found) == 1 and self._in_office(found[0], day)

    def _chaired(self, body: Body, day: dt.date) -> dict[str, Any]:
        """Who chairs the meeting of a body chaired from another body: its chosen
        chair if there is one, else the first who sits there."""
        assert body.chair is not None and body.chair.from_body is not None
        pool = self._same_area(body.chair.from_body, body)
        if pool is None:
            return {}
        self.ensure(pool.id, day)
        self._constitute(body, day)  # its chair is chosen by another body, before it meets
        seated = self._seated(pool, day)
        chosen = self._chairs.get(body.id)
        person = chosen if chosen in seated else self._first(seated, day)
        return {"chaired_by": person} if person is not None else {}

    def _first(self, seated: Mapping[str, Held], day: dt.date) -> str | None:
        """Of the people seated, the one the clerk picks first (see the module)."""
        ranked = {m: i for i, m in enumerate(self._candidates(day))}
        people = sorted(seated, key=lambda p: (ranked.get(seated[p][0] or "", len(ranked)), p))
        return people[0] if people else None

    def _constitute(self, body: Body, day: dt.date) -> None:
        """A body with a chair gets one: chosen by the body the statute names, among
        the members of the body the chair comes from, once a seat there is filled."""
        chair = body.chair
        if chair is None:
            return
        pool = self._same_area(chair.from_body, body) if chair.from_body else body
        chooser = self._same_area(chair.chosen_by or chair.from_body, body)
        if pool is None or chooser is None:
            return
        seated = self._seated(pool, day)
        if self._chairs.get(body.id) in seated:
            return
        person = self._first(seated, day)
        if person is None:
            return
        if chooser.id != body.id:
            self.ensure(chooser.id, day)
        if not self._quorate(chooser, day):  # housekeeping waits for a quorum
            return
        if chooser.id != body.id and not self.meet(chooser.id, day):
            return
        data = {"body": body.id, "person": person, **self._procedure(chooser, None, day)}
        if self.record(Event(CHAIR, day, chooser.id, data)):
            self._chairs[body.id] = person

    def vote(self, body: Body, day: dt.date) -> dict[str, int]:
        """Everyone who may attend is present and votes for."""
        present = self._attendance(body, day)
        return {"present": present, "yes": present, "no": 0}

    # -- seats --

    def ensure(self, body_id: str, day: dt.date, *, full: bool = False) -> None:
        """A body someone else fills is in office and quorate (``full``: has every
        seat filled) on ``day``: if not, its elector meets and fills its seats."""
        body = self.statute.body(body_id)
        if body.id in self._ensuring or (
            self._full(body, day) if full else self._quorate(body, day)
        ):
            return
        self._kept.setdefault(body.id, body)
        elector = self._elector(body)
        if elector is not None:
            self._ensuring.add(body.id)  # bodies that fill each other wait for nothing
            try:
                self.meet(elector.id, day, extraordinary=True)
            finally:
                self._ensuring.discard(body.id)

    def _in_office(self, body: Body, day: dt.date) -> bool:
        """A body someone else fills has a seat filled; any other always sits."""
        return body.filled_by.method not in FILLED_BY_OTHERS or bool(self._seated(body, day))

    def _quorate(self, body: Body, day: dt.date) -> bool:
        """A body someone else fills has the seats filled that its quorum needs."""
        if body.filled_by.method not in FILLED_BY_OTHERS or body.size is None:
            return True
        rule = self.statute.deciding_rule(body, None)
        needed = rule.quorum.required(body.size) if rule and rule.quorum else 1
        return len(self._seated(body, day)) >= needed

    def _full(self, body: Body, day: dt.date) -> bool:
        """Every seat of a body someone else fills is filled."""
        if body.filled_by.method not in FILLED_BY_OTHERS or body.size is None:
            return True
        return len(self._seated(body, day)) >= body.size

    def fill_by(self, elector_id: str, day: dt.date) -> None:
        """At a meeting of ``elector_id``: renew the seats whose term has run out,
        and fill the vacant ones, in every body it fills that is kept in office,
        each by the elector's decision; not while the elector is inquorate."""
        if not self.state(day).members:
            return
        elector = self.statute.body(elector_id)
        if not self._quorate(elector, day):
            return
        for body in list(self._kept.values()):
            if body.filled_by.by != elector_id:
                continue
            self._renew(body, elector, day)
            self._fill(body, elector, day)

    def _elect(
        self, elector: Body, body: Body, person: str, municipality: str | None, day: dt.date
    ) -> bool:
        """The elector's decision that ``person`` sits in ``body`` (for ``municipality``)."""
        facts: dict[str, Any] = {"body": body.id, "person": person}
        if municipality is not None:
            facts["municipality"] = municipality
        facts["role"] = seat_role(self.statute, body)
        return self.record(
            Event(ELECT, day, elector.id, {**facts, **self._procedure(elector, None, day)})
        )

    def _renew(self, body: Body, elector: Body, day: dt.date) -> None:
        term = body.filled_by.term_years
        if not term:
            return
        # Re-elect now the seats that would run out before the next ordinary meeting.
        for person, (municipality, since) in self._seated(body, day).items():
            if term_end(since, term) < add_months(day, 12):
                self._elect(elector, body, person, municipality, day)

    def _fill(self, body: Body, elector: Body, day: dt.date) -> None:
        assert body.size is not None
        seated = self._seated(body, day)
        free = body.size - len(seated)
        if free <= 0:
            return
        role = seat_role(self.statute, body)
        if body.filled_by.method in STAFF:  # staff and suppliers sit for no member
            for number in range(1, body.size + 1):
                person = f"{person_name(self.statute, body, role, None)} {number}"
                if free and person not in seated and self._elect(elector, body, person, None, day):
                    free -= 1
            return
        taken = {m for m, _ in seated.values()} if body.one_seat_per_member else set()
        source = self._body(body.drawn_from) if body.drawn_from else None
        for municipality in self._candidates(day):
            if free == 0:
                break
            person = person_name(self.statute, body, role, municipality)
            if municipality in taken or person in seated:
                continue
            if source is not None and not self._sits(source, role, municipality, day):
                continue
            if self._elect(elector, body, person, municipality, day):
                free -= 1

    def _sits(self, body: Body, role: str | None, municipality: str, day: dt.date) -> bool:
        """The person sits in ``body`` (a body drawn from): named there if each
        member names its own seat."""
        person = person_name(self.statute, body, role, municipality)
        if person in self._seated(body, day):
            return True
        if body.filled_by.method is not FillMethod.MEMBERSHIP:
            return False
        facts = {"body": body.id, "person": person, "municipality": municipality, "role": role}
        return self.record(Event(ELECT, day, municipality, facts))

    def _candidates(self, day: dt.date) -> list[str]:
        """Members, those likely to stay first, then by rank and name."""
        state = self.state(day)
        leaving = {
            m
            for m, s in state.membership.items()
            if self.rules.has(LifecycleKind.MEMBERSHIP, s, Meaning.NOTICE)
        } | {
            m
            for (m, _), s in state.participation.items()
            if self.rules.has(LifecycleKind.PARTICIPATION, s, Meaning.DECLINED)
        }
        return sorted(state.members, key=lambda m: (m in leaving, -self.rank.get(m, 0), m))

    def _seated(self, body: Body, day: dt.date) -> dict[str, Held]:
        """person -> (municipality, since) of the seats held on ``day``: for a
        member (or for none, by staff), within their term, and in a body drawn
        from another only while the person sits there (kept: ``_held``)."""
        key = (body.id, day)
        found = self._held.get(key)
        if found is None:
            found = self._held[key] = self._seated_afresh(body, day)
        return found

    def _seated_afresh(self, body: Body, day: dt.date) -> dict[str, Held]:
        seats = self._seats.get(body.id)
        if not seats:
            return {}
        members = self.state(day).members
        term = body.filled_by.term_years
        source = self._body(body.drawn_from) if body.drawn_from else None
        there = self._seated(source, day) if source is not None else None
        return {
            p: seat
            for p, seat in seats.items()
            if (seat[0] is None or seat[0] in members)
            and (not term or day < term_end(seat[1], term))
            and (there is None or (p in there and there[p][0] == seat[0]))
        }

    def _elector(self, body: Body) -> Body | None:
        by = body.filled_by.by
        return self._body(by) if by else None

    def _same_area(self, ref: str | None, body: Body) -> Body | None:
        """The body ``ref`` names, seen from ``body``: its own area's instance."""
        found = self.statute.instances(ref) if ref else ()
        return next((b for b in found if b.area == body.area), found[0] if found else None)

    # -- procedure --

    def _procedure(self, body: Body, power: Power | None, day: dt.date) -> dict[str, Any]:
        """The meeting and vote of a collegial decision; else only the body in office."""
        if self.statute.deciding_rule(body, power) is None:
            self.ensure(body.id, day)
            return {}
        self.meet(body.id, day)
        return {"vote": self.vote(body, day)}

    def _attendance(self, body: Body, day: dt.date) -> int:
        if body.size is not None:
            if body.filled_by.method in FILLED_BY_OTHERS:
                return len(self._seated(body, day))
            return body.size
        found = self._on_roll.get(day)
        if found is None:  # the members; until the day of the first admission, the founders
            state = self.state(day)
            if self._first_admitted is not None and self._first_admitted < day:
                found = len(state.members)
            else:
                found = sum(
                    1
                    for s in state.membership.values()
                    if not self.rules.has(LifecycleKind.MEMBERSHIP, s, Meaning.WITHDRAWN)
                )
            self._on_roll[day] = found
        return found

    def _prepare(
        self, power: Power, body: Body, day: dt.date, matter: Matter, depth: int = 0
    ) -> None:
        """Each prior ``power`` requires on ``matter``, unless made and not yet used:
        by every body it names."""
        for requirement in power.requires:
            candidates = self._prior_bodies(requirement.from_body, body)
            if any((requirement.kind, power.id, b.id, matter) in self._made for b in candidates):
                continue
            under = self.statute.power(requirement.power) if requirement.power else None
            for giver in candidates:
                if under is not None and depth < 8:
                    self._prepare(under, giver, day, matter, depth + 1)
                self.make_prior(requirement, power, giver, day, matter)

    def make_prior(
        self, requirement: Requirement, power: Power, giver: Body, day: dt.date, matter: Matter
    ) -> bool:
        """A prior ``power`` needs, given by ``giver`` at its meeting (by its vote)."""
        under = self.statute.power(requirement.power) if requirement.power else None
        data: dict[str, Any] = {"power": power.id, **dict([matter] if matter else [])}
        if giver.area is not None:
            data["area"] = giver.area
        data.update(self._procedure(giver, under, day))
        made = self.record(Event(PRIOR_EVENT[requirement.kind], day, giver.id, data))
        if made:
            self._made.add((requirement.kind, power.id, giver.id, matter))
        if made and under is not None:
            self._decided(under, giver, matter)
        return made

    def _decided(self, power: Power, body: Body, matter: Matter) -> None:
        """After ``body``'s act under ``power`` on ``matter``: the priors it used are
        gone (the first the protocol finds of each requirement), and those an act
        under ``power`` makes by itself are made."""
        for requirement in power.requires:
            for giver in self._prior_bodies(requirement.from_body, body, every=True):
                made = (requirement.kind, power.id, giver.id, matter)
                if made in self._made:
                    self._made.discard(made)
                    break
        self._note_made_under(power.id, body.id, matter)

    def _prior_bodies(self, ref: str, actor: Body, *, every: bool = False) -> tuple[Body, ...]:
        """The body a requirement names: the actor's own area's instance of a
        per-area body where there is one, else (any instance will do, as the
        protocol reads it) the first; ``every``: all whose prior the protocol
        accepts, in the order it tries them."""
        found = self.statute.instances(ref)
        own = tuple(b for b in found if b.area == actor.area)
        return own if actor.area is not None and own else found if every else found[:1]

    def _note_made_under(self, power: str, body: str, matter: Matter) -> None:
        """The priors an act under ``power`` makes by itself (``requires: power:``)."""
        for needing, requirement in self.rules.made_under.get(power, ()):
            if body in {b.id for b in self.statute.instances(requirement.from_body)}:
                self._made.add((requirement.kind, needing, body, matter))

    # -- names --

    def _record_matter(self, trigger: str, actor: str, facts: Mapping[str, Any]) -> Matter:
        """What an act on a record is about: the record itself (its municipality,
        phase, proposal or delegation); for the association's own record, nothing."""
        key = roster.RECORD_FACT.get(self._kinds[trigger])
        if key is None:
            return None
        value = facts.get(key, actor if key == "municipality" else None)
        return (key, str(value)) if value is not None else None

    def _actor(self, transition: Transition, given: str | None, facts: Mapping[str, Any]) -> str:
        if given is not None:
            return given
        if transition.actor == MEMBER:
            return str(facts["municipality"])
        if transition.actor == DELEGATOR:
            key = facts.get("delegation")
            granted = next((d for d in self.statute.delegations if d.key == key), None)
            if granted is not None:
                return granted.from_body
        if transition.actor is not None:
            return transition.actor
        # An act the statute gives to no one: the body that calls the assembly.
        notice = self.assembly.meetings.notice if self.assembly and self.assembly.meetings else None
        if notice is not None and notice.called_by is not None:
            return notice.called_by
        return self.assembly.id if self.assembly is not None else "association"

    def _body(self, ref: str | None) -> Body | None:
        found = self.statute.instances(ref) if ref else ()
        return found[0] if len(found) == 1 and found[0].id == ref else None
