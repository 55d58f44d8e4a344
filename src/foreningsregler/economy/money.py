"""Money: fees and phase payments split by population, to the øre.

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
from collections.abc import Iterable, Mapping
from importlib import resources

import attrs

from ..errors import ForeningsreglerError
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
        negative = sorted(m for m, n in self.counts.items() if n < 0)
        if negative:
            raise EconomyError(f"negative population for {', '.join(negative)}")

    def of(self, municipalities: Iterable[str]) -> dict[str, int]:
        wanted = list(municipalities)
        missing = sorted(set(wanted) - set(self.counts))
        if missing:
            raise EconomyError(f"no population for {', '.join(missing)} in {self.source}")
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
    if total < 0:
        raise EconomyError(f"cannot split a negative amount ({total} øre)")
    if not weights or sum(weights.values()) <= 0:
        raise EconomyError("cannot split an amount among no one (the weights sum to zero)")
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
) -> Split:
    """Split ``total`` øre by the statute's money rule of ``kind`` among ``municipalities``."""
    rule = _rule(statute, kind)
    if rule.split is None:
        raise EconomyError(f"the money rule {rule.id} says nothing about how it is split")
    people = population.of(municipalities)
    weights = people if rule.split.by == "population" else dict.fromkeys(people, 1)
    cited = tuple(p for p in (rule.provision, rule.split.provision) if p is not None)
    return Split(rule.id, total, apportion(total, weights), population, cited)


def _rule(statute: Statute, kind: MoneyKind) -> MoneyRule:
    found = [r for r in statute.money_rules if r.kind is kind]
    if not found:
        raise EconomyError(f"the statute has no money rule of kind {kind.value}")
    return found[0]


def kroner(oere: int) -> str:
    """Danish notation: ``1.234.567,89 kr.``."""
    sign = "-" if oere < 0 else ""
    whole, cents = divmod(abs(oere), OERE_PER_KRONE)
    grouped = f"{whole:,}".replace(",", ".")
    return f"{sign}{grouped},{cents:02d} kr."


def tkr(thousands: int) -> int:
    """An amount in thousand kroner (the report's unit) as øre."""
    return thousands * 1000 * OERE_PER_KRONE
