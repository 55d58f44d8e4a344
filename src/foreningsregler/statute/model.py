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

from ..i18n import N_, _
from ._elements import (
    Element,
    body_elements,
    clause_parts,
    fee_elements,
    lifecycle_elements,
    membership_elements,
    rule_elements,
)
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
        """The power with id ``power_id``; KeyError if there is none."""
        return self._powers[power_id]

    def voting_rule(self, rule_id: str) -> VotingRule:
        """The voting rule with id ``rule_id``; StopIteration if there is none."""
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
        """Every encoded element with a short label of its kind and id (in the
        current language)."""
        yield _("statute"), self.metadata
        if self.metadata.legal_basis is not None:
            yield _("legal basis"), self.metadata.legal_basis
        for item in self.metadata.purpose:
            yield _("purpose"), item
        if self.membership is not None:
            yield from membership_elements(self.membership)
        named: tuple[tuple[str, tuple[Role | Area | VotingRule | MoneyRule, ...]], ...] = (
            (N_("role {id}"), self.roles),
            (N_("area {id}"), self.areas),
            (N_("voting rule {id}"), self.voting_rules),
            (N_("money rule {id}"), self.money_rules),
        )
        for label, items in named:
            for element in items:
                yield _(label, id=element.id), element
        for voting_rule in self.voting_rules:
            yield from rule_elements(voting_rule)
        seen_templates: set[str] = set()
        for body in self.bodies:
            # A per-area body is written once; report it once, by its template.
            if body.template in seen_templates:
                continue
            if body.template is not None:
                seen_templates.add(body.template)
            yield from body_elements(body)
        for power in self.powers:
            yield _("power {id}", id=power.id), power
            for req in power.requires:
                yield _("power {id} requires {body}", id=power.id, body=req.from_body), req
        for d in self.delegations:
            label = _(
                "delegation of {power} from {giver} to {receiver}",
                power=d.power,
                giver=d.from_body,
                receiver=d.to_body,
            )
            yield label, d
        for rule in self.money_rules:
            if rule.split is not None and (rule.split.provision or rule.split.assumption):
                yield _("money rule {id} split", id=rule.id), rule.split
            yield from fee_elements(rule)
        for lifecycle in self.lifecycles:
            yield from lifecycle_elements(lifecycle)
        for name, clause in self.clauses.items():
            yield _("clause {name}", name=name), clause
        yield from clause_parts(self.clauses)
        if self.signing is not None:
            yield _("signing rule"), self.signing
            if self.signing.attorney is not None:
                yield _("power of attorney"), self.signing.attorney

    def lifecycle(self, kind: LifecycleKind) -> Lifecycle | None:
        """The statute's lifecycle of ``kind``, or None if it has none."""
        return next((lc for lc in self.lifecycles if lc.kind is kind), None)

    def _repr_html_(self) -> str | None:
        """The statute in Jupyter: its size, bodies and competence graph (see _display)."""
        from .._display import shown

        return shown("statute", "text/html", self)
