"""Money: fees and phase payments split by population, to the øre; and a
member's own yearly fee where the statute fixes it by band, kind or category.

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
from fractions import Fraction
from importlib import resources

import attrs

from ..errors import (
    ForeningsreglerError,
    expect,
    expect_counts,
    expect_day,
    expect_int,
    expect_optional,
    shown,
)
from ..protocol.state import State
from ..statute.model import (
    Band,
    MemberKind,
    MembershipClass,
    MoneyKind,
    MoneyRule,
    ProvisionRef,
    Statute,
)
from .fees import PER_YEAR, Instalment, admitted_on, decided, pro_rata_share, scale, split_year

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
    expect_int(total, "total (øre)")
    if total < 0:
        raise EconomyError(f"cannot split a negative amount ({total} øre)")
    if weights is not None:  # None, as no weights, is an amount among no one
        expect_counts(weights, "weights")
        if any(weight < 0 for weight in weights.values()):
            raise EconomyError(f"cannot split by a negative weight ({dict(weights)})")
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
    year: int | None = None,
) -> Split:
    """Split ``total`` øre by the statute's money rule of ``kind`` among ``municipalities``.

    With ``year`` (the financial year, by the year it starts in), a split by
    population must use the figures of the rule's population date for it.
    """
    _asked(statute, year)
    expect(kind, MoneyKind, "kind", "a MoneyKind")
    expect(population, PopulationTable, "population", "a PopulationTable")
    rule = _rule(statute, kind)
    if rule.split is None:
        raise EconomyError(f"the money rule {rule.id} says nothing about how it is split")
    if year is not None and rule.split.by == "population":
        _table_for(statute, rule, year, [population])
    people = population.of(municipalities)
    weights = people if rule.split.by == "population" else dict.fromkeys(people, 1)
    cited = tuple(p for p in (rule.provision, rule.split.provision) if p is not None)
    return Split(rule.id, total, apportion(total, weights), population, cited)


def _rule(statute: Statute, kind: MoneyKind) -> MoneyRule:
    found = [r for r in statute.money_rules if r.kind is kind]
    if not found:
        raise EconomyError(f"the statute has no money rule of kind {kind.value}")
    return found[0]


@attrs.frozen
class Fee:
    """A member's yearly fee: the amount in øre, how it was placed, and why.

    ``basis`` is ``class`` (a fixed amount for its membership class), ``kind``
    (a fixed amount for its kind), ``population`` (the band its population on
    ``population_date`` falls in), ``category`` (the band a body assigned it by
    decision) or ``partner`` (a partner's fee; ``member`` names the partner).
    ``paid_by`` is who pays where it is not the member itself (its class's payer).
    """

    rule: str
    member: str
    kind: MemberKind | None
    year: int  # the financial year, named by the year it starts in
    amount: int
    basis: str
    band: str | None = None
    population: int | None = None
    population_date: dt.date | None = None
    provisions: tuple[ProvisionRef, ...] = ()
    member_class: str | None = None
    paid_by: str | None = None
    #: The index value applied to the statute's amount, and the share of a
    #: member admitted late (pro rata), where either applies.
    index: Fraction | None = None
    share: Fraction | None = None


def fee_for(
    statute: Statute,
    member: str,
    year: int,
    *,
    population: PopulationTable | Iterable[PopulationTable] = (),
    state: State | None = None,
    kind: MemberKind | None = None,
    rule: str | None = None,
    member_class: str | None = None,
    index: Fraction | None = None,
    admitted: dt.date | None = None,
) -> Fee:
    """The fee ``member`` pays for the financial year starting in ``year``.

    Where the statute has membership classes, the member's class (the
    statute's, else as ``state`` records it, else ``member_class``, else the
    first) comes first, where the fee fixes an amount for it; a partner pays
    its partner fee (``partner_fee``).

    Its kind is the statute's where it names the member, else ``kind``. A
    fixed amount for the kind comes first; then, for a kind placed by
    population, the band its population on the rule's population date falls
    in (from the table of ``population`` with that date); else the band a body
    assigned it by decision, as ``state`` (``Association.at``) records it.

    A fee set each year by decision (``set_yearly``) takes the amount decided
    for the year (``set-fee``, in ``state``: the member's class's, else the
    one for all) before any of these; ``index`` (an index value, e.g.
    ``Fraction(1043, 1000)``) moves the statute's own amount where the rule
    names its indexation; a member admitted on or after the rule's pro-rata
    day of the year (``admitted``, else as ``state`` records it) pays its
    fraction.
    """
    _asked(statute, year)
    expect(member, str, "member", "a member's name")
    expect_optional(state, State, "state", "a State (from Association.at)")
    expect_optional(kind, MemberKind, "kind", "a MemberKind")
    expect_optional(rule, str, "rule", "a money rule's id")
    expect_optional(member_class, str, "member_class", "a membership class's id")
    expect_optional(index, (Fraction, int), "index", "an exact index value (a Fraction)")
    admitted = expect_day(admitted, "admitted") if admitted is not None else None
    population = _tables(population)
    partner = statute.membership.partner(member) if statute.membership else None
    if partner is not None:
        return partner_fee(statute, partner.id, year, rule=rule, state=state)
    found = _fee_rule(statute, rule)
    kind = _kind(statute, member, kind)
    klass = _class(statute, member, state, member_class)
    taken = decided(state, found, year, klass.id if klass else None)
    if taken is not None:
        assert taken.amount is not None  # set-fee records it
        fee = Fee(
            found.id,
            member,
            kind,
            year,
            taken.amount * OERE_PER_KRONE,
            "decided",
            provisions=_cite((found.provision, taken.provision)),
            member_class=klass.id if klass else None,
            paid_by=klass.paid_by if klass else None,
        )
    else:
        fee = _indexed(
            found,
            _statutes_fee(statute, found, member, kind, year, population, state, klass),
            index,
        )
    share = pro_rata_share(statute, found, year, admitted or admitted_on(state, member))
    if share is None:
        return fee
    assert found.pro_rata is not None
    cited = _cite((*fee.provisions, found.pro_rata.provision))
    return attrs.evolve(fee, amount=scale(fee.amount, share), share=share, provisions=cited)


def _asked(statute: object, year: object = None) -> None:
    """What every function of money is asked about: a statute, and a financial year."""
    expect(statute, Statute, "statute", "a Statute (from load)")
    if year is not None and (
        isinstance(year, bool) or not isinstance(year, int) or not 2 <= year <= 9998
    ):
        raise EconomyError(f"year: a financial year from 2 to 9998, not {shown(year)}")


def _tables(population: PopulationTable | Iterable[PopulationTable]) -> list[PopulationTable]:
    """The population tables given: one, or any number."""
    if isinstance(population, PopulationTable):
        return [population]
    wanted = "a PopulationTable, or an iterable of them"
    expect(population, Iterable, "population", wanted)
    tables = list(population)
    for table in tables:
        expect(table, PopulationTable, "population", wanted)
    return tables


def _indexed(rule: MoneyRule, fee: Fee, index: Fraction | None) -> Fee:
    if index is None:
        return fee
    if rule.indexation is None:
        raise EconomyError(f"{rule.id} names no indexation; an index value cannot be applied")
    cited = _cite((*fee.provisions, rule.indexation.provision))
    return attrs.evolve(fee, amount=scale(fee.amount, index), index=index, provisions=cited)


def _statutes_fee(
    statute: Statute,
    found: MoneyRule,
    member: str,
    kind: MemberKind,
    year: int,
    population: PopulationTable | Iterable[PopulationTable],
    state: State | None,
    klass: MembershipClass | None,
) -> Fee:
    """The fee by the statute's own amounts: by class, kind, band or category."""
    cited = [found.provision]
    by_class = _by_class(found, member, kind, year, klass)
    if by_class is not None:
        return by_class
    if found.set_yearly is not None and not (found.bands or found.per_kind):
        yearly = found.set_yearly
        raise EconomyError(
            f"no amount of {found.id} is decided for {year}: {yearly.by} decides it each year "
            f"(set-fee) [{yearly.provision or found.provision}]"
        )
    fixed = found.amount_for(kind)
    if fixed is not None:
        cited.append(fixed.provision)
        return Fee(
            found.id,
            member,
            kind,
            year,
            fixed.amount * OERE_PER_KRONE,
            "kind",
            provisions=_cite(cited),
        )
    if found.bands and kind in found.population_kinds:
        return _by_population(statute, found, member, kind, year, population)
    return _by_category(found, member, kind, year, state)


def _fee_rule(statute: Statute, rule: str | None) -> MoneyRule:
    fees = [
        r
        for r in statute.money_rules
        if r.kind is MoneyKind.MEMBERSHIP_FEE
        and (r.bands or r.per_kind or r.per_class or r.set_yearly)
    ]
    found = [r for r in fees if rule is None or r.id == rule]
    if len(found) == 1:
        return found[0]
    if not fees:
        raise EconomyError("the statute fixes no fee per member (bands, per_kind or per_class)")
    raise EconomyError(f"name the fee (rule): one of {', '.join(r.id for r in fees)}")


def _class(
    statute: Statute, member: str, state: State | None, stated: str | None
) -> MembershipClass | None:
    """The member's class: the statute's, else recorded, else ``stated``, else the first."""
    membership = statute.membership
    if membership is None or not membership.classes:
        return None
    recorded = state.term("class", member) if state is not None else None
    chosen = recorded.value if recorded is not None else stated
    if chosen is not None and membership.membership_class(chosen) is None:
        raise EconomyError(f"the statute has no membership class {chosen}")
    return membership.class_of(member, chosen)


def _by_class(
    rule: MoneyRule, member: str, kind: MemberKind, year: int, klass: MembershipClass | None
) -> Fee | None:
    """The fixed amount for the member's class, if the fee has one."""
    if klass is None:
        return None
    fixed = rule.for_class(klass.id)
    if fixed is None:
        return None
    return Fee(
        rule.id,
        member,
        kind,
        year,
        fixed.amount * OERE_PER_KRONE,
        "class",
        provisions=_cite((rule.provision, klass.provision, fixed.provision)),
        member_class=klass.id,
        paid_by=klass.paid_by,
    )


def partner_fee(
    statute: Statute,
    partner: str,
    year: int,
    *,
    rule: str | None = None,
    state: State | None = None,
) -> Fee:
    """The fee a partner (not a member) pays for the financial year starting in
    ``year``: the amount decided for the year where the fee is set each year
    (``set_yearly``, as ``state`` records it), else the statute's."""
    _asked(statute, year)
    expect(partner, str, "partner", "a partner's id")
    expect_optional(rule, str, "rule", "a money rule's id")
    expect_optional(state, State, "state", "a State (from Association.at)")
    membership = statute.membership
    found = membership.partner(partner) if membership is not None else None
    if found is None:
        raise EconomyError(f"the statute names no partner {partner}")
    fees = [
        r
        for r in statute.money_rules
        if r.kind is MoneyKind.PARTNER_FEE
        and found.id in r.payers
        and (rule is None or r.id == rule)
    ]
    if len(fees) != 1:
        named = ", ".join(r.id for r in fees) or "none"
        raise EconomyError(f"{found.id} pays no single partner fee (partner_fee rules: {named})")
    [paid] = fees
    taken = decided(state, paid, year, None)
    amount = taken.amount if taken is not None else paid.amount
    if amount is None:
        by = paid.set_yearly.by if paid.set_yearly else "no body"
        raise EconomyError(f"no amount of {paid.id} is decided for {year}: {by} decides it")
    cited = (paid.provision, found.provision, taken.provision if taken else None)
    return Fee(
        paid.id,
        found.id,
        found.kind,
        year,
        amount * OERE_PER_KRONE,
        "decided" if taken is not None else "partner",
        provisions=_cite(cited),
    )


def _kind(statute: Statute, member: str, kind: MemberKind | None) -> MemberKind:
    named = statute.membership.member(member) if statute.membership else None
    if named is not None and kind is not None and kind is not named.kind:
        raise EconomyError(f"the statute names {member} a {named.kind}, not a {kind}")
    if named is not None:
        return named.kind
    if kind is None:
        raise EconomyError(f"the statute does not name {member}: give its kind")
    return kind


def _cite(provisions: Iterable[ProvisionRef | None]) -> tuple[ProvisionRef, ...]:
    return tuple(dict.fromkeys(p for p in provisions if p is not None))


def _by_population(
    statute: Statute,
    rule: MoneyRule,
    member: str,
    kind: MemberKind,
    year: int,
    tables: PopulationTable | Iterable[PopulationTable],
) -> Fee:
    given = [tables] if isinstance(tables, PopulationTable) else list(tables)
    table = _table_for(statute, rule, year, given)
    stated = rule.population_date
    assert stated is not None  # _table_for refuses a rule without one
    named = statute.membership.member(member) if statute.membership else None
    people = table.of([named.name if named else member])
    count = next(iter(people.values()))
    band = next((b for b in rule.bands if b.holds(count)), None)
    if band is None:
        raise EconomyError(f"no band of {rule.id} holds {member}'s population of {count}")
    return _banded(rule, member, kind, year, band, "population", stated.provision, count, table.on)


def _table_for(
    statute: Statute, rule: MoneyRule, year: int, given: list[PopulationTable]
) -> PopulationTable:
    """The table of the rule's population date for the financial year ``year``."""
    stated = rule.population_date
    if stated is None:
        raise EconomyError(f"{rule.id} goes by population but states no population date")
    fy = statute.year
    on = stated.for_year(dt.date(year, fy.start_month, fy.start_day))
    table = next((t for t in given if t.on == on), None)
    if table is None:
        have = ", ".join(str(t.on) for t in given) or "none"
        raise EconomyError(
            f"{rule.id} for {year} counts the population of {on} [{stated.provision}]; "
            f"no table of that date is given (given: {have})"
        )
    return table


def _by_category(
    rule: MoneyRule, member: str, kind: MemberKind, year: int, state: State | None
) -> Fee:
    category = rule.category
    if category is None:
        raise EconomyError(
            f"{rule.id} gives a {kind} no fee: no amount for the kind, no band by population, "
            "no band by decision"
        )
    placed = state.categories.get(member) if state is not None else None
    if placed is None or placed.rule != rule.id:
        raise EconomyError(
            f"{member} has no category under {rule.id}: {category.by} assigns one by decision "
            f"(assign-category) [{category.provision or rule.provision}]"
        )
    band = rule.band(placed.category)
    assert band is not None  # the protocol accepted only a band of the rule
    return _banded(rule, member, kind, year, band, "category", placed.provision)


def _banded(
    rule: MoneyRule,
    member: str,
    kind: MemberKind,
    year: int,
    band: Band,
    basis: str,
    how: ProvisionRef | None,
    count: int | None = None,
    on: dt.date | None = None,
) -> Fee:
    return Fee(
        rule.id,
        member,
        kind,
        year,
        band.amount * OERE_PER_KRONE,
        basis,
        band.id,
        count,
        on,
        _cite((rule.provision, how, band.provision)),
    )


def instalments(statute: Statute, fee: Fee) -> tuple[Instalment, ...]:
    """The payments of ``fee`` by its rule's period (a year, quarters or months
    of the financial year), due in advance or in arrears as the rule says;
    they add up exactly to the fee."""
    expect(fee, Fee, "fee", "a Fee (from fee_for)")
    _asked(statute, fee.year)
    rule = next((r for r in statute.money_rules if r.id == fee.rule), None)
    if rule is None:
        raise EconomyError(f"the statute has no money rule {fee.rule}")
    count = _instalments_a_year(rule)
    return split_year(statute, rule, fee.amount, fee.year, count)


def _instalments_a_year(rule: MoneyRule) -> int:
    count = PER_YEAR.get(rule.period or "year")
    if count is None:
        raise EconomyError(f"{rule.id} is paid per {rule.period}, not in instalments of a year")
    return count


def split_instalments(
    statute: Statute, split: Split, year: int
) -> dict[str, tuple[Instalment, ...]]:
    """Each share of a split for the financial year ``year`` in the instalments
    of its rule's period (a year, quarters or months)."""
    _asked(statute, year)
    expect(split, Split, "split", "a Split (from split_by_rule)")
    rule = next((r for r in statute.money_rules if r.id == split.rule), None)
    if rule is None:
        raise EconomyError(f"the statute has no money rule {split.rule}")
    count = _instalments_a_year(rule)
    return {m: split_year(statute, rule, share, year, count) for m, share in split.shares.items()}


def kroner(oere: int) -> str:
    """Danish notation: ``1.234.567,89 kr.``."""
    expect_int(oere, "oere")
    sign = "-" if oere < 0 else ""
    whole, cents = divmod(abs(oere), OERE_PER_KRONE)
    try:
        grouped = f"{whole:,}".replace(",", ".")
    except ValueError:  # Python writes no integer of more than so many digits
        limit = sys.get_int_max_str_digits()
        raise EconomyError(f"an amount of more than {limit} digits cannot be written") from None
    return f"{sign}{grouped},{cents:02d} kr."


def tkr(thousands: int) -> int:
    """An amount in thousand kroner (the report's unit) as øre."""
    expect_int(thousands, "thousands")
    return thousands * 1000 * OERE_PER_KRONE
