"""The association's state on one day, and the refusal of an event.

Values only: ``replay`` computes them, ``association`` hands them out, and
the competence index reads a ``State`` through its ``AuthorityState``
protocol (phase adopted, phase running, municipality participates).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import Any

import attrs

from ..authority.answers import SetUp, Withheld
from ..errors import ForeningsreglerError
from ..i18n import _
from ..statute.law import LawRef
from ..statute.model import LifecycleKind, ProvisionRef, Statute
from .lifecycle import Meaning


class RuleViolation(ForeningsreglerError):
    """An event the statute does not allow: the rule, its provision, the state."""

    def __init__(
        self, rule: str, message: str, provision: ProvisionRef | LawRef | None, state: str = ""
    ) -> None:
        self.rule, self.message, self.provision, self.state = rule, message, provision, state
        cited = str(provision) if provision else _("no provision")
        if state:
            text = _(
                "{message} [{provision}] (current state: {state})",
                message=message,
                provision=cited,
                state=state,
            )
        else:
            text = _("{message} [{provision}]", message=message, provision=cited)
        super().__init__(text)

    def at(self, state: str) -> RuleViolation:
        """The same refusal, naming the state the record was in."""
        return RuleViolation(self.rule, self.message, self.provision, state)

    def to_json(self) -> dict[str, object]:
        """The refusal as plain JSON data: rule, message, provision and state."""
        return {
            "rule": self.rule,
            "message": self.message,
            "provision": str(self.provision) if self.provision else None,
            "state": self.state,
        }


@attrs.frozen
class Roll:
    """The membership on one day: who counts in a body of all members.

    ``founding`` is true until a member of an earlier day exists: on the day
    of the first admissions the founders on record make up the meeting.
    """

    members: int
    on_record: int  # municipalities on record that have not left
    founding: bool

    @property
    def seats(self) -> int:
        """Seats of a body of all members: the founders while founding, else the members."""
        return self.on_record if self.founding else self.members


@attrs.frozen
class Phase:
    id: str
    state: str
    name: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None


@attrs.frozen
class Seat:
    body: str
    person: str
    municipality: str | None  # None for staff and suppliers, who sit for no member
    role: str | None
    since: dt.date
    renewed: dt.date | None = None  # the last re-election: the term runs from it
    #: A term shorter than the statute's, given at an election under staggered terms.
    term_years: int | None = None
    #: The seat holder this alternate (suppleant) stands in for; None for a seat.
    alternate_for: str | None = None


@attrs.frozen
class Decision:
    id: str
    body: str
    state: str
    power: str | None = None
    phase: str | None = None


@attrs.frozen
class Category:
    """The band a body placed a member in by decision, for the fee ``rule``."""

    member: str
    rule: str
    category: str
    since: dt.date
    provision: ProvisionRef | None = None


@attrs.frozen
class Term:
    """A term of membership or money decided or recorded on ``day`` (``memberx``):
    a member's class (``class``: ``subject`` the member, ``value`` the class), a
    fee set for a year (``fee``: ``subject`` the rule, ``year``, ``amount`` in
    whole kroner), a phase made core (``core``: ``subject`` the phase)."""

    kind: str
    subject: str
    day: dt.date
    by: str
    value: str | None = None
    year: int | None = None
    amount: int | None = None
    provision: ProvisionRef | None = None


def is_core(statute: Statute, terms: Iterable[Term], phase: str) -> bool:
    """Whether ``phase`` belongs to the common core: listed in the statute's
    ``membership.core``, or made core on its adoption or by ``extend-core``."""
    core = statute.membership.core if statute.membership is not None else None
    if core is None:
        return False
    return phase in core.phases or any(
        (t.kind, t.subject, t.value) == ("core", phase, "phase") for t in terms
    )


@attrs.frozen
class State:
    """The association on one day; answers the competence index's questions."""

    on: dt.date
    association: str | None
    membership: Mapping[str, str]
    phases: Mapping[str, Phase]
    participation: Mapping[tuple[str, str], str]
    decisions: Mapping[str, Decision]
    seats: Mapping[str, tuple[Seat, ...]]
    _means: Mapping[tuple[LifecycleKind, str], frozenset[str]] = attrs.field(
        repr=False, eq=False, alias="means"
    )
    #: (delegation key, receiving body) -> its state, and why where it is not in force.
    delegations: Mapping[tuple[str, str], str] = attrs.field(factory=dict)
    withheld_delegations: Mapping[tuple[str, str], Withheld] = attrs.field(factory=dict)
    #: Bodies set up by decision: the last set-up by this day (dissolved, or not).
    set_up_bodies: Mapping[str, SetUp] = attrs.field(factory=dict)
    #: member -> the band assigned to it by decision (``assign-category``).
    categories: Mapping[str, Category] = attrs.field(factory=dict)
    #: body -> its alternates (suppleanter) on this day, each for a seat holder.
    alternates: Mapping[str, tuple[Seat, ...]] = attrs.field(factory=dict)
    #: body -> role (chair, vice-chair, an officer's id) -> the person holding it
    #: on this day: chosen, still sitting, and within the role's term.
    officers: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict)
    #: Terms of membership and money on record by this day, in order (``memberx``).
    terms: tuple[Term, ...] = ()

    def term(self, kind: str, subject: str, year: int | None = None) -> Term | None:
        """The last term of ``kind`` on ``subject`` (for ``year``, where given)."""
        found = [
            t
            for t in self.terms
            if (t.kind, t.subject) == (kind, subject) and year in (None, t.year)
        ]
        return found[-1] if found else None

    def _has(self, kind: LifecycleKind, state: str | None, meaning: Meaning) -> bool:
        return state is not None and meaning in self._means.get((kind, state), frozenset())

    @cached_property
    def members(self) -> frozenset[str]:
        """Municipalities that are members on this day."""
        return frozenset(
            m
            for m, s in self.membership.items()
            if self._has(LifecycleKind.MEMBERSHIP, s, Meaning.MEMBER)
        )

    def participants(self, phase: str) -> frozenset[str]:
        """The members taking part in ``phase`` on the state's day."""
        return frozenset(
            m
            for (m, p), s in self.participation.items()
            if p == phase and self.participates(m, phase)
        )

    def phase_known(self, phase: str) -> bool:
        """Whether the protocol has ``phase`` at all (proposed, adopted or later)."""
        return phase in self.phases

    def known_phases(self) -> Iterable[str]:
        """The phases on the protocol."""
        return self.phases.keys()

    def withheld(self, delegation: str, body: str) -> Withheld | None:
        """The withholding of ``delegation`` from ``body`` in force, if any."""
        return self.withheld_delegations.get((delegation, body))

    def seat_municipality(self, body: str, person: str) -> str | None:
        """The municipality ``person`` sits for in ``body``, if any."""
        return next((s.municipality for s in self.seats.get(body, ()) if s.person == person), None)

    def set_up(self, body: str) -> SetUp | None:
        """The record of ``body`` set up by decision, if it was."""
        return self.set_up_bodies.get(body)

    def set_up_names(self) -> Iterable[str]:
        """The bodies set up by decision."""
        return self.set_up_bodies.keys()

    def phase_adopted(self, phase: str) -> bool:
        """Whether ``phase`` is adopted (or later) on the state's day."""
        found = self.phases.get(phase)
        return found is not None and self._has(LifecycleKind.PHASE, found.state, Meaning.ADOPTED)

    def phase_running(self, phase: str) -> bool:
        """Whether ``phase`` is running on the state's day."""
        found = self.phases.get(phase)
        return found is not None and self._has(LifecycleKind.PHASE, found.state, Meaning.RUNNING)

    def participates(self, municipality: str, phase: str) -> bool:
        """Whether ``municipality`` is a member taking part in ``phase``."""
        joined = self.participation.get((municipality, phase))
        return (
            self._has(LifecycleKind.PARTICIPATION, joined, Meaning.JOINED)
            and municipality in self.members
        )

    def to_json(self) -> dict[str, Any]:
        """The state as plain JSON data, as the command status prints it."""
        set_up = {
            body: {
                "name": r.name,
                "since": r.since.isoformat(),
                "dissolved": r.dissolved.isoformat() if r.dissolved else None,
            }
            | ({"phase": r.phase} if r.phase is not None else {})
            | ({"budget_kr": r.budget_kr} if r.budget_kr is not None else {})
            for body, r in sorted(self.set_up_bodies.items())
        }
        data: dict[str, Any] = {
            "on": self.on.isoformat(),
            "association": self.association,
            "members": sorted(self.members),
            "membership": dict(sorted(self.membership.items())),
            "phases": {
                p.id: {
                    "state": p.state,
                    "name": p.name,
                    "start": p.start.isoformat() if p.start else None,
                    "end": p.end.isoformat() if p.end else None,
                    "participants": sorted(self.participants(p.id)),
                }
                for p in self.phases.values()
            },
            "decisions": {
                d.id: {"body": d.body, "state": d.state, "power": d.power, "phase": d.phase}
                for d in self.decisions.values()
            },
            "categories": {
                m: {"rule": c.rule, "category": c.category, "since": c.since.isoformat()}
                for m, c in sorted(self.categories.items())
            },
            "delegations": [
                {"delegation": key, "to": body, "state": state}
                for (key, body), state in sorted(self.delegations.items())
            ],
            "seats": {
                body: [
                    {
                        "person": s.person,
                        "municipality": s.municipality,
                        "role": s.role,
                        "since": s.since.isoformat(),
                        "renewed": s.renewed.isoformat() if s.renewed else None,
                    }
                    for s in seats
                ]
                for body, seats in sorted(self.seats.items())
            },
            "alternates": {
                body: [
                    {
                        "person": s.person,
                        "alternate_for": s.alternate_for,
                        "municipality": s.municipality,
                        "since": s.since.isoformat(),
                    }
                    for s in seats
                ]
                for body, seats in sorted(self.alternates.items())
            },
        }
        terms = [
            {k: v for k, v in attrs.asdict(t).items() if v is not None and k != "provision"}
            | {"day": t.day.isoformat()}
            for t in self.terms
        ]
        return data | ({"set_up": set_up} if set_up else {}) | ({"terms": terms} if terms else {})
