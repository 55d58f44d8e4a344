"""Every encoded element of a statute with a label a reader recognises it by.

``Statute.elements()`` walks the model with these helpers; the linter names an
element by its label (W402, I501), in the current language: the kind in words,
the ids as the statute writes them (``body bestyrelse chair``).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..i18n import N_, _
from .bodies import Area, Body, Chair, ExtraordinaryMeeting, FilledBy, MeetingNotice, Meetings, Role
from .clauses import (
    Accounts,
    Clauses,
    Disputes,
    DissolutionClause,
    Domicile,
    IpTransfer,
    Liability,
    LicenceExceptions,
    Licences,
    LicensedWork,
    Ownership,
)
from .composition import (
    Alternates,
    ConsecutiveMeetings,
    Observers,
    Officer,
    Rotation,
    ViceChair,
    Weights,
)
from .legal_basis import LegalBasis
from .lifecycles import Lifecycle, LifecycleState, Transition
from .members import (
    Admission,
    Core,
    DecliningPhase,
    Exclusion,
    KindRule,
    Member,
    Membership,
    MembershipClass,
    Metadata,
    Obligation,
    Partner,
    PurposeItem,
    Withdrawal,
)
from .money import (
    Band,
    CategoryRule,
    ClassAmount,
    Indexation,
    KindAmount,
    MoneyRule,
    PopulationDate,
    ProRata,
    Split,
    YearlyDecision,
)
from .powers import Delegation, Power, Requirement, VotingRule
from .setup import Coordinator, Limits, SetUpBy
from .signing import Attorney, Signing

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


#: The parts of a membership, each with its label.
_MEMBERSHIP_PARTS = (
    ("admission", N_("membership admission")),
    ("withdrawal", N_("membership withdrawal")),
    ("declining_phase", N_("membership declining a phase")),
    ("exclusion", N_("membership exclusion")),
    ("core", N_("membership core")),
)


def membership_elements(m: Membership) -> Iterator[tuple[str, Element]]:
    yield _("membership"), m
    for attribute, label in _MEMBERSHIP_PARTS:
        part = getattr(m, attribute)
        if part is not None:
            yield _(label), part
    for ob in m.obligations:
        yield _("membership obligation {kind}", kind=ob.kind), ob
    for rule in m.kinds:
        yield _("membership kind {kind}", kind=rule.kind), rule
    for member in m.members:
        if member.provision or member.assumption:  # else it shares the membership's
            yield _("member {id}", id=member.id), member
    for klass in m.classes:
        yield _("membership class {id}", id=klass.id), klass
    for partner in m.partners:
        yield _("partner {id}", id=partner.id), partner


def fee_elements(rule: MoneyRule) -> Iterator[tuple[str, Element]]:
    """The population date and who places by decision always cite; a band or an
    amount per kind may share the rule's provision."""
    if rule.population_date is not None:
        yield _("money rule {id} population date", id=rule.id), rule.population_date
    if rule.category is not None:
        yield _("money rule {id} category", id=rule.id), rule.category
    terms: tuple[tuple[str, YearlyDecision | ProRata | Indexation | None], ...] = (
        (N_("money rule {id} set yearly"), rule.set_yearly),
        (N_("money rule {id} pro rata"), rule.pro_rata),
        (N_("money rule {id} indexation"), rule.indexation),
    )
    for label, given in terms:
        if given is not None:
            yield _(label, id=rule.id), given
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
            yield _("money rule {id} {part}", id=rule.id, part=name), part


def lifecycle_elements(lifecycle: Lifecycle) -> Iterator[tuple[str, Element]]:
    yield _("lifecycle {id}", id=lifecycle.id), lifecycle
    for state in lifecycle.states:
        yield _("lifecycle {id} state {state}", id=lifecycle.id, state=state.id), state
    for t in lifecycle.transitions:
        label = _(
            "lifecycle {id} transition {transition} ({sources} -> {dest})",
            id=lifecycle.id,
            transition=t.label,
            sources=", ".join(t.sources),
            dest=t.dest,
        )
        yield label, t


def rule_elements(rule: VotingRule) -> Iterator[tuple[str, Element]]:
    """The parts of a voting rule that cite their own provision (else the rule's covers them)."""
    parts: tuple[tuple[Weights | ConsecutiveMeetings | None, str], ...] = (
        (rule.weights, N_("voting rule {id} weights")),
        (rule.consecutive_meetings, N_("voting rule {id} meetings")),
    )
    for part, label in parts:
        if part is not None and (part.provision or part.assumption):
            yield _(label, id=rule.id), part


def body_elements(body: Body) -> Iterator[tuple[str, Element]]:
    ident = body.template or body.id
    yield _("body {id}", id=ident), body
    yield _("body {id} filled_by", id=ident), body.filled_by
    if body.chair is not None:
        yield _("body {id} chair", id=ident), body.chair
        if body.chair.rotation is not None:
            yield _("body {id} chair rotation", id=ident), body.chair.rotation
    composed: tuple[tuple[ViceChair | Alternates | Observers | None, str], ...] = (
        (body.vice_chair, N_("body {id} vice-chair")),
        (body.alternates, N_("body {id} alternates")),
        (body.observers, N_("body {id} observers")),
    )
    for element, label in composed:
        if element is not None:
            yield _(label, id=ident), element
    for officer in body.officers:
        yield _("body {id} officer {officer}", id=ident, officer=officer.id), officer
    if body.meetings is not None:
        yield _("body {id} meetings", id=ident), body.meetings
        meeting_parts: tuple[tuple[MeetingNotice | ExtraordinaryMeeting | None, str], ...] = (
            (body.meetings.notice, N_("body {id} notice")),
            (body.meetings.extraordinary, N_("body {id} extraordinary meetings")),
        )
        for part, label in meeting_parts:
            if part is not None:
                yield _(label, id=ident), part
    set_up: tuple[tuple[SetUpBy | Limits | Coordinator | None, str], ...] = (
        (body.set_up_by, N_("body {id} set up by")),
        (body.limits, N_("body {id} limits")),
        (body.coordinator, N_("body {id} coordinator")),
    )
    for made, label in set_up:
        if made is not None:
            yield _(label, id=ident), made


def clause_parts(clauses: Clauses) -> Iterator[tuple[str, Element]]:
    """The parts of a clause that cite a provision of their own (a licence, the IP)."""
    parts: list[tuple[str, Element]] = []
    if clauses.licences is not None:
        parts += [(_("licence of {work}", work=w.what), w) for w in clauses.licences.works]
        if clauses.licences.exceptions is not None:
            parts.append((_("licence exceptions"), clauses.licences.exceptions))
    if clauses.dissolution is not None and clauses.dissolution.ip is not None:
        parts.append((_("IP on dissolution"), clauses.dissolution.ip))
    for name, part in parts:
        if part.provision is not None or part.assumption:
            yield name, part
