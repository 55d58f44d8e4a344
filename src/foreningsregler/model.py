"""The statute as frozen values: provisions next to their encoding.

No I/O and no logic here beyond invariants and look-ups; ``loading`` builds
these from a file. Every encoded element carries the provision it comes
from, or ``assumption=True`` with a reason, and the place in the file it was
read from (``location``, not part of equality).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from datetime import date
from enum import StrEnum
from fractions import Fraction
from functools import cached_property

import attrs

#: How a statute cites its own text: ``§ 5`` or ``§ 5, stk. 2``.
PROVISION_PATTERN = re.compile(r"^§ ([1-9][0-9]*)(?:, stk\. ([1-9][0-9]*))?$")


@attrs.frozen(order=True)
class Location:
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.line}:{self.column}"


@attrs.frozen(order=True)
class ProvisionRef:
    """A citation of this statute's own text: ``§ 5`` or ``§ 5, stk. 2``."""

    paragraph: int
    stk: int | None = None

    @classmethod
    def parse(cls, text: str) -> ProvisionRef:
        match = PROVISION_PATTERN.match(text)
        if match is None:
            raise ValueError(f"not a provision reference: {text!r} (write '§ 5' or '§ 5, stk. 2')")
        stk = match.group(2)
        return cls(int(match.group(1)), int(stk) if stk else None)

    @property
    def section(self) -> ProvisionRef:
        """The whole § this reference points into."""
        return ProvisionRef(self.paragraph)

    def __str__(self) -> str:
        return f"§ {self.paragraph}" + (f", stk. {self.stk}" if self.stk else "")


@attrs.frozen(kw_only=True)
class Cited:
    """What every encoded element shares: its provision or its assumption."""

    provision: ProvisionRef | None = None
    assumption: bool = False
    reason: str | None = None
    location: Location | None = attrs.field(default=None, eq=False, repr=False)


# --- Sources and provisions -------------------------------------------------


@attrs.frozen(kw_only=True)
class Source:
    """A document the statute is drawn from (e.g. the 2015 Foranalyse)."""

    id: str
    title: str
    author: str | None = None
    publisher: str | None = None
    date: date | None = None
    note: str | None = None
    sections: tuple[str, ...] = ()
    location: Location | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class SourceRef:
    document: str
    section: str | None = None
    page: int | None = None
    location: Location | None = attrs.field(default=None, eq=False, repr=False)

    def __str__(self) -> str:
        return " ".join(p for p in (self.document, self.section) if p)


@attrs.frozen(kw_only=True)
class Stk:
    """A numbered subsection (stykke) of a §, in Danish."""

    number: int
    text: str
    sources: tuple[SourceRef, ...] = ()
    assumption: bool = False
    reason: str | None = None
    location: Location | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Provision:
    """A § with its numbered stk."""

    number: int
    title: str
    stk: tuple[Stk, ...]
    sources: tuple[SourceRef, ...] = ()
    assumption: bool = False
    reason: str | None = None
    location: Location | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def ref(self) -> ProvisionRef:
        return ProvisionRef(self.number)

    def text(self) -> str:
        return "\n".join(f"Stk. {s.number}. {s.text}" for s in self.stk)


# --- Metadata and membership --------------------------------------------------


class Status(StrEnum):
    DRAFT = "draft"
    ADOPTED = "adopted"


@attrs.frozen(kw_only=True)
class PurposeItem(Cited):
    text: str


@attrs.frozen(kw_only=True)
class Metadata(Cited):
    id: str
    name: str
    status: Status
    short_name: str | None = None
    version: str | None = None
    date: date | None = None
    in_force: dt.date | None = None
    language: str = "da"
    description: str | None = None
    purpose: tuple[PurposeItem, ...] = ()


@attrs.frozen(kw_only=True)
class Obligation(Cited):
    """A duty of every member, e.g. to take part in all phases (Foranalyse 5.1)."""

    kind: str
    text: str | None = None


@attrs.frozen(kw_only=True)
class Admission(Cited):
    by: str | None = None
    requires: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Withdrawal(Cited):
    earliest: str
    notice_months: int | None = None
    takes_contracts: bool | None = None


@attrs.frozen(kw_only=True)
class DecliningPhase(Cited):
    effect: str


@attrs.frozen(kw_only=True)
class Exclusion(Cited):
    by: str
    voting: str | None = None
    grounds: str | None = None


@attrs.frozen(kw_only=True)
class Membership(Cited):
    eligible: str | None = None
    admission: Admission | None = None
    obligations: tuple[Obligation, ...] = ()
    withdrawal: Withdrawal | None = None
    declining_phase: DecliningPhase | None = None
    exclusion: Exclusion | None = None


# --- Roles, areas and bodies --------------------------------------------------


@attrs.frozen(kw_only=True)
class Role(Cited):
    """Who a person is at home, e.g. kommunaldirektør or fagchef."""

    id: str
    name: str
    description: str | None = None


@attrs.frozen(kw_only=True)
class Area(Cited):
    """A fagområde; per-area bodies exist once for each."""

    id: str
    name: str
    description: str | None = None


class BodyKind(StrEnum):
    ASSEMBLY = "assembly"
    BOARD = "board"
    MANAGEMENT = "management"
    SECRETARIAT = "secretariat"
    CONTACT_GROUP = "contact_group"
    COMMITTEE = "committee"
    PARTNER = "partner"
    STEERING_GROUP = "steering_group"


class FillMethod(StrEnum):
    MEMBERSHIP = "membership"
    ELECTION = "election"
    APPOINTMENT = "appointment"
    EMPLOYMENT = "employment"
    PROCUREMENT = "procurement"


#: ``seats`` of a body with one seat for each member.
MEMBERS = "members"


@attrs.frozen(kw_only=True)
class FilledBy(Cited):
    method: FillMethod
    by: str | None = None
    term_years: int | None = None


@attrs.frozen(kw_only=True)
class Chair(Cited):
    """Whose member chairs the meetings (``from_body``) and who picks them."""

    from_body: str | None = None
    chosen_by: str | None = None


@attrs.frozen(kw_only=True)
class MeetingNotice(Cited):
    days: int
    called_by: str | None = None


@attrs.frozen(kw_only=True)
class ExtraordinaryMeeting(Cited):
    """Who may call an extraordinary meeting, or demand one together."""

    called_by: tuple[str, ...] = ()
    members_fraction: Fraction | None = None


@attrs.frozen(kw_only=True)
class Meetings(Cited):
    ordinary_per_year: int | None = None
    notice: MeetingNotice | None = None
    extraordinary: ExtraordinaryMeeting | None = None


@attrs.frozen(kw_only=True)
class Body(Cited):
    """A body of the association; per-area bodies appear once per area.

    ``template`` is the id as written in the file when the body is defined
    per area (``f3``); ``id`` is then ``f3-<area>`` and ``area`` the area.
    References inside a per-area body to another per-area template mean the
    same area's instance and are stored resolved.
    """

    id: str
    name: str
    kind: BodyKind
    seats: int | str
    filled_by: FilledBy
    eligible: tuple[str, ...] = ()
    one_seat_per_member: bool = False
    drawn_from: str | None = None
    chair: Chair | None = None
    voting: str | None = None
    meetings: Meetings | None = None
    description: str | None = None
    template: str | None = None
    area: str | None = None

    @property
    def size(self) -> int | None:
        """Number of seats, or None where it follows the membership."""
        return self.seats if isinstance(self.seats, int) else None


# --- Powers and delegations ---------------------------------------------------


class Scope(StrEnum):
    """Limits on a power or delegation, evaluated against the protocol."""

    ADOPTED_PHASES = "adopted_phases"
    RUNNING_PHASES = "running_phases"
    PARTICIPATING_MUNICIPALITIES = "participating_municipalities"
    OWN_AREA = "own_area"
    OWN_MUNICIPALITY = "own_municipality"


class RequirementKind(StrEnum):
    RECOMMENDATION = "recommendation"
    PROPOSAL = "proposal"
    CONSULTATION = "consultation"


@attrs.frozen(kw_only=True)
class Requirement(Cited):
    """What a decision needs first, e.g. the bestyrelse's recommendation."""

    kind: RequirementKind
    from_body: str


@attrs.frozen(kw_only=True)
class Power(Cited):
    id: str
    name: str
    holders: tuple[str, ...] = ()
    exclusive: bool = False
    individual: bool = False
    requires: tuple[Requirement, ...] = ()
    voting: str | None = None
    scope: frozenset[Scope] = frozenset()
    description: str | None = None


@attrs.frozen(kw_only=True)
class Delegation(Cited):
    power: str
    from_body: str
    to_body: str
    scope: frozenset[Scope] = frozenset()
    subdelegation: bool = False
    id: str | None = None


# --- Voting and money ---------------------------------------------------------


class Majority(StrEnum):
    SIMPLE = "simple"
    QUALIFIED = "qualified"
    UNANIMITY = "unanimity"


class VoteBase(StrEnum):
    VOTES_CAST = "votes_cast"
    PRESENT = "present"
    SEATS = "seats"


class TieBreak(StrEnum):
    CHAIR = "chair"
    REJECTED = "rejected"


@attrs.frozen
class Quorum:
    """At least ``count`` present, or at least ``fraction`` of the seats."""

    count: int | None = None
    fraction: Fraction | None = None

    def __attrs_post_init__(self) -> None:
        if (self.count is None) == (self.fraction is None):
            raise ValueError("a quorum is either a count or a fraction")

    def required(self, seats: int) -> int:
        if self.count is not None:
            return self.count
        assert self.fraction is not None
        whole, rest = divmod(self.fraction.numerator * seats, self.fraction.denominator)
        return whole + (1 if rest else 0)


@attrs.frozen(kw_only=True)
class VotingRule(Cited):
    id: str
    majority: Majority
    name: str | None = None
    quorum: Quorum | None = None
    threshold: Fraction | None = None
    base: VoteBase = VoteBase.VOTES_CAST
    tie_break: TieBreak = TieBreak.REJECTED


class MoneyKind(StrEnum):
    MEMBERSHIP_FEE = "membership_fee"
    PHASE_PAYMENT = "phase_payment"
    NO_FORTUNE = "no_fortune"
    NO_DEBT = "no_debt"
    OUTSIDE_ACCOUNTS = "outside_accounts"
    DISSOLUTION = "dissolution"


@attrs.frozen(kw_only=True)
class Split(Cited):
    """How an amount is shared: by population or equally, among whom, how rounded."""

    by: str
    among: str
    apportionment: str | None = None


@attrs.frozen(kw_only=True)
class MoneyRule(Cited):
    id: str
    name: str
    kind: MoneyKind
    set_by: str | None = None
    period: str | None = None
    due: str | None = None
    computed_at: str | None = None
    split: Split | None = None


# --- Lifecycles ---------------------------------------------------------------


class LifecycleKind(StrEnum):
    """The records whose life the statute governs; one lifecycle each."""

    MEMBERSHIP = "membership"
    ASSOCIATION = "association"
    PHASE = "phase"
    PARTICIPATION = "participation"
    DECISION = "decision"


@attrs.frozen(kw_only=True)
class LifecycleState(Cited):
    id: str
    name: str
    final: bool = False
    means: frozenset[str] = frozenset()
    description: str | None = None


@attrs.frozen(kw_only=True)
class Transition(Cited):
    """A way from one state to another: fired by an act (``trigger``) or by
    the clock (``when``), never both."""

    sources: tuple[str, ...]
    dest: str
    trigger: str | None = None
    when: str | None = None
    actor: str | None = None
    power: str | None = None
    guards: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.trigger or f"when {self.when}"


@attrs.frozen(kw_only=True)
class Lifecycle(Cited):
    id: str
    name: str
    kind: LifecycleKind
    initial: str
    states: tuple[LifecycleState, ...]
    transitions: tuple[Transition, ...]
    description: str | None = None


# --- The statute --------------------------------------------------------------

Element = (
    Metadata
    | PurposeItem
    | Membership
    | Admission
    | Obligation
    | Withdrawal
    | DecliningPhase
    | Exclusion
    | Role
    | Area
    | Body
    | FilledBy
    | Chair
    | Meetings
    | MeetingNotice
    | ExtraordinaryMeeting
    | Power
    | Requirement
    | Delegation
    | VotingRule
    | MoneyRule
    | Split
    | Lifecycle
    | LifecycleState
    | Transition
)


@attrs.frozen(kw_only=True, cache_hash=True)
class Statute:
    """A whole statute; look-ups by id are built once, on first use."""

    metadata: Metadata
    provisions: tuple[Provision, ...]
    sources: tuple[Source, ...] = ()
    membership: Membership | None = None
    roles: tuple[Role, ...] = ()
    areas: tuple[Area, ...] = ()
    bodies: tuple[Body, ...] = ()
    powers: tuple[Power, ...] = ()
    delegations: tuple[Delegation, ...] = ()
    voting_rules: tuple[VotingRule, ...] = ()
    money_rules: tuple[MoneyRule, ...] = ()
    lifecycles: tuple[Lifecycle, ...] = ()
    path: str | None = attrs.field(default=None, eq=False)

    @cached_property
    def _bodies(self) -> Mapping[str, Body]:
        return {b.id: b for b in self.bodies}

    @cached_property
    def _templates(self) -> Mapping[str, tuple[Body, ...]]:
        grouped: dict[str, list[Body]] = {}
        for body in self.bodies:
            if body.template is not None:
                grouped.setdefault(body.template, []).append(body)
        return {k: tuple(v) for k, v in grouped.items()}

    @cached_property
    def _powers(self) -> Mapping[str, Power]:
        return {p.id: p for p in self.powers}

    @cached_property
    def _provisions(self) -> Mapping[int, Provision]:
        return {p.number: p for p in self.provisions}

    def body(self, body_id: str) -> Body:
        """The body with this id; KeyError if there is none."""
        return self._bodies[body_id]

    def power(self, power_id: str) -> Power:
        return self._powers[power_id]

    def voting_rule(self, rule_id: str) -> VotingRule:
        return next(r for r in self.voting_rules if r.id == rule_id)

    def instances(self, ref: str) -> tuple[Body, ...]:
        """The bodies a reference names: one body, or every area's instance."""
        if ref in self._bodies:
            return (self._bodies[ref],)
        return self._templates.get(ref, ())

    def provision(self, ref: ProvisionRef | str) -> Provision | Stk | None:
        """The § or stk. a reference points to, or None."""
        if isinstance(ref, str):
            ref = ProvisionRef.parse(ref)
        section = self._provisions.get(ref.paragraph)
        if section is None or ref.stk is None:
            return section
        return section.stk[ref.stk - 1] if ref.stk <= len(section.stk) else None

    def elements(self) -> Iterator[tuple[str, Element]]:
        """Every encoded element with a short label of its kind and id."""
        yield "statute", self.metadata
        for item in self.metadata.purpose:
            yield "purpose", item
        if self.membership is not None:
            yield from _membership_elements(self.membership)
        named: tuple[tuple[str, tuple[Role | Area | VotingRule | MoneyRule, ...]], ...] = (
            ("role", self.roles),
            ("area", self.areas),
            ("voting rule", self.voting_rules),
            ("money rule", self.money_rules),
        )
        for group, items in named:
            for element in items:
                yield f"{group} {element.id}", element
        seen_templates: set[str] = set()
        for body in self.bodies:
            # A per-area body is written once; report it once, by its template.
            if body.template in seen_templates:
                continue
            if body.template is not None:
                seen_templates.add(body.template)
            yield from _body_elements(body)
        for power in self.powers:
            yield f"power {power.id}", power
            for req in power.requires:
                yield f"power {power.id} requires {req.from_body}", req
        for d in self.delegations:
            yield f"delegation of {d.power} from {d.from_body} to {d.to_body}", d
        for rule in self.money_rules:
            if rule.split is not None and (rule.split.provision or rule.split.assumption):
                yield f"money rule {rule.id} split", rule.split
        for lifecycle in self.lifecycles:
            yield from _lifecycle_elements(lifecycle)

    def lifecycle(self, kind: LifecycleKind) -> Lifecycle | None:
        return next((lc for lc in self.lifecycles if lc.kind is kind), None)


def _membership_elements(m: Membership) -> Iterator[tuple[str, Element]]:
    yield "membership", m
    for label, part in (
        ("admission", m.admission),
        ("withdrawal", m.withdrawal),
        ("declining a phase", m.declining_phase),
        ("exclusion", m.exclusion),
    ):
        if part is not None:
            yield f"membership {label}", part
    for ob in m.obligations:
        yield f"membership obligation {ob.kind}", ob


def _lifecycle_elements(lifecycle: Lifecycle) -> Iterator[tuple[str, Element]]:
    label = f"lifecycle {lifecycle.id}"
    yield label, lifecycle
    for state in lifecycle.states:
        yield f"{label} state {state.id}", state
    for t in lifecycle.transitions:
        yield f"{label} transition {t.label} ({', '.join(t.sources)} -> {t.dest})", t


def _body_elements(body: Body) -> Iterator[tuple[str, Element]]:
    label = f"body {body.template or body.id}"
    yield label, body
    yield f"{label} filled_by", body.filled_by
    if body.chair is not None:
        yield f"{label} chair", body.chair
    if body.meetings is not None:
        yield f"{label} meetings", body.meetings
        for part, name in (
            (body.meetings.notice, "notice"),
            (body.meetings.extraordinary, "extraordinary meetings"),
        ):
            if part is not None:
                yield f"{label} {name}", part
