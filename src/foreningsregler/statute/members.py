"""The statute's metadata and who may be a member, join, withdraw or be excluded."""

from __future__ import annotations

import datetime as dt
from datetime import date
from enum import StrEnum

import attrs

from .calendar import PeriodEnd
from .citation import Cited
from .legal_basis import LegalBasis


class MemberKind(StrEnum):
    """What kind of organisation a member is (medlemstype)."""

    KOMMUNE = "kommune"
    REGION = "region"
    STATE = "state"  # a state body (statslig myndighed)
    PUBLIC_BODY = "public_body"  # another public body (anden offentlig myndighed)
    ASSOCIATION = "association"  # a forening, e.g. of municipalities
    COMPANY = "company"


#: The admission requirement that a municipality's own council has decided to join.
COUNCIL_DECISION = "kommunalbestyrelse_decision"


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
    #: Kommunestyrelseslovens rule the statute is made under (§ 60 or § 60 a), if any.
    legal_basis: LegalBasis | None = None


@attrs.frozen(kw_only=True)
class Obligation(Cited):
    """A duty of every member, e.g. to take part in all phases (Foranalyse 5.1)."""

    kind: str
    text: str | None = None


@attrs.frozen(kw_only=True)
class Admission(Cited):
    by: str | None = None
    #: What an applicant must have done first; ``kommunalbestyrelse_decision``
    #: (its council's own decision to join) is checked at admission.
    requires: tuple[str, ...] = ()

    @property
    def needs_council(self) -> bool:
        return COUNCIL_DECISION in self.requires


@attrs.frozen(kw_only=True)
class Withdrawal(Cited):
    earliest: str
    notice_months: int | None = None
    #: Notice runs to the end of this period ("til udgangen af et regnskabsår").
    notice_to: PeriodEnd | None = None
    takes_contracts: bool | None = None
    #: The body whose registration makes the withdrawal take effect ("når
    #: sekretariatet har registreret den"); None: the lifecycle's actor alone.
    registered_by: str | None = None


@attrs.frozen(kw_only=True)
class DecliningPhase(Cited):
    effect: str
    #: ``all`` phases, or only ``core`` ones: declining an optional phase is no withdrawal.
    applies_to: str = "all"

    @property
    def core_only(self) -> bool:
        return self.applies_to == "core"


@attrs.frozen(kw_only=True)
class Core(Cited):
    """The common core: phases and areas every member takes part in, and the
    body that may extend it by decision (``extend-core``)."""

    phases: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    extended_by: str | None = None
    power: str | None = None


@attrs.frozen(kw_only=True)
class Exclusion(Cited):
    by: str
    voting: str | None = None
    grounds: str | None = None
    #: The body whose next meeting ratifies the exclusion; provisional until then.
    ratified_by: str | None = None


@attrs.frozen(kw_only=True)
class KindRule(Cited):
    """Whether members of ``kind`` may be admitted (open) or not (closed)."""

    kind: MemberKind
    open: bool


@attrs.frozen(kw_only=True)
class Member(Cited):
    """A member the statute names: ``id`` names it in events, ``name`` in the
    population tables. A municipality of ``municipalities`` is a member of
    kind kommune whose id and name are its name."""

    id: str
    name: str
    kind: MemberKind
    #: The member's class of membership; None: the first of ``classes``.
    member_class: str | None = None


@attrs.frozen(kw_only=True)
class MembershipClass(Cited):
    """A class of membership (ordinary, basis ...): its own duties (kinds of
    ``obligations``) and, where another pays its fee, the payer (``paid_by``:
    a partner or a named member)."""

    id: str
    name: str
    description: str | None = None
    paid_by: str | None = None
    duties: tuple[str, ...] = ()
    #: The class admits members only from and until these days (an ordning in force a while).
    open_from: dt.date | None = None
    open_until: dt.date | None = None

    def open_on(self, day: dt.date) -> bool:
        return (self.open_from is None or self.open_from <= day) and (
            self.open_until is None or day <= self.open_until
        )


@attrs.frozen(kw_only=True)
class Partner(Cited):
    """A party the statute names that is not a member (KL, an agency, a
    supplier): never admitted, never counted among the members."""

    id: str
    name: str
    kind: MemberKind | None = None
    role: str | None = None


@attrs.frozen(kw_only=True)
class Membership(Cited):
    eligible: str | None = None
    #: The municipalities the statute names as its participants (deltagere).
    municipalities: tuple[str, ...] = ()
    #: The kinds of member, each open or closed to membership; empty: not checked.
    kinds: tuple[KindRule, ...] = ()
    #: Members of any kind the statute names, beside ``municipalities``.
    members: tuple[Member, ...] = ()
    admission: Admission | None = None
    obligations: tuple[Obligation, ...] = ()
    withdrawal: Withdrawal | None = None
    declining_phase: DecliningPhase | None = None
    exclusion: Exclusion | None = None
    #: Classes of membership; the first is the class of a member not placed in another.
    classes: tuple[MembershipClass, ...] = ()
    #: Parties named that are not members.
    partners: tuple[Partner, ...] = ()
    #: The common core of phases and areas, where the statute has one.
    core: Core | None = None

    def membership_class(self, class_id: str) -> MembershipClass | None:
        return next((c for c in self.classes if c.id == class_id), None)

    def partner(self, name: str) -> Partner | None:
        return next((p for p in self.partners if p.id == name or p.name == name), None)

    def class_of(self, member: str, stated: str | None = None) -> MembershipClass | None:
        """A member's class: the statute's where it names one, else ``stated``
        (e.g. decided at admission), else the first class; None without classes."""
        named = self.member(member)
        chosen = named.member_class if named is not None and named.member_class else stated
        if chosen is not None:
            return self.membership_class(chosen)
        return self.classes[0] if self.classes else None

    @property
    def roster(self) -> tuple[Member, ...]:
        """Every member the statute names: the municipalities (kind kommune,
        citing and placed at the membership), then ``members``."""
        named = tuple(
            Member(
                id=m,
                name=m,
                kind=MemberKind.KOMMUNE,
                provision=self.provision,
                location=self.location,
            )
            for m in self.municipalities
        )
        return named + self.members

    @property
    def names(self) -> frozenset[str]:
        """The names events use for the members the statute names."""
        return frozenset(m.id for m in self.roster)

    def member(self, name: str) -> Member | None:
        return next((m for m in self.roster if m.id == name), None)

    def kind_rule(self, kind: MemberKind) -> KindRule | None:
        return next((k for k in self.kinds if k.kind is kind), None)
