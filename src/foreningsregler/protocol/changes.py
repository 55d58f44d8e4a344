"""What an accepted event changes, as values.

``acts`` judges an event and returns a ``Change``; ``replay`` applies it.
Neither needs the other: a change is plain data, so it can be inspected,
compared and tested without a replay.
"""

from __future__ import annotations

import datetime as dt

import attrs

from ..authority.answers import SetUp
from ..statute.model import LifecycleKind, ProvisionRef, RequirementKind
from .state import Seat, Term

#: A record's key: a municipality, a phase, a proposal, or (municipality, phase).
Subject = str | tuple[str, str]
#: A phase's name, start and end, as its proposal gave them.
Period = tuple[str | None, dt.date | None, dt.date | None]
#: A proposal's body, power and phase, fixed when it is drafted.
DecisionMeta = tuple[str, str | None, str | None]


@attrs.frozen
class SetState:
    """A record moves to ``state`` by an act."""

    kind: LifecycleKind
    subject: Subject
    state: str
    provision: ProvisionRef | None = None  # of the transition that moved it


@attrs.frozen
class SetPeriod:
    phase: str
    period: Period


@attrs.frozen
class DraftDecision:
    """A proposal's meta, kept from its first event on."""

    proposal: str
    meta: DecisionMeta


@attrs.frozen
class HoldMeeting:
    body: str
    chaired_by: str | None = None  # who leads the meeting, where it is recorded
    extraordinary: bool = False  # not an ordinary meeting (two-meeting rules ask)


@attrs.frozen
class AddSeat:
    seat: Seat


@attrs.frozen
class SetChair:
    """``person`` chairs ``body`` from now on (or is its vice-chair, ``role``)."""

    body: str
    person: str
    role: str = "chair"  # "chair" or "vice-chair"


@attrs.frozen
class RemoveSeat:
    body: str
    person: str


#: What a decision is about: ("proposal", id), ("phase", id), ("municipality", name)...
Matter = tuple[str, str] | None


@attrs.frozen
class Prior:
    """A recommendation, proposal or consultation a later decision needs."""

    kind: RequirementKind
    power: str  # the power whose exercise needs it
    body: str  # who made it
    matter: Matter


@attrs.frozen
class Pending:
    """A first passing vote of ``body`` at its meeting on ``day``, awaiting the
    next meeting's vote (a rule of two consecutive meetings)."""

    body: str
    power: str | None
    matter: Matter
    day: dt.date


@attrs.frozen
class AddPending:
    pending: Pending


@attrs.frozen
class AddPrior:
    prior: Prior


@attrs.frozen
class UsePrior:
    """A decision used the prior up: the next decision needs its own."""

    prior: Prior


@attrs.frozen
class SetUpBody:
    """A body set up by decision exists from the record's ``since``."""

    record: SetUp


@attrs.frozen
class DissolveBody:
    """The body set up by decision no longer exists from the day of the change."""

    body: str


@attrs.frozen
class SetCoordinator:
    """``person`` coordinates the set-up ``body`` from now on."""

    body: str
    person: str


@attrs.frozen
class Spend:
    """A set-up body's act spends ``amount`` kroner of its budget."""

    body: str
    amount: int


@attrs.frozen
class GrantAttorney:
    """A power of attorney (fuldmagt): ``person`` may sign alone for the association
    from ``start`` until ``end`` (inclusive; None: until further notice), each
    signature at most ``max_amount_kr`` (None: no limit), granted by ``body``."""

    person: str
    body: str
    start: dt.date
    end: dt.date | None
    max_amount_kr: int | None


@attrs.frozen
class RevokeAttorney:
    """``person``'s powers of attorney end before ``day`` (revoked by decision)."""

    person: str
    day: dt.date


@attrs.frozen
class AssignCategory:
    """A body placed ``member`` in the band ``category`` of the fee ``rule``."""

    member: str
    rule: str
    category: str
    provision: ProvisionRef | None = None


@attrs.frozen
class LawFact:
    """An act of the law's lifecycle (``law_events``): a statute text adopted, a
    kommunalbestyrelse's decision, the supervisory authority's approval or a
    notification to it."""

    kind: str  # "adopted", "council", "approved", "notified"
    act: str  # what it concerns: statute, change, admission, withdrawal, dissolution, phase
    subject: str  # the text ("statute" or a change's id), a municipality, a phase, "association"
    by: str  # who acted: a body, a municipality, an authority
    day: dt.date
    municipality: str | None = None  # whose council decided
    participants: tuple[str, ...] = ()  # of an adopted text: whose councils must decide


@attrs.frozen
class AddLawFact:
    fact: LawFact


@attrs.frozen
class AddTerm:
    """A term of membership or money on record (``memberx``)."""

    term: Term


Effect = (
    SetState
    | SetPeriod
    | DraftDecision
    | HoldMeeting
    | AddSeat
    | RemoveSeat
    | AddPrior
    | UsePrior
    | SetChair
    | SetUpBody
    | DissolveBody
    | SetCoordinator
    | Spend
    | AssignCategory
    | AddPending
    | AddLawFact
    | GrantAttorney
    | RevokeAttorney
    | AddTerm
)


@attrs.frozen
class Change:
    """Everything one accepted event changes, on its day (possibly nothing)."""

    day: dt.date
    effects: tuple[Effect, ...] = ()
