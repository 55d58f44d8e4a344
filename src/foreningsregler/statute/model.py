"""The statute as frozen values: provisions next to their encoding.

No I/O and no logic here beyond invariants and look-ups; ``loading`` builds
these from a file. The parts live in their own modules (``citation``,
``members``, ``bodies``, ``powers``, ``money``, ``lifecycles``); this one joins
them into ``Statute`` and re-exports them, so ``statute.model`` names every
class of the format.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cached_property

import attrs

from .bodies import (
    MEMBERS,
    PARTICIPANTS,
    Area,
    Body,
    BodyKind,
    Chair,
    ExtraordinaryMeeting,
    FilledBy,
    FillMethod,
    MeetingNotice,
    Meetings,
    Role,
    Term,
)
from .calendar import CALENDAR_YEAR, Duration, FinancialYear, PeriodEnd
from .citation import (
    PROVISION_PATTERN,
    Cited,
    Location,
    Provision,
    ProvisionRef,
    Source,
    SourceRef,
    Stk,
)
from .clauses import (
    Accounts,
    AssetsTo,
    Auditor,
    Clauses,
    DisputeForum,
    Disputes,
    DissolutionClause,
    Domicile,
    IpTo,
    IpTransfer,
    Liability,
    LiabilityShare,
    LicenceExceptions,
    Licences,
    LicensedWork,
    Owner,
    Ownership,
)
from .composition import (
    MEMBER_KINDS,
    Alternates,
    ConsecutiveMeetings,
    ElectionYears,
    Observers,
    Officer,
    Rotation,
    ViceChair,
    Weights,
)
from .legal_basis import LegalBasis
from .lifecycles import Lifecycle, LifecycleKind, LifecycleState, Transition
from .members import (
    COUNCIL_DECISION,
    Admission,
    Core,
    DecliningPhase,
    Exclusion,
    KindRule,
    Member,
    MemberKind,
    Membership,
    MembershipClass,
    Metadata,
    Obligation,
    Partner,
    PurposeItem,
    Status,
    Withdrawal,
)
from .money import (
    POPULATION_KINDS,
    Band,
    CategoryRule,
    ClassAmount,
    FeeEffect,
    Indexation,
    KindAmount,
    MoneyKind,
    MoneyRule,
    PopulationDate,
    ProRata,
    Split,
    YearlyDecision,
)
from .powers import (
    Delegation,
    Grant,
    Majority,
    Power,
    Quorum,
    Requirement,
    RequirementKind,
    Scope,
    TieBreak,
    VoteBase,
    VotingRule,
)
from .setup import INSTANCE_SEPARATOR, Coordinator, Limits, SetUpBy, split_instance
from .signing import Attorney, Signers, Signing

__all__ = [
    "COUNCIL_DECISION",
    "MEMBERS",
    "MEMBER_KINDS",
    "PARTICIPANTS",
    "POPULATION_KINDS",
    "PROVISION_PATTERN",
    "Accounts",
    "Admission",
    "Alternates",
    "Area",
    "AssetsTo",
    "Attorney",
    "Auditor",
    "Band",
    "Body",
    "BodyKind",
    "CategoryRule",
    "Chair",
    "Cited",
    "ClassAmount",
    "Clauses",
    "ConsecutiveMeetings",
    "Coordinator",
    "Core",
    "DecliningPhase",
    "Delegation",
    "DisputeForum",
    "Disputes",
    "DissolutionClause",
    "Domicile",
    "Duration",
    "ElectionYears",
    "Element",
    "Exclusion",
    "ExtraordinaryMeeting",
    "FeeEffect",
    "FillMethod",
    "FilledBy",
    "FinancialYear",
    "Grant",
    "Indexation",
    "IpTo",
    "IpTransfer",
    "KindAmount",
    "KindRule",
    "LegalBasis",
    "Liability",
    "LiabilityShare",
    "LicenceExceptions",
    "Licences",
    "LicensedWork",
    "Lifecycle",
    "LifecycleKind",
    "LifecycleState",
    "Limits",
    "Location",
    "Majority",
    "MeetingNotice",
    "Meetings",
    "Member",
    "MemberKind",
    "Membership",
    "MembershipClass",
    "Metadata",
    "MoneyKind",
    "MoneyRule",
    "Obligation",
    "Observers",
    "Officer",
    "Owner",
    "Ownership",
    "Partner",
    "PeriodEnd",
    "PopulationDate",
    "Power",
    "ProRata",
    "Provision",
    "ProvisionRef",
    "PurposeItem",
    "Quorum",
    "Requirement",
    "RequirementKind",
    "Role",
    "Rotation",
    "Scope",
    "SetUpBy",
    "Signers",
    "Signing",
    "Source",
    "SourceRef",
    "Split",
    "Status",
    "Statute",
    "Stk",
    "Term",
    "TieBreak",
    "Transition",
    "ViceChair",
    "VoteBase",
    "VotingRule",
    "Weights",
    "Withdrawal",
    "YearlyDecision",
]

Element = (
    Metadata
    | PurposeItem
    | Membership
    | KindRule
    | Member
    | MembershipClass
    | Partner
    | Core
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
    | ViceChair
    | Rotation
    | Alternates
    | Observers
    | Officer
    | Meetings
    | MeetingNotice
    | ExtraordinaryMeeting
    | Power
    | Requirement
    | Delegation
    | VotingRule
    | Weights
    | ConsecutiveMeetings
    | MoneyRule
    | Split
    | Band
    | KindAmount
    | ClassAmount
    | YearlyDecision
    | ProRata
    | Indexation
    | PopulationDate
    | CategoryRule
    | Lifecycle
    | LifecycleState
    | Transition
    | Domicile
    | Accounts
    | Liability
    | Disputes
    | DissolutionClause
    | Ownership
    | Licences
    | LicensedWork
    | LicenceExceptions
    | IpTransfer
    | Signing
    | Attorney
    | SetUpBy
    | Limits
    | Coordinator
    | LegalBasis
)


#: An instance's name is an id, as the statute writes its own.
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


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
    financial_year: FinancialYear | None = None
    clauses: Clauses = attrs.field(factory=Clauses)
    signing: Signing | None = None
    path: str | None = attrs.field(default=None, eq=False)

    @property
    def year(self) -> FinancialYear:
        """The financial year the statute states, or the calendar year."""
        return self.financial_year or CALENDAR_YEAR

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
        """The body with this id, or the instance ``<template>/<name>`` of a
        template set up ``instances: many``; KeyError if there is none."""
        found = self._bodies.get(body_id)
        if found is not None:
            return found
        parts = split_instance(body_id)
        template = self._bodies.get(parts[0]) if parts is not None else None
        if parts is None or template is None or not template.many or not _ID.fullmatch(parts[1]):
            raise KeyError(body_id)
        return self._instance(template, parts[1])

    def _instance(self, template: Body, name: str) -> Body:
        key = (template.id, name)
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = template.instance(name)
        return made

    @cached_property
    def _made(self) -> dict[tuple[str, str], Body]:
        """Instances of templates made so far (a body is made once per name)."""
        return {}

    def power(self, power_id: str) -> Power:
        return self._powers[power_id]

    def voting_rule(self, rule_id: str) -> VotingRule:
        return next(r for r in self.voting_rules if r.id == rule_id)

    def deciding_rule(self, body: Body, power: Power | None) -> VotingRule | None:
        """The voting rule ``body`` decides by under ``power``; None where it acts
        alone (one seat, or a power each member exercises for itself)."""
        if (power is not None and power.individual) or body.size == 1:
            return None
        rule_id = (power.voting if power is not None else None) or body.voting
        return self.voting_rule(rule_id) if rule_id else None

    def written_bodies(self) -> Iterator[Body]:
        """Each body as the file writes it: a per-area body once, by its first instance."""
        seen: set[str] = set()
        for body in self.bodies:
            if body.written_id not in seen:
                seen.add(body.written_id)
                yield body

    def instances(self, ref: str) -> tuple[Body, ...]:
        """The bodies a reference names: one body (an instance of a template set
        up ``instances: many`` too), or every area's instance."""
        if ref in self._bodies:
            return (self._bodies[ref],)
        found = self._templates.get(ref, ())
        if not found and INSTANCE_SEPARATOR in ref:
            try:
                return (self.body(ref),)
            except KeyError:
                return ()
        return found

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
        if self.metadata.legal_basis is not None:
            yield "legal basis", self.metadata.legal_basis
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
        for voting_rule in self.voting_rules:
            yield from _rule_elements(voting_rule)
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
            yield from _fee_elements(rule)
        for lifecycle in self.lifecycles:
            yield from _lifecycle_elements(lifecycle)
        for name, clause in self.clauses.items():
            yield f"clause {name}", clause
        yield from _clause_parts(self.clauses)
        if self.signing is not None:
            yield "signing rule", self.signing
            if self.signing.attorney is not None:
                yield "power of attorney", self.signing.attorney

    def lifecycle(self, kind: LifecycleKind) -> Lifecycle | None:
        return next((lc for lc in self.lifecycles if lc.kind is kind), None)


def _membership_elements(m: Membership) -> Iterator[tuple[str, Element]]:
    yield "membership", m
    for label, part in (
        ("admission", m.admission),
        ("withdrawal", m.withdrawal),
        ("declining a phase", m.declining_phase),
        ("exclusion", m.exclusion),
        ("core", m.core),
    ):
        if part is not None:
            yield f"membership {label}", part
    for ob in m.obligations:
        yield f"membership obligation {ob.kind}", ob
    for rule in m.kinds:
        yield f"membership kind {rule.kind}", rule
    for member in m.members:
        if member.provision or member.assumption:  # else it shares the membership's
            yield f"member {member.id}", member
    for klass in m.classes:
        yield f"membership class {klass.id}", klass
    for partner in m.partners:
        yield f"partner {partner.id}", partner


def _fee_elements(rule: MoneyRule) -> Iterator[tuple[str, Element]]:
    """The population date and who places by decision always cite; a band or an
    amount per kind may share the rule's provision."""
    label = f"money rule {rule.id}"
    if rule.population_date is not None:
        yield f"{label} population date", rule.population_date
    if rule.category is not None:
        yield f"{label} category", rule.category
    terms: tuple[tuple[str, YearlyDecision | ProRata | Indexation | None], ...] = (
        ("set yearly", rule.set_yearly),
        ("pro rata", rule.pro_rata),
        ("indexation", rule.indexation),
    )
    for term, given in terms:
        if given is not None:
            yield f"{label} {term}", given
    parts: tuple[Band | KindAmount | ClassAmount, ...] = (
        *rule.bands,
        *rule.per_kind,
        *rule.per_class,
    )
    for part in parts:
        if part.provision or part.assumption:
            name = (
                part.id
                if isinstance(part, Band)
                else part.member_class
                if isinstance(part, ClassAmount)
                else part.kind
            )
            yield f"{label} {name}", part


def _lifecycle_elements(lifecycle: Lifecycle) -> Iterator[tuple[str, Element]]:
    label = f"lifecycle {lifecycle.id}"
    yield label, lifecycle
    for state in lifecycle.states:
        yield f"{label} state {state.id}", state
    for t in lifecycle.transitions:
        yield f"{label} transition {t.label} ({', '.join(t.sources)} -> {t.dest})", t


def _rule_elements(rule: VotingRule) -> Iterator[tuple[str, Element]]:
    """The parts of a voting rule that cite their own provision (else the rule's covers them)."""
    for part, name in ((rule.weights, "weights"), (rule.consecutive_meetings, "meetings")):
        if part is not None and (part.provision or part.assumption):
            yield f"voting rule {rule.id} {name}", part


def _body_elements(body: Body) -> Iterator[tuple[str, Element]]:
    label = f"body {body.template or body.id}"
    yield label, body
    yield f"{label} filled_by", body.filled_by
    if body.chair is not None:
        yield f"{label} chair", body.chair
        if body.chair.rotation is not None:
            yield f"{label} chair rotation", body.chair.rotation
    composed = (
        (body.vice_chair, "vice-chair"),
        (body.alternates, "alternates"),
        (body.observers, "observers"),
    )
    for element, what in composed:
        if element is not None:
            yield f"{label} {what}", element
    for officer in body.officers:
        yield f"{label} officer {officer.id}", officer
    if body.meetings is not None:
        yield f"{label} meetings", body.meetings
        for part, name in (
            (body.meetings.notice, "notice"),
            (body.meetings.extraordinary, "extraordinary meetings"),
        ):
            if part is not None:
                yield f"{label} {name}", part
    set_up: tuple[tuple[SetUpBy | Limits | Coordinator | None, str], ...] = (
        (body.set_up_by, "set up by"),
        (body.limits, "limits"),
        (body.coordinator, "coordinator"),
    )
    for made, name in set_up:
        if made is not None:
            yield f"{label} {name}", made


def _clause_parts(clauses: Clauses) -> Iterator[tuple[str, Element]]:
    """The parts of a clause that cite a provision of their own (a licence, the IP)."""
    parts: list[tuple[str, Element]] = []
    if clauses.licences is not None:
        parts += [(f"licence of {w.what}", w) for w in clauses.licences.works]
        if clauses.licences.exceptions is not None:
            parts.append(("licence exceptions", clauses.licences.exceptions))
    if clauses.dissolution is not None and clauses.dissolution.ip is not None:
        parts.append(("IP on dissolution", clauses.dissolution.ip))
    for name, part in parts:
        if part.provision is not None or part.assumption:
            yield name, part
