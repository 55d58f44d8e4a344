"""Money rules: fees, phase payments and how an amount is split.

A membership fee may also be fixed per member: by size band (størrelsesgruppe)
on the population of a stated date, by the member's kind, or by a band a body
assigns by decision where no population applies.
"""

from __future__ import annotations

from datetime import MINYEAR, date
from enum import StrEnum
from fractions import Fraction

import attrs

from .citation import Cited
from .members import MemberKind


class MoneyKind(StrEnum):
    MEMBERSHIP_FEE = "membership_fee"
    PHASE_PAYMENT = "phase_payment"
    NO_FORTUNE = "no_fortune"
    NO_DEBT = "no_debt"
    OUTSIDE_ACCOUNTS = "outside_accounts"
    DISSOLUTION = "dissolution"
    PARTNER_FEE = "partner_fee"  # paid by partners that are not members


@attrs.frozen(kw_only=True)
class Split(Cited):
    """How an amount is shared: by population or equally, among whom, how rounded."""

    by: str
    among: str
    apportionment: str | None = None


@attrs.frozen(kw_only=True)
class Band(Cited):
    """A size band: ``lower`` inhabitants up to below ``under`` (no upper end
    where None) pay ``amount`` whole kroner a year."""

    id: str
    lower: int
    under: int | None
    amount: int
    name: str | None = None

    def holds(self, population: int) -> bool:
        return self.lower <= population and (self.under is None or population < self.under)


@attrs.frozen(kw_only=True)
class KindAmount(Cited):
    """Members of ``kind`` pay ``amount`` whole kroner a year, whatever their size."""

    kind: MemberKind
    amount: int


@attrs.frozen(kw_only=True)
class ClassAmount(Cited):
    """Members of the class ``member_class`` pay ``amount`` whole kroner a year."""

    member_class: str
    amount: int


@attrs.frozen(kw_only=True)
class PopulationDate(Cited):
    """Whose population counts: ``day``/``month`` of the year ``years_before``
    the year the financial year starts in (1 January of the year before: 1, 1, 1)."""

    month: int
    day: int = 1
    years_before: int = 0

    def for_year(self, start: date) -> date:
        """The population date for the financial year starting on ``start``
        (the calendar's first day, where that year is before it)."""
        year = start.year - self.years_before
        return date(year, self.month, self.day) if year >= MINYEAR else date.min


@attrs.frozen(kw_only=True)
class CategoryRule(Cited):
    """Members placed neither by population nor by kind get a band by decision
    of the body ``by`` (the event ``assign-category``)."""

    by: str


class FeeEffect(StrEnum):
    """From when a fee decided for a year may apply."""

    NEXT_FINANCIAL_YEAR = "next_financial_year"
    SAME_FINANCIAL_YEAR = "same_financial_year"


@attrs.frozen(kw_only=True)
class YearlyDecision(Cited):
    """The body ``by`` decides the fee's amount for each financial year (the
    event ``set-fee``), applying from ``effect``."""

    by: str
    effect: FeeEffect = FeeEffect.NEXT_FINANCIAL_YEAR


@attrs.frozen(kw_only=True)
class ProRata(Cited):
    """A member admitted on or after ``month``/``day`` of a financial year pays
    ``fraction`` of that year's fee ("halvt kontingent efter 1. juli")."""

    month: int
    day: int
    fraction: Fraction


@attrs.frozen(kw_only=True)
class Indexation(Cited):
    """The statute's amounts follow ``index`` (e.g. KL's price forecast) from
    the prices of ``base_year``; applied where an index value is given."""

    index: str
    base_year: int | None = None


#: The kinds placed in a band by their population, where the statute says nothing.
POPULATION_KINDS = (MemberKind.KOMMUNE,)


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
    population_date: PopulationDate | None = None
    bands: tuple[Band, ...] = ()
    #: The kinds a band places by population; the others by kind or by decision.
    population_kinds: tuple[MemberKind, ...] = POPULATION_KINDS
    per_kind: tuple[KindAmount, ...] = ()
    category: CategoryRule | None = None
    #: Fixed amounts per membership class, before those per kind.
    per_class: tuple[ClassAmount, ...] = ()
    #: A partner fee: whole kroner a year that each of ``payers`` (partners) pays.
    amount: int | None = None
    payers: tuple[str, ...] = ()
    #: The amount for a year decided by a body; a member admitted late pays a
    #: fraction; the statute's amounts follow an index.
    set_yearly: YearlyDecision | None = None
    pro_rata: ProRata | None = None
    indexation: Indexation | None = None

    def for_class(self, class_id: str) -> ClassAmount | None:
        return next((c for c in self.per_class if c.member_class == class_id), None)

    def band(self, band_id: str) -> Band | None:
        return next((b for b in self.bands if b.id == band_id), None)

    def amount_for(self, kind: MemberKind) -> KindAmount | None:
        return next((k for k in self.per_kind if k.kind is kind), None)
