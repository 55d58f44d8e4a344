"""Money: amounts in øre, and fees and phase payments split by population, to
the øre (a member's own fee by class, band, kind or category is ``member_fees``).

Amounts are whole øre (``int``), never floats. A split uses the largest
remainder method (Hamilton): each municipality gets the whole øre of its exact
quota, and the øre left over go one each to the largest remainders, ties
broken by the larger population and then by name, so the shares always add
up exactly to the total and the result does not depend on input order.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from collections.abc import Iterable, Mapping
from importlib import resources

import attrs

from ..errors import ForeningsreglerError, expect, expect_counts, expect_day, expect_int, shown
from ..i18n import N_, _, shown_day, shown_number
from ..statute.model import MoneyKind, MoneyRule, ProvisionRef, Statute

OERE_PER_KRONE = 100
POPULATION_2023 = "indbyggertal-region-sjaelland-2023.csv"


class EconomyError(ForeningsreglerError, ValueError):
    """A split that cannot be made: no weights, a negative amount or population."""


@attrs.frozen
class PopulationTable:
    """Population by municipality on a date, with where the figures come from."""

    on: dt.date
    source: str
    counts: Mapping[str, int]

    def __attrs_post_init__(self) -> None:
        expect_day(self.on, "on")
        expect_counts(self.counts, "counts")
        negative = sorted(m for m, n in self.counts.items() if n < 0)
        if negative:
            raise EconomyError(_("negative population for {names}", names=", ".join(negative)))

    def of(self, municipalities: Iterable[str]) -> dict[str, int]:
        wanted = list(municipalities)
        missing = sorted(set(wanted) - set(self.counts))
        if missing:
            names, source = ", ".join(missing), self.source
            raise EconomyError(
                _("no population for {names} in {source}", names=names, source=source)
            )
        return {m: self.counts[m] for m in wanted}


def region_sjaelland_2023() -> PopulationTable:
    """Region Sjælland's municipalities on 1 January 2023 (Statistics Denmark, FOLK1A)."""
    text = resources.files("foreningsregler").joinpath("data", POPULATION_2023).read_text("utf-8")
    counts = {row["kommune"]: int(row["indbyggertal"]) for row in csv.DictReader(io.StringIO(text))}
    return PopulationTable(
        dt.date(2023, 1, 1), "Danmarks Statistik, FOLK1A, 1. januar 2023", counts
    )


def apportion(total: int, weights: Mapping[str, int]) -> dict[str, int]:
    """Split ``total`` øre in proportion to ``weights`` by the largest remainder."""
    expect_int(total, "total (øre)")
    if total < 0:
        amount = shown_number(total)
        raise EconomyError(_("cannot split a negative amount ({amount} øre)", amount=amount))
    if weights is not None:  # None, as no weights, is an amount among no one
        expect_counts(weights, "weights")
        if any(weight < 0 for weight in weights.values()):
            raise EconomyError(
                _("cannot split by a negative weight ({weights})", weights=dict(weights))
            )
    if not weights or sum(weights.values()) <= 0:
        raise EconomyError(_("cannot split an amount among no one (the weights sum to zero)"))
    whole = sum(weights.values())
    # Exact integer arithmetic: quota = total * weight / whole; every remainder
    # shares the denominator ``whole``, so the remainders compare as integers.
    shares: dict[str, int] = {}
    remainders: dict[str, int] = {}
    for name, weight in weights.items():
        shares[name], remainders[name] = divmod(total * weight, whole)
    left = total - sum(shares.values())
    order = sorted(weights, key=lambda n: (-remainders[n], -weights[n], n))
    for name in order[:left]:
        shares[name] += 1
    return shares


@attrs.frozen
class Split:
    """An amount split among municipalities, with the rule and provision it follows."""

    rule: str
    total: int
    shares: Mapping[str, int]
    population: PopulationTable
    provisions: tuple[ProvisionRef, ...]

    def __attrs_post_init__(self) -> None:
        assert sum(self.shares.values()) == self.total  # the apportionment guarantees it


def split_by_rule(
    statute: Statute,
    kind: MoneyKind,
    total: int,
    municipalities: Iterable[str],
    population: PopulationTable,
    year: int | None = None,
) -> Split:
    """Split ``total`` øre by the statute's money rule of ``kind`` among ``municipalities``.

    With ``year`` (the financial year, by the year it starts in), a split by
    population must use the figures of the rule's population date for it.
    """
    asked(statute, year)
    expect(kind, MoneyKind, "kind", N_("a MoneyKind"))
    expect(population, PopulationTable, "population", N_("a PopulationTable"))
    rule = _rule(statute, kind)
    if rule.split is None:
        raise EconomyError(
            _("the money rule {rule} says nothing about how it is split", rule=rule.id)
        )
    if year is not None and rule.split.by == "population":
        table_for(statute, rule, year, [population])
    people = population.of(municipalities)
    weights = people if rule.split.by == "population" else dict.fromkeys(people, 1)
    cited = tuple(p for p in (rule.provision, rule.split.provision) if p is not None)
    return Split(rule.id, total, apportion(total, weights), population, cited)


def _rule(statute: Statute, kind: MoneyKind) -> MoneyRule:
    found = [r for r in statute.money_rules if r.kind is kind]
    if not found:
        raise EconomyError(_("the statute has no money rule of kind {kind}", kind=kind.value))
    return found[0]


def asked(statute: object, year: object = None) -> None:
    """What every function of money is asked about: a statute, and a financial year."""
    expect(statute, Statute, "statute", N_("a Statute (from load)"))
    if year is not None and (
        isinstance(year, bool) or not isinstance(year, int) or not 2 <= year <= 9998
    ):
        raise EconomyError(
            _("year: a financial year from 2 to 9998, not {value}", value=shown(year))
        )


def cite(provisions: Iterable[ProvisionRef | None]) -> tuple[ProvisionRef, ...]:
    return tuple(dict.fromkeys(p for p in provisions if p is not None))


def table_for(
    statute: Statute, rule: MoneyRule, year: int, given: list[PopulationTable]
) -> PopulationTable:
    """The table of the rule's population date for the financial year ``year``."""
    stated = rule.population_date
    if stated is None:
        message = _("{rule} goes by population but states no population date", rule=rule.id)
        raise EconomyError(message)
    fy = statute.year
    on = stated.for_year(dt.date(year, fy.start_month, fy.start_day))
    table = next((t for t in given if t.on == on), None)
    if table is None:
        names = {"rule": rule.id, "year": year, "day": shown_day(on), "provision": stated.provision}
        if given:
            have = ", ".join(shown_day(t.on) for t in given)
            message = _(
                "{rule} for {year} counts the population of {day} [{provision}]; "
                "no table of that date is given (given: {days})",
                days=have,
                **names,
            )
        else:
            message = _(
                "{rule} for {year} counts the population of {day} [{provision}]; "
                "no table of that date is given (given: none)",
                **names,
            )
        raise EconomyError(message)
    return table


def kroner(oere: int) -> str:
    """Danish notation: ``1.234.567,89 kr.``."""
    expect_int(oere, "oere")
    sign = "-" if oere < 0 else ""
    whole, cents = divmod(abs(oere), OERE_PER_KRONE)
    try:
        grouped = f"{whole:,}".replace(",", ".")
    except ValueError:  # Python writes no integer of more than so many digits
        limit = sys.get_int_max_str_digits()
        message = _("an amount of more than {limit} digits cannot be written", limit=limit)
        raise EconomyError(message) from None
    return f"{sign}{grouped},{cents:02d} kr."


def tkr(thousands: int) -> int:
    """An amount in thousand kroner (the report's unit) as øre."""
    expect_int(thousands, "thousands")
    return thousands * 1000 * OERE_PER_KRONE
