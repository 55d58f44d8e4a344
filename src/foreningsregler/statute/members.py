"""The statute's metadata and who may be a member, join, withdraw or be excluded."""

from __future__ import annotations

import datetime as dt
from datetime import date
from enum import StrEnum

import attrs

from .calendar import PeriodEnd
from .citation import Cited
from .legal_basis import LegalBasis


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


@attrs.frozen(kw_only=True)
class Membership(Cited):
    eligible: str | None = None
    #: The municipalities the statute names as its participants (deltagere).
    municipalities: tuple[str, ...] = ()
    admission: Admission | None = None
    obligations: tuple[Obligation, ...] = ()
    withdrawal: Withdrawal | None = None
    declining_phase: DecliningPhase | None = None
    exclusion: Exclusion | None = None
