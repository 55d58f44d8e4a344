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
    requires: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Withdrawal(Cited):
    earliest: str
    notice_months: int | None = None
    #: Notice runs to the end of this period ("til udgangen af et regnskabsår").
    notice_to: PeriodEnd | None = None
    takes_contracts: bool | None = None


@attrs.frozen(kw_only=True)
class DecliningPhase(Cited):
    effect: str


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
